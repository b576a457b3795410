"""Checks Switchyard's failover files with their real consumers.

Usage: check.py OUT_DIR SCHEMA

- Every failover/<workload>.json validates against docs/failover.schema.json (jsonschema, the
  reference implementation of JSON Schema).
- Every failover/<workload>.litellm.yaml loads into litellm.Router, whose model groups and
  fallbacks follow the JSON's order, and a forced failure of each group moves the request to the
  next endpoint of the chain (LiteLLM's own mock failure path; no network).
- A Bedrock model routed on bedrock-mantle's Responses API gets, from LiteLLM's own URL builder,
  the invoke URL the JSON names.
Prints `N passed, N failed` and exits non-zero on any failure.
"""

import json
import os
import pathlib
import sys

import jsonschema
import yaml

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
import litellm  # noqa: E402  (after the environment switch above)

passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


def answered_by(router, group):
    """Which deployment answers a request to `group` when that group is forced to fail."""
    messages = [{"role": "user", "content": "ping"}]
    response = router.completion(model=group, messages=messages, mock_testing_fallbacks=True)
    return response._hidden_params.get("model_id")


def main(out_dir, schema_path):
    schema = json.loads(pathlib.Path(schema_path).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    chains = sorted(pathlib.Path(out_dir).glob("*/*/failover/*.json"))
    check("failover files exist", chains, f"none under {out_dir}")
    for path in chains:
        chain = json.loads(path.read_text())
        errors = sorted(validator.iter_errors(chain), key=str)
        check(f"{path} matches the schema", not errors, "; ".join(e.message for e in errors))
        positions = [e["position"] for e in chain["endpoints"]]
        check(f"{path} positions", positions == list(range(1, len(positions) + 1)), positions)

        config_path = path.with_name(path.stem + ".litellm.yaml")
        config = yaml.safe_load(config_path.read_text())
        settings = config.get("router_settings", {})
        # The generated file is used as written; only mock responses are added so no request
        # leaves the machine.
        model_list = []
        for deployment in config["model_list"]:
            params = dict(deployment["litellm_params"])
            params["mock_response"] = f"answered by {deployment['model_info']['id']}"
            model_list.append({**deployment, "litellm_params": params})
        os.environ.setdefault("SWITCHYARD_AWS_INVOKER_ROLE_ARN", "arn:aws:iam::123456789012:role/test")
        for deployment in model_list:
            for value in deployment["litellm_params"].values():
                if isinstance(value, str) and value.startswith("os.environ/"):
                    os.environ.setdefault(value.removeprefix("os.environ/"), "test-value")
        router = litellm.Router(model_list=model_list, **settings)

        workload = chain["workload"]
        names = [e["name"] for e in chain["endpoints"]]
        ids = [d["model_info"]["id"] for d in config["model_list"]]
        check(f"{config_path} follows the chain", ids == [f"{workload}/{n}" for n in names], ids)
        groups = [d["model_name"] for d in config["model_list"]]
        check(f"{config_path} primary group", groups[0] == workload, groups)
        check(f"{config_path} groups known to the router", set(router.registry().names()) == set(groups), router.registry().names())
        expected = [{workload: groups[1:]}] if len(groups) > 1 else []
        check(f"{config_path} fallbacks", settings.get("fallbacks", []) == expected, settings.get("fallbacks"))
        # Issue 13: a Bedrock model served only on bedrock-mantle's Responses API must reach the
        # URL the failover JSON names, as LiteLLM itself builds it for that deployment.
        urls = {e["name"]: e["invoke_url"] for e in chain["endpoints"]}
        for deployment in config["model_list"]:
            params = deployment["litellm_params"]
            if not params["model"].startswith("bedrock_mantle/"):
                continue
            model = params["model"].removeprefix("bedrock_mantle/")
            responses = litellm.utils.ProviderConfigManager.get_provider_responses_api_config(
                provider=litellm.LlmProviders.BEDROCK_MANTLE, model=model
            )
            name = deployment["model_info"]["id"].split("/", 1)[1]
            got = responses and responses.get_complete_url(api_base=params["api_base"], litellm_params=params)
            check(f"{config_path} {name} Responses URL", got == urls[name], f"{got} != {urls[name]}")
        if len(groups) > 1:
            got = answered_by(router, workload)
            check(f"{config_path} primary failure goes to the second endpoint", got == ids[1], got)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
