//! The applicant's journey in a real browser: register, fill in every step
//! of the wizard, upload, pay, get a certificate, sign and send, and find the
//! application in the cabinet; and the journeys that must fail.

use fantoccini::Locator;
use ruqsat_e2e::{
    Browser, Server, complete_by_api, get_certificate, pdf_file, register, start, today, upload, wait_for_digest,
};
use shared::catalog::{ApplicantKind, FieldKind, RequestType, catalog};
use shared::form::{ApplicationForm, WizardStep, example, wizard_steps};

const IE: &str = "860101300017";
const LE: &str = "990340001230";

async fn continue_to(b: &Browser, slug: &str) {
    b.click("[data-action='continue']").await;
    b.wait_for(&format!("[data-step='{slug}']")).await;
    // The new step's heading has the focus, as a new page's would.
    let focused = b
        .run_async(
            "for (let i = 0; i < 50; i++) { if (document.activeElement.tagName === 'H1') break; \
             await new Promise(r => setTimeout(r, 20)); } return document.activeElement.tagName;",
            vec![],
        )
        .await;
    assert_eq!(focused.as_str(), Some("H1"), "focus after Continue to {slug}");
}

/// Fills a service step from the catalogue with the example's values.
async fn fill_service_step(b: &Browser, form: &ApplicationForm, step_id: &str) {
    let service = catalog().service(&form.service).expect("a service");
    let step = service.step(step_id).expect("a step");
    for section in &step.sections {
        for field in &section.fields {
            let path = format!("{step_id}.{}.{}[0]", section.id, field.id);
            let value = form.value(&path);
            if value.is_empty() {
                continue;
            }
            if field.kind == FieldKind::Choice {
                b.click(&format!("input[name='{path}'][value='{value}']")).await;
            } else {
                b.fill(&path, &value).await;
            }
        }
    }
}

/// From the applicant step to the check page, screenshotting each step.
async fn fill_wizard(b: &Browser, service: &str, rt: RequestType, kind: ApplicantKind, shots: &str) {
    let s = catalog().service(service).expect("a service");
    let form = example(s, rt, kind, today());
    let steps = wizard_steps(s, rt);
    for (i, step) in steps.iter().enumerate() {
        b.wait_for(&format!("[data-step='{}']", step.slug())).await;
        match step {
            WizardStep::Request => {
                b.fill("request.existing_licence", &form.request.existing_licence).await;
                b.click(&format!(
                    "input[name='request.reason'][value='{}']",
                    form.request.reason
                ))
                .await;
            }
            WizardStep::Applicant => {
                // Pre-filled from the register.
                let id = match kind {
                    ApplicantKind::Ie => ("applicant.iin", IE),
                    ApplicantKind::Le => ("applicant.bin", LE),
                };
                assert_eq!(b.value(id.0).await, id.1, "pre-filled from the register");
            }
            WizardStep::BankAccounts => {
                b.fill("bank-accounts.iban[0]", "KZ86125KZT5004100100").await;
                b.fill("bank-accounts.bank_name[0]", "Halyk Bank").await;
                b.fill("bank-accounts.bank_location[0]", "Алматы").await;
            }
            WizardStep::Service(id) => fill_service_step(b, &form, id).await,
            WizardStep::Documents => {
                for d in s.documents_for(rt) {
                    upload(b, &d.id, &pdf_file(&format!("{}.pdf", d.id), &d.id)).await;
                }
            }
            WizardStep::Check => {
                b.screenshot(&format!("wizard-{:02}-{}-{shots}", i + 1, step.slug()))
                    .await;
                // Check your answers reads as one page per section, not a
                // row per answer repeating its section (7 500 px on a
                // desktop before it was grouped).
                let height = b
                    .client
                    .execute("return document.documentElement.scrollHeight", vec![])
                    .await
                    .expect("script");
                let height = height.as_f64().unwrap_or(f64::MAX);
                println!("check your answers ({service}, {shots}): {height} px");
                if shots == "desktop" {
                    assert!(height < 4000.0, "check your answers is {height} px tall on a desktop");
                }
                return;
            }
            _ => {}
        }
        b.screenshot(&format!("wizard-{:02}-{}-{shots}", i + 1, step.slug()))
            .await;
        let next = steps.get(i + 1).map(|n| n.slug().to_owned()).unwrap_or_default();
        continue_to(b, &next).await;
    }
}

async fn passenger_transport_issuance(width: u32, height: u32, shots: &str) {
    let server = Server::start();
    let b = Browser::open(width, height).await;
    // The pages before the wizard, for people to look at.
    b.client.goto(&format!("{}/sign-in", server.url)).await.expect("open");
    b.wait_for("#f-login-identifier").await;
    b.screenshot(&format!("sign-in-{shots}")).await;
    b.client.goto(&format!("{}/register", server.url)).await.expect("open");
    b.click("button[type=submit]").await;
    b.wait_for(".rq-error-summary:not(.rq-hidden)").await;
    b.screenshot(&format!("register-errors-{shots}")).await;
    register(&b, &server, "ie", IE, "erlan@example.kz").await;
    b.client
        .goto(&format!("{}/services/passenger-transport", server.url))
        .await
        .expect("open");
    b.wait_for("[data-action='apply']").await;
    b.screenshot(&format!("service-signed-in-{shots}")).await;
    let id = start(&b, &server, "passenger-transport", "issuance").await;
    fill_wizard(
        &b,
        "passenger-transport",
        RequestType::Issuance,
        ApplicantKind::Ie,
        shots,
    )
    .await;

    // Check your answers, and a Change link that comes back here.
    b.wait_for_contains("[data-step='documents'] dd", ".pdf").await;
    b.click("[data-change='bank-accounts']").await;
    b.wait_for_path(&format!("/applications/{id}/bank-accounts")).await;
    b.fill("bank-accounts.bank_name[0]", "Kaspi Bank").await;
    continue_to(&b, "check").await;
    b.wait_for_contains("[data-step='bank-accounts'] dd", "Kaspi Bank")
        .await;
    continue_to(&b, "payment").await;

    // The fee in MRP and tenge: 186 × 4 325 ₸.
    b.wait_for_contains(".rq-fee", "186").await;
    b.wait_for_contains(".rq-fee", "804").await;
    b.click("input[name='payment.method'][value='online']").await;
    // The beneficiary is a tax authority chosen from the list; its bank,
    // the Treasury, is shown (seed 000, figure 10.2).
    b.wait_for_contains("[data-beneficiary-bank='KKMFKZ2A']", "KKMFKZ2A")
        .await;
    b.choose("payment.beneficiary", "almaty-bostandyk").await;
    b.screenshot(&format!("wizard-13-payment-{shots}")).await;
    b.click("[data-action='pay-online']").await;
    b.wait_for_path("/sandbox/gateway/*").await;
    b.wait_for_contains("dd[data-beneficiary]", "(").await;
    b.screenshot(&format!("gateway-{shots}")).await;
    b.click("button[value='paid']").await;
    b.wait_for_path(&format!("/applications/{id}/payment")).await;
    b.wait_for("[data-paid='true']").await;
    continue_to(&b, "sign").await;

    b.wait_for("[data-certificate='none']").await;
    b.screenshot(&format!("wizard-14-certificate-{shots}")).await;
    get_certificate(&b).await;
    wait_for_digest(&b).await;
    b.screenshot(&format!("wizard-14-sign-{shots}")).await;
    b.click("[data-action='sign']").await;
    b.wait_for_path(&format!("/applications/{id}/sent")).await;
    let number = b
        .wait_for("[data-number]")
        .await
        .attr("data-number")
        .await
        .ok()
        .flatten()
        .expect("a number");
    assert!(number.starts_with("KZ-"), "registered with a number: {number}");
    b.wait_for("[data-due]").await;
    // What happens next is this service's chain, not one text for all
    // (seed 003:99: the passenger-transport body's conclusion).
    b.wait_for_contains("[data-next]", "passenger-transport department")
        .await;
    b.screenshot(&format!("wizard-15-sent-{shots}")).await;

    // In the cabinet: the number, the status, the due date, a notification.
    b.click("[data-action='to-cabinet']").await;
    b.wait_for_contains(&format!("[data-application='{id}']"), &number)
        .await;
    b.wait_for(&format!(
        "[data-application='{id}'][data-status='registered'] [data-due]"
    ))
    .await;
    b.screenshot(&format!("cabinet-{shots}")).await;
    // The server searches by part of the number, in any case.
    let search = b.wait_for("#search").await;
    search.send_keys("zz-none").await.expect("type");
    b.wait_for(".rq-empty").await;
    search.clear().await.expect("clear");
    search.send_keys(&number[3..].to_lowercase()).await.expect("type");
    b.wait_for_contains(&format!("[data-application='{id}']"), &number)
        .await;
    b.click("a[href='/cabinet/notifications']").await;
    b.wait_for_contains("[data-message='notify.registered']", &number).await;
    b.close().await;
}

#[tokio::test]
async fn an_entrepreneur_applies_for_passenger_transport_on_desktop() {
    passenger_transport_issuance(1280, 1100, "desktop").await;
}

#[tokio::test]
async fn an_entrepreneur_applies_for_passenger_transport_on_a_phone() {
    passenger_transport_issuance(390, 1400, "phone").await;
}

#[tokio::test]
async fn a_legal_entity_applies_for_security_paying_by_payment_order() {
    let server = Server::start();
    let b = Browser::open(1280, 1100).await;
    register(&b, &server, "le", LE, "office@korgan.kz").await;
    let id = start(&b, &server, "security", "issuance").await;
    fill_wizard(&b, "security", RequestType::Issuance, ApplicantKind::Le, "security").await;
    continue_to(&b, "payment").await;
    b.click("input[name='payment.method'][value='order']").await;
    // A wrong amount is refused beside the field, with the fee in tenge.
    b.fill("payment.amount", "1000").await;
    b.fill("payment.document_number", "145").await;
    b.fill("payment.document_date", &today().to_string()).await;
    b.choose("payment.bank", "HSBKKZKX").await;
    b.choose("payment.tax_authority", "almaty-bostandyk").await;
    upload(&b, "payment-order", &pdf_file("order-145.pdf", "order 145")).await;
    b.click("[data-action='pay-order']").await;
    b.wait_for_contains(".rq-error-summary", "43").await;
    let s = catalog().service("security").expect("security");
    let fee = s
        .fee
        .expect("a fee")
        .fee_in_tenge(RequestType::Issuance, today().year())
        .expect("a fee this year");
    b.fill("payment.amount", &(fee.tiyn() / 100).to_string()).await;
    b.screenshot("wizard-payment-order-desktop").await;
    b.click("[data-action='pay-order']").await;
    b.wait_for_path(&format!("/applications/{id}/sign")).await;
    get_certificate(&b).await;
    b.click("[data-action='sign']").await;
    b.wait_for_path(&format!("/applications/{id}/sent")).await;
    b.wait_for_contains("[data-number]", "KZ-").await;
    // The applicant is told that the order is being checked, and what waits on it.
    b.wait_for_contains(
        "[data-payment-order='awaiting-confirmation']",
        shared::i18n::Msg::PaymentOrderAwaiting.text(shared::i18n::Lang::En),
    )
    .await;
    b.screenshot("wizard-sent-payment-order-desktop").await;
    // The office's clerk finds the order in the treasury's statement (seed
    // 000:111); until then no licence is drawn up.
    b.client.goto(&format!("{}/staff", server.url)).await.expect("open");
    b.wait_for("#staff-login")
        .await
        .send_keys("police.clerk")
        .await
        .expect("type");
    b.wait_for("#staff-password")
        .await
        .send_keys("ruqsat-staff-demo")
        .await
        .expect("type");
    b.click("[data-action='staff-sign-in']").await;
    b.wait_for_path("/staff/inbox").await;
    b.client
        .goto(&format!("{}/staff/cases/{id}", server.url))
        .await
        .expect("open");
    b.wait_for("[data-payment-order='awaiting-confirmation']").await;
    // The treasury's statement has no order 145 of this payer yet: asked,
    // it says so in the timeline; the clerk then records the paper
    // statement's entry by hand.
    b.click("button[data-action='ask-treasury']").await;
    b.wait_for("[data-payment-order='not-found']").await;
    b.wait_for(".rq-timeline__item[data-action='ask-treasury']").await;
    b.run_async(
        "document.querySelector(\"[data-form='ask-treasury']\").scrollIntoView({block: 'start'}); return true;",
        vec![],
    )
    .await;
    b.screenshot("staff-payment-order-treasury-desktop").await;
    b.wait_for("[id='payment_order.note']")
        .await
        .send_keys("Выписка казначейства № 77")
        .await
        .expect("type");
    b.click("button[data-action='check-payment-order']").await;
    b.wait_for("[data-payment-order='confirmed']").await;
    b.screenshot("staff-payment-order-confirmed-desktop").await;
    b.close().await;
}

#[tokio::test]
async fn a_wrong_iin_shows_its_error_and_keeps_the_other_answers() {
    let server = Server::start();
    let b = Browser::open(390, 1000).await;
    register(&b, &server, "ie", IE, "erlan@example.kz").await;
    start(&b, &server, "passenger-transport", "issuance").await;
    b.wait_for("[data-step='applicant']").await;
    b.type_keys("applicant.surname", "Сейткали").await;
    b.type_keys("applicant.iin", "860101300018").await;
    b.click("#f-applicant-given-name").await;
    let error = b
        .wait_for(".rq-form-group--error .rq-error-message")
        .await
        .text()
        .await
        .expect("the message");
    assert!(
        error.contains("IIN") || error.contains("ИИН") || error.contains("ЖСН"),
        "{error}"
    );
    // Continue is refused with the summary, and nothing typed is lost.
    b.click("[data-action='continue']").await;
    b.wait_for(".rq-error-summary:not(.rq-hidden) a[href='#f-applicant-iin']")
        .await;
    b.screenshot("wizard-error-phone").await;
    assert_eq!(b.value("applicant.surname").await, "Сейткали");
    assert_eq!(b.value("applicant.iin").await, "860101300018");
    assert_eq!(
        b.client.current_url().await.expect("url").path().rsplit('/').next(),
        Some("applicant")
    );
    b.close().await;
}

#[tokio::test]
async fn a_reload_in_the_middle_of_the_wizard_resumes() {
    let server = Server::start();
    let b = Browser::open(1280, 1000).await;
    register(&b, &server, "ie", IE, "erlan@example.kz").await;
    let id = start(&b, &server, "passenger-transport", "issuance").await;
    continue_to(&b, "bank-accounts").await;
    b.fill("bank-accounts.iban[0]", "KZ86125KZT5004100100").await;
    b.fill("bank-accounts.bank_name[0]", "Halyk Bank").await;
    // Reloaded at once: the local copy has it even before the server does.
    b.client.refresh().await.expect("reload");
    b.wait_for("[data-step='bank-accounts']").await;
    // What the page had to go on, should the value be missing.
    let kept = b
        .run_async(
            &format!(
                "const r = await fetch('/api/applications/{id}'); const v = await r.json();
                 return JSON.stringify({{local: localStorage.getItem('ruqsat.draft.{id}'), server_version: v.version}});"
            ),
            vec![],
        )
        .await;
    assert_eq!(b.value("bank-accounts.iban[0]").await, "KZ86125KZT5004100100", "{kept}");
    assert_eq!(b.value("bank-accounts.bank_name[0]").await, "Halyk Bank");
    // And the server has it too, once saved: another browser sees it.
    b.wait_for("[data-save='saved']").await;
    let saved = b
        .run_async(
            &format!("const r = await fetch('/api/applications/{id}'); return (await r.json()).form.bank_accounts[0].bank_name;"),
            vec![],
        )
        .await;
    assert_eq!(saved.as_str(), Some("Halyk Bank"));
    // Back keeps every value.
    b.click(".rq-back-link").await;
    b.wait_for("[data-step='applicant']").await;
    assert_eq!(b.value("applicant.iin").await, IE);
    continue_to(&b, "bank-accounts").await;
    assert_eq!(b.value("bank-accounts.bank_name[0]").await, "Halyk Bank");
    // A save landing while the applicant types takes nothing from them: the
    // field keeps its element and the focus (the step is not drawn again).
    let typing = b
        .run_async(
            &format!(
                "const el = document.getElementById(arguments[0]); el.focus(); el.value = 'Kaspi Bank'; \
                 el.dispatchEvent(new Event('input', {{bubbles: true}})); \
                 for (let i = 0; i < 250; i++) {{ \
                   const v = await (await fetch('/api/applications/{id}')).json(); \
                   if (v.form.bank_accounts[0].bank_name === 'Kaspi Bank') break; \
                   await new Promise(r => setTimeout(r, 40)); }} \
                 for (let i = 0; i < 100 && !document.querySelector(\"[data-save='saved']\"); i++) \
                   await new Promise(r => setTimeout(r, 20)); \
                 await new Promise(r => setTimeout(r, 200)); \
                 return [el.isConnected, document.activeElement === el];"
            ),
            vec![ruqsat_e2e::dom_id("bank-accounts.bank_name[0]").into()],
        )
        .await;
    assert_eq!(typing, serde_json::json!([true, true]), "the field survives the save");
    b.close().await;
}

#[tokio::test]
async fn an_unpaid_application_cannot_be_signed() {
    let server = Server::start();
    let b = Browser::open(1280, 1000).await;
    register(&b, &server, "ie", IE, "erlan@example.kz").await;
    let id = complete_by_api(&b, &server).await;
    b.client
        .goto(&format!("{}/applications/{id}/sign", server.url))
        .await
        .expect("open");
    b.wait_for("[data-unpaid='true']").await;
    get_certificate(&b).await;
    // The button cannot be pressed, and says why (the server refuses an
    // unpaid submission too: the API tests send one).
    let button = b.wait_for("[data-action='sign']").await;
    assert_eq!(
        button.attr("disabled").await.expect("an attribute").as_deref(),
        Some("true")
    );
    assert_eq!(
        button.attr("aria-describedby").await.expect("an attribute").as_deref(),
        Some("unpaid-reason")
    );
    b.wait_for("#unpaid-reason").await;
    b.screenshot("sign-unpaid-desktop").await;
    assert!(b.client.find(Locator::Css("[data-number]")).await.is_err());
    b.close().await;
}

#[tokio::test]
async fn a_revoked_certificate_is_refused_with_its_message() {
    let server = Server::start();
    let b = Browser::open(1280, 1000).await;
    register(&b, &server, "ie", IE, "erlan@example.kz").await;
    let id = complete_by_api(&b, &server).await;
    // Pay through the gateway.
    b.client
        .goto(&format!("{}/applications/{id}/payment", server.url))
        .await
        .expect("open");
    b.click("input[name='payment.method'][value='online']").await;
    b.choose("payment.beneficiary", "almaty-almaly").await;
    b.click("[data-action='pay-online']").await;
    b.wait_for_path("/sandbox/gateway/*").await;
    b.click("button[value='paid']").await;
    b.wait_for("[data-paid='true']").await;
    continue_to(&b, "sign").await;
    let serial = get_certificate(&b).await;
    // Revoked (say, from another device) after the page loaded it.
    let status = b
        .run_async(
            &format!("return (await fetch('/api/certificates/{serial}/revocation', {{method: 'POST'}})).status;"),
            vec![],
        )
        .await;
    assert_eq!(status.as_i64(), Some(204));
    b.click("[data-action='sign']").await;
    let refusal = shared::workflow::Refusal::EdsRevoked.message();
    b.wait_for_contains("[data-problem='sign']", refusal.text(shared::i18n::Lang::En))
        .await;
    b.screenshot("sign-revoked-desktop").await;
    // The certificate page shows it revoked, and a new one can be had.
    b.client
        .goto(&format!("{}/cabinet/certificate", server.url))
        .await
        .expect("open");
    b.wait_for(&format!("[data-certificate='{serial}'][data-status='revoked']"))
        .await;
    // A new certificate asks for the password again; a wrong one is said
    // beside the field, and nothing is issued.
    b.type_keys("certificate.password", "not the password").await;
    b.click("[data-action='renew']").await;
    b.wait_for_contains(
        "#f-certificate-password-error",
        shared::i18n::Msg::CertPasswordWrong.text(shared::i18n::Lang::En),
    )
    .await;
    b.screenshot("certificate-password-wrong-desktop").await;
    b.type_keys("certificate.password", ruqsat_e2e::APPLICANT_PASSWORD)
        .await;
    b.click("[data-action='renew']").await;
    b.wait_for("[data-certificate][data-status='valid']").await;
    b.screenshot("certificate-desktop").await;
    b.close().await;
}

#[tokio::test]
async fn the_cabinet_lists_the_sessions_and_signs_out_everywhere() {
    let server = Server::start();
    let b = Browser::open(390, 844).await;
    register(&b, &server, "ie", "860101300017", "erlan@example.kz").await;
    // A certificate on this phone, for signing in with the EDS below.
    b.client
        .goto(&format!("{}/cabinet/certificate", server.url))
        .await
        .expect("open");
    b.type_keys("certificate.password", ruqsat_e2e::APPLICANT_PASSWORD)
        .await;
    b.click("[data-action='renew']").await;
    b.wait_for("[data-certificate][data-status='valid']").await;
    b.client
        .goto(&format!("{}/cabinet/sessions", server.url))
        .await
        .expect("open");
    b.wait_for("[data-session='current']").await;
    b.screenshot("cabinet-sessions-phone").await;
    b.click("[data-action='sign-out-everywhere']").await;
    b.wait_for_path("/sign-in").await;
    let me = b
        .run_async("const r = await fetch('/api/me'); return r.status;", vec![])
        .await;
    assert_eq!(me.as_i64(), Some(401), "signed out");
    // Signing in as the seeds have it: IIN, password and the EDS on this
    // phone. Another IIN has no key here, which is said.
    b.client.goto(&format!("{}/sign-in", server.url)).await.expect("open");
    b.type_keys("login.identifier", LE).await;
    b.type_keys("login.password", ruqsat_e2e::APPLICANT_PASSWORD).await;
    b.click("[data-action='sign-in-eds']").await;
    b.wait_for_contains(
        ".rq-notice",
        shared::i18n::Msg::AuthNoKeyHere.text(shared::i18n::Lang::En),
    )
    .await;
    b.client.goto(&format!("{}/sign-in", server.url)).await.expect("open");
    b.type_keys("login.identifier", IE).await;
    b.type_keys("login.password", ruqsat_e2e::APPLICANT_PASSWORD).await;
    b.screenshot("sign-in-eds-phone").await;
    b.click("[data-action='sign-in-eds']").await;
    b.wait_for_path("/cabinet").await;
    let me = b
        .run_async("const r = await fetch('/api/me'); return r.status;", vec![])
        .await;
    assert_eq!(me.as_i64(), Some(200), "signed in with the EDS");
    b.close().await;
}
