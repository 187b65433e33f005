//! The size of what the browser downloads: wasm, js and css, raw and gzip.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::util::Fail;

fn gzip_size(path: &Path) -> Result<u64, Fail> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Fail(format!("gzip: {e}")))?;
    Ok(out.stdout.len() as u64)
}

/// Prints one line per kind, the last lines of the test output.
pub fn report(dist: &Path) -> Result<(), Fail> {
    let entries = std::fs::read_dir(dist).map_err(|e| Fail(format!("read {}: {e} (build first)", dist.display())))?;
    let files: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    let mut lines = Vec::new();
    let (mut total_raw, mut total_gz) = (0, 0);
    for ext in ["wasm", "js", "css"] {
        let (mut raw, mut gz) = (0u64, 0u64);
        for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == ext)) {
            raw += f.metadata().map_err(|e| Fail(format!("{}: {e}", f.display())))?.len();
            gz += gzip_size(f)?;
        }
        if raw == 0 {
            return Err(Fail(format!(
                "no .{ext} in {}: the build is incomplete",
                dist.display()
            )));
        }
        total_raw += raw;
        total_gz += gz;
        lines.push(format!(
            "bundle {ext:<4}: {:>8.1} KB raw, {:>7.1} KB gzip",
            kb(raw),
            kb(gz)
        ));
    }
    println!(
        "bundle all : {:>8.1} KB raw, {:>7.1} KB gzip (budget 300 KB gzip)",
        kb(total_raw),
        kb(total_gz)
    );
    for l in lines {
        println!("{l}");
    }
    Ok(())
}

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}
