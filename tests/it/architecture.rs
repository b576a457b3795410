//! The module graph of `src/` points one way (issue 19): no import cycle between sibling
//! modules at any level, and no top-level module imports a later pipeline stage than its own.
//!
//! The graph is read from the source text, not from the compiler: every `use` tree and every
//! path written as `crate::…`, `super::…` or `self::…` (in code too, tests included) is resolved
//! to the module that defines it. An edge between two modules is lifted to the two children of
//! their closest common ancestor, so `plan::mesh::aws` using `plan::aws` is the edge
//! `mesh → aws` among `plan`'s children, and `graph` using `plan::mesh` is `graph → plan` among
//! the crate's. A parent using its child, or a child its parent, is no edge: that is how Rust
//! modules are built.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The pipeline, first stage first: each is a folder of `src/` (`support` holds helpers every
/// stage may use). A stage may import itself and earlier stages, never a later one; every
/// top-level module of the library must be one of them.
const STAGES: &[&str] = &[
  "support", "input", "analysis", "plan", "render", "write", "gitops", "report", "commands",
];

/// A module path below the crate root (`[]` is the root, `["plan", "mesh"]` is `plan::mesh`).
type Module = Vec<String>;

/// One import, kept with the place it was written for the failure message.
#[derive(Clone)]
struct Use {
  from: Module,
  to: Module,
  at: String,
}

#[test]
fn no_import_cycle_between_sibling_modules() {
  let graph = Graph::read();
  let cycles = graph.cycles();
  assert!(
    cycles.is_empty(),
    "import cycles in src/ (issue 19):\n{}",
    cycles.join("\n")
  );
}

#[test]
fn no_module_imports_a_later_stage() {
  let graph = Graph::read();
  let stage = stage_of_each_module();
  let unplaced: Vec<String> = graph
    .children(&[])
    .into_iter()
    .filter(|m| !stage.contains_key(m.as_str()))
    .collect();
  assert!(
    unplaced.is_empty(),
    "top-level modules missing from STAGES in tests/it/architecture.rs: {unplaced:?}"
  );
  let mut against = BTreeSet::new();
  for ((from, to), example) in graph.lifted(&[]) {
    let (f, t) = (stage[from.as_str()], stage[to.as_str()]);
    if t > f {
      against.insert(format!("{from} imports {to}, e.g. {example}"));
    }
  }
  assert!(
    against.is_empty(),
    "imports against the stage order {STAGES:?}:\n{}",
    against.into_iter().collect::<Vec<_>>().join("\n")
  );
}

/// The checker itself: it sees each kind of path it claims to, so a passing run means something.
#[test]
fn the_reader_resolves_every_kind_of_path() {
  let modules: BTreeSet<Module> = [vec![], m("a"), m("a::b"), m("a::c"), m("d"), m("d::e")]
    .into_iter()
    .collect();
  let text = r#"
    //! use crate::d; (a comment: no edge)
    use super::c::{self, Thing as Other};
    use crate::{d::{e::*, F}, a};
    mod inner {
      use super::*;
      fn t() { let _ = "crate::zz::y"; let _ = super::super::c::f(); }
    }
    #[cfg(test)]
    #[allow(unused)]
    mod tests { use crate::x; }
    #[cfg(test)]
    mod more;
    fn f<'a>(x: &'a str) -> char { let _ = crate::d::e::g(x); 'c' }
  "#;
  let mut uses = Vec::new();
  let tests = scan(text, &m("a::b"), "a/b.rs", &modules, &mut uses);
  assert_eq!(tests, vec![m("a::b::more")]);
  let got: BTreeSet<String> = uses.iter().map(|u| u.to.join("::")).collect();
  let want: BTreeSet<String> = ["a::c", "d", "d::e", "a", "a::b"]
    .into_iter()
    .map(str::to_owned)
    .collect();
  assert_eq!(got, want);
  let mut graph = Graph { modules, uses };
  graph.uses.push(Use {
    from: m("d::e"),
    to: m("a::b"),
    at: "d/e.rs:1".to_owned(),
  });
  assert_eq!(graph.lifted(&[]).len(), 2, "a → d and d → a");
  assert_eq!(graph.lifted(&m("a")).len(), 1, "b → c");
  assert_eq!(graph.cycles().len(), 1, "{:?}", graph.cycles());
}

fn m(path: &str) -> Module {
  path.split("::").map(str::to_owned).collect()
}

fn stage_of_each_module() -> BTreeMap<&'static str, usize> {
  STAGES
    .iter()
    .enumerate()
    .map(|(index, stage)| (*stage, index))
    .collect()
}

struct Graph {
  modules: BTreeSet<Module>,
  uses: Vec<Use>,
}

impl Graph {
  fn read() -> Self {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    let mut modules = BTreeSet::new();
    let mut sources = Vec::new();
    for file in files {
      let relative = file
        .strip_prefix(&src)
        .unwrap()
        .to_string_lossy()
        .into_owned();
      // The binary is a crate of its own.
      if relative == "main.rs" {
        continue;
      }
      let module = module_of(&relative);
      modules.insert(module.clone());
      sources.push((relative, module, std::fs::read_to_string(&file).unwrap()));
    }
    let mut uses = Vec::new();
    let mut tests = Vec::new();
    for (relative, module, text) in &sources {
      tests.extend(scan(text, module, relative, &modules, &mut uses));
    }
    // Test code may build its input with any stage; the rule is for the program.
    let is_test = |m: &Module| tests.iter().any(|t| m.starts_with(t));
    uses.retain(|u| !is_test(&u.from));
    modules.retain(|m| !is_test(m));
    Self { modules, uses }
  }

  fn children(&self, parent: &[String]) -> Vec<String> {
    self
      .modules
      .iter()
      .filter(|m| m.len() == parent.len() + 1 && m.starts_with(parent))
      .map(|m| m[parent.len()].clone())
      .collect()
  }

  /// The edges among `parent`'s children, each with one place that makes it.
  fn lifted(&self, parent: &[String]) -> BTreeMap<(String, String), String> {
    let mut edges = BTreeMap::new();
    for u in &self.uses {
      let common = u.from.iter().zip(&u.to).take_while(|(a, b)| a == b).count();
      if common != parent.len() || !u.from.starts_with(parent) {
        continue;
      }
      // An ancestor and its descendant: no edge.
      let (Some(from), Some(to)) = (u.from.get(common), u.to.get(common)) else {
        continue;
      };
      edges
        .entry((from.clone(), to.clone()))
        .or_insert_with(|| u.at.clone());
    }
    edges
  }

  /// Every strongly connected set of more than one sibling, with the edges inside it.
  fn cycles(&self) -> Vec<String> {
    let mut found = Vec::new();
    for parent in &self.modules {
      let edges = self.lifted(parent);
      let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
      for (from, to) in edges.keys() {
        next.entry(from).or_default().push(to);
      }
      let reach = |start: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![start];
        while let Some(at) = todo.pop() {
          for n in next.get(at).into_iter().flatten() {
            if seen.insert(*n) {
              todo.push(n);
            }
          }
        }
        seen
      };
      let reaches: BTreeMap<&str, BTreeSet<&str>> = next.keys().map(|k| (*k, reach(k))).collect();
      let mut done = BTreeSet::new();
      for (module, reached) in &reaches {
        if done.contains(module) || !reached.contains(module) {
          continue;
        }
        let members: BTreeSet<&str> = reached
          .iter()
          .copied()
          .filter(|o| reaches.get(o).is_some_and(|r| r.contains(module)))
          .collect();
        done.extend(members.iter().copied());
        let prefix = if parent.is_empty() {
          String::new()
        } else {
          format!("{}::", parent.join("::"))
        };
        let mut text = format!(
          "cycle among {}{{{}}}:",
          prefix,
          members.iter().copied().collect::<Vec<_>>().join(", ")
        );
        for ((from, to), at) in &edges {
          if members.contains(from.as_str()) && members.contains(to.as_str()) {
            let _ = write!(text, "\n  {from} → {to} ({at})");
          }
        }
        found.push(text);
      }
    }
    found
  }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
  let mut entries: Vec<_> = std::fs::read_dir(dir)
    .unwrap()
    .map(|e| e.unwrap().path())
    .collect();
  entries.sort();
  for path in entries {
    if path.is_dir() {
      collect(&path, files);
    } else if path.extension().is_some_and(|e| e == "rs") {
      files.push(path);
    }
  }
}

/// `lib.rs` is the root, `a/mod.rs` and `a.rs` are `a`, `a/b.rs` is `a::b`.
fn module_of(relative: &str) -> Module {
  let without = relative.trim_end_matches(".rs");
  let mut parts: Vec<String> = without.split('/').map(str::to_owned).collect();
  if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
    parts.pop();
  }
  parts
}

/// A token of Rust source: identifiers and the punctuation a path or a `use` tree is made of.
#[derive(Clone, PartialEq, Debug)]
enum Token {
  Ident(String),
  Colons,
  Open,
  Close,
  Comma,
  Semi,
  Star,
  Other(char),
}

/// Identifiers and punctuation with their line, comments, strings and characters left out.
fn tokens(text: &str) -> Vec<(Token, usize)> {
  let chars: Vec<char> = text.chars().collect();
  let mut out = Vec::new();
  let (mut i, mut line) = (0, 1);
  let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
  while i < chars.len() {
    let c = chars[i];
    if c.is_whitespace() {
      line += usize::from(c == '\n');
      i += 1;
    } else if c == '/' && at(i + 1) == '/' {
      while i < chars.len() && chars[i] != '\n' {
        i += 1;
      }
    } else if c == '/' && at(i + 1) == '*' {
      let mut depth = 0;
      while i < chars.len() {
        if chars[i] == '/' && at(i + 1) == '*' {
          depth += 1;
          i += 2;
        } else if chars[i] == '*' && at(i + 1) == '/' {
          depth -= 1;
          i += 2;
          if depth == 0 {
            break;
          }
        } else {
          line += usize::from(chars[i] == '\n');
          i += 1;
        }
      }
    } else if c == '"' || ((c == 'r' || c == 'b') && raw_string_start(&chars, i).is_some()) {
      let (start, hashes) = if c == '"' {
        (i + 1, None)
      } else {
        raw_string_start(&chars, i).unwrap()
      };
      i = start;
      while i < chars.len() {
        let ch = chars[i];
        line += usize::from(ch == '\n');
        if hashes.is_none() && ch == '\\' {
          i += 2;
          continue;
        }
        i += 1;
        if ch == '"' {
          let wanted = hashes.unwrap_or(0);
          if (0..wanted).all(|k| at(i + k) == '#') {
            i += wanted;
            break;
          }
        }
      }
    } else if c == '\'' {
      // A character literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
      if at(i + 1) == '\\' {
        i += 2;
        while i < chars.len() && chars[i] != '\'' {
          i += 1;
        }
        i += 1;
      } else if at(i + 2) == '\'' {
        i += 3;
      } else {
        i += 1;
        while at(i).is_alphanumeric() || at(i) == '_' {
          i += 1;
        }
      }
    } else if c.is_alphabetic() || c == '_' {
      let start = i;
      while at(i).is_alphanumeric() || at(i) == '_' {
        i += 1;
      }
      let word: String = chars[start..i].iter().collect();
      let word = word.strip_prefix("r#").map(str::to_owned).unwrap_or(word);
      out.push((Token::Ident(word), line));
    } else if c.is_ascii_digit() {
      while at(i).is_alphanumeric() || at(i) == '_' || at(i) == '.' {
        i += 1;
      }
      out.push((Token::Other('0'), line));
    } else {
      let token = match c {
        ':' if at(i + 1) == ':' => {
          i += 1;
          Token::Colons
        }
        '{' => Token::Open,
        '}' => Token::Close,
        ',' => Token::Comma,
        ';' => Token::Semi,
        '*' => Token::Star,
        other => Token::Other(other),
      };
      out.push((token, line));
      i += 1;
    }
  }
  out
}

/// Where a raw or byte string's text begins (`r"`, `r#"`, `b"`, `br#"`), and its `#` count
/// (`None` for a byte string, whose escapes count).
fn raw_string_start(chars: &[char], i: usize) -> Option<(usize, Option<usize>)> {
  if i > 0
    && chars
      .get(i - 1)
      .is_some_and(|c| c.is_alphanumeric() || *c == '_')
  {
    return None;
  }
  let mut j = i;
  if chars.get(j) == Some(&'b') {
    j += 1;
    if chars.get(j) == Some(&'"') {
      return Some((j + 1, None));
    }
  }
  if chars.get(j) != Some(&'r') {
    return None;
  }
  j += 1;
  let mut hashes = 0;
  while chars.get(j) == Some(&'#') {
    hashes += 1;
    j += 1;
  }
  (chars.get(j) == Some(&'"')).then_some((j + 1, Some(hashes)))
}

/// Records every path of `text` (the file `relative`, module `module`) that names a module of
/// this crate, outside test code; returns the child modules declared `#[cfg(test)] mod x;`.
fn scan(
  text: &str,
  module: &Module,
  relative: &str,
  modules: &BTreeSet<Module>,
  uses: &mut Vec<Use>,
) -> Vec<Module> {
  let tokens = tokens(text);
  let mut test_children = Vec::new();
  // Inline modules (`mod tests { … }`): each with the brace depth it closes at, and whether
  // it is test code.
  let mut scope: Vec<(String, usize, bool)> = Vec::new();
  let mut depth = 0;
  // After `#[cfg(test)]`, until the item it applies to begins.
  let mut cfg_test = false;
  let mut i = 0;
  let ident = |i: usize| match tokens.get(i) {
    Some((Token::Ident(w), _)) => Some(w.as_str()),
    _ => None,
  };
  let is = |i: usize, t: &Token| tokens.get(i).map(|t| &t.0) == Some(t);
  while i < tokens.len() {
    let (token, line) = &tokens[i];
    let here: Module = module
      .iter()
      .cloned()
      .chain(scope.iter().map(|(name, _, _)| name.clone()))
      .collect();
    let in_test = cfg_test || scope.iter().any(|(_, _, test)| *test);
    let mut record = |path: &[String]| {
      if !in_test && let Some(to) = resolve(path, &here, module, modules) {
        uses.push(Use {
          from: module.clone(),
          to,
          at: format!("src/{relative}:{line}"),
        });
      }
    };
    match token {
      Token::Other('#')
        if is(i + 1, &Token::Other('['))
          && ident(i + 2) == Some("cfg")
          && is(i + 3, &Token::Other('('))
          && ident(i + 4) == Some("test")
          && is(i + 5, &Token::Other(')')) =>
      {
        cfg_test = true;
        i += 6;
        continue;
      }
      Token::Open => {
        depth += 1;
        cfg_test = false;
      }
      Token::Semi => cfg_test = false,
      Token::Close => {
        depth -= 1;
        if scope.last().is_some_and(|(_, d, _)| *d == depth) {
          scope.pop();
        }
      }
      Token::Ident(w)
        if w == "mod"
          && let Some(name) = ident(i + 1) =>
      {
        if is(i + 2, &Token::Open) {
          scope.push((name.to_owned(), depth, cfg_test));
          cfg_test = false;
          depth += 1;
          i += 3;
          continue;
        }
        if cfg_test && scope.is_empty() {
          let mut child = module.clone();
          child.push(name.to_owned());
          test_children.push(child);
        }
      }
      Token::Ident(w) if w == "use" => {
        let mut end = i + 1;
        while end < tokens.len() && tokens[end].0 != Token::Semi {
          end += 1;
        }
        let mut paths = Vec::new();
        use_tree(&tokens[i + 1..end], &mut Vec::new(), &mut paths);
        for path in paths {
          record(&path);
        }
        i = end;
        continue;
      }
      Token::Ident(w)
        if matches!(w.as_str(), "crate" | "super" | "self")
          && !(i > 0 && tokens[i - 1].0 == Token::Colons) =>
      {
        let mut path = vec![w.clone()];
        let mut j = i + 1;
        while is(j, &Token::Colons)
          && let Some(next) = ident(j + 1)
        {
          path.push(next.to_owned());
          j += 2;
        }
        record(&path);
        i = j;
        continue;
      }
      _ => {}
    }
    i += 1;
  }
  test_children
}

/// Expands a `use` tree into its paths (`a::{b, c::*}` is `a::b` and `a::c`).
fn use_tree(tokens: &[(Token, usize)], prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
  let mut i = 0;
  let start = prefix.len();
  while i < tokens.len() {
    match &tokens[i].0 {
      Token::Ident(w) if w == "as" => i += 1,
      Token::Ident(w) => prefix.push(w.clone()),
      Token::Open => {
        let mut depth = 0;
        let mut j = i;
        let mut parts = Vec::new();
        let mut part_start = i + 1;
        while j < tokens.len() {
          match tokens[j].0 {
            Token::Open => depth += 1,
            Token::Close => {
              depth -= 1;
              if depth == 0 {
                parts.push(&tokens[part_start..j]);
                break;
              }
            }
            Token::Comma if depth == 1 => {
              parts.push(&tokens[part_start..j]);
              part_start = j + 1;
            }
            _ => {}
          }
          j += 1;
        }
        for part in parts {
          use_tree(part, prefix, out);
        }
        prefix.truncate(start);
        return;
      }
      Token::Comma => {
        out.push(prefix.clone());
        prefix.truncate(start);
      }
      _ => {}
    }
    i += 1;
  }
  if prefix.len() > start {
    out.push(prefix.clone());
  }
  prefix.truncate(start);
}

/// The module of this crate that `path` (as written in `here`, inside the file of `file`)
/// names, or `None` for another crate's path.
fn resolve(
  path: &[String],
  here: &[String],
  file: &[String],
  modules: &BTreeSet<Module>,
) -> Option<Module> {
  let mut absolute: Vec<String> = match path.first()?.as_str() {
    "crate" => Vec::new(),
    "self" => here.to_vec(),
    "super" => here.to_vec(),
    // A child module used by its name (`mod aws; use aws::X;`).
    first => {
      let mut child = file.to_vec();
      child.push(first.to_owned());
      if !modules.contains(&child) || here.len() != file.len() {
        return None;
      }
      file.to_vec()
    }
  };
  let mut rest = path;
  if matches!(path[0].as_str(), "crate" | "self") {
    rest = &path[1..];
  }
  while rest.first().is_some_and(|s| s == "super") {
    absolute.pop();
    rest = &rest[1..];
  }
  absolute.extend(rest.iter().filter(|s| *s != "self").cloned());
  // The longest prefix that is a file of this crate; inline modules belong to their file.
  (0..=absolute.len())
    .rev()
    .map(|n| absolute[..n].to_vec())
    .find(|m| modules.contains(m))
}
