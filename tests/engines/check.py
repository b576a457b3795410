"""The rules of Atlantis's repo config loader that a JSON Schema cannot state.

From runatlantis/atlantis server/core/config/parser_validator.go (validateProjectNames) and
server/events/command_requirement_handler.go (depends_on names projects): project names are
unique; projects without a name are unique by (dir, workspace); every depends_on names a
project of the file. Usage: check.py ATLANTIS_YAML. Exits 1 with the problems on stderr.
"""

import sys

import yaml

config = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
problems = []
projects = config.get("projects") or []
names = [p["name"] for p in projects if "name" in p]
for name in sorted({n for n in names if names.count(n) > 1}):
    problems.append(f"two or more projects are named {name!r}")
unnamed = [(p["dir"], p.get("workspace", "default")) for p in projects if "name" not in p]
for key in sorted({k for k in unnamed if unnamed.count(k) > 1}):
    problems.append(f"two or more unnamed projects with dir and workspace {key}")
for project in projects:
    for dependency in project.get("depends_on") or []:
        if dependency not in names:
            problems.append(f"{project.get('name')}: depends_on {dependency!r} names no project")
        if dependency == project.get("name"):
            problems.append(f"{dependency}: depends on itself")
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
