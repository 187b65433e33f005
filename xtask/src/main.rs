//! Ruqsat's task runner, behind the `cargo xtask` alias.
//!
//! - `cargo xtask run`: installs what is missing, builds the app in release
//!   mode and serves it at <http://127.0.0.1:8080> with SQLite under `data/`.
//! - `cargo xtask test`: the same set-up plus Chromium, chromedriver and
//!   PostgreSQL, then every check: fmt, clippy, unit, integration and doc
//!   tests, the backend tests on SQLite and on a PostgreSQL it starts itself,
//!   the wasm build, the end-to-end tests, and the bundle-size report.
//!
//! It has no dependencies, so it builds in seconds on a fresh machine. Tools
//! are never downloaded from project sites: they come from crates.io (trunk,
//! wasm-bindgen-cli), npm (binaryen's wasm-opt) and Debian (Chromium,
//! chromedriver, PostgreSQL, fonts).

mod bundle;
mod paint_first;
mod postgres;
mod s3;
mod setup;
mod util;

use std::process::ExitCode;

use util::{Fail, cargo, root, run};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => cmd_run(&args[1..]),
        Some("test") => cmd_test(),
        Some("setup") => setup::toolchain().map(|_| ()),
        Some("build") => setup::toolchain().and_then(|t| build_frontend(&t)),
        Some("bundle-size") => bundle::report(&root().join("dist")),
        Some("bench") => cmd_bench(args.get(1).map(String::as_str)),
        Some("lighthouse") => cmd_lighthouse(),
        _ => {
            eprintln!(
                "usage: cargo xtask <run [server flags] | test | setup | build | bundle-size | bench [count] | lighthouse>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(message)) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Builds the single-page app into `dist/` in release mode, unless its
/// sources are unchanged since the last build.
fn build_frontend(tools: &setup::Tools) -> Result<(), Fail> {
    let root = root();
    let stamp_file = root.join("dist/.build-stamp");
    let stamp = util::fingerprint(&[
        root.join("frontend"),
        root.join("shared"),
        root.join("style"),
        root.join("Cargo.lock"),
        root.join("Cargo.toml"),
        root.join("Trunk.toml"),
        root.join(".cargo"),
        root.join("xtask/src/setup.rs"),
        root.join("xtask/src/paint_first.rs"),
    ])?;
    if std::fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp) && root.join("dist/index.html").is_file() {
        println!("xtask: the app in dist/ is up to date");
        return Ok(());
    }
    tools.fetch_wasm_crates()?;
    let mut trunk = tools.trunk_release();
    trunk.current_dir(&root);
    run(&mut trunk, "trunk build (the portal)")?;
    paint_first::apply(&root.join("dist/index.html")).map_err(Fail)?;
    precompress(&root.join("dist"))?;
    // The applicant's account, the back office and the public register:
    // each its own wasm, served under its own folder.
    for (page, folder, what) in [
        ("account.html", "account", "the applicant's account"),
        ("staff.html", "staff", "the back office"),
        ("public.html", "public", "the public register"),
    ] {
        let mut trunk = tools.trunk_release();
        trunk
            .args([
                "--dist",
                &format!("dist/{folder}"),
                "--public-url",
                &format!("/{folder}/"),
            ])
            .arg(format!("frontend/{page}"))
            .current_dir(&root);
        run(&mut trunk, &format!("trunk build ({what})"))?;
        let index = root.join(format!("dist/{folder}/{page}"));
        if index.is_file() {
            std::fs::rename(&index, root.join(format!("dist/{folder}/index.html")))
                .map_err(|e| Fail(format!("rename {page}: {e}")))?;
        }
        paint_first::apply(&root.join(format!("dist/{folder}/index.html"))).map_err(Fail)?;
        precompress(&root.join(format!("dist/{folder}")))?;
    }
    std::fs::write(&stamp_file, stamp).map_err(|e| Fail(format!("write {}: {e}", stamp_file.display())))?;
    Ok(())
}

/// Writes `.gz` (and, when the `brotli` program is there, `.br`) beside
/// every wasm, js and css file, at the best compression, for the server to
/// send as they are instead of compressing on the fly.
fn precompress(dist: &std::path::Path) -> Result<(), Fail> {
    let brotli = setup::which("brotli");
    if brotli.is_none() {
        println!("xtask: no brotli program: only gzip copies are made (the test command installs it)");
    }
    let entries = std::fs::read_dir(dist).map_err(|e| Fail(format!("read {}: {e}", dist.display())))?;
    for path in entries.flatten().map(|e| e.path()) {
        if !path.extension().is_some_and(|e| e == "wasm" || e == "js" || e == "css") {
            continue;
        }
        run(
            std::process::Command::new("gzip")
                .args(["-9", "-k", "-f", "-n"])
                .arg(&path),
            "gzip",
        )?;
        if let Some(b) = &brotli {
            run(
                std::process::Command::new(b).args(["-q", "11", "-k", "-f"]).arg(&path),
                "brotli",
            )?;
        }
    }
    Ok(())
}

fn cmd_run(server_args: &[String]) -> Result<(), Fail> {
    let tools = setup::toolchain()?;
    build_frontend(&tools)?;
    run(
        cargo().args(["build", "--release", "--package", "ruqsat-backend", "--bin", "ruqsat"]),
        "build the server",
    )?;
    let server = root().join("target/release/ruqsat");
    let mut command = std::process::Command::new(server);
    command.args(server_args).current_dir(root());
    if std::env::var_os("RUQSAT_DIST").is_none() {
        command.env("RUQSAT_DIST", root().join("dist"));
    }
    // The run command is a demonstration: the demo staff, and every page
    // says so (`--demo false` or RUQSAT_DEMO=false for none).
    if std::env::var_os("RUQSAT_DEMO").is_none() {
        command.env("RUQSAT_DEMO", "true");
    }
    // It serves plain HTTP on this machine: cookies cannot be `Secure`.
    if std::env::var_os("RUQSAT_INSECURE_HTTP").is_none() {
        command.env("RUQSAT_INSECURE_HTTP", "true");
    }
    util::exec(command)
}

/// The benchmark: on SQLite and on a temporary PostgreSQL, each seeded
/// with `count` load applications, licences and notifications (a million
/// by default), times the inbox's queries and the server's reads over its
/// router; on SQLite, draft saves against raw durable commits and the peak
/// memory of 200 users signing in at once; then the apps' first-load
/// bytes and Lighthouse on their main pages. Every figure comes with its
/// reference or its ratio.
fn cmd_bench(count: Option<&str>) -> Result<(), Fail> {
    let count = count.unwrap_or("1000000");
    let tools = setup::toolchain()?;
    let system = setup::system_packages()?;
    run(
        cargo().args([
            "build",
            "--release",
            "--package",
            "ruqsat-backend",
            "--bin",
            "ruqsat-admin",
        ]),
        "build ruqsat-admin",
    )?;
    let admin = root().join("target/release/ruqsat-admin");
    let step = |url: &str, args: &[&str]| {
        run(
            std::process::Command::new(&admin).args(args).env("DATABASE_URL", url),
            args[0],
        )
    };
    let dir = root().join("target/bench");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| Fail(format!("{}: {e}", dir.display())))?;
    let sqlite = format!("sqlite://{}", dir.join("bench.db").display());
    util::section(&format!(
        "SQLite: seeding {count} applications, licences and notifications"
    ));
    step(&sqlite, &["seed-load", "--count", count])?;
    util::section("SQLite: the inbox's queries, and reads over the router");
    step(&sqlite, &["bench-inbox", "--samples", "200"])?;
    step(&sqlite, &["bench-reads", "--samples", "200"])?;
    util::section("SQLite: draft saves against raw durable commits (5 s at each concurrency)");
    step(&sqlite, &["bench-writes", "--seconds", "5", "--levels", "1,8,32"])?;
    util::section("SQLite: signed submissions against raw durable commits (400 at each concurrency)");
    step(&sqlite, &["bench-submissions", "--count", "400", "--levels", "1,8,32"])?;
    util::section("SQLite: 200 users sign in at once, then work");
    step(&sqlite, &["bench-crowd", "--users", "200", "--rounds", "5"])?;
    {
        let pg = postgres::TempPostgres::start(&system)?;
        let url = pg.url();
        util::section(&format!(
            "PostgreSQL: seeding {count} applications, licences and notifications"
        ));
        step(&url, &["seed-load", "--count", count])?;
        util::section("PostgreSQL: the inbox's queries, and reads over the router");
        step(&url, &["bench-inbox", "--samples", "200"])?;
        step(&url, &["bench-reads", "--samples", "200"])?;
    }
    util::section("first load");
    build_frontend(&tools)?;
    bundle::report_apps(&root().join("dist"))?;
    util::section("Lighthouse, mobile (slow 4G, a mid-range phone), median of 3 runs per page");
    lighthouse(&system, &dir, &release_server()?, false)?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The benchmark's last part alone: the apps built, then Lighthouse.
fn cmd_lighthouse() -> Result<(), Fail> {
    let tools = setup::toolchain()?;
    let system = setup::system_packages()?;
    build_frontend(&tools)?;
    let dir = root().join("target/bench");
    std::fs::create_dir_all(&dir).map_err(|e| Fail(format!("{}: {e}", dir.display())))?;
    lighthouse(&system, &dir, &release_server()?, false)
}

/// The release server, built.
fn release_server() -> Result<std::path::PathBuf, Fail> {
    run(
        cargo().args(["build", "--release", "--package", "ruqsat-backend", "--bin", "ruqsat"]),
        "build the server",
    )?;
    Ok(root().join("target/release/ruqsat"))
}

/// Lighthouse on every app's main pages, served by `server` over a fresh
/// SQLite database in `dir`, as a deployment serves them (the assets as
/// built, precompressed). With `gate`, a page whose median misses its
/// target fails (see `xtask/lighthouse.mjs`).
fn lighthouse(system: &setup::System, dir: &std::path::Path, server: &std::path::Path, gate: bool) -> Result<(), Fail> {
    let lighthouse = setup::lighthouse()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| Fail(format!("a free port: {e}")))?
        .port();
    let data = dir.join("lighthouse");
    // A fresh database each time: the script signs up its applicant.
    let _ = std::fs::remove_dir_all(&data);
    let mut server = std::process::Command::new(server)
        .arg("--addr")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--database-url")
        .arg(format!("sqlite://{}", data.join("db.sqlite").display()))
        .arg("--files")
        .arg(data.join("files"))
        .arg("--audit-anchor")
        .arg(data.join("anchor"))
        .arg("--dist")
        .arg(root().join("dist"))
        .env("RUQSAT_INSECURE_HTTP", "true")
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| Fail(format!("start the server: {e}")))?;
    let url = format!("http://127.0.0.1:{port}");
    let ready = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let result = if ready {
        run(
            std::process::Command::new("node")
                .arg(root().join("xtask/lighthouse.mjs"))
                .arg(&url)
                .arg(&lighthouse)
                .arg(&system.chromium)
                .arg("3")
                .args(gate.then_some("gate")),
            "lighthouse",
        )
    } else {
        Err(Fail("the server did not start".into()))
    };
    let _ = server.kill();
    let _ = server.wait();
    result
}

fn cmd_test() -> Result<(), Fail> {
    let tools = setup::toolchain()?;
    let system = setup::system_packages()?;
    let root = root();

    util::section("format");
    run(
        cargo().args(["fmt", "--all", "--check"]),
        "cargo fmt --check (run `cargo fmt --all`)",
    )?;

    util::section("clippy");
    run(
        cargo().args([
            "clippy",
            "--workspace",
            "--exclude",
            "ruqsat-frontend",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
        "clippy (native crates)",
    )?;
    run(
        cargo().args([
            "clippy",
            "--package",
            "ruqsat-frontend",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
        "clippy (frontend, wasm32)",
    )?;
    run(
        cargo().args([
            "check",
            "--package",
            "ruqsat-shared",
            "--target",
            "wasm32-unknown-unknown",
        ]),
        "the shared crate for wasm32",
    )?;

    util::section("unit, integration and doc tests (SQLite)");
    run(
        cargo().args([
            "test",
            "--workspace",
            "--exclude",
            "ruqsat-frontend",
            "--exclude",
            "ruqsat-e2e",
        ]),
        "cargo test",
    )?;

    util::section("how far the calendar and the MRP index reach");
    // The calendar's data files must reach 90 days past today. The MRP
    // index of a year is set by the budget law signed in December before
    // it, and the server takes it from an administrator: the data file must
    // cover today, and is warned about (not failed) inside 90 days.
    run(
        cargo().args([
            "run",
            "--quiet",
            "--package",
            "ruqsat-backend",
            "--bin",
            "ruqsat-admin",
            "--",
            "data-horizon",
            "--data-only",
            "--calendar-min-days",
            "90",
            "--mrp-min-days",
            "0",
        ]),
        "the yearly data reach (add shared/data/calendar/<year>.toml or the index to shared/data/mrp.toml)",
    )?;

    util::section("backend tests on PostgreSQL");
    {
        let pg = postgres::TempPostgres::start(&system)?;
        run(
            cargo()
                .args(["test", "--package", "ruqsat-backend"])
                .env("RUQSAT_TEST_DATABASE_URL", pg.url()),
            "backend tests on PostgreSQL",
        )?;
    }

    util::section("file tests on an S3-compatible store");
    {
        // The third lane: attachments, scans at the counter, the staff's
        // downloads, the collector, readiness and the copy into a bucket,
        // with the files in an S3-compatible server (SQLite for the rest).
        let server = s3::TempS3::start(&setup::s3_server()?)?;
        run(
            cargo()
                .args(["test", "--package", "ruqsat-backend", "--test", "api", "--"])
                .args(["attachments", "desk", "skeleton::readiness"])
                .env("RUQSAT_TEST_S3_BUCKET", s3::BUCKET)
                .env("RUQSAT_TEST_S3_ENDPOINT", server.endpoint())
                .env("AWS_ACCESS_KEY_ID", s3::ACCESS_KEY)
                .env("AWS_SECRET_ACCESS_KEY", s3::SECRET_KEY),
            "file tests on an S3-compatible store",
        )?;
    }

    util::section("wasm build (release)");
    build_frontend(&tools)?;

    util::section("end-to-end tests in headless Chromium");
    run(
        cargo().args(["build", "--package", "ruqsat-backend", "--bin", "ruqsat"]),
        "build the server for the end-to-end tests",
    )?;
    // The two-instance test runs two servers on one PostgreSQL and one
    // S3-compatible store, started here for it.
    let pg = postgres::TempPostgres::start(&system)?;
    let store = s3::TempS3::start(&setup::s3_server()?)?;
    run(
        cargo()
            .args(["test", "--package", "ruqsat-e2e", "--", "--test-threads=1"])
            .env("RUQSAT_TEST_DATABASE_URL", pg.url())
            .env("RUQSAT_TEST_S3_BUCKET", s3::BUCKET)
            .env("RUQSAT_TEST_S3_ENDPOINT", store.endpoint())
            .env("AWS_ACCESS_KEY_ID", s3::ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", s3::SECRET_KEY)
            .env("RUQSAT_BIN", root.join("target/debug/ruqsat"))
            .env("RUQSAT_DIST", root.join("dist"))
            .env("CHROMEDRIVER", &system.chromedriver)
            .env("CHROMIUM", &system.chromium)
            .env("RUQSAT_SCREENSHOTS", root.join("target/screenshots"))
            .env("RUQSAT_AXE", setup::axe()?),
        "end-to-end tests",
    )?;

    util::section("bundle size");
    bundle::report(&root.join("dist"))?;
    bundle::report_apps(&root.join("dist"))?;

    // The pages as a phone on a slow line gets them: the server the
    // end-to-end tests ran (its speed is not what is measured: the assets
    // are served as built, and Lighthouse simulates the network).
    util::section(
        "Lighthouse, mobile: best practices and accessibility 1.00, performance at least 0.90, on every app's main pages",
    );
    let dir = root.join("target/lighthouse-test");
    std::fs::create_dir_all(&dir).map_err(|e| Fail(format!("{}: {e}", dir.display())))?;
    lighthouse(&system, &dir, &root.join("target/debug/ruqsat"), true)
}
