//! The provider's side in a real browser: an application sent through the
//! wizard goes clerk → head → department head → executor → head signs with
//! EDS; the applicant downloads the licence PDF and its QR link shows the
//! licence in force; a refusal with grounds; a grain-warehouse issuance with
//! its inspection; overdue highlighting once the server's clock moves on;
//! the free certificate from the wizard to its collection notice.

use fantoccini::Locator;
use ruqsat_e2e::{
    Browser, Server, WAIT, complete_by_api, complete_by_api_for, get_certificate, pay_and_send, pdf_file, pdf_text,
    register, start, tap, today, upload, wait_for_digest,
};
use shared::catalog::{ApplicantKind, RequestType, catalog};

const IE: &str = "860101300017";
const LE: &str = "990340001230";

/// Signs a staff member in at the staff entry; they land on their inbox.
async fn staff_sign_in(b: &Browser, server: &Server, login: &str) {
    staff_sign_in_to(b, server, login, "/staff/inbox").await;
}

/// Signs a staff member in; they land on `landing`.
async fn staff_sign_in_to(b: &Browser, server: &Server, login: &str, landing: &str) {
    b.client.goto(&format!("{}/staff", server.url)).await.expect("open");
    let field = b.wait_for("#staff-login").await;
    field.send_keys(login).await.expect("type the login");
    b.wait_for("#staff-password")
        .await
        .send_keys("ruqsat-staff-demo")
        .await
        .expect("type the password");
    b.click("[data-action='staff-sign-in']").await;
    b.wait_for_path(landing).await;
}

async fn staff_sign_out(b: &Browser) {
    // Clicked by script: headless Chromium's PDF viewer (the previews)
    // can lie over the header and take a pointer's click.
    b.wait_for("[data-nav='staff-sign-out']").await;
    b.run_async(
        "document.querySelector(\"[data-nav='staff-sign-out']\").click(); return 1;",
        vec![],
    )
    .await;
    b.wait_for("#staff-login").await;
}

/// Opens the case from the member's inbox. The inbox may draw its rows
/// again just after the first paint (the member's remembered filters
/// arrive), which can swallow a click on the old row: the click is made
/// again until the case opens.
async fn open_case(b: &Browser, id: &str) {
    let path = format!("/staff/cases/{id}");
    for _ in 0..4 {
        tap(b, &format!("tr[data-case='{id}'] a")).await;
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(3) {
            if b.client.current_url().await.is_ok_and(|u| u.path() == path) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        if b.client.current_url().await.is_ok_and(|u| u.path() == path) {
            break;
        }
    }
    b.wait_for_path(&path).await;
    b.wait_for("[data-number]").await;
}

/// Types into a field by its id (ids here hold dots, so by attribute).
async fn type_into(b: &Browser, id: &str, text: &str) {
    b.wait_for(&format!("[id='{id}']"))
        .await
        .send_keys(text)
        .await
        .expect("type");
}

/// Signs the drafted decision, first getting a certificate with the demo
/// password given again when this browser holds none for the member.
async fn sign_decision(b: &Browser, shot: Option<&str>) {
    let form = b.wait_for("[data-form='sign']:not([data-certificate='loading'])").await;
    if form.attr("data-certificate").await.ok().flatten().as_deref() == Some("none") {
        b.type_keys("certificate.password", "ruqsat-staff-demo").await;
    }
    if let Some(name) = shot {
        scroll_to(b, "[data-form='sign']").await;
        b.screenshot(name).await;
    }
    press(b, "sign-decision").await;
}

/// Scrolls an element to the top of the window, for a screenshot of it.
async fn scroll_to(b: &Browser, css: &str) {
    b.wait_for(css).await;
    b.run_async(
        "const [css] = arguments; document.querySelector(css).scrollIntoView({block: 'start'}); return 1;",
        vec![css.into()],
    )
    .await;
}

/// Picks an option of a select by its value, as a person does.
async fn choose(b: &Browser, css: &str, value: &str) {
    b.wait_for(css)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("choose {value} in {css}: {e}"));
}

async fn timeline_len(b: &Browser) -> usize {
    b.client
        .find_all(Locator::Css("li.rq-timeline__item"))
        .await
        .map(|v| v.len())
        .unwrap_or_default()
}

/// Clicks an action's button and waits until the server's answer shows a
/// new entry of that action on the timeline.
async fn press(b: &Browser, action: &str) {
    let before = timeline_len(b).await;
    let css = format!("button[data-action='{action}']");
    tap(b, &css).await;
    let started = std::time::Instant::now();
    while timeline_len(b).await <= before {
        if started.elapsed() > WAIT {
            b.screenshot(&format!("failed-{action}")).await;
            let state = b
                .run_async(
                    "const [css] = arguments; const e = document.querySelector(css); \
                     return [e ? e.outerHTML : 'none', document.querySelector('[role=alert]')?.textContent ?? ''];",
                    vec![css.clone().into()],
                )
                .await;
            panic!("{action}: no new timeline entry; {state}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Takes one action as a member: sign in, open from the inbox, act, see
/// the timeline grow, sign out.
async fn act(b: &Browser, server: &Server, login: &str, id: &str, action: &str, fill: &[(&str, &str)]) {
    staff_sign_in(b, server, login).await;
    open_case(b, id).await;
    for (field, text) in fill {
        type_into(b, field, text).await;
    }
    press(b, action).await;
    staff_sign_out(b).await;
}

/// The transport department's case from the clerk's register to the
/// executor: the head's and the department head's resolutions.
async fn to_the_executor(b: &Browser, server: &Server, id: &str) {
    act(b, server, "transport.clerk", id, "register", &[]).await;
    act(
        b,
        server,
        "transport.head",
        id,
        "resolve",
        &[("resolution.note", "В отдел")],
    )
    .await;
    let note = [("resolution.note", "Исполнить")];
    act(b, server, "transport.department-head", id, "resolve", &note).await;
}

/// An applicant sends a complete application; returns (id, number).
async fn sent(b: &Browser, server: &Server, service: &str, kind: ApplicantKind) -> (String, String) {
    let (k, id, email) = match kind {
        ApplicantKind::Ie => ("ie", IE, "erlan@example.kz"),
        ApplicantKind::Le => ("le", LE, "office@example.kz"),
    };
    register(b, server, k, id, email).await;
    let app = complete_by_api_for(b, server, service, kind).await;
    let number = pay_and_send(b, server, &app).await;
    (app, number)
}

/// The transport department decides a certificate: to the executor, who
/// checks the file and names where and on which working day it is
/// collected (with `day_off`, a day off first, refused with its own
/// message); the head signs; the clerk sends it. Answers the working day.
async fn certificate_decided(b: &Browser, server: &Server, id: &str, day_off: bool) -> shared::date::Date {
    to_the_executor(b, server, id).await;
    staff_sign_in(b, server, "transport.executor").await;
    open_case(b, id).await;
    press(b, "check-completeness").await;
    b.wait_for("[data-done]").await;
    b.wait_for("[data-form='decision']").await;
    type_into(b, "decision.collection.place", "Тараз, ул. Толе би 42, каб. 105").await;
    let calendar = shared::calendar::Calendar::of_provider("transport-dept");
    let days = || (1..60).map(|n| today().add_days(n));
    let working = days()
        .find(|d| calendar.is_working_day(*d) == Ok(true))
        .expect("a working day");
    let set_date = |d: shared::date::Date| async move {
        b.run_async(
            "const [v] = arguments; const d = document.getElementById('decision.collection.date'); d.value = v;
             d.dispatchEvent(new Event('input', {bubbles: true})); return 1;",
            vec![d.to_string().into()],
        )
        .await;
    };
    if day_off {
        // A day off is refused with its own message; a working day is taken.
        let off = days()
            .find(|d| calendar.is_working_day(*d) == Ok(false))
            .expect("a day off within two months");
        set_date(off).await;
        tap(b, "button[data-action='draft-decision']").await;
        b.wait_for("[data-error='decision.collection.date']").await;
        b.screenshot("staff-certificate-day-off-phone").await;
    }
    set_date(working).await;
    press(b, "draft-decision").await;
    staff_sign_out(b).await;
    staff_sign_in(b, server, "transport.head").await;
    open_case(b, id).await;
    sign_decision(b, None).await;
    staff_sign_out(b).await;
    act(b, server, "transport.clerk", id, "dispatch", &[]).await;
    working
}

/// The number of the licence the signed case shows.
async fn licence_shown(b: &Browser) -> String {
    b.wait_for("[data-licence]")
        .await
        .attr("data-licence")
        .await
        .ok()
        .flatten()
        .expect("a licence number")
}

/// The transport department decides a licence in the browser: the clerk
/// registers it from the inbox, the head and the department head resolve
/// (naming the executor), the executor checks the file and asks the
/// passenger-transport body for its conclusion (seed 003:99) before the
/// licence may be drafted, the head signs with EDS and the clerk sends it.
/// `shots`: photographs each page on the way. Answers the licence number.
async fn licence_decided(b: &Browser, server: &Server, id: &str, shots: bool) -> String {
    // The clerk finds it in the inbox and registers it.
    staff_sign_in(b, server, "transport.clerk").await;
    b.wait_for(&format!("tr[data-case='{id}']")).await;
    if shots {
        b.screenshot("staff-inbox-desktop").await;
    }
    open_case(b, id).await;
    b.wait_for("[data-signature='valid']").await;
    if shots {
        b.screenshot("staff-case-desktop").await;
    }
    press(b, "register").await;
    staff_sign_out(b).await;

    act(
        b,
        server,
        "transport.head",
        id,
        "resolve",
        &[("resolution.note", "В отдел лицензирования")],
    )
    .await;
    // The department head names the executor.
    staff_sign_in(b, server, "transport.department-head").await;
    open_case(b, id).await;
    type_into(b, "resolution.note", "Исполнить").await;
    b.wait_for("[id='resolution.to'] option:nth-child(3)").await;
    b.run_async(
        "const s = document.getElementById('resolution.to');
         const o = [...s.options].find(o => o.text.startsWith('Тимур Есенов'));
         s.value = o.value; s.dispatchEvent(new Event('change', {bubbles: true})); return o.value;",
        vec![],
    )
    .await;
    press(b, "resolve").await;
    staff_sign_out(b).await;

    // The executor checks the documents and asks the passenger-transport
    // body for its conclusion, a condition of the check (seed 003:99): no
    // licence is drafted before it answers.
    staff_sign_in(b, server, "transport.executor").await;
    open_case(b, id).await;
    press(b, "check-completeness").await;
    // Nothing missing: the member is told what was done.
    b.wait_for("[data-done]").await;
    b.wait_for("button[data-action='draft-decision']").await;
    tap(b, "button[data-action='draft-decision']").await;
    b.wait_for("[data-error='decision.outcome']").await;
    type_into(b, "conclusion.question", "Согласуете выдачу лицензии?").await;
    press(b, "request-conclusion").await;
    staff_sign_out(b).await;
    act(
        b,
        server,
        "transport.external-body",
        id,
        "answer-conclusion",
        &[("conclusion.answer", "Согласовано")],
    )
    .await;
    staff_sign_in(b, server, "transport.executor").await;
    open_case(b, id).await;
    b.wait_for("button[data-action='draft-decision']").await;
    if shots {
        b.screenshot("staff-decision-desktop").await;
    }
    press(b, "draft-decision").await;
    staff_sign_out(b).await;

    // The head signs with the EDS key this browser makes.
    staff_sign_in(b, server, "transport.head").await;
    open_case(b, id).await;
    sign_decision(b, shots.then_some("staff-sign-certificate-desktop")).await;
    let licence = licence_shown(b).await;
    if shots {
        b.screenshot("staff-signed-desktop").await;
    }
    if shots {
        // The applicant's answers under the wizard's labels, and the timeline
        // in words.
        for (css, name) in [
            (".rq-summary-list__title", "staff-case-answers-desktop"),
            (".rq-timeline", "staff-case-timeline-desktop"),
        ] {
            b.wait_for(css).await;
            b.client
                .execute(&format!("document.querySelector('{css}').scrollIntoView()"), vec![])
                .await
                .expect("scrolled");
            b.screenshot(name).await;
        }
    }
    let timeline = b.wait_for(".rq-timeline").await.text().await.expect("a text");
    assert!(
        !timeline.contains("draft-decision") && !timeline.contains("sign-decision"),
        "{timeline}"
    );
    staff_sign_out(b).await;
    // Nothing dispatches by itself: the office's clerk sends the result.
    act(b, server, "transport.clerk", id, "dispatch", &[]).await;
    licence
}

#[tokio::test]
async fn a_licence_goes_through_the_chain_is_signed_and_verified_by_its_qr_link() {
    let server = Server::start();
    let b = Browser::open(1280, 1100).await;
    let (id, number) = sent(&b, &server, "passenger-transport", ApplicantKind::Ie).await;

    let licence = licence_decided(&b, &server, &id, true).await;

    // The applicant: the notification, the licence, its PDF, its QR link.
    b.client
        .goto(&format!("{}/cabinet/licences", server.url))
        .await
        .expect("open");
    b.wait_for(&format!("[data-licence='{licence}']")).await;
    b.screenshot("cabinet-licences-desktop").await;
    let text = pdf_text(&b, &format!("/api/applications/{id}/result.pdf")).await;
    assert!(text.contains(&licence), "{text}");
    assert!(text.contains("Қызмет түрі"), "Kazakh text extractable: {text}");
    let link = text
        .lines()
        .find(|l| l.contains("/verify?number="))
        .expect("the QR code's link printed under it")
        .trim()
        .to_owned();
    assert!(link.starts_with(&server.url), "{link}");
    b.client.goto(&link).await.expect("open the QR link");
    b.wait_for("[data-licence-status='issued']").await;
    b.wait_for_contains("[data-number]", &licence).await;
    b.screenshot("verify-desktop").await;
    b.client
        .goto(&format!("{}/cabinet/notifications", server.url))
        .await
        .expect("open");
    b.wait_for_contains("[data-message='notify.issued']", &number).await;

    // The head suspends it; the same QR link now says so.
    staff_sign_in(&b, &server, "transport.head").await;
    b.client
        .goto(&format!("{}/staff/cases/{id}", server.url))
        .await
        .expect("open");
    b.wait_for("[data-licence-status='issued']").await;
    type_into(&b, "licence.reason", "Решение суда о приостановлении").await;
    tap(&b, "button[data-licence-action='suspend']").await;
    b.wait_for("[data-licence-status='suspended']").await;
    staff_sign_out(&b).await;
    b.client.goto(&link).await.expect("open the QR link");
    b.wait_for("[data-licence-status='suspended']").await;
    b.screenshot("verify-suspended-desktop").await;
    b.client.goto(&format!("{}/registry", server.url)).await.expect("open");
    b.wait_for(&format!("[data-licence='{licence}']")).await;
    b.screenshot("registry-desktop").await;

    // The head's report: this year's decision counted, its steps' times
    // against their limits as a chart with its table, another period, and
    // a table downloaded as CSV.
    staff_sign_in(&b, &server, "transport.head").await;
    tap(&b, "[data-nav='reports']").await;
    b.wait_for_path("/staff/reports").await;
    choose(&b, "#report-preset", "this-year").await;
    b.wait_for_contains("[data-count='decided'] dd", "1").await;
    b.wait_for("[data-chart='weekly'] svg[role='img'] title").await;
    b.wait_for("[data-chart='steps'] svg[role='img']").await;
    b.wait_for("[data-report-table='steps'] tr[data-step='intake']").await;
    b.screenshot("staff-reports-desktop").await;
    scroll_to(&b, "[data-chart='steps']").await;
    b.screenshot("staff-reports-steps-desktop").await;
    b.accessible("staff-reports").await;
    choose(&b, "#report-preset", "last-year").await;
    b.wait_for_contains("[data-count='decided'] dd", "0").await;
    choose(&b, "#report-preset", "this-year").await;
    b.wait_for("[data-report-table='steps'] tr[data-step='intake']").await;
    let csv = b
        .run_async(
            "const href = document.querySelector(\"[data-csv='steps']\").getAttribute('href');
             const r = await fetch(href); const bytes = new Uint8Array(await r.arrayBuffer());
             return [r.status, r.headers.get('content-disposition'), bytes[0], bytes[1], bytes[2],
                     new TextDecoder().decode(bytes)];",
            vec![],
        )
        .await;
    assert_eq!(csv[0].as_i64(), Some(200), "{csv}");
    assert!(csv[1].as_str().is_some_and(|d| d.starts_with("attachment;")), "{csv}");
    assert_eq!(
        (csv[2].as_i64(), csv[3].as_i64(), csv[4].as_i64()),
        (Some(0xEF), Some(0xBB), Some(0xBF)),
        "a BOM"
    );
    assert!(csv[5].as_str().is_some_and(|t| t.lines().count() >= 2), "{csv}");
    b.close().await;

    // On a phone: the report and the public statistics fit, and the
    // statistics show the decided service against its limit.
    let phone = Browser::open(390, 844).await;
    staff_sign_in(&phone, &server, "transport.head").await;
    phone
        .client
        .goto(&format!("{}/staff/reports", server.url))
        .await
        .expect("open");
    choose(&phone, "#report-preset", "this-year").await;
    phone.wait_for("[data-chart='steps'] svg").await;
    phone.fits("staff-reports-phone").await;
    scroll_to(&phone, "[data-chart='weekly']").await;
    phone.screenshot("staff-reports-phone").await;
    phone
        .client
        .goto(&format!("{}/statistics", server.url))
        .await
        .expect("open");
    phone
        .wait_for("[data-stats='passenger-transport/issuance'] [data-in-time]")
        .await;
    phone.fits("statistics-phone").await;
    phone.screenshot("statistics-phone").await;
    let title = phone.client.title().await.expect("a title");
    assert!(title.starts_with("Ruqsat"), "{title}");
    phone.close().await;
}

#[tokio::test]
async fn the_administrator_adds_a_member_who_can_then_sign_in() {
    let server = Server::start();
    let b = Browser::open(390, 844).await;
    b.client.goto(&format!("{}/staff", server.url)).await.expect("open");
    b.wait_for("#staff-login").await;
    b.screenshot("staff-sign-in-phone").await;
    staff_sign_in(&b, &server, "police.admin").await;
    tap(&b, "[data-nav='admin']").await;
    b.wait_for("tr[data-member='police.clerk']").await;
    tap(&b, "button[data-action='add-member']").await;
    b.wait_for("[data-error='staff.login']").await;
    b.wait_for("[data-error='staff.iin']").await;
    type_into(&b, "staff.login", "police.clerk-2").await;
    type_into(&b, "staff.name", "Әйгерім Қасенова").await;
    type_into(&b, "staff.iin", "860101300017").await;
    type_into(&b, "staff.password", "a long enough password").await;
    tap(&b, "button[data-action='add-member']").await;
    // Set up by this administrator, they wait for a second one, and this
    // one is offered no confirmation of them.
    b.wait_for("tr[data-member='police.clerk-2'][data-unconfirmed='true']")
        .await;
    assert!(
        b.client
            .find(Locator::Css(
                "tr[data-member='police.clerk-2'] [data-action='confirm-member']"
            ))
            .await
            .is_err(),
        "the administrator who set a member up does not confirm them"
    );
    b.wait_for("[data-demo='true']").await;
    scroll_to(&b, "tr[data-member='police.clerk-2']").await;
    b.screenshot("staff-admin-phone").await;
    // The background jobs every instance shares, scheduled at start.
    for job in ["collect-files", "reconcile-calendar"] {
        b.wait_for(&format!("[data-panel='jobs'] tr[data-job='{job}']")).await;
    }
    scroll_to(&b, "[data-panel='jobs']").await;
    b.screenshot("staff-admin-jobs-phone").await;
    staff_sign_out(&b).await;
    b.wait_for("#staff-login")
        .await
        .send_keys("police.clerk-2")
        .await
        .expect("type");
    b.wait_for("#staff-password")
        .await
        .send_keys("a long enough password")
        .await
        .expect("type");
    tap(&b, "[data-action='staff-sign-in']").await;
    // The first password only leads to choosing their own.
    b.wait_for_path("/staff/password").await;
    b.wait_for("[data-password='required']").await;
    tap(&b, "button[data-action='change-password']").await;
    b.wait_for("[data-error='password.new']").await;
    type_into(&b, "password.current", "a long enough password").await;
    type_into(&b, "password.new", "my own long password").await;
    b.screenshot("staff-password-phone").await;
    tap(&b, "button[data-action='change-password']").await;
    b.wait_for_path("/staff/inbox").await;
    b.wait_for("[data-notice='awaiting-confirmation']").await;
    b.screenshot("staff-awaiting-confirmation-phone").await;
    b.close().await;
}

#[tokio::test]
async fn next_year_s_fee_waits_for_its_index_which_the_administrator_sets() {
    let server = Server::start();
    let b = Browser::open(390, 844).await;
    register(&b, &server, "ie", IE, "erlan@example.kz").await;
    let id = complete_by_api(&b, &server).await;
    // The server's clock moves to 5 January of next year, whose index the
    // product's data does not have.
    let next = today().year() + 1;
    let target =
        shared::calendar::Timestamp::from_local(shared::date::Date::from_ymd(next, 1, 5).expect("a date"), 10, 0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let moved = b
        .run_async(
            "const [secs] = arguments; const r = await fetch('/api/test/clock', {method: 'POST', \
             headers: {'content-type': 'application/json'}, body: JSON.stringify({secs})}); return r.status;",
            vec![(target.unix() - now).into()],
        )
        .await;
    assert_eq!(moved.as_i64(), Some(204));
    // The session ran out with the weeks; sign in again.
    let signed = b
        .run_async(
            "const r = await fetch('/api/sessions', {method: 'POST', headers: {'content-type': 'application/json'}, \
             body: JSON.stringify({identifier: '860101300017', password: 'correct horse battery'})}); return r.status;",
            vec![],
        )
        .await;
    assert_eq!(signed.as_i64(), Some(200));
    b.client
        .goto(&format!("{}/applications/{id}/payment", server.url))
        .await
        .expect("open");
    b.wait_for_contains(".rq-fee.rq-notice", &format!("The fee for {next} is not yet published"))
        .await;
    b.screenshot("wizard-fee-not-published-phone").await;

    // The administrator sets the index with its source.
    staff_sign_in(&b, &server, "transport.admin").await;
    tap(&b, "[data-nav='admin']").await;
    b.wait_for(&format!("[data-mrp-missing='{next}']")).await;
    tap(&b, "button[data-action='set-mrp']").await;
    b.wait_for("[data-error='mrp.index']").await;
    b.wait_for("[data-error='mrp.source']").await;
    type_into(&b, "mrp.index", "4 700").await;
    type_into(&b, "mrp.source", "Law on the republican budget, art. 9").await;
    tap(&b, "button[data-action='set-mrp']").await;
    b.wait_for(&format!("[data-mrp-saved='{next}']")).await;
    b.wait_for(&format!("li[data-mrp-year='{next}']")).await;
    scroll_to(&b, "#mrp-title").await;
    b.screenshot("staff-admin-mrp-phone").await;
    staff_sign_out(&b).await;

    // The applicant's payment step now shows the fee at the new index.
    b.client
        .goto(&format!("{}/applications/{id}/payment", server.url))
        .await
        .expect("open");
    let fee = catalog()
        .service("passenger-transport")
        .expect("a service")
        .fee
        .expect("a fee")
        .fee_at_index(RequestType::Issuance, shared::money::Tenge::from_tenge(4700));
    b.wait_for(&format!(".rq-fee[data-fee='{}']", fee.tiyn())).await;
    b.close().await;

    let desk = Browser::open(1280, 900).await;
    staff_sign_in(&desk, &server, "transport.admin").await;
    tap(&desk, "[data-nav='admin']").await;
    desk.wait_for(&format!("li[data-mrp-year='{next}']")).await;
    scroll_to(&desk, "#mrp-title").await;
    desk.screenshot("staff-admin-mrp-desktop").await;
    desk.close().await;
}

#[tokio::test]
async fn a_refusal_needs_its_grounds_and_reaches_the_applicant() {
    let server = Server::start();
    let b = Browser::open(390, 844).await;
    let (id, _) = sent(&b, &server, "passenger-transport", ApplicantKind::Ie).await;
    to_the_executor(&b, &server, &id).await;
    staff_sign_in(&b, &server, "transport.executor").await;
    b.wait_for(&format!("tr[data-case='{id}']")).await;
    b.screenshot("staff-inbox-phone").await;
    open_case(&b, &id).await;
    tap(&b, "input[data-outcome='refuse']").await;
    tap(&b, "button[data-action='draft-decision']").await;
    b.wait_for("[data-error='decision.grounds']").await;
    b.wait_for("[data-error='decision.explanation']").await;
    b.screenshot("staff-refusal-errors-phone").await;
    tap(&b, "input[data-ground='QualificationNotMet']").await;
    type_into(&b, "decision.explanation", "Водители не имеют необходимого стажа.").await;
    press(&b, "draft-decision").await;
    staff_sign_out(&b).await;
    staff_sign_in(&b, &server, "transport.head").await;
    open_case(&b, &id).await;
    sign_decision(&b, Some("staff-sign-certificate-phone")).await;
    staff_sign_out(&b).await;
    act(&b, &server, "transport.clerk", &id, "dispatch", &[]).await;
    b.client
        .goto(&format!("{}/applications/{id}/sent", server.url))
        .await
        .expect("open");
    b.wait_for("[data-result-pdf]").await;
    b.screenshot("applicant-refused-phone").await;
    // The survey, once the result is delivered: both questions must be
    // answered; answered once, it thanks and is not offered again.
    b.wait_for("[data-survey='open']").await;
    tap(&b, "button[data-action='survey']").await;
    b.wait_for("[data-survey='open'] .rq-form-group--error").await;
    b.click("input[name='survey.process'][value='partly']").await;
    b.click("input[name='survey.information'][value='satisfied']").await;
    b.screenshot("survey-phone").await;
    tap(&b, "button[data-action='survey']").await;
    b.wait_for("[data-survey='answered']").await;
    b.client.refresh().await.expect("reload");
    b.wait_for("[data-survey='answered']").await;
    // The provider's head sees the counts, not who answered.
    staff_sign_in(&b, &server, "transport.head").await;
    tap(&b, "[data-nav='survey']").await;
    b.wait_for("table[data-survey-table='process'] tr[data-service='passenger-transport']")
        .await;
    b.screenshot("staff-survey-phone").await;
    // And in this year's report, beside the refusal it followed.
    tap(&b, "[data-nav='reports']").await;
    choose(&b, "#report-preset", "this-year").await;
    b.wait_for("table[data-survey] tr[data-service='passenger-transport']")
        .await;
    b.wait_for_contains("[data-count='refused'] dd", "1").await;
    staff_sign_out(&b).await;
    b.client
        .goto(&format!("{}/applications/{id}/sent", server.url))
        .await
        .expect("open");
    b.wait_for("[data-result-pdf]").await;
    let text = pdf_text(&b, &format!("/api/applications/{id}/result.pdf")).await;
    assert!(text.contains("Мотивированный отказ"), "{text}");
    assert!(text.contains("стажа"), "{text}");
    // The refusal is verified by the random code its QR code carries.
    let code: String = text
        .split("/verify?code=")
        .nth(1)
        .map(|rest| rest.chars().take_while(char::is_ascii_hexdigit).collect())
        .unwrap_or_default();
    assert_eq!(code.len(), 20, "{text}");
    b.client
        .goto(&format!("{}/verify?code={code}", server.url))
        .await
        .expect("open");
    b.wait_for("[data-refusal]").await;
    b.screenshot("verify-refusal-phone").await;
    b.client.goto(&format!("{}/registry", server.url)).await.expect("open");
    b.wait_for(".rq-empty, .rq-registry").await;
    b.screenshot("registry-phone").await;
    b.close().await;
}

#[tokio::test]
async fn a_grain_warehouse_is_inspected_before_its_licence_and_late_steps_turn_red() {
    let server = Server::start();
    let b = Browser::open(1280, 1100).await;
    let (id, _) = sent(&b, &server, "grain-warehouse", ApplicantKind::Le).await;
    // The intake is due in 30 working minutes; three working days later it is overdue.
    let moved = b
        .run_async("const r = await fetch('/api/test/clock', {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({secs: 3 * 86400})}); return r.status;", vec![])
        .await;
    assert_eq!(moved.as_i64(), Some(204));
    staff_sign_in(&b, &server, "oblast.clerk").await;
    b.wait_for(&format!("tr[data-case='{id}'][data-urgency='overdue']"))
        .await;
    b.screenshot("staff-inbox-overdue-desktop").await;
    // Status and step filters: a registered case is not in review; it is at
    // intake.
    choose(&b, "#inbox-stage", "in-review").await;
    b.wait_for("[data-empty='inbox']").await;
    choose(&b, "#inbox-stage", "registered").await;
    choose(&b, "#inbox-step", "intake").await;
    b.wait_for(&format!("tr[data-case='{id}']")).await;
    // The server remembers them: the clerk's phone shows the same view.
    let kept = b
        .run_async(
            "for (let i = 0; i < 100; i++) {
               const me = await (await fetch('/api/staff/me')).json();
               if (me.inbox.step === 'intake' && me.inbox.stage === 'registered') return true;
               await new Promise(r => setTimeout(r, 50));
             }
             return false;",
            vec![],
        )
        .await;
    assert_eq!(kept.as_bool(), Some(true), "the filters reach the server");
    let phone = Browser::open(390, 844).await;
    staff_sign_in(&phone, &server, "oblast.clerk").await;
    phone.wait_for(&format!("tr[data-case='{id}']")).await;
    for (select, value) in [("#inbox-stage", "registered"), ("#inbox-step", "intake")] {
        let shown = phone.wait_for(select).await.prop("value").await.ok().flatten();
        assert_eq!(shown.as_deref(), Some(value), "{select} on the other device");
    }
    phone.screenshot("staff-inbox-filters-phone").await;
    phone.close().await;
    open_case(&b, &id).await;
    press(&b, "register").await;
    b.wait_for("tr[data-step='intake'] .rq-tag--late").await;
    staff_sign_out(&b).await;
    act(
        &b,
        &server,
        "oblast.head",
        &id,
        "resolve",
        &[("resolution.note", "Заместителю")],
    )
    .await;
    act(
        &b,
        &server,
        "oblast.deputy-head",
        &id,
        "resolve",
        &[("resolution.note", "В отдел")],
    )
    .await;
    act(
        &b,
        &server,
        "oblast.department-head",
        &id,
        "resolve",
        &[("resolution.note", "Исполнить")],
    )
    .await;
    staff_sign_in(&b, &server, "oblast.executor").await;
    open_case(&b, &id).await;
    tap(&b, "button[data-action='check-completeness']").await;
    b.wait_for("button[data-action='complete-inspection']").await;
    b.run_async(
        "const d = document.getElementById('inspection.date'); d.value = '2026-12-01';
         d.dispatchEvent(new Event('input', {bubbles: true})); return 1;",
        vec![],
    )
    .await;
    type_into(&b, "inspection.inspectors", "Ербол Нұрпейісов").await;
    type_into(&b, "inspection.findings", "Элеватор, весы и лаборатория соответствуют").await;
    b.screenshot("staff-inspection-desktop").await;
    press(&b, "complete-inspection").await;
    // Seed 004:153: the executor draws up the licence and issues it with
    // their own EDS; no head's signature, no dispatch after it.
    press(&b, "draft-decision").await;
    sign_decision(&b, None).await;
    b.wait_for("[data-licence]").await;
    staff_sign_out(&b).await;
    b.screenshot("staff-sign-in-desktop").await;
    staff_sign_in(&b, &server, "oblast.admin").await;
    tap(&b, "[data-nav='admin']").await;
    b.wait_for("tr[data-member='oblast.clerk']").await;
    b.screenshot("staff-admin-desktop").await;
    b.close().await;
}

#[tokio::test]
async fn the_public_register_is_its_own_app_one_link_away_from_the_portal() {
    let server = Server::start();
    let b = Browser::open(390, 844).await;
    b.client.goto(&server.url).await.expect("open");
    tap(&b, "[data-nav='registry']").await;
    b.wait_for_path("/registry").await;
    b.wait_for(".rq-empty, .rq-registry").await;
    // Loaded from the server as the public app, not drawn by the portal.
    let title = b.client.title().await.expect("a title");
    assert_eq!(title, "Ruqsat — licence register");
    // And back: its header's sign-in opens the portal's page.
    tap(&b, "[data-nav='sign-in']").await;
    b.wait_for_path("/sign-in").await;
    b.wait_for("form button[type='submit']").await;
    assert_eq!(b.client.title().await.expect("a title"), "Ruqsat");
    b.close().await;
}

/// Seed 001: the certificate is free and on paper. From the check of the
/// answers the applicant goes straight to signing (no payment step); the
/// executor names where and when to collect it; the head signs, the clerk
/// sends; the applicant's result is the signed notice of the place and date,
/// and the notification says the same. On a phone.
#[tokio::test]
async fn the_free_certificate_is_signed_without_payment_and_ends_in_a_collection_notice() {
    let server = Server::start();
    let b = Browser::open(390, 844).await;
    register(&b, &server, "ie", IE, "erlan@example.kz").await;
    let id = complete_by_api_for(&b, &server, "tech-inspection-cert", ApplicantKind::Ie).await;
    b.client
        .goto(&format!("{}/applications/{id}/check", server.url))
        .await
        .expect("open");
    b.wait_for("[data-step='check']").await;
    b.click("[data-action='continue']").await;
    // No payment: the next step is signing, with nothing unpaid to warn of.
    b.wait_for("[data-step='sign']").await;
    b.wait_for_path(&format!("/applications/{id}/sign")).await;
    assert!(
        b.client.find(Locator::Css("[data-unpaid]")).await.is_err(),
        "nothing to pay"
    );
    get_certificate(&b).await;
    wait_for_digest(&b).await;
    b.screenshot("certificate-sign-phone").await;
    b.click("[data-action='sign']").await;
    b.wait_for_path(&format!("/applications/{id}/sent")).await;
    b.wait_for_contains("[data-next]", "paper certificate").await;
    b.screenshot("certificate-sent-phone").await;

    let working = certificate_decided(&b, &server, &id, true).await;

    let text = pdf_text(&b, &format!("/api/applications/{id}/result.pdf")).await;
    assert!(
        text.contains("Уведомление о месте и дате получения сертификата"),
        "{text}"
    );
    let (y, m, d) = working.ymd();
    let shown = format!("{d:02}.{m:02}.{y}");
    assert!(text.contains("Толе би 42") && text.contains(&shown), "{text}");
    assert!(!text.contains("ЛИЦЕНЗИЯ"), "{text}");
    b.client
        .goto(&format!("{}/cabinet/notifications", server.url))
        .await
        .expect("open");
    b.wait_for_contains("[data-message='notify.certificate_ready']", &shown)
        .await;
    b.screenshot("certificate-notice-phone").await;
    b.close().await;
}

/// Sets a field's value by its id (ids here hold dots) as typing would.
async fn set_value(b: &Browser, id: &str, value: &str) {
    b.wait_for(&format!("[id='{id}']")).await;
    b.run_async(
        "const [id, v] = arguments; const e = document.getElementById(id); e.value = v;
         e.dispatchEvent(new Event('input', {bubbles: true})); return 1;",
        vec![id.into(), value.into()],
    )
    .await;
}

/// A walk-in entrepreneur at a public service centre applies for a
/// passenger-transport licence through a representative with a notarised
/// power of attorney: the operator starts the intake, the notary register
/// refuses a revoked power (nothing typed is lost), the consent's scan and
/// record let the register's data in, the form and the checklist of paper
/// documents are filled, the fee is paid by card at the centre's terminal,
/// the operator signs with their own EDS and prints the receipt; the
/// transport department decides and sends the licence by courier; the
/// centre marks it received, the applicant's return is recorded by the
/// receipt's number, and the licence is handed to the representative, a
/// wrong number refused. The desk photographed on a desktop and a phone.
#[tokio::test]
async fn a_centre_takes_a_walk_in_passenger_transport_application_and_hands_the_licence_out() {
    let server = Server::start();
    let b = Browser::open(1280, 900).await;
    staff_sign_in_to(&b, &server, "almaty-centre.operator", "/staff/desk").await;
    choose(&b, "#desk-service", "passenger-transport").await;
    type_into(&b, "desk-applicant", IE).await;
    b.screenshot("desk-desktop").await;
    tap(&b, "[data-action='start-intake']").await;
    let path = b.wait_for_path("/staff/desk/*").await;
    let id = path.rsplit('/').next().expect("an id").to_owned();

    type_into(&b, "representative.iin", "000101500011").await;
    type_into(&b, "representative.name", "Омарова Дана").await;
    type_into(&b, "representative.power.number", "NP-2026-000102").await;
    set_value(&b, "representative.power.date", "2026-02-10").await;
    type_into(&b, "representative.power.notary", "Қасымова Б. Т.").await;
    tap(&b, "[data-action='check-power']").await;
    b.wait_for_contains("[data-error='representative.power.number']", "revoked")
        .await;
    let kept = b
        .run_async("return document.getElementById('representative.name').value;", vec![])
        .await;
    assert_eq!(kept.as_str(), Some("Омарова Дана"), "nothing typed is lost");
    b.screenshot("desk-power-revoked-desktop").await;
    set_value(&b, "representative.power.number", "NP-2026-000101").await;
    tap(&b, "[data-action='check-power']").await;
    b.wait_for("[data-poa='checked']").await;

    // The fee by card at the centre's terminal, then the operator's EDS.
    desk_fill_paying(&b, &id, "passenger-transport", ApplicantKind::Ie, true, true).await;
    let receipt = desk_sign(&b).await;
    assert!(receipt.starts_with("Q-"), "{receipt}");
    b.screenshot("desk-receipt-desktop").await;
    let text = pdf_text(&b, &format!("/api/desk/intakes/{id}/receipt.pdf")).await;
    assert!(text.contains("Расписка о приёме документов"), "{text}");
    assert!(text.contains(&receipt) && text.contains("Омарова Дана"), "{text}");
    let s = catalog().service("passenger-transport").expect("a service");
    let first = s.documents_for(RequestType::Issuance).next().expect("a document");
    // Lines wrap anywhere in a long title: compared word by word.
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = first.title.get(shared::i18n::Lang::Ru);
    assert!(words(&text).contains(&words(title)), "{title} in {text}");
    assert!(text.contains("Дата и время готовности результата"), "{text}");
    let application = b
        .run_async(
            "const [id] = arguments; return (await (await fetch(`/api/desk/intakes/${id}`)).json()).application.id;",
            vec![id.clone().into()],
        )
        .await
        .as_str()
        .expect("the application")
        .to_owned();
    staff_sign_out(&b).await;
    licence_decided(&b, &server, &application, false).await;

    staff_sign_in_to(&b, &server, "almaty-centre.operator", "/staff/desk").await;
    tap(&b, &format!("a[href='/staff/desk/{id}']")).await;
    tap(&b, "[data-action='mark-received']").await;
    b.wait_for("[data-form='hand-out']").await;
    // The applicant comes back with the receipt: found by its number at
    // the desk, their arrival starts the hand-out's 20 minutes.
    tap(&b, "a.rq-back-link").await;
    b.wait_for_path("/staff/desk").await;
    type_into(&b, "desk-receipt", &receipt).await;
    tap(&b, "[data-action='find-receipt']").await;
    b.wait_for_path(&format!("/staff/desk/{id}")).await;
    b.wait_for("[data-arrived]").await;
    type_into(&b, "receipt", "Q-2026-999999").await;
    type_into(&b, "iin", "000101500011").await;
    tap(&b, "[data-action='hand-out']").await;
    b.wait_for("[data-error='receipt']").await;
    set_value(&b, "receipt", &receipt).await;
    tap(&b, "[data-action='hand-out']").await;
    b.wait_for("[data-panel='handed-out']").await;
    b.screenshot("desk-handed-out-desktop").await;
    b.close().await;

    let phone = Browser::open(390, 844).await;
    staff_sign_in_to(&phone, &server, "almaty-centre.head", "/staff/desk").await;
    phone.wait_for(&format!("[data-intake='{id}']")).await;
    phone.screenshot("desk-queue-phone").await;
    tap(&phone, &format!("a[href='/staff/desk/{id}']")).await;
    phone.wait_for("[data-panel='handed-out']").await;
    phone.screenshot("desk-intake-phone").await;
    phone.close().await;
}

/// At the counter, once the intake is started: the consent's scan and
/// record (the register's data then in the form), the rest of the form
/// through the desk's API (the fields are the wizard's, tested there), every
/// document scanned and marked original (and the power of attorney's scan,
/// `represented`), then the member's EDS. Answers the receipt's number.
async fn desk_fill_and_sign(b: &Browser, id: &str, service: &str, kind: ApplicantKind, represented: bool) -> String {
    desk_fill(b, id, service, kind, represented).await;
    desk_sign(b).await
}

/// [`desk_fill_and_sign`] up to the signature.
async fn desk_fill(b: &Browser, id: &str, service: &str, kind: ApplicantKind, represented: bool) {
    desk_fill_paying(b, id, service, kind, represented, false).await;
}

/// [`desk_fill`]; `by_card`: a fee is paid at the counter's terminal (else
/// by the payment order the applicant shows).
async fn desk_fill_paying(b: &Browser, id: &str, service: &str, kind: ApplicantKind, represented: bool, by_card: bool) {
    upload(b, "consent", &pdf_file("consent.pdf", "consent")).await;
    tap(b, "[data-action='record-consent']").await;
    b.wait_for("[data-consent='given']").await;
    b.wait_for("[data-step='applicant']").await;
    let s = catalog().service(service).expect("a service");
    let mut form = shared::form::example(s, RequestType::Issuance, kind, today());
    form.attachments.clear();
    let status = b
        .run_async(
            "const [id, form] = arguments; const url = `/api/desk/intakes/${id}/application`;
             const v = await (await fetch(url)).json(); form.applicant = v.form.applicant;
             const r = await fetch(url, {method: 'PUT', headers: {'content-type': 'application/json'},
                 body: JSON.stringify({version: v.version, form})});
             return r.status;",
            vec![id.into(), serde_json::to_value(&form).expect("json")],
        )
        .await;
    assert_eq!(status.as_i64(), Some(200), "{status}");
    b.client.refresh().await.expect("reload");
    b.wait_for("[data-panel='checklist']").await;
    for d in s.documents_for(RequestType::Issuance) {
        upload(b, &d.id, &pdf_file(&format!("{}.pdf", d.id), &d.id)).await;
        tap(b, &format!("[id='presented-{}-Original']", d.id)).await;
        b.wait_for(&format!("[id='presented-{}-Original']:checked", d.id)).await;
    }
    if represented {
        upload(b, "power-of-attorney", &pdf_file("power.pdf", "power")).await;
    }
    // The applicant shows a payment order, entered and scanned here.
    if s.fee.is_some() && by_card {
        // The counter's terminal: the gateway's page, then back to the desk.
        b.choose("payment.beneficiary", "almaty-almaly").await;
        tap(b, "[data-action='pay-terminal']").await;
        b.wait_for_path("/sandbox/gateway/*").await;
        b.click("button[value='paid']").await;
        b.wait_for_path(&format!("/staff/desk/{id}")).await;
        b.wait_for("[data-paid='true']").await;
        b.screenshot("desk-paid-terminal-desktop").await;
    } else if let Some(fee) = s.fee {
        let tenge = fee
            .fee_in_tenge(RequestType::Issuance, today().year())
            .expect("a fee this year");
        b.fill("payment.amount", &(tenge.tiyn() / 100).to_string()).await;
        b.fill("payment.document_number", "145").await;
        b.fill("payment.document_date", &today().to_string()).await;
        b.choose("payment.bank", "HSBKKZKX").await;
        b.choose("payment.tax_authority", "almaty-almaly").await;
        upload(b, "payment-order", &pdf_file("order-145.pdf", "order 145")).await;
        tap(b, "[data-action='pay-order']").await;
        b.wait_for("[data-paid='true']").await;
        b.screenshot("desk-paid-desktop").await;
    }
}

/// The member signs the intake at the counter with their own EDS; answers
/// the receipt's number.
async fn desk_sign(b: &Browser) -> String {
    let form = b
        .wait_for("[data-form='desk-sign']:not([data-certificate='loading'])")
        .await;
    if form.attr("data-certificate").await.ok().flatten().as_deref() == Some("none") {
        b.type_keys("certificate.password", "ruqsat-staff-demo").await;
    }
    tap(b, "[data-action='desk-sign']").await;
    b.wait_for("[data-receipt]")
        .await
        .attr("data-receipt")
        .await
        .ok()
        .flatten()
        .expect("a receipt")
}

/// The veterinary department decides a licence in the browser (seed
/// 003:367-377): the office registers it, the executor checks the file
/// and asks the agriculture department for its conclusion, then drafts the
/// licence with its annex; the head signs and the office sends it. Answers
/// the licence number.
async fn veterinary_decided(b: &Browser, server: &Server, id: &str, activities: &str) -> String {
    act(b, server, "economy.clerk", id, "register", &[]).await;
    staff_sign_in(b, server, "economy.executor").await;
    open_case(b, id).await;
    press(b, "check-completeness").await;
    b.wait_for("[data-done]").await;
    type_into(b, "conclusion.question", "Согласуете выдачу лицензии?").await;
    press(b, "request-conclusion").await;
    staff_sign_out(b).await;
    let answer = [("conclusion.answer", "Согласовано")];
    act(b, server, "economy.external-body", id, "answer-conclusion", &answer).await;
    act(
        b,
        server,
        "economy.executor",
        id,
        "draft-decision",
        &[("decision.annex", activities)],
    )
    .await;
    staff_sign_in(b, server, "economy.head").await;
    open_case(b, id).await;
    sign_decision(b, None).await;
    let licence = licence_shown(b).await;
    staff_sign_out(b).await;
    act(b, server, "economy.clerk", id, "dispatch", &[]).await;
    licence
}

/// Seed 003:315-317: the veterinary licence comes with its annex, a
/// document of its own — its own number, its page in the result, its own
/// verification — listed under the licence in the register and the
/// cabinet. The wizard then offers a new annex alone, naming the licence,
/// and refuses an annex's number there with its own message.
#[tokio::test]
async fn a_veterinary_licence_comes_with_its_annex_as_a_document_of_its_own() {
    let server = Server::start();
    let b = Browser::open(1280, 1000).await;
    let (id, _) = sent(&b, &server, "veterinary", ApplicantKind::Le).await;
    let licence = veterinary_decided(&b, &server, &id, "Ветеринарная аптека").await;
    let annex = format!("{licence}-A1");
    let text = pdf_text(&b, &format!("/api/applications/{id}/result.pdf")).await;
    assert!(
        text.contains("ПРИЛОЖЕНИЕ К ЛИЦЕНЗИИ") && text.contains(&annex),
        "{text}"
    );
    // The cabinet lists the annex under the licence; its verification shows
    // what it lists and the licence it belongs to.
    b.client
        .goto(&format!("{}/cabinet/licences", server.url))
        .await
        .expect("open");
    b.wait_for(&format!("[data-licence='{licence}'] [data-annex='{annex}']"))
        .await;
    b.screenshot("cabinet-licence-annex-desktop").await;
    tap(&b, &format!("[data-annex='{annex}']")).await;
    b.wait_for("[data-annex-status='issued']").await;
    b.wait_for_contains("[data-activities]", "Ветеринарная аптека").await;
    b.screenshot("verify-annex-desktop").await;
    b.client.goto(&format!("{}/registry", server.url)).await.expect("open");
    b.wait_for(&format!("[data-licence='{licence}'] [data-annex='{annex}']"))
        .await;

    // A new annex alone: the wizard asks what for, and then the licence.
    start(&b, &server, "veterinary", "issuance").await;
    b.wait_for("[data-step='request']").await;
    b.click("input[name='request.document'][value='annex']").await;
    b.fill("request.existing_licence", &annex).await;
    let said = b
        .wait_for("#f-request-existing-licence-error")
        .await
        .text()
        .await
        .expect("the message");
    let expected = shared::i18n::Msg::RequestNumberNotLicence;
    assert!(
        shared::i18n::Lang::ALL.iter().any(|l| said.contains(expected.text(*l))),
        "{said}"
    );
    b.screenshot("wizard-annex-request-desktop").await;
    b.fill("request.existing_licence", &licence).await;
    let request_page = b.client.current_url().await.expect("a url");
    b.click("[data-action='continue']").await;
    b.wait_for("[data-step='applicant']").await;
    // On a phone: the request's choice and the annex's verification fit.
    b.client.set_window_size(390, 844).await.expect("a phone's width");
    b.client.goto(request_page.as_str()).await.expect("open");
    b.wait_for("input[name='request.document'][value='annex']:checked")
        .await;
    b.screenshot("wizard-annex-request-phone").await;
    b.fits("wizard-annex-request-phone").await;
    b.client
        .goto(&format!("{}/verify?number={annex}", server.url))
        .await
        .expect("open");
    b.wait_for("[data-annex-status='issued']").await;
    b.screenshot("verify-annex-phone").await;
    b.fits("verify-annex-phone").await;
    b.close().await;
}

/// In person at the provider (seed 003:361): the veterinary department's
/// clerk takes the file at their own counter and prints the inventory list
/// of the documents accepted with the date of acceptance.
#[tokio::test]
async fn the_provider_s_clerk_takes_a_veterinary_application_in_person() {
    let server = Server::start();
    let b = Browser::open(1280, 900).await;
    staff_sign_in(&b, &server, "economy.clerk").await;
    tap(&b, "[data-nav='desk']").await;
    b.wait_for_path("/staff/desk").await;
    choose(&b, "#desk-service", "veterinary").await;
    type_into(&b, "desk-applicant", "000101500011").await;
    tap(&b, "[data-action='start-intake']").await;
    let path = b.wait_for_path("/staff/desk/*").await;
    let id = path.rsplit('/').next().expect("an id").to_owned();
    let receipt = desk_fill_and_sign(&b, &id, "veterinary", ApplicantKind::Ie, false).await;
    b.wait_for_contains("[data-action='print-receipt']", "inventory list")
        .await;
    let text = pdf_text(&b, &format!("/api/desk/intakes/{id}/receipt.pdf")).await;
    assert!(text.contains("Опись принятых документов"), "{text}");
    assert!(text.contains(&receipt) && text.contains("Омарова"), "{text}");
    // The case is the provider's at once, registered by the clerk who took it.
    let application = b
        .run_async(
            "const [id] = arguments; return (await (await fetch(`/api/desk/intakes/${id}`)).json()).application.id;",
            vec![id.clone().into()],
        )
        .await;
    let application = application.as_str().expect("the application");
    b.client
        .goto(&format!("{}/staff/cases/{application}", server.url))
        .await
        .expect("open the case");
    b.wait_for("[data-number]").await;
    b.wait_for_contains("[data-incoming]", "-0").await;
    b.screenshot("desk-provider-case-desktop").await;
    b.close().await;
}

/// Beyond the counter: the walk-in pays and signs on their own phone. The
/// desk shows the QR code of the application; on the phone the applicant
/// registers with their IIN (claiming the account the counter opened),
/// opens it, sees what the operator entered and signs with their own
/// certificate; the desk's page follows to the receipt by itself.
#[tokio::test]
async fn a_walk_in_signs_on_their_own_phone_while_the_desk_follows() {
    let server = Server::start();
    let desk = Browser::open(1280, 900).await;
    staff_sign_in_to(&desk, &server, "almaty-centre.operator", "/staff/desk").await;
    choose(&desk, "#desk-service", "tech-inspection-cert").await;
    type_into(&desk, "desk-applicant", "000101500011").await;
    tap(&desk, "[data-action='start-intake']").await;
    let path = desk.wait_for_path("/staff/desk/*").await;
    let id = path.rsplit('/').next().expect("an id").to_owned();
    desk_fill(&desk, &id, "tech-inspection-cert", ApplicantKind::Ie, false).await;
    tap(&desk, "[data-action='hand-over']").await;
    let url = desk
        .wait_for("[data-handover-url]")
        .await
        .text()
        .await
        .expect("the address");
    desk.wait_for(".rq-desk__qr svg").await;
    desk.screenshot("desk-handover-desktop").await;

    let phone = Browser::open(390, 844).await;
    register(&phone, &server, "ie", "000101500011", "dana@example.kz").await;
    phone.client.goto(&url).await.expect("open the QR code's address");
    phone.wait_for("[data-step='check']").await;
    phone.wait_for_contains("main", "Омарова").await;
    phone.screenshot("desk-handover-check-phone").await;
    phone.click("[data-action='continue']").await;
    phone.wait_for("[data-step='sign']").await;
    get_certificate(&phone).await;
    wait_for_digest(&phone).await;
    phone.screenshot("desk-handover-sign-phone").await;
    phone.click("[data-action='sign']").await;
    phone.wait_for("[data-number]").await;
    phone.close().await;

    // The desk's page moves on by itself.
    let receipt = desk
        .wait_for("[data-receipt]")
        .await
        .attr("data-receipt")
        .await
        .ok()
        .flatten();
    assert!(receipt.is_some_and(|r| r.starts_with("Q-")));
    desk.close().await;
}
