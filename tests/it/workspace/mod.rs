//! A scratch git repository with blueprints, for the GitOps tests: run the real binary in it,
//! commit, and take byte-and-mtime snapshots of trees.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

pub(crate) use crate::common;

pub struct Workspace {
  pub dir: PathBuf,
}

/// An Azure-only blueprint, small enough that review snapshots stay readable.
pub const CHAT: &str = "version: 1
name: chat
environment: prod
tags:
  team: ml-platform
clouds:
  azure: {region: eastus2, cidr: 10.10.0.0/16, subscription_id: 6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718}
endpoints:
  gpt-east:
    cloud: azure
    model: gpt-4.1
    version: \"2025-04-14\"
    sku: GlobalStandard
    capacity: 80
  mini-east:
    cloud: azure
    model: gpt-4.1-mini
    version: \"2025-04-14\"
    sku: Standard
    capacity: 50
  mini-west:
    cloud: azure
    region: westus3
    model: gpt-4o-mini
    version: \"2024-07-18\"
    capacity: 20
workloads:
  chat:
    failover: [gpt-east, mini-east, mini-west]
";

/// Every entry under a directory (directories too), with bytes and modification time.
pub type Snapshot = BTreeMap<String, Option<(Vec<u8>, SystemTime)>>;

impl Workspace {
  /// A fresh directory; with `git`, a repository with one empty commit on `main`.
  pub fn new(name: &str, git: bool) -> Self {
    let workspace = Self {
      dir: common::scratch(name),
    };
    if git {
      workspace.git(&["init", "-q", "-b", "main"]);
      workspace.git(&["commit", "-q", "--allow-empty", "-m", "start"]);
    }
    workspace
  }

  pub fn path(&self, relative: &str) -> PathBuf {
    self.dir.join(relative)
  }

  pub fn write(&self, relative: &str, text: &str) {
    let path = self.path(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
  }

  pub fn read(&self, relative: &str) -> String {
    fs::read_to_string(self.path(relative)).unwrap()
  }

  /// Replaces `from` with `to` in a file, insisting that `from` is there.
  pub fn edit(&self, relative: &str, from: &str, to: &str) {
    let text = self.read(relative);
    assert!(text.contains(from), "{relative} has no {from:?}");
    self.write(relative, &text.replacen(from, to, 1));
  }

  /// Runs switchyard here; returns (exit code, stdout, stderr).
  pub fn run(&self, args: &[&str]) -> (i32, String, String) {
    self.run_with(args, &[])
  }

  pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let output = common::binary()
      .args(args)
      .envs(env.iter().copied())
      .env_remove("NO_COLOR")
      .current_dir(&self.dir)
      .output()
      .unwrap();
    (
      output.status.code().unwrap_or(-1),
      String::from_utf8_lossy(&output.stdout).into_owned(),
      String::from_utf8_lossy(&output.stderr).into_owned(),
    )
  }

  /// Runs and insists on an exit code; returns stdout.
  pub fn ok(&self, args: &[&str], code: i32) -> String {
    let (actual, stdout, stderr) = self.run(args);
    assert_eq!(actual, code, "switchyard {args:?}\n{stdout}\n{stderr}");
    stdout
  }

  pub fn git(&self, args: &[&str]) -> String {
    let output = Command::new("git")
      .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
      .args([
        "-c",
        "commit.gpgsign=false",
        "-c",
        "init.defaultBranch=main",
      ])
      .args(args)
      .current_dir(&self.dir)
      .output()
      .unwrap();
    assert!(
      output.status.success(),
      "git {args:?}: {}",
      String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
  }

  pub fn commit(&self, message: &str) {
    self.git(&["add", "-A"]);
    self.git(&["commit", "-q", "-m", message]);
  }

  pub fn snapshot(&self, relative: &str) -> Snapshot {
    snapshot(&self.path(relative))
  }
}

pub fn snapshot(dir: &Path) -> Snapshot {
  let mut entries = BTreeMap::new();
  let mut pending = vec![dir.to_owned()];
  while let Some(current) = pending.pop() {
    for entry in fs::read_dir(&current).unwrap() {
      let path = entry.unwrap().path();
      let relative = path
        .strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .into_owned();
      let metadata = fs::symlink_metadata(&path).unwrap();
      if metadata.is_dir() {
        pending.push(path);
        entries.insert(relative, None);
      } else {
        entries.insert(
          relative,
          Some((fs::read(&path).unwrap(), metadata.modified().unwrap())),
        );
      }
    }
  }
  entries
}
