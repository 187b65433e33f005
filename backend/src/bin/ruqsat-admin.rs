//! `ruqsat-admin`: the operator's commands beside the server.
//!
//! - `verify-audit`: walks the audit log's hash chain; exit 1 naming the
//!   first broken link.
//! - `seed-load --count N`: adds N sent applications for load tests.
//! - `bench-inbox --samples N`: times the inbox's queries (p50/p95/max).

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
    /// Verify the audit log's hash chain.
    VerifyAudit,
    /// Add sent applications for load tests (and the demo staff, if missing).
    SeedLoad {
        /// How many.
        #[arg(long, default_value_t = 1_000_000)]
        count: i64,
    },
    /// Time the inbox's queries.
    BenchInbox {
        /// Runs of each query.
        #[arg(long, default_value_t = 200)]
        samples: usize,
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

async fn run(args: Args) -> Result<(), String> {
    let db = Db::connect(&args.database_url, 10).await.map_err(|e| e.to_string())?;
    let now = SystemClock.now().unix();
    match args.command {
        Command::VerifyAudit => {
            let n = ruqsat_backend::audit::verify(&db)
                .await
                .map_err(|e| format!("the audit log is broken: {e}"))?;
            println!("the audit log is intact: {n} entries, every link holds");
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
        Command::BenchInbox { samples } => {
            let timings = ruqsat_backend::load::bench(&db, samples, now)
                .await
                .map_err(|e| e.to_string())?;
            println!("| inbox query | runs | p50 ms | p95 ms | max ms | rows |");
            println!("|---|---:|---:|---:|---:|---:|");
            for t in timings {
                println!(
                    "| {} | {} | {:.2} | {:.2} | {:.2} | {} |",
                    t.name, t.samples, t.p50, t.p95, t.max, t.rows
                );
            }
        }
    }
    Ok(())
}
