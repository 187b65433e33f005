//! A throw-away PostgreSQL server on loopback, in a temporary directory, for
//! the backend tests; stopped and removed when dropped.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use crate::setup::System;
use crate::util::{Fail, output, run};

/// A running temporary server.
pub struct TempPostgres {
    dir: PathBuf,
    port: u16,
    pg_ctl: PathBuf,
    as_postgres: bool,
}

impl TempPostgres {
    /// Creates a cluster and starts it; waits until it accepts connections.
    pub fn start(system: &System) -> Result<TempPostgres, Fail> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| Fail(format!("no free port for PostgreSQL: {e}")))?
            .port();
        let dir = std::env::temp_dir().join(format!("ruqsat-pg-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| Fail(format!("create {}: {e}", dir.display())))?;
        // PostgreSQL refuses to run as root: run it as the `postgres` user that
        // Debian's package creates.
        let as_postgres = output(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0");
        if as_postgres {
            run(
                Command::new("chown").args(["postgres:postgres"]).arg(&dir),
                "chown the PostgreSQL directory",
            )?;
        }
        let pg = TempPostgres {
            dir,
            port,
            pg_ctl: system.pg_bin.join("pg_ctl"),
            as_postgres,
        };
        let data = pg.dir.join("data");
        run(
            &mut pg.command(
                &system.pg_bin.join("initdb"),
                &[
                    "-D".into(),
                    data.display().to_string(),
                    "-U".into(),
                    "ruqsat".into(),
                    "--auth=trust".into(),
                    "-E".into(),
                    "UTF8".into(),
                    // Unicode letters, so that lower() and the trigram index
                    // of the register's name search fold Cyrillic too.
                    "--locale=C.UTF-8".into(),
                    "--no-sync".into(),
                ],
            ),
            "initdb",
        )?;
        let opts = format!("-p {port} -h 127.0.0.1 -k {} -F", pg.dir.display());
        run(
            &mut pg.command(
                &pg.pg_ctl,
                &[
                    "-D".into(),
                    data.display().to_string(),
                    "-o".into(),
                    opts,
                    "-l".into(),
                    pg.dir.join("log").display().to_string(),
                    "-w".into(),
                    "start".into(),
                ],
            ),
            "pg_ctl start",
        )?;
        println!("xtask: PostgreSQL is running on 127.0.0.1:{port}");
        Ok(pg)
    }

    fn command(&self, program: &PathBuf, args: &[String]) -> Command {
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program).args(args);
            c
        } else {
            let mut c = Command::new(program);
            c.args(args);
            c
        }
    }

    /// The URL of its `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://ruqsat@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        let data = self.dir.join("data").display().to_string();
        let stop = self
            .command(
                &self.pg_ctl,
                &[
                    "-D".into(),
                    data,
                    "-m".into(),
                    "fast".into(),
                    "-w".into(),
                    "stop".into(),
                ],
            )
            .status();
        if !stop.is_ok_and(|s| s.success()) {
            eprintln!(
                "xtask: could not stop the temporary PostgreSQL in {}",
                self.dir.display()
            );
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
