//! Running commands, and the small helpers every task needs.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A task failed; the message says what to do.
#[derive(Debug)]
pub struct Fail(pub String);

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// `cargo`, as the one that runs this task.
pub fn cargo() -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(root());
    c
}

/// Prints a heading, so a long log can be read by section.
pub fn section(name: &str) {
    println!("\n==== {name}");
}

/// Runs a command to completion, failing with `what` when it fails.
pub fn run(command: &mut Command, what: &str) -> Result<(), Fail> {
    let status = command
        .status()
        .map_err(|e| Fail(format!("{what}: cannot start {:?}: {e}", command.get_program())))?;
    if status.success() {
        Ok(())
    } else {
        Err(Fail(format!("{what} failed ({status})")))
    }
}

/// Runs a command and returns its standard output, or `None` when it cannot
/// start or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Replaces this process with the command where the platform allows, so that
/// signals (Ctrl-C, SIGTERM) reach the server directly.
pub fn exec(mut command: Command) -> Result<(), Fail> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        let e = command.exec();
        Err(Fail(format!("cannot start the server: {e}")))
    }
    #[cfg(not(unix))]
    {
        run(&mut command, "the server")
    }
}

/// A fingerprint of the files below some paths (names, sizes and contents),
/// to tell whether a build's inputs changed.
pub fn fingerprint(paths: &[PathBuf]) -> Result<String, Fail> {
    let mut files = Vec::new();
    for p in paths {
        collect(p, &mut files)?;
    }
    files.sort();
    let mut h = DefaultHasher::new();
    for f in &files {
        f.hash(&mut h);
        std::fs::read(f)
            .map_err(|e| Fail(format!("read {}: {e}", f.display())))?
            .hash(&mut h);
    }
    Ok(format!("{:016x}", h.finish()))
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) -> Result<(), Fail> {
    if p.is_file() {
        out.push(p.to_path_buf());
    } else if p.is_dir() {
        let entries = std::fs::read_dir(p).map_err(|e| Fail(format!("read {}: {e}", p.display())))?;
        for e in entries.flatten() {
            let path = e.path();
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            collect(&path, out)?;
        }
    }
    Ok(())
}
