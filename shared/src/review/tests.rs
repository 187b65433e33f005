//! The review types' tests.

use super::*;
use crate::workflow::{ApplicationStatus, Outcome};

#[test]
fn a_stage_tag_is_the_status_tag_the_server_stores() {
    let statuses = [
        ApplicationStatus::Registered,
        ApplicationStatus::InReview { step: 1 },
        ApplicationStatus::AwaitingConclusion { step: 3 },
        ApplicationStatus::Inspection { step: 4 },
        ApplicationStatus::DecisionDrafted {
            step: 5,
            outcome: Outcome::Issue,
        },
        ApplicationStatus::Signed {
            outcome: Outcome::Refuse(crate::workflow::RefusalGround::DocumentsIncomplete),
        },
    ];
    for status in statuses {
        let stage = InboxStage::of(status).expect("an open status has a stage");
        let json = serde_json::to_value(status).expect("serialises");
        assert_eq!(json["status"], stage.tag(), "{status:?}");
        assert_eq!(serde_json::to_value(stage).expect("serialises"), stage.tag());
        assert_eq!(stage.label(), status.label());
    }
    assert_eq!(InboxStage::of(ApplicationStatus::Issued), None);
    assert_eq!(InboxStage::of(ApplicationStatus::Draft), None);
    assert_eq!(InboxStage::ALL.len(), statuses.len());
}

#[test]
fn remembered_filters_drop_the_page_and_blank_text() {
    let q = InboxQuery {
        scope: InboxScope::Provider,
        service: Some(String::new()),
        step: Some("review".to_owned()),
        stage: Some(InboxStage::InReview),
        q: Some("  ".to_owned()),
        after: Some("100:abc".to_owned()),
        limit: Some(10),
        overdue: true,
        request_type: None,
    };
    let f = q.filters();
    assert_eq!((f.after, f.limit, f.q, f.service), (None, None, None, None));
    assert_eq!(
        (f.scope, f.step.as_deref(), f.stage, f.overdue),
        (InboxScope::Provider, Some("review"), Some(InboxStage::InReview), true)
    );
}

#[test]
fn filters_must_name_the_catalogue_s_services_and_steps() {
    let good = InboxQuery {
        service: Some("passenger-transport".to_owned()),
        step: Some("review".to_owned()),
        ..InboxQuery::default()
    };
    assert_eq!(good.validate(), vec![]);
    let bad = InboxQuery {
        service: Some("no-such".to_owned()),
        step: Some("lunch".to_owned()),
        q: Some("x".repeat(INBOX_MAX_SEARCH + 1)),
        ..InboxQuery::default()
    };
    let paths: Vec<_> = bad.validate().into_iter().map(|e| e.path).collect();
    assert_eq!(paths, ["inbox.service", "inbox.step", "inbox.q"]);
}

#[test]
fn a_provider_s_steps_are_its_chains_in_order() {
    let all = inbox_steps(None);
    assert_eq!(all.first().map(String::as_str), Some("intake"));
    assert!(all.iter().any(|s| s == "inspection"), "{all:?}");
    let mut seen = all.clone();
    seen.dedup();
    assert_eq!(seen.len(), all.len());
    let transport = crate::catalog::catalog()
        .service("passenger-transport")
        .expect("in the catalogue");
    let theirs = inbox_steps(Some(&transport.provider));
    assert!(!theirs.iter().any(|s| s == "inspection"), "{theirs:?}");
    assert!(theirs.iter().any(|s| s == "review"));
}

/// Seed 001:63: the certificate is collected on paper, so issuing it names
/// the place and a working day to collect it; a licence names neither.
#[test]
fn a_paper_certificate_is_issued_with_its_place_and_working_day_of_collection() {
    use crate::review::{Collection, DecisionOutcome};
    let today: crate::date::Date = "2026-12-04".parse().expect("a Friday");
    let issue = |collection: Option<Collection>| DecisionOutcome::Issue {
        valid_until: None,
        annex: String::new(),
        collection,
    };
    let at = |place: &str, date: &str| {
        Some(Collection {
            place: place.to_owned(),
            date: date.to_owned(),
        })
    };
    let paths = |d: DecisionOutcome, service: &str| -> Vec<(String, crate::i18n::Msg)> {
        d.validate(service, false, today)
            .into_iter()
            .map(|e| (e.path, e.message))
            .collect()
    };
    use crate::i18n::Msg;
    let cert = "tech-inspection-cert";
    assert_eq!(
        paths(issue(None), cert),
        [
            ("decision.collection.place".to_owned(), Msg::DecisionCollectionPlace),
            ("decision.collection.date".to_owned(), Msg::FieldRequired),
        ]
    );
    assert!(paths(issue(at("Тараз, ул. Толе би 1, каб. 5", "2026-12-07")), cert).is_empty());
    assert_eq!(
        paths(issue(at("Тараз, каб. 5", "2026-12-03")), cert),
        [("decision.collection.date".to_owned(), Msg::DecisionCollectionPast)]
    );
    // Saturday, and Independence Day (16 December).
    for day_off in ["2026-12-05", "2026-12-16"] {
        assert_eq!(
            paths(issue(at("Тараз, каб. 5", day_off)), cert),
            [("decision.collection.date".to_owned(), Msg::DecisionCollectionDayOff)],
            "{day_off}"
        );
    }
    assert_eq!(
        paths(issue(at(" ", "2026-12-07")), cert),
        [("decision.collection.place".to_owned(), Msg::DecisionCollectionPlace)]
    );
    // A licence is not collected on paper.
    assert!(paths(issue(None), "security").is_empty());
    assert_eq!(
        paths(issue(at("Астана", "2026-12-07")), "security"),
        [("decision.collection.place".to_owned(), Msg::DecisionCollectionNotPaper)]
    );
}
