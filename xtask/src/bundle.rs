//! The size of what the browser downloads: wasm, js and css, raw, gzip, and
//! brotli as the server sends it (the build's precompressed `.br` copies).

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
    let (mut total_raw, mut total_gz, mut total_br) = (0, 0, 0);
    for ext in ["wasm", "js", "css"] {
        let (mut raw, mut gz, mut br) = (0u64, 0u64, 0u64);
        for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == ext)) {
            raw += f.metadata().map_err(|e| Fail(format!("{}: {e}", f.display())))?.len();
            gz += gzip_size(f)?;
            let compressed = f.with_extension(format!("{ext}.br"));
            br += compressed.metadata().map(|m| m.len()).unwrap_or(0);
        }
        if raw == 0 {
            return Err(Fail(format!(
                "no .{ext} in {}: the build is incomplete",
                dist.display()
            )));
        }
        total_raw += raw;
        total_gz += gz;
        total_br += br;
        lines.push(format!(
            "bundle {ext:<4}: {:>8.1} KB raw, {:>7.1} KB gzip, {:>7.1} KB brotli",
            kb(raw),
            kb(gz),
            kb(br)
        ));
    }
    println!(
        "bundle all : {:>8.1} KB raw, {:>7.1} KB gzip, {:>7.1} KB brotli as served (budget 300 KB)",
        kb(total_raw),
        kb(total_gz),
        kb(total_br)
    );
    for l in lines {
        println!("{l}");
    }
    Ok(())
}

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}
