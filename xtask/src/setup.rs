//! Installs what the project needs and is missing; a second run finds it all
//! and does nothing.
//!
//! Rust tools go to a per-user tool directory (`$RUQSAT_TOOLS`, by default
//! `~/.local/share/ruqsat-tools`), so pinned versions never clobber a
//! developer's own; a tool already on `PATH` at the pinned version is used
//! as it is.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Fail, output, root, run};

/// trunk 0.22 needs a newer rustc than these machines have.
const TRUNK_VERSION: &str = "0.21.14";
/// npm's binaryen; Debian's wasm-opt (108) produces wasm that crashes in the browser.
const BINARYEN_VERSION: &str = "132";
/// npm's axe-core, which the end-to-end tests run on every page they photograph.
const AXE_VERSION: &str = "4.10.3";
const LIGHTHOUSE_VERSION: &str = "12.2.3";

/// The nightly that builds the browser apps' release wasm. Only it can
/// rebuild the standard library without panic messages and file locations
/// (`-Zbuild-std`, `-Cpanic=immediate-abort`, `-Zlocation-detail=none`): the
/// portal's wasm is then about 24 KB (brotli) smaller, which is what keeps
/// the wizard's first load under its 300 KB budget. Pinned by date, so that
/// every machine builds the same bytes; everything else builds on stable.
const NIGHTLY: &str = "nightly-2026-05-19";
/// The rustc date of that nightly (a machine's plain `nightly` may be it).
const NIGHTLY_DATE: &str = "2026-05-19";
/// The flags of the release wasm; `erase_components` as in `.cargo/config.toml`.
const WASM_RUSTFLAGS: &str = "--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none";

/// Where the pinned tools are, to be put first on `PATH`, and the toolchain
/// of the release wasm.
pub struct Tools {
    path: OsString,
    nightly: String,
}

/// The cargo home of the release wasm build: inside `target/`, so that a
/// fresh clone starts with an empty one. trunk runs cargo `--offline`; every
/// crate it needs, the standard library's own dependencies included, must
/// then have been fetched by [`Tools::fetch_wasm_crates`] first. A crate that
/// only a developer's warm `~/.cargo` had fails the build on a fresh clone,
/// as it would on a fresh machine, instead of passing unnoticed.
pub fn wasm_cargo_home() -> PathBuf {
    root().join("target/wasm-cargo-home")
}

impl Tools {
    /// A command that finds the pinned tools first.
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("PATH", &self.path);
        c
    }

    /// `trunk build` of a release app: the pinned nightly, the standard
    /// library rebuilt for size.
    pub fn trunk_release(&self) -> Command {
        let mut c = self.command("trunk");
        c.args(["build", "--release", "--offline"])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", WASM_RUSTFLAGS);
        self.nightly_env(&mut c);
        c
    }

    /// The pinned nightly, the rebuilt standard library and the wasm build's
    /// own cargo home.
    fn nightly_env(&self, c: &mut Command) {
        c.env("RUSTUP_TOOLCHAIN", &self.nightly)
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
            .env("CARGO_HOME", wasm_cargo_home());
    }

    /// Fetches every crate the release wasm build needs into its cargo home:
    /// the workspace's, and the standard library's own (`wasip1`, `libc`,
    /// `object`, ...), which only a `-Zbuild-std` resolution names. Nothing
    /// is downloaded when they are all there.
    pub fn fetch_wasm_crates(&self) -> Result<(), Fail> {
        let mut fetch = self.command("cargo");
        fetch
            .args(["fetch", "--target", "wasm32-unknown-unknown"])
            .current_dir(root());
        self.nightly_env(&mut fetch);
        run(&mut fetch, "cargo fetch (the crates of the release wasm build)")
    }
}

/// The pinned nightly with its standard library's sources, installed when missing.
fn nightly() -> Result<String, Fail> {
    let date_of = |toolchain: &str| output(Command::new("rustc").arg(format!("+{toolchain}")).arg("--version"));
    let toolchain = if date_of(NIGHTLY).is_some() {
        NIGHTLY
    } else if date_of("nightly").is_some_and(|v| v.contains(NIGHTLY_DATE)) {
        "nightly"
    } else {
        println!("xtask: installing Rust {NIGHTLY} for the release wasm (once)");
        run(
            Command::new("rustup").args(["toolchain", "install", NIGHTLY, "--profile", "minimal"]),
            "rustup toolchain install",
        )?;
        NIGHTLY
    };
    let installed = output(Command::new("rustup").args(["component", "list", "--installed", "--toolchain", toolchain]))
        .unwrap_or_default();
    if !installed.lines().any(|c| c.trim() == "rust-src") {
        run(
            Command::new("rustup").args(["component", "add", "rust-src", "--toolchain", toolchain]),
            "rustup component add rust-src",
        )?;
    }
    Ok(toolchain.to_owned())
}

fn tools_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("RUQSAT_TOOLS") {
        return PathBuf::from(dir);
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| root().join(".tools"));
    data.join("ruqsat-tools")
}

/// The version printed by `program --version`, when it runs.
fn version_of(path: &OsString, program: &str) -> Option<String> {
    output(Command::new(program).arg("--version").env("PATH", path))
}

/// The wasm-bindgen version that Cargo.lock pins; the CLI must match it exactly.
fn locked_wasm_bindgen() -> Result<String, Fail> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| Fail(format!("read Cargo.lock: {e} (run `cargo generate-lockfile`)")))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err(Fail("Cargo.lock has no wasm-bindgen".to_owned()))
}

/// The Rust target, trunk, wasm-bindgen-cli and wasm-opt.
pub fn toolchain() -> Result<Tools, Fail> {
    let dir = tools_dir();
    let bin = dir.join("bin");
    let binaryen_bin = dir.join("binaryen/node_modules/.bin");
    let mut paths = vec![bin.clone(), binaryen_bin.clone()];
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    let path = std::env::join_paths(paths).map_err(|e| Fail(format!("PATH: {e}")))?;

    let targets = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !targets.lines().any(|t| t.trim() == "wasm32-unknown-unknown") {
        run(
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
            "rustup target add wasm32-unknown-unknown",
        )?;
    }

    if version_of(&path, "trunk").is_none_or(|v| v.trim() != format!("trunk {TRUNK_VERSION}")) {
        println!("xtask: installing trunk {TRUNK_VERSION} (about 8 minutes, once)");
        run(
            Command::new("cargo")
                .args(["install", "trunk", "--version", TRUNK_VERSION, "--locked", "--root"])
                .arg(&dir),
            "cargo install trunk",
        )?;
    }

    let bindgen = locked_wasm_bindgen()?;
    if version_of(&path, "wasm-bindgen").is_none_or(|v| v.trim() != format!("wasm-bindgen {bindgen}")) {
        println!("xtask: installing wasm-bindgen-cli {bindgen} (a few minutes, once)");
        // Not --locked: its lock file names releases the registry mirror lacks.
        run(
            Command::new("cargo")
                .args(["install", "wasm-bindgen-cli", "--version", &bindgen, "--root"])
                .arg(&dir),
            "cargo install wasm-bindgen-cli",
        )?;
    }

    if version_of(&path, "wasm-opt").is_none_or(|v| !v.contains(&format!("version {BINARYEN_VERSION}"))) {
        println!("xtask: installing wasm-opt from npm's binaryen@{BINARYEN_VERSION}");
        run(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(dir.join("binaryen"))
                .arg(format!("binaryen@{BINARYEN_VERSION}")),
            "npm install binaryen",
        )?;
    }
    // What was installed must now be what runs: a tool that installed but is
    // not found (another on PATH first, a failed build) fails here, by name,
    // not later inside trunk's offline build.
    for (program, wanted) in [
        ("trunk", format!("trunk {TRUNK_VERSION}")),
        ("wasm-bindgen", format!("wasm-bindgen {bindgen}")),
        ("wasm-opt", format!("version {BINARYEN_VERSION}")),
    ] {
        let found = version_of(&path, program).unwrap_or_default();
        if !found.contains(&wanted) {
            return Err(Fail(format!(
                "{program}: wanted {wanted}, found {:?} on PATH after the set-up",
                found.trim()
            )));
        }
    }
    let nightly = nightly()?;
    Ok(Tools { path, nightly })
}

/// Programs from Debian's packages that the tests use.
pub struct System {
    /// Chromium.
    pub chromium: PathBuf,
    /// ChromeDriver, of the same version.
    pub chromedriver: PathBuf,
    /// The directory with `initdb`, `pg_ctl` and `postgres`.
    pub pg_bin: PathBuf,
}

fn find_pg_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

pub fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

const FONT: &str = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";

/// The S3-compatible server the test command's third lane stores the
/// files in: `s3s-fs` from crates.io (an S3 server over a directory),
/// installed once into the tool folder like trunk (about 5 minutes, once).
pub fn s3_server() -> Result<PathBuf, Fail> {
    let dir = tools_dir().join(format!("s3s-fs-{S3S_FS_VERSION}"));
    let bin = dir.join("bin/s3s-fs");
    if !bin.is_file() {
        println!("xtask: installing s3s-fs {S3S_FS_VERSION} (about 5 minutes, once)");
        run(
            Command::new("cargo")
                .args([
                    "install",
                    "s3s-fs",
                    "--version",
                    S3S_FS_VERSION,
                    "--features",
                    "binary",
                    "--locked",
                    "--root",
                ])
                .arg(&dir),
            "cargo install s3s-fs",
        )?;
    }
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(Fail(format!("{}: missing after cargo install", bin.display())))
    }
}

/// The version of the test S3 server.
const S3S_FS_VERSION: &str = "0.12.0";

/// axe-core's script for the end-to-end tests, from npm, installed once
/// into the tool folder.
pub fn axe() -> Result<PathBuf, Fail> {
    let dir = npm_package("axe-core", AXE_VERSION)?;
    Ok(dir.join("node_modules/axe-core/axe.min.js"))
}

/// Lighthouse for the benchmark, from npm, installed once into the tool
/// folder: the folder whose `node_modules` has it.
pub fn lighthouse() -> Result<PathBuf, Fail> {
    npm_package("lighthouse", LIGHTHOUSE_VERSION)
}

/// An exact version of an npm package, installed once into its own folder
/// of the tool folder; that folder.
fn npm_package(name: &str, version: &str) -> Result<PathBuf, Fail> {
    let dir = tools_dir().join(format!("{name}-{version}"));
    let installed = dir.join("node_modules").join(name).join("package.json");
    if !installed.is_file() {
        println!("xtask: installing {name} {version} from npm");
        run(
            Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&dir)
                .arg(format!("{name}@{version}")),
            &format!("npm install {name}"),
        )?;
    }
    if installed.is_file() {
        Ok(dir)
    } else {
        Err(Fail(format!("{}: missing after npm install", installed.display())))
    }
}

/// Chromium, chromedriver, PostgreSQL, fonts and brotli, from Debian's packages.
pub fn system_packages() -> Result<System, Fail> {
    let found = || -> Option<System> {
        Some(System {
            chromium: which("chromium")?,
            chromedriver: which("chromedriver")?,
            pg_bin: find_pg_bin()?,
        })
        .filter(|_| which("brotli").is_some() && which("pdftotext").is_some())
    };
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
    // As root, the temporary PostgreSQL runs as the `postgres` user that the
    // Debian package creates.
    let pg_user = || !is_root || output(Command::new("id").args(["-u", "postgres"])).is_some();
    if let Some(s) = found().filter(|_| Path::new(FONT).is_file() && pg_user()) {
        return Ok(s);
    }
    const PACKAGES: [&str; 7] = [
        "brotli",
        "poppler-utils",
        "chromium",
        "chromium-driver",
        "postgresql",
        "fonts-noto-core",
        "fonts-dejavu-core",
    ];
    println!("xtask: installing {} from Debian's packages", PACKAGES.join(" "));
    let apt = |args: &[&str]| {
        let mut c = if is_root {
            Command::new("apt-get")
        } else {
            let mut s = Command::new("sudo");
            s.arg("apt-get");
            s
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update"]), "apt-get update")?;
    let mut install = apt(&["install", "-y", "--no-install-recommends"]);
    install.args(PACKAGES);
    run(&mut install, "apt-get install")?;
    found().ok_or_else(|| Fail("chromium, chromedriver or PostgreSQL still missing after apt-get install".to_owned()))
}
