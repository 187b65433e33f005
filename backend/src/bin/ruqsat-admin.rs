//! `ruqsat-admin`: the operator's commands beside the server.
//!
//! - `verify-audit`: walks the audit log's hash chain and checks it against
//!   the signed checkpoints of its anchor, then writes a new checkpoint;
//!   exit 1 naming the first broken link or the checkpoint that fails.
//! - `seed-load --count N`: adds N sent applications for load tests.
//! - `rebuild-reports`: writes the reports' facts of cases sent before they
//!   were kept (from their audit logs), then makes the daily and monthly
//!   summaries anew from all the facts.
//! - `bench-inbox --samples N`: times the inbox's queries (p50/p95/max).
//! - `bench-reads`, `bench-writes`, `bench-submissions`, `bench-crowd`: the
//!   server's router driven in this process over the load data, draft saves
//!   and signed submissions against raw SQLite commits, and the peak memory
//!   of a crowd signing in and working (`cargo xtask bench` runs them all).
//! - `data-horizon`: how far the calendar and the MRP index reach; exit 1
//!   when either reaches fewer days ahead than asked.
//! - `create-admin`: a provider's first administrator (the password from
//!   standard input; they choose their own at the first sign-in).
//! - `confirm-member --login L`: the operator confirms a member an
//!   administrator set up, where the provider has no second administrator.
//! - `copy-files-to-s3`: copies the local files directory into the
//!   S3-compatible bucket (the server's `RUQSAT_S3_*` settings), verifying
//!   every file's SHA-256 as read back; run it before starting the
//!   instances on the bucket.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ruqsat_backend::clock::{Clock, SystemClock};
use ruqsat_backend::db::Db;

#[derive(Debug, Parser)]
#[command(name = "ruqsat-admin", version, about = "Ruqsat operator commands")]
struct Args {
    /// The database, as for the server.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/ruqsat.db")]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Verify the audit log's hash chain and its anchor; write a checkpoint.
    VerifyAudit {
        /// The anchor directory, as for the server.
        #[arg(long, env = "RUQSAT_AUDIT_ANCHOR", default_value = "data/audit-anchor")]
        anchor: std::path::PathBuf,
    },
    /// Add sent applications for load tests (and the demo staff, if missing).
    SeedLoad {
        /// How many.
        #[arg(long, default_value_t = 1_000_000)]
        count: i64,
    },
    /// Write the facts of cases sent before they were kept, and make the
    /// reports' summaries anew.
    RebuildReports,
    /// Copy the local files directory into an S3-compatible bucket,
    /// verifying every file's SHA-256 as read back.
    CopyFilesToS3 {
        /// The local directory, as for the server.
        #[arg(long, env = "RUQSAT_FILES", default_value = "data/files")]
        files: std::path::PathBuf,
        /// The bucket (credentials from `AWS_ACCESS_KEY_ID` and
        /// `AWS_SECRET_ACCESS_KEY`).
        #[arg(long, env = "RUQSAT_S3_BUCKET")]
        s3_bucket: String,
        /// The store's address.
        #[arg(long, env = "RUQSAT_S3_ENDPOINT", default_value = "https://s3.amazonaws.com")]
        s3_endpoint: String,
        /// The store's region.
        #[arg(long, env = "RUQSAT_S3_REGION", default_value = "us-east-1")]
        s3_region: String,
        /// Path-style addressing.
        #[arg(long, env = "RUQSAT_S3_PATH_STYLE", default_value_t = true, action = clap::ArgAction::Set)]
        s3_path_style: bool,
    },
    /// Time the inbox's queries.
    BenchInbox {
        /// Runs of each query.
        #[arg(long, default_value_t = 200)]
        samples: usize,
    },
    /// Time the register, verification, the cabinet and the inbox over the
    /// server's router, on the load data.
    BenchReads {
        /// Requests of each kind.
        #[arg(long, default_value_t = 200)]
        samples: usize,
    },
    /// Draft saves per second at each concurrency against raw durable
    /// SQLite commits beside the database (a SQLite database only).
    BenchWrites {
        /// Seconds at each concurrency.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        /// The concurrencies.
        #[arg(long, value_delimiter = ',', default_value = "1,8,32")]
        levels: Vec<usize>,
    },
    /// Signed submissions per second at each concurrency against raw
    /// durable SQLite commits beside the database (a SQLite database only).
    BenchSubmissions {
        /// Submissions at each concurrency.
        #[arg(long, default_value_t = 400)]
        count: usize,
        /// The concurrencies.
        #[arg(long, value_delimiter = ',', default_value = "1,8,32")]
        levels: Vec<usize>,
    },
    /// The process's peak memory while users sign in at once, then work.
    BenchCrowd {
        /// Users signing in at once.
        #[arg(long, default_value_t = 200)]
        users: u32,
        /// Cabinet reads and draft saves each user then makes.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
    /// Create a provider's first administrator; the first password is read
    /// from standard input (one line), or `RUQSAT_ADMIN_PASSWORD`.
    CreateAdmin {
        /// The provider's code in the catalogue (such as `transport-dept`).
        #[arg(long)]
        provider: String,
        /// The sign-in name.
        #[arg(long)]
        login: String,
        /// The full name.
        #[arg(long)]
        name: String,
        /// The IIN their certificate will name.
        #[arg(long)]
        iin: String,
    },
    /// Confirm a member an administrator added or reset the password of, as
    /// the second person (for a provider with one administrator).
    ConfirmMember {
        /// The member's sign-in name.
        #[arg(long)]
        login: String,
    },
    /// How far the calendar and the MRP index reach from today; fails when
    /// either reaches fewer days ahead than asked.
    DataHorizon {
        /// The fewest days ahead the calendar's data files must reach.
        #[arg(long, default_value_t = 90)]
        calendar_min_days: i32,
        /// The fewest days ahead the MRP index must reach (the data file
        /// and, unless --data-only, what administrators set).
        #[arg(long, default_value_t = 90)]
        mrp_min_days: i32,
        /// The product's data files only, without the database.
        #[arg(long)]
        data_only: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ruqsat-admin: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The folder of a SQLite database, where a benchmark's raw commits go
/// beside it; an error naming the command for another engine.
fn beside_sqlite(url: &str, command: &str) -> Result<std::path::PathBuf, String> {
    url.strip_prefix("sqlite://")
        .and_then(|p| std::path::Path::new(p).parent().map(std::path::Path::to_path_buf))
        .ok_or_else(|| format!("{command} needs a SQLite database (its raw commits go beside it)"))
}

/// The server's state over the database, for the benchmarks (no pages).
async fn bench_state(db: Db) -> Result<ruqsat_backend::AppState, String> {
    ruqsat_backend::AppState::new(db, std::path::PathBuf::from("dist"))
        .await
        .map_err(|e| e.to_string())
}

/// Timings as a Markdown table.
fn print_timings(what: &str, timings: &[ruqsat_backend::load::Timing]) {
    println!("| {what} | runs | p50 ms | p95 ms | p99 ms | max ms | rows |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for t in timings {
        println!(
            "| {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} |",
            t.name, t.samples, t.p50, t.p95, t.p99, t.max, t.rows
        );
    }
}

/// Prints the reach of the yearly data and checks it against the minimums.
async fn data_horizon(database_url: &str, calendar_min: i32, mrp_min: i32, data_only: bool) -> Result<(), String> {
    let today = SystemClock.now().local_date();
    let h = if data_only {
        let years = shared::money::mrp_published().map(|(y, _)| y).collect();
        shared::horizon::DataHorizon::compute(today, shared::calendar::Calendar::standard(), &years)
    } else {
        let db = Db::connect(database_url, 10).await.map_err(|e| e.to_string())?;
        ruqsat_backend::reference::horizon(&db, today)
            .await
            .map_err(|e| e.to_string())?
    };
    let or_none = |d: Option<shared::date::Date>| d.map_or_else(|| "nothing".to_owned(), |d| d.to_string());
    println!(
        "calendar: data files reach {} ({} days ahead; published to {}, provisional {:?})",
        or_none(h.calendar.until),
        h.calendar.days_ahead,
        or_none(h.calendar.published_until),
        h.calendar.provisional
    );
    println!(
        "mrp index: reaches {} ({} days ahead{}; missing {:?})",
        h.mrp.until,
        h.mrp.days_ahead,
        if data_only { ", data file only" } else { "" },
        h.mrp.missing
    );
    for w in &h.warnings {
        println!("warning: {w}");
    }
    let mut short = Vec::new();
    if h.calendar.days_ahead < calendar_min {
        short.push(format!("the calendar reaches fewer than {calendar_min} days ahead"));
    }
    if h.mrp.days_ahead < mrp_min {
        short.push(format!("the MRP index reaches fewer than {mrp_min} days ahead"));
    }
    if short.is_empty() {
        Ok(())
    } else {
        Err(short.join("; "))
    }
}

async fn run(args: Args) -> Result<(), String> {
    if let Command::DataHorizon {
        calendar_min_days,
        mrp_min_days,
        data_only,
    } = args.command
    {
        return data_horizon(&args.database_url, calendar_min_days, mrp_min_days, data_only).await;
    }
    let db = Db::connect(&args.database_url, 10).await.map_err(|e| e.to_string())?;
    let now = SystemClock.now().unix();
    match args.command {
        Command::VerifyAudit { anchor } => {
            let n = ruqsat_backend::audit::verify(&db)
                .await
                .map_err(|e| format!("the audit log is broken: {e}"))?;
            println!("the audit log is intact: {n} entries, every link holds");
            let anchor = ruqsat_backend::audit::anchor::Anchor::open(&anchor).map_err(|e| e.to_string())?;
            let held = anchor
                .verify(&db)
                .await
                .map_err(|e| format!("the audit log does not hold against its anchor: {e}"))?;
            let c = anchor.checkpoint(&db, now).await.map_err(|e| e.to_string())?;
            println!("{held} checkpoints hold; the head (entry {}) is checkpointed", c.seq);
        }
        Command::SeedLoad { count } => {
            ruqsat_backend::staff::seed_demo(&db, now)
                .await
                .map_err(|e| e.to_string())?;
            let started = std::time::Instant::now();
            let total = ruqsat_backend::load::seed(&db, count, now)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "added {count} load applications in {:.1} s; {total} applications in all",
                started.elapsed().as_secs_f64()
            );
        }
        Command::CopyFilesToS3 {
            files,
            s3_bucket,
            s3_endpoint,
            s3_region,
            s3_path_style,
        } => {
            use ruqsat_backend::storage;
            let from = storage::local(&files).map_err(|e| e.to_string())?;
            let to = storage::s3(&storage::S3 {
                endpoint: s3_endpoint,
                bucket: s3_bucket,
                region: s3_region,
                path_style: s3_path_style,
                keys: None,
            })
            .map_err(|e| e.to_string())?;
            let n = storage::copy_all(&from, &to).await.map_err(|e| e.to_string())?;
            println!("{n} files copied into the bucket, each one's SHA-256 verified as read back");
        }
        Command::RebuildReports => {
            let started = std::time::Instant::now();
            ruqsat_backend::facts::rebuild(&db).await.map_err(|e| e.to_string())?;
            println!(
                "the reports' summaries made anew in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        Command::BenchInbox { samples } => {
            let timings = ruqsat_backend::load::bench(&db, samples, now)
                .await
                .map_err(|e| e.to_string())?;
            print_timings(&format!("inbox query ({})", db.engine.name()), &timings);
        }
        Command::BenchReads { samples } => {
            let state = bench_state(db).await?;
            let timings = ruqsat_backend::load::bench::reads(&state, samples, now)
                .await
                .map_err(|e| e.to_string())?;
            print_timings(
                &format!("request ({}, over the router)", state.db.engine.name()),
                &timings,
            );
        }
        Command::BenchWrites { seconds, levels } => {
            let dir = beside_sqlite(&args.database_url, "bench-writes")?;
            let state = bench_state(db).await?;
            let span = std::time::Duration::from_secs(seconds);
            let rates = ruqsat_backend::load::bench::writes(&state, &dir, &levels, span)
                .await
                .map_err(|e| e.to_string())?;
            println!("| at once | draft saves/s | raw durable commits/s | ratio | save p50 ms | save p95 ms |");
            println!("|---:|---:|---:|---:|---:|---:|");
            for w in rates {
                println!(
                    "| {} | {:.0} | {:.0} | {:.3}× | {:.1} | {:.1} |",
                    w.concurrency,
                    w.saves,
                    w.raw,
                    w.saves / w.raw.max(1.0),
                    w.p50,
                    w.p95
                );
            }
        }
        Command::BenchSubmissions { count, levels } => {
            let dir = beside_sqlite(&args.database_url, "bench-submissions")?;
            let state = bench_state(db).await?;
            let span = std::time::Duration::from_secs(3);
            let rates = ruqsat_backend::load::signed::submissions(&state, &dir, &levels, count, span)
                .await
                .map_err(|e| e.to_string())?;
            println!("| at once | signed submissions/s | raw durable commits/s | ratio | submission p50 ms | p95 ms |");
            println!("|---:|---:|---:|---:|---:|---:|");
            for s in rates {
                println!(
                    "| {} | {:.0} | {:.0} | {:.3}× | {:.1} | {:.1} |",
                    s.concurrency,
                    s.per_second,
                    s.raw,
                    s.per_second / s.raw.max(1.0),
                    s.p50,
                    s.p95
                );
            }
        }
        Command::BenchCrowd { users, rounds } => {
            let state = bench_state(db).await?;
            let c = ruqsat_backend::load::bench::crowd(&state, users, rounds)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "resident memory: {:.0} MiB before; peak {:.0} MiB while {} signed in at once ({} answered busy); \
                 peak {:.0} MiB while they worked; {:.0} MiB after",
                c.before, c.peak_sign_in, c.users, c.busy, c.peak_work, c.after
            );
            print_timings("a crowd of users", &[c.sign_in, c.work]);
        }
        Command::CreateAdmin {
            provider,
            login,
            name,
            iin,
        } => {
            let password = match std::env::var("RUQSAT_ADMIN_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    let mut line = String::new();
                    std::io::stdin()
                        .read_line(&mut line)
                        .map_err(|e| format!("the password from standard input: {e}"))?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let body = shared::review::NewStaff {
                login,
                name,
                iin,
                role: shared::workflow::Role::Admin,
                password,
            };
            let staff = ruqsat_backend::staff::create_admin(&db, &provider, body, now)
                .await
                .map_err(|e| match e {
                    ruqsat_backend::AppError::Invalid(errors) => errors
                        .iter()
                        .map(|e| format!("{}: {}", e.path, e.plain(shared::i18n::Lang::En)))
                        .collect::<Vec<_>>()
                        .join("; "),
                    other => other.to_string(),
                })?;
            println!(
                "administrator {} of {} created; they choose their own password at the first sign-in at /staff",
                staff.login, staff.provider
            );
        }
        Command::ConfirmMember { login } => {
            let member = ruqsat_backend::staff::confirm_by_operator(&db, &login, now)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no staff member signs in as {login:?}"))?;
            println!("{} ({}) of {} confirmed", member.login, member.name, member.provider);
        }
        Command::DataHorizon { .. } => {}
    }
    Ok(())
}
