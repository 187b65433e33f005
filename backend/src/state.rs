//! What every handler can reach ([`AppState`]), and how it is made: with
//! the sandboxes standing in for the state systems, or for a deployment with
//! the real ones.

use std::path::PathBuf;
use std::sync::Arc;

use crate::clock::{Clock, SystemClock};
use crate::db::Db;
use crate::systems::ca::{CertificationAuthority, EdsError, NationalCa, SandboxCa};
use crate::systems::gateway::{HostedGateway, PaymentGateway, SandboxGateway};
use crate::systems::notary::{NotaryRegister, SandboxNotary};
use crate::systems::registers::{SandboxRegisters, StateRegisters};
use crate::systems::treasury::{SandboxTreasury, Treasury};

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Where the built single-page app lives.
    pub dist: Arc<PathBuf>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// The state registers of individuals and legal entities.
    pub registers: Arc<dyn StateRegisters>,
    /// The notary register, where powers of attorney are checked.
    pub notary: Arc<dyn NotaryRegister>,
    /// The treasury's statement, where payment orders are confirmed.
    pub treasury: Arc<dyn Treasury>,
    /// Whether cookies carry `Secure` (behind TLS).
    pub secure_cookies: bool,
    /// Where attachments are stored, by content hash.
    pub files: crate::storage::Store,
    /// The largest attachment accepted, in bytes.
    pub max_upload_bytes: usize,
    /// What one account may keep unsent.
    pub quota: crate::config::Quota,
    /// The certification authority that issues applicants' certificates.
    pub ca: Arc<dyn CertificationAuthority>,
    /// The payment gateway.
    pub gateway: Arc<dyn PaymentGateway>,
    /// The sandboxes standing in for the state systems this server cannot
    /// reach (the gateway's checkout page, the certification authority);
    /// none in a deployment that has the real ones.
    pub sandbox: Option<Sandbox>,
    /// The address the public reaches the portal at (for QR codes).
    pub public_url: Arc<str>,
    /// The movable clock of end-to-end tests; none in production.
    pub test_clock: Option<Arc<crate::clock::ShiftedClock>>,
    /// A demonstration (demo accounts loaded; the pages say so).
    pub demo: bool,
    /// The reverse proxies whose `X-Forwarded-For` tells the client's address.
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// The Content-Security-Policy of the apps' pages (with the hashes of
    /// their inline loader scripts).
    pub page_policy: Arc<str>,
}

/// What only the sandboxes have.
#[derive(Clone, Debug)]
pub struct Sandbox {
    /// The sandbox gateway, which signs the notifications of its own
    /// checkout page.
    pub gateway: Arc<SandboxGateway>,
}

/// The real systems of a deployment without the sandboxes, their keys
/// outside the application's database.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// The national certification authority's root certificate.
    pub ca: NationalCa,
    /// The payment gateway.
    pub gateway: HostedGateway,
}

impl AppState {
    /// The state with the system clock and the sandboxes of the state
    /// systems (registers, certification authority, payment gateway), whose
    /// keys are kept in the database.
    pub async fn new(db: Db, dist: PathBuf) -> Result<AppState, EdsError> {
        let now = SystemClock.now().unix();
        let ca = SandboxCa::open(&db, now).await?;
        let gateway = Arc::new(SandboxGateway::open(&db, now).await?);
        let mut state = AppState::with(db, dist, Arc::new(ca), gateway.clone());
        state.sandbox = Some(Sandbox { gateway });
        Ok(state)
    }

    /// The state of a deployment without the sandboxes: the real
    /// certification authority and gateway, nothing of theirs in the
    /// database, no sandbox pages.
    pub fn deployment(db: Db, dist: PathBuf, real: Deployment) -> AppState {
        AppState::with(db, dist, Arc::new(real.ca), Arc::new(real.gateway))
    }

    fn with(db: Db, dist: PathBuf, ca: Arc<dyn CertificationAuthority>, gateway: Arc<dyn PaymentGateway>) -> AppState {
        let page_policy = Arc::from(crate::security::page_policy(&dist));
        AppState {
            db,
            page_policy,
            dist: Arc::new(dist),
            clock: Arc::new(SystemClock),
            registers: Arc::new(SandboxRegisters::demo()),
            notary: Arc::new(SandboxNotary::demo()),
            treasury: Arc::new(SandboxTreasury::demo()),
            secure_cookies: false,
            // Set from the configuration before serving (a local
            // directory or an S3-compatible store); nothing is kept here.
            files: Arc::new(object_store::memory::InMemory::new()),
            max_upload_bytes: 10 * 1024 * 1024,
            quota: crate::config::Quota::default(),
            ca,
            gateway,
            sandbox: None,
            public_url: Arc::from("http://127.0.0.1:8080"),
            test_clock: None,
            demo: false,
            trusted_proxies: Arc::from(Vec::new()),
        }
    }
}
