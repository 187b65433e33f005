//! `ruqsat`: reads the configuration, opens the database and serves the app
//! until SIGTERM or Ctrl-C.

use std::process::ExitCode;

use clap::Parser;
use ruqsat_backend::config::Config;
use ruqsat_backend::db::Db;
use ruqsat_backend::{AppState, app};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    if config.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    match run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // One line, for the operator; the logs have the details.
            eprintln!("ruqsat: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), String> {
    let db = Db::connect(&config.database_url, config.db_retry_secs)
        .await
        .map_err(|e| e.to_string())?;
    if !config.dist.join("index.html").is_file() {
        tracing::warn!(dist = %config.dist.display(), "no built app here: pages will be 404 (run the README's run command)");
    }
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("RUQSAT_ADDR {}: cannot listen: {e}", config.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%addr, database = db.engine.name(), "Ruqsat is serving at http://{addr}");
    let mut state = if config.sandboxes {
        AppState::new(db, config.dist.clone())
            .await
            .map_err(|e| format!("the sandboxes' keys: {e}"))?
    } else {
        let needed = |name: &str| format!("RUQSAT_SANDBOXES=false needs {name}");
        let ca_root = config.ca_root.as_ref().ok_or_else(|| needed("RUQSAT_CA_ROOT"))?;
        let url = config
            .gateway_url
            .as_ref()
            .ok_or_else(|| needed("RUQSAT_GATEWAY_URL"))?;
        let key = config
            .gateway_key_file
            .as_ref()
            .ok_or_else(|| needed("RUQSAT_GATEWAY_KEY_FILE"))?;
        let real = ruqsat_backend::state::Deployment {
            ca: ruqsat_backend::eds::NationalCa::from_file(ca_root).map_err(|e| e.to_string())?,
            gateway: ruqsat_backend::payments::HostedGateway::new(url, key)?,
        };
        tracing::info!("without the sandboxes: the national certification authority and the real gateway");
        AppState::deployment(db, config.dist.clone(), real)
    };
    state.secure_cookies = !config.insecure_http;
    if config.insecure_http {
        tracing::warn!("RUQSAT_INSECURE_HTTP: cookies without Secure, for local use over plain HTTP only");
    }
    state.trusted_proxies = std::sync::Arc::from(config.trusted_proxy.clone());
    state.files = config.store().map_err(|e| e.to_string())?;
    state.max_upload_bytes = config.max_upload_mb * 1024 * 1024;
    state.quota = ruqsat_backend::config::Quota {
        drafts: config.max_drafts,
        files: config.max_draft_files,
        bytes: config.max_draft_mb * 1024 * 1024,
    };
    state.public_url = std::sync::Arc::from(config.public_url.as_str());
    if config.test_clock {
        tracing::warn!("RUQSAT_TEST_CLOCK: the clock can be moved through the API (tests only)");
        let clock = std::sync::Arc::new(ruqsat_backend::clock::ShiftedClock::default());
        state.clock = clock.clone();
        state.test_clock = Some(clock);
    }
    if config.demo {
        state.demo = true;
        let added = ruqsat_backend::staff::seed_demo(&state.db, state.clock.now().unix())
            .await
            .map_err(|e| format!("the demo staff: {e}"))?;
        tracing::warn!(
            added,
            "RUQSAT_DEMO: a demonstration, with the demo staff of backend/data/demo-staff.toml and their \
             published password; never use it for real applications"
        );
    } else if ruqsat_backend::staff::count(&state.db)
        .await
        .map_err(|e| format!("the staff: {e}"))?
        == 0
    {
        tracing::warn!(
            "no staff yet: create the first administrator with `ruqsat-admin create-admin --provider <code> \
             --login <login> --name <full name> --iin <IIN>` (the password is read from standard input; they \
             choose their own at the first sign-in)"
        );
    }
    let now = state.clock.now();
    // The scheduled work is the jobs table's, shared by every instance:
    // scheduled once whoever starts first; the calendar's check is due at
    // once, as this instance may bring a newer calendar.
    use ruqsat_backend::jobs::{self, Kind};
    let minutes = |m: u64| std::time::Duration::from_secs(m * 60);
    jobs::schedule(&state, Kind::CollectFiles, minutes(config.collect_files_mins))
        .await
        .map_err(|e| format!("the jobs: {e}"))?;
    jobs::schedule(&state, Kind::ReconcileCalendar, minutes(24 * 60))
        .await
        .map_err(|e| format!("the jobs: {e}"))?;
    jobs::due_now(&state, Kind::ReconcileCalendar)
        .await
        .map_err(|e| format!("the jobs: {e}"))?;
    ruqsat_backend::reference::report_at_start(&state.db, now.local_date())
        .await
        .map_err(|e| format!("the yearly reference data: {e}"))?;
    let anchor = ruqsat_backend::audit::anchor::Anchor::open(&config.audit_anchor).map_err(|e| e.to_string())?;
    match anchor.verify(&state.db).await {
        Ok(n) => tracing::info!(target: "security", checkpoints = n, "the audit chain holds against its anchor"),
        Err(e) => tracing::error!(target: "security", error = %e, "the audit chain does not hold against its anchor"),
    }
    jobs::schedule(&state, Kind::AuditCheckpoint, minutes(config.audit_checkpoint_mins))
        .await
        .map_err(|e| format!("the jobs: {e}"))?;
    let context = jobs::Context {
        anchor: Some(std::sync::Arc::new(anchor)),
    };
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let instance: std::sync::Arc<str> = std::sync::Arc::from(jobs::instance_name());
    let poll = std::time::Duration::from_secs(config.jobs_poll_secs.max(1));
    let runner = tokio::spawn(jobs::runner(state.clone(), context, instance, poll, stopped));
    let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    // The requests in flight are answered; the job in hand is finished and
    // this instance's claims given up.
    let _ = stop.send(true);
    if let Err(e) = runner.await {
        tracing::error!(error = %e, "the job runner stopped abnormally");
    }
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
