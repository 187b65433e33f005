//! Every service's chain, for every request type, run from the catalogue
//! through the API by the demo staff of each role.

use super::*;

#[tokio::test]
async fn every_service_and_request_type_runs_its_chain_from_the_catalogue() {
    let app = back_office().await;
    let le = app.register("le", LE, "le@example.kz").await;
    let ie = app.register("ie", IE, "ie@example.kz").await;
    for s in &catalog().services {
        // The certificate is for applicants by IIN (seed 001:169-173, 195-207).
        let cookie = if s.applicants.contains(&shared::catalog::ApplicantKind::Le) {
            &le
        } else {
            &ie
        };
        // Issuance first: the later request types name its licence.
        let sent = registered(&app, cookie, &s.code, "issuance", None).await;
        let id = id_of(&sent);
        let done = run_chain(&app, &id, &s.code, RequestType::Issuance, issue(&s.code)).await;
        assert_eq!(done["status"], json!({"status": "issued"}), "{}", s.code);
        let licence = done["licence"]["number"].as_str().expect("a licence").to_owned();
        // A licence, or the certificate of seed 001 (a kind of its own).
        let prefix = format!("{}-2026-", s.document.prefix());
        assert!(licence.starts_with(&prefix), "{licence}");
        // Every entry of the timeline says in words what was done.
        let timeline: Vec<shared::review::TimelineEntry> =
            serde_json::from_value(done["timeline"].clone()).expect("a timeline");
        assert!(timeline.len() >= 4, "{}", s.code);
        for e in &timeline {
            assert!(e.label().is_some(), "{}: no words for {:?}", s.code, e.action);
        }
        // Every step has its deadline and was done within it.
        for step in done["steps"].as_array().expect("steps") {
            assert!(step["due_at"].is_i64(), "{}: {step}", s.code);
            assert_eq!(step["met"], json!(true), "{}: {step}", s.code);
        }
        for rt in &s.request_types {
            match rt {
                RequestType::Issuance => {}
                RequestType::Reregistration => {
                    let sent = registered(&app, cookie, &s.code, "reregistration", Some(&licence)).await;
                    let done = run_chain(&app, &id_of(&sent), &s.code, *rt, issue(&s.code)).await;
                    assert_eq!(done["licence"]["number"], json!(format!("{licence}-V2")));
                    assert_eq!(done["licence"]["supersedes"], json!(licence));
                    let old = app.get(&format!("/api/registry/verify?number={licence}")).await;
                    let old = body_json(old).await;
                    assert_eq!(old["status"], json!("reregistered"), "{}", s.code);
                    assert_eq!(old["superseded_by"], json!(format!("{licence}-V2")));
                }
                RequestType::Duplicate => {
                    // The licence in force: the re-registered version when there is one.
                    let current = if s.request_types.contains(&RequestType::Reregistration) {
                        format!("{licence}-V2")
                    } else {
                        licence.clone()
                    };
                    let sent = registered(&app, cookie, &s.code, "duplicate", Some(&current)).await;
                    let done = run_chain(&app, &id_of(&sent), &s.code, *rt, issue(&s.code)).await;
                    assert_eq!(done["licence"]["number"], json!(format!("{current}-D1")));
                    assert_eq!(done["licence"]["duplicate_of"], json!(current));
                }
            }
        }
    }
    // The entity sees its licences (four services, three request types
    // each) and a notification for each.
    let licences = body_json(app.with_cookie("GET", "/api/licences", &le).await).await;
    assert_eq!(licences["rows"].as_array().expect("licences").len(), 4 * 3);
    let notes = body_json(app.with_cookie("GET", "/api/notifications", &le).await).await;
    assert!(
        notes["rows"]
            .as_array()
            .expect("notes")
            .iter()
            .any(|n| n["message"] == json!("notify.issued"))
    );
    // Every action was recorded and the chain of hashes holds.
    let entries = ruqsat_backend::audit::verify(&app.db)
        .await
        .expect("an intact audit log");
    assert!(entries > 50, "{entries} entries");
}
