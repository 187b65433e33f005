//! Configuration from command-line flags and the environment.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// How the server is configured. Every flag has an environment variable and a
/// default that runs out of the box.
#[derive(Clone, Debug, Parser)]
#[command(name = "ruqsat", version, about = "Ruqsat e-licensing portal server")]
pub struct Config {
    /// The address to listen on.
    #[arg(long, env = "RUQSAT_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// The database: `sqlite://path` (created when missing) or `postgres://...`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/ruqsat.db")]
    pub database_url: String,

    /// How many seconds to keep trying an unreachable PostgreSQL at start.
    #[arg(long, env = "RUQSAT_DB_RETRY_SECS", default_value_t = 10)]
    pub db_retry_secs: u32,

    /// The directory of the built single-page app (Trunk's output).
    #[arg(long, env = "RUQSAT_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Where attachments are stored (content-addressed by SHA-256).
    #[arg(long, env = "RUQSAT_FILES", default_value = "data/files")]
    pub files: PathBuf,

    /// An S3-compatible store for the files instead of the directory: its
    /// bucket (the credentials come from `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY`). Several instances share one store.
    #[arg(long, env = "RUQSAT_S3_BUCKET")]
    pub s3_bucket: Option<String>,

    /// The S3-compatible store's address.
    #[arg(long, env = "RUQSAT_S3_ENDPOINT", default_value = "https://s3.amazonaws.com")]
    pub s3_endpoint: String,

    /// The S3-compatible store's region.
    #[arg(long, env = "RUQSAT_S3_REGION", default_value = "us-east-1")]
    pub s3_region: String,

    /// Address buckets by path (`endpoint/bucket/key`), as most
    /// self-hosted stores need; `false` for bucket subdomains.
    #[arg(long, env = "RUQSAT_S3_PATH_STYLE", default_value_t = true, action = clap::ArgAction::Set)]
    pub s3_path_style: bool,

    /// The largest attachment accepted, in megabytes.
    #[arg(long, env = "RUQSAT_MAX_UPLOAD_MB", default_value_t = 10)]
    pub max_upload_mb: usize,

    /// The most applications one account may have unsent (drafts, awaiting
    /// payment, paid): a bound on what one account can make the server
    /// store (inferred: no seed limits drafts).
    #[arg(long, env = "RUQSAT_MAX_DRAFTS", default_value_t = 30)]
    pub max_drafts: i64,

    /// The most files across one account's unsent applications (inferred).
    #[arg(long, env = "RUQSAT_MAX_DRAFT_FILES", default_value_t = 300)]
    pub max_draft_files: i64,

    /// The most megabytes of files across one account's unsent
    /// applications (inferred).
    #[arg(long, env = "RUQSAT_MAX_DRAFT_MB", default_value_t = 500)]
    pub max_draft_mb: i64,

    /// How often, in minutes, stored files that no application refers to
    /// any more (a removed attachment, a deleted draft) are deleted; a file
    /// is kept for an hour after it was last written, for the upload that
    /// is about to refer to it.
    #[arg(long, env = "RUQSAT_COLLECT_FILES_MINS", default_value_t = 60)]
    pub collect_files_mins: u64,

    /// How often, in seconds, this instance looks for due background jobs
    /// (the jobs table, shared by every instance; each job runs once).
    #[arg(long, env = "RUQSAT_JOBS_POLL_SECS", default_value_t = 15)]
    pub jobs_poll_secs: u64,

    /// The audit chain's anchor: a directory outside the database (in
    /// production on other storage) for signed checkpoints of the chain's
    /// head and their key; `ruqsat-admin verify-audit` checks the chain
    /// against them.
    #[arg(long, env = "RUQSAT_AUDIT_ANCHOR", default_value = "data/audit-anchor")]
    pub audit_anchor: PathBuf,

    /// How often, in minutes, a checkpoint of the audit chain is written.
    #[arg(long, env = "RUQSAT_AUDIT_CHECKPOINT_MINS", default_value_t = 15)]
    pub audit_checkpoint_mins: u64,

    /// The sandboxes standing in for the state systems (the payment
    /// gateway's checkout page, the certification authority), their keys in
    /// the database. A deployment with the real systems sets `false` and
    /// gives `--ca-root`, `--gateway-url` and `--gateway-key-file`; nothing
    /// of the sandboxes is then served or stored.
    #[arg(long, env = "RUQSAT_SANDBOXES", default_value_t = true, action = clap::ArgAction::Set)]
    pub sandboxes: bool,

    /// Without the sandboxes: the national certification authority's root
    /// certificate (DER or PEM), the trust anchor of every signature.
    #[arg(long, env = "RUQSAT_CA_ROOT")]
    pub ca_root: Option<PathBuf>,

    /// Without the sandboxes: the payment gateway's checkout address, to
    /// which the payment's id is appended.
    #[arg(long, env = "RUQSAT_GATEWAY_URL")]
    pub gateway_url: Option<String>,

    /// Without the sandboxes: the file holding the key the gateway signs
    /// its notifications with (at least 32 bytes).
    #[arg(long, env = "RUQSAT_GATEWAY_KEY_FILE")]
    pub gateway_key_file: Option<PathBuf>,

    /// The address the public reaches the portal at; QR codes on licences
    /// open its verification page.
    #[arg(long, env = "RUQSAT_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,

    /// A demonstration: loads the demo staff (one provider per service,
    /// every role, one published password) into an empty staff table, and
    /// every page says it is a demonstration. Never in production, where
    /// the first administrator is made with `ruqsat-admin create-admin`.
    #[arg(long, env = "RUQSAT_DEMO", default_value_t = false, action = clap::ArgAction::Set)]
    pub demo: bool,

    /// The reverse proxies in front of the server (comma-separated
    /// addresses): only from them is `X-Forwarded-For` believed, for the
    /// client's address that sign-in throttling counts by.
    #[arg(long, env = "RUQSAT_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<std::net::IpAddr>,

    /// For end-to-end tests only: a clock that `POST /api/test/clock`
    /// moves forward. Never set in production.
    #[arg(long, env = "RUQSAT_TEST_CLOCK", default_value_t = false, action = clap::ArgAction::Set)]
    pub test_clock: bool,

    /// Local use over plain HTTP: session cookies without `Secure` and the
    /// `__Host-` prefix, and no HSTS. Off by default: the server expects to
    /// be reached over HTTPS (directly or through a proxy).
    #[arg(long, env = "RUQSAT_INSECURE_HTTP", default_value_t = false, action = clap::ArgAction::Set)]
    pub insecure_http: bool,

    /// Log filter, in `tracing` syntax.
    #[arg(long, env = "RUST_LOG", default_value = "info,sqlx=warn")]
    pub log: String,

    /// Log as JSON lines instead of text.
    #[arg(long, env = "RUQSAT_LOG_JSON", default_value_t = false)]
    pub log_json: bool,
}

impl Config {
    /// The file store configured: the S3-compatible bucket when one is
    /// named, else the local directory.
    pub fn store(&self) -> Result<crate::storage::Store, crate::storage::StorageError> {
        match &self.s3_bucket {
            Some(bucket) => crate::storage::s3(&crate::storage::S3 {
                endpoint: self.s3_endpoint.clone(),
                bucket: bucket.clone(),
                region: self.s3_region.clone(),
                path_style: self.s3_path_style,
                keys: None,
            }),
            None => crate::storage::local(&self.files),
        }
    }
}

/// What one account may make the server keep before it sends anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    /// Unsent applications.
    pub drafts: i64,
    /// Files in unsent applications.
    pub files: i64,
    /// Bytes of those files.
    pub bytes: i64,
}

impl Default for Quota {
    fn default() -> Self {
        Quota {
            drafts: 30,
            files: 300,
            bytes: 500 * 1024 * 1024,
        }
    }
}
