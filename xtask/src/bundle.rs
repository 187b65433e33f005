//! The size of what the browser downloads: wasm, js and css, raw, gzip, and
//! brotli as the server sends it (the build's precompressed `.br` copies).
//! The portal's first load has a budget: over it, the test command fails.

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

/// The brotli size of the portal's front door (the catalogue and the
/// service pages: what a first visit loads), wasm, js and css together, at
/// most.
const BUDGET_KB: f64 = 200.0;

/// Prints one line per kind, the last lines of the test output; fails when
/// the whole is over the budget.
pub fn report(dist: &Path) -> Result<(), Fail> {
    let (total_br, lines) = measure(dist)?;
    for (n, l) in lines.iter().enumerate() {
        let budget = if n == 0 {
            format!(" (budget {BUDGET_KB} KB)")
        } else {
            String::new()
        };
        println!("{l}{budget}");
    }
    if kb(total_br) > BUDGET_KB {
        return Err(Fail(format!(
            "the portal's first load (its front door) is {:.1} KB brotli, over its {BUDGET_KB} KB budget",
            kb(total_br)
        )));
    }
    Ok(())
}

/// Prints the first load of each app: the portal, the back office and the
/// public register.
pub fn report_apps(dist: &Path) -> Result<(), Fail> {
    for (app, dir) in [
        ("portal (front door)", dist.to_path_buf()),
        ("applicant's account", dist.join("account")),
        ("back office", dist.join("staff")),
        ("public register", dist.join("public")),
    ] {
        let (_, lines) = measure(&dir)?;
        println!("{app}: {}", lines.first().map_or("", |l| l.as_str()));
    }
    Ok(())
}

/// The brotli size of an app's wasm, js and css together, and a line for
/// the whole then each kind.
fn measure(dist: &Path) -> Result<(u64, Vec<String>), Fail> {
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
            br += compressed
                .metadata()
                .map_err(|e| {
                    Fail(format!(
                        "{}: {e} (the build leaves a .br beside each asset)",
                        compressed.display()
                    ))
                })?
                .len();
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
    lines.insert(
        0,
        format!(
            "bundle all : {:>8.1} KB raw, {:>7.1} KB gzip, {:>7.1} KB brotli as served",
            kb(total_raw),
            kb(total_gz),
            kb(total_br)
        ),
    );
    Ok((total_br, lines))
}

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

#[cfg(test)]
mod tests {
    use super::report;

    fn dist(wasm_br: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a directory");
        for (name, size) in [("app.wasm", wasm_br), ("app.js", 1000), ("app.css", 1000)] {
            std::fs::write(dir.path().join(name), vec![b'a'; size]).expect("an asset");
            std::fs::write(dir.path().join(format!("{name}.br")), vec![b'a'; size]).expect("its brotli copy");
        }
        dir
    }

    #[test]
    fn the_first_load_fails_over_its_budget_and_passes_under_it() {
        assert!(report(dist(190 * 1024).path()).is_ok());
        let over = report(dist(201 * 1024).path()).expect_err("over the budget");
        assert!(over.0.contains("over its 200 KB budget"), "{}", over.0);
        let missing = dist(1000);
        std::fs::remove_file(missing.path().join("app.js.br")).expect("remove");
        assert!(
            report(missing.path()).is_err(),
            "a missing brotli copy is not counted as nothing"
        );
    }
}
