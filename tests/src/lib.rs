//! The end-to-end harness: starts the real server on a free port with a fresh
//! database, starts chromedriver, and opens headless Chromium on it.
//!
//! The `xtask test` command provides the environment: `RUQSAT_BIN` (the server
//! binary), `RUQSAT_DIST` (the built app), `CHROMEDRIVER` and `CHROMIUM`. A
//! missing one fails the test with a message saying so; nothing is skipped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use shared::catalog::{ApplicantKind, RequestType, catalog};
use shared::date::Date;
use shared::form::example;

/// How long a page may take to show what a test waits for.
pub const WAIT: Duration = Duration::from_secs(15);

fn env_path(name: &str) -> PathBuf {
    match std::env::var_os(name) {
        Some(v) => PathBuf::from(v),
        None => panic!("{name} is not set: run the end-to-end tests through `cargo xtask test`"),
    }
}

/// A free port on loopback.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Polls a loopback HTTP endpoint until it answers 200.
fn wait_http_ok(port: u16, path: &str, child: &mut Child, what: &str) {
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before it was ready: {status}");
        }
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
            let req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            let mut buf = [0u8; 64];
            if s.write_all(req.as_bytes()).is_ok()
                && let Ok(n) = s.read(&mut buf)
                && buf[..n].starts_with(b"HTTP/1.1 200")
            {
                return;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{what} did not become ready in 30 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The DOM id the app gives the field at a form path.
pub fn dom_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id.trim_end_matches('-').to_owned()
}

/// A small PDF file on disk, to upload.
pub fn pdf_file(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ruqsat-e2e-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory for files");
    let path = dir.join(name);
    std::fs::write(&path, format!("%PDF-1.4\n% {content}\n%%EOF\n")).expect("a file");
    path
}

/// A process that is killed when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The server, with its own database in a temporary directory.
pub struct Server {
    /// Its base URL, such as `http://127.0.0.1:41234`.
    pub url: String,
    _process: Guard,
    _dir: TempDir,
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Server {
    /// Starts the built server on a free port with a fresh SQLite database.
    pub fn start() -> Server {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("ruqsat-e2e-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let mut child = Command::new(env_path("RUQSAT_BIN"))
            .env("RUQSAT_ADDR", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", format!("sqlite://{}/ruqsat.db", dir.display()))
            .env("RUQSAT_FILES", dir.join("files"))
            .env("RUQSAT_AUDIT_ANCHOR", dir.join("audit-anchor"))
            .env("RUQSAT_DIST", env_path("RUQSAT_DIST"))
            .env("RUQSAT_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .env("RUQSAT_TEST_CLOCK", "true")
            .env("RUQSAT_DEMO", "true")
            .env("RUQSAT_INSECURE_HTTP", "true")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("the server starts");
        wait_http_ok(port, "/api/health", &mut child, "the server");
        Server {
            url: format!("http://127.0.0.1:{port}"),
            _process: Guard(child),
            _dir: TempDir(dir),
        }
    }
}

/// Headless Chromium driven through chromedriver.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    _driver: Guard,
    _profile: TempDir,
}

impl Browser {
    /// Opens a fresh headless Chromium (new profile, English) with a window
    /// of the given size.
    pub async fn open(width: u32, height: u32) -> Browser {
        let port = free_port();
        let mut driver = Command::new(env_path("CHROMEDRIVER"))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        wait_http_ok(port, "/status", &mut driver, "chromedriver");
        let profile = std::env::temp_dir().join(format!("ruqsat-chromium-{}-{port}", std::process::id()));
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": env_path("CHROMIUM"),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-quic", "--no-first-run", "--lang=en-US",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.display()),
                ],
            }
        });
        let mut caps = caps;
        // Desktop Chromium will not make a window narrower than about 500 px;
        // a phone's viewport is emulated instead.
        if width < 500 {
            caps["goog:chromeOptions"]["mobileEmulation"] = serde_json::json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0, "touch": true }
            });
        }
        let serde_json::Value::Object(caps) = caps else {
            unreachable!("an object literal")
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session");
        Browser {
            client,
            _driver: Guard(driver),
            _profile: TempDir(profile),
        }
    }

    /// Waits until an element matching a CSS selector is on the page.
    /// On a timeout it keeps a screenshot (`failed-wait.png`) and says
    /// where the page was.
    pub async fn wait_for(&self, css: &str) -> Element {
        let start = Instant::now();
        loop {
            let left = WAIT.saturating_sub(start.elapsed());
            match self.client.wait().at_most(left).for_element(Locator::Css(css)).await {
                Ok(e) => return e,
                // A page that navigates while it is searched (a gateway's
                // redirect) aborts the search: search the new page.
                Err(e) if e.to_string().contains("aborted by navigation") && start.elapsed() < WAIT => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return self.fail_wait(css, e).await,
            }
        }
    }

    /// Keeps a screenshot of a wait that timed out and says where the page was.
    async fn fail_wait(&self, css: &str, e: fantoccini::error::CmdError) -> Element {
        self.screenshot("failed-wait").await;
        let url = self
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        panic!("no element {css} within {WAIT:?} on {url}: {e}")
    }

    /// Waits until the element's text equals `expected`.
    pub async fn wait_for_text(&self, css: &str, expected: &str) {
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < WAIT {
            if let Ok(e) = self.client.find(Locator::Css(css)).await
                && let Ok(t) = e.text().await
            {
                if t.trim() == expected {
                    return;
                }
                last = t;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} shows {last:?}, not {expected:?}");
    }

    /// Asserts that the page fits its width, then saves a screenshot under
    /// `RUQSAT_SCREENSHOTS` (when set) for people to look at.
    pub async fn screenshot(&self, name: &str) {
        self.fits(name).await;
        let Some(dir) = std::env::var_os("RUQSAT_SCREENSHOTS").map(PathBuf::from) else {
            return;
        };
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::create_dir_all(&dir).expect("the screenshot directory");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write the screenshot");
    }

    /// Asserts that the page does not scroll sideways — nothing is wider than
    /// the viewport — and that its stand-alone links are 44 × 44 px targets
    /// (every page a journey photographs, at both widths).
    pub async fn fits(&self, name: &str) {
        let widths = self
            .client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth, \
                 [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1) \
                 .slice(0, 3).map(e => e.tagName + '.' + e.className).join(' ')]",
                vec![],
            )
            .await
            .expect("the page's widths");
        let (scroll, viewport) = (widths[0].as_i64().unwrap_or(0), widths[1].as_i64().unwrap_or(0));
        assert!(
            scroll <= viewport,
            "{name}: the page scrolls sideways ({scroll} px in a {viewport} px viewport): {}",
            widths[2]
        );
        // Links that stand alone are targets a finger can hit: 44 × 44 px.
        let small = self
            .client
            .execute(
                "return [...document.querySelectorAll('.rq-back-link, .rq-footer a')] \
                 .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && (r.width < 44 || r.height < 44)) \
                 .map(r => Math.round(r.width) + '×' + Math.round(r.height)).join(' ')",
                vec![],
            )
            .await
            .expect("the targets' sizes");
        assert_eq!(small.as_str(), Some(""), "{name}: targets under 44 × 44 px");
        self.accessible(name).await;
    }

    /// Runs axe-core (the file `RUQSAT_AXE` names; the test command
    /// installs it from npm) on the page against WCAG 2.0–2.2 A and AA, in
    /// each of the three languages, and fails on any violation, naming the
    /// language, each rule and where.
    pub async fn accessible(&self, name: &str) {
        let path = std::env::var("RUQSAT_AXE").expect("RUQSAT_AXE: axe.min.js (cargo xtask test installs it)");
        let axe = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let installed = self
            .client
            .execute(&format!("{axe}; return typeof axe;"), vec![])
            .await
            .expect("axe-core loaded");
        assert_eq!(installed.as_str(), Some("object"), "axe-core in the page");
        // In the page's language, then in each other one the switch offers
        // (a server-rendered page has none), then back as it was.
        let found = self
            .run_async(
                "const check = async () => (await axe.run(document, {runOnly: {type: 'tag', values: \
                   ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})).violations \
                   .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')); \
                 const pause = () => new Promise(r => setTimeout(r, 30)); \
                 const out = []; \
                 const current = document.querySelector('.rq-lang__option--current'); \
                 const first = await check(); \
                 if (first.length) out.push((current ? current.dataset.lang : 'page') + ': ' + first.join('; ')); \
                 if (current) { \
                   const was = current.dataset.lang; \
                   for (const code of ['kk', 'ru', 'en']) { \
                     const b = document.querySelector(`[data-lang='${code}']`); \
                     if (code === was || !b) continue; \
                     b.click(); await pause(); \
                     const v = await check(); if (v.length) out.push(code + ': ' + v.join('; ')); } \
                   document.querySelector(`[data-lang='${was}']`).click(); await pause(); } \
                 return out.join('\\n');",
                vec![],
            )
            .await;
        assert_eq!(found.as_str(), Some(""), "{name}: accessibility violations:\n{}", found);
    }

    /// Clicks the element matching a CSS selector, once it is there. A
    /// step may draw itself again between finding and clicking (a save or
    /// an upload answering): the element is then found again, as a person
    /// would simply click the button they see.
    pub async fn click(&self, css: &str) {
        for attempt in 0.. {
            let e = self.wait_for(css).await;
            // Scrolled into view first: a phone's viewport hides most of a form.
            let _ = self
                .client
                .execute(
                    "arguments[0].scrollIntoView({block: 'center'})",
                    vec![serde_json::to_value(&e).expect("an element")],
                )
                .await;
            match e.click().await {
                Ok(_) => return,
                Err(err) if attempt < 5 && err.to_string().contains("stale element") => {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(err) => panic!("click {css}: {err}"),
            }
        }
    }

    /// Types into the field at a form path (its id is `f-` and the path with
    /// every other character a dash), replacing what was there, then leaves it.
    pub async fn fill(&self, path: &str, value: &str) {
        let id = dom_id(path);
        let script = "const el = arguments[0]; el.scrollIntoView({block: 'center'}); el.focus();                       el.value = arguments[1]; el.dispatchEvent(new Event('input', {bubbles: true}));                       el.blur();";
        // Should the page draw the field again between finding it and
        // filling it, the field is found again.
        let mut attempts = 0;
        loop {
            let e = self.wait_for(&format!("#{id}")).await;
            let done = self
                .client
                .execute(
                    script,
                    vec![serde_json::to_value(&e).expect("an element"), value.into()],
                )
                .await;
            match done {
                Ok(_) => return,
                Err(err) if attempts < 5 && err.to_string().contains("stale element") => {
                    attempts += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(err) => panic!("fill {path}: {err}"),
            }
        }
    }

    /// Chooses an option, by its value, of the list at a form path, as a
    /// person picks it (the list tells the page it changed).
    pub async fn choose(&self, path: &str, value: &str) {
        let e = self.wait_for(&format!("select#{}", dom_id(path))).await;
        let script = "const el = arguments[0]; el.scrollIntoView({block: 'center'}); \
                      if (![...el.options].some(o => o.value === arguments[1])) { return false; } \
                      el.value = arguments[1]; el.dispatchEvent(new Event('change', {bubbles: true})); return true;";
        let found = self
            .client
            .execute(
                script,
                vec![serde_json::to_value(&e).expect("an element"), value.into()],
            )
            .await
            .unwrap_or_else(|err| panic!("choose {path}: {err}"));
        assert_eq!(found, serde_json::Value::Bool(true), "{path} has no option {value}");
    }

    /// Types keys into the field at a form path, as a person does.
    pub async fn type_keys(&self, path: &str, value: &str) {
        let e = self.wait_for(&format!("#{}", dom_id(path))).await;
        e.clear().await.expect("clear");
        e.send_keys(value).await.expect("type");
    }

    /// The value of the field at a form path.
    pub async fn value(&self, path: &str) -> String {
        let e = self.wait_for(&format!("#{}", dom_id(path))).await;
        e.prop("value").await.ok().flatten().unwrap_or_default()
    }

    /// Waits until the page's path is `path` (or matches it, with `*` for one segment).
    pub async fn wait_for_path(&self, pattern: &str) -> String {
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < WAIT {
            if let Ok(url) = self.client.current_url().await {
                last = url.path().to_owned();
                let got: Vec<&str> = last.split('/').collect();
                let want: Vec<&str> = pattern.split('/').collect();
                if got.len() == want.len() && got.iter().zip(&want).all(|(g, w)| *w == "*" || g == w) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the page is at {last}, not {pattern}");
    }

    /// Waits until some element matching a CSS selector contains `text`.
    pub async fn wait_for_contains(&self, css: &str, text: &str) {
        let start = Instant::now();
        let mut seen = Vec::new();
        while start.elapsed() < WAIT {
            seen.clear();
            if let Ok(all) = self.client.find_all(Locator::Css(css)).await {
                for e in all {
                    if let Ok(t) = e.text().await {
                        if t.contains(text) {
                            return;
                        }
                        seen.push(t);
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no {css} contains {text:?}; seen {seen:?}");
    }

    /// Runs a script that returns a promise, and answers what it resolves to.
    pub async fn run_async(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        let wrapped = format!(
            "const done = arguments[arguments.length - 1]; (async () => {{ {script} }})().then(done, e => done({{error: String(e)}}));"
        );
        self.client.execute_async(&wrapped, args).await.expect("a script")
    }

    /// Ends the session.
    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

// The applicant's steps that several journeys share.

/// Today in Kazakhstan.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    shared::calendar::Timestamp::from_unix(secs).local_date()
}

/// Registers through the form and lands in the cabinet.
pub async fn register(b: &Browser, server: &Server, kind: &str, id: &str, email: &str) {
    b.client.goto(&format!("{}/register", server.url)).await.expect("open");
    b.click(&format!("input[name='account.kind'][value='{kind}']")).await;
    b.type_keys("account.identifier", id).await;
    b.type_keys("account.email", email).await;
    b.type_keys("account.password", APPLICANT_PASSWORD).await;
    b.click("button[type=submit]").await;
    b.wait_for_path("/cabinet").await;
}

/// Opens a service and starts a request type; answers the application's id.
pub async fn start(b: &Browser, server: &Server, service: &str, request_type: &str) -> String {
    b.client
        .goto(&format!("{}/services/{service}", server.url))
        .await
        .expect("open");
    b.click(&format!("[data-request-type='{request_type}'] [data-action='apply']"))
        .await;
    let path = b.wait_for_path("/applications/*/*").await;
    path.split('/').nth(2).expect("an id").to_owned()
}

/// Waits until the sign page shows the SHA-256 of what is signed.
pub async fn wait_for_digest(b: &Browser) {
    for _ in 0..300 {
        let text = match b.client.find(Locator::Css("[data-digest]")).await {
            // Under "What is signed", folded: read whether shown or not.
            Ok(e) => e.prop("textContent").await.ok().flatten().unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.len() == 64 && text.bytes().all(|c| c.is_ascii_hexdigit()) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no SHA-256 digest shown on the sign page");
}

/// The password every applicant of these tests registers with.
pub const APPLICANT_PASSWORD: &str = "correct horse battery";

/// Gets a certificate on the sign page, giving the password again; answers
/// its serial.
pub async fn get_certificate(b: &Browser) -> String {
    b.type_keys("certificate.password", APPLICANT_PASSWORD).await;
    b.click("[data-action='get-certificate']").await;
    let panel = b
        .wait_for(".rq-panel[data-certificate]:not([data-certificate='none'])")
        .await;
    panel.attr("data-certificate").await.ok().flatten().expect("a serial")
}

/// Completes an application through the API from inside the page (the
/// wizard itself is covered above), returning its id.
pub async fn complete_by_api(b: &Browser, server: &Server) -> String {
    complete_by_api_for(b, server, "passenger-transport", ApplicantKind::Ie).await
}

/// Completes an application of a service through the API from inside the
/// page, for the signed-in applicant of that kind; returns its id.
pub async fn complete_by_api_for(b: &Browser, server: &Server, service: &str, kind: ApplicantKind) -> String {
    let id = start(b, server, service, "issuance").await;
    let s = catalog().service(service).expect("a service");
    let mut form = example(s, RequestType::Issuance, kind, today());
    let docs: Vec<String> = s.documents_for(RequestType::Issuance).map(|d| d.id.clone()).collect();
    form.attachments.clear();
    let script = "
        const [id, form, docs] = arguments;
        const v = await (await fetch(`/api/applications/${id}`)).json();
        form.applicant = v.form.applicant;
        const r = await fetch(`/api/applications/${id}`, {method: 'PUT', headers: {'content-type': 'application/json'},
            body: JSON.stringify({version: v.version, form})});
        for (const d of docs) {
            await fetch(`/api/applications/${id}/attachments/${d}?name=${d}.pdf`, {method: 'POST', body: new Blob(['%PDF-1.4 ' + d])});
        }
        return r.status;";
    let status = b
        .run_async(
            script,
            vec![
                id.clone().into(),
                serde_json::to_value(&form).expect("json"),
                serde_json::to_value(&docs).expect("json"),
            ],
        )
        .await;
    assert_eq!(status.as_i64(), Some(200), "{status}");
    id
}

/// Pays an application online at the sandbox gateway, gets a certificate,
/// signs and sends it through the wizard; returns its registration number.
pub async fn pay_and_send(b: &Browser, server: &Server, id: &str) -> String {
    b.client
        .goto(&format!("{}/applications/{id}/payment", server.url))
        .await
        .expect("open");
    b.click("input[name='payment.method'][value='online']").await;
    b.choose("payment.beneficiary", "almaty-almaly").await;
    b.click("[data-action='pay-online']").await;
    b.wait_for_path("/sandbox/gateway/*").await;
    b.click("button[value='paid']").await;
    b.wait_for_path(&format!("/applications/{id}/payment")).await;
    b.wait_for("[data-paid='true']").await;
    b.click("[data-action='continue']").await;
    b.wait_for("[data-step='sign']").await;
    get_certificate(b).await;
    wait_for_digest(b).await;
    b.click("[data-action='sign']").await;
    b.wait_for_path(&format!("/applications/{id}/sent")).await;
    b.wait_for("[data-number]")
        .await
        .attr("data-number")
        .await
        .ok()
        .flatten()
        .expect("a number")
}

/// Clicks by script. Under chromedriver's phone emulation a pointer click
/// on a long, scrolled page can land off its target (it does so on the
/// wizard's short pages too rarely to matter), so the back-office tests,
/// which also run at 390 px, press their buttons through the DOM.
pub async fn tap(b: &Browser, css: &str) {
    // Once it can be pressed: a button waiting for its data is disabled.
    b.wait_for(&format!("{css}:not([disabled])")).await;
    b.run_async(
        "const [css] = arguments; const e = document.querySelector(css); e.scrollIntoView({block: 'center'}); e.click(); return 1;",
        vec![css.into()],
    )
    .await;
}

/// The text of a PDF fetched by the page (the applicant's session), as
/// pdftotext extracts it.
pub async fn pdf_text(b: &Browser, url: &str) -> String {
    let script = "
        const [url] = arguments;
        const r = await fetch(url);
        const bytes = new Uint8Array(await r.arrayBuffer());
        let s = '';
        for (const x of bytes) s += String.fromCharCode(x);
        return [r.status, r.headers.get('content-type'), btoa(s)];";
    let out = b.run_async(script, vec![url.into()]).await;
    assert_eq!(out[0].as_i64(), Some(200), "{url}");
    assert_eq!(out[1].as_str(), Some("application/pdf"));
    let b64 = out[2].as_str().expect("base64");
    let bytes = base64_decode(b64);
    let dir = std::env::temp_dir().join(format!("ruqsat-e2e-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let path = dir.join("result.pdf");
    std::fs::write(&path, bytes).expect("write");
    let text = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8(text.stdout).expect("UTF-8")
}

fn base64_decode(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Uploads a file as a document, where its upload control is, and waits
/// until the page lists it.
pub async fn upload(b: &Browser, document: &str, file: &std::path::Path) {
    let input = b
        .wait_for(&format!("[data-document='{document}'] input[type=file]"))
        .await;
    input
        .send_keys(&file.display().to_string())
        .await
        .expect("choose a file");
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    b.wait_for(&format!("[data-document='{document}'] [data-file='{name}']"))
        .await;
}

/// An answer of [`http`]: status, headers (names lower-cased) and body.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body (de-chunked).
    pub body: Vec<u8>,
}

impl Answer {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The session cookie it sets (`name=value`).
    pub fn cookie(&self) -> Option<String> {
        self.header("set-cookie")
            .and_then(|c| c.split(';').next())
            .map(str::to_owned)
    }
}

/// One plain HTTP/1.1 request to a server on loopback (a new connection,
/// closed after), for tests that talk to the API without a browser.
pub fn http(base: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let port: u16 = base
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .expect("a base URL with a port");
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connected");
    s.set_read_timeout(Some(Duration::from_secs(30))).expect("a timeout");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("sent");
    s.write_all(body).expect("sent");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("an answer");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head and a body");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("a status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..end]).trim(), 16).unwrap_or(0);
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[end + 2..end + 2 + size]);
            rest = &rest[end + 2 + size + 2..];
        }
        body = out;
    }
    Answer { status, headers, body }
}
