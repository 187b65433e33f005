//! The hash-chained audit log and its signed checkpoints.

use super::*;

#[tokio::test]
async fn the_audit_chain_names_the_first_entry_changed_behind_its_back() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let id = id_of(&registered(&app, &cookie, "security", "issuance", None).await);
    let clerk = staff(&app, "police.clerk").await;
    ok(&app, &clerk, &id, json!({"action": "register"})).await;
    let head = staff(&app, "police.head").await;
    ok(&app, &head, &id, json!({"action": "resolve", "note": "В отдел"})).await;
    assert_eq!(ruqsat_backend::audit::verify(&app.db).await.expect("intact"), 3);
    // The log refuses changes...
    let update = sqlx::query("UPDATE audit_log SET note = 'x' WHERE seq = 2")
        .execute(&app.db.pool)
        .await;
    assert!(update.is_err(), "the audit log is append-only");
    // ...so a tamperer must first remove the guard, and is still caught.
    let drop = match app.db.engine {
        ruqsat_backend::db::Engine::Sqlite => "DROP TRIGGER audit_no_update",
        ruqsat_backend::db::Engine::Postgres => "DROP TRIGGER audit_no_change ON audit_log",
    };
    sqlx::query(drop).execute(&app.db.pool).await.expect("drop the guard");
    sqlx::query("UPDATE audit_log SET note = 'В архив' WHERE seq = 2")
        .execute(&app.db.pool)
        .await
        .expect("tamper");
    let broken = ruqsat_backend::audit::verify(&app.db).await.expect_err("broken");
    assert_eq!(
        broken.to_string(),
        ruqsat_backend::audit::Broken::Content(2).to_string()
    );
}

#[tokio::test]
async fn a_consistent_rewrite_of_the_whole_chain_is_caught_by_its_signed_checkpoints() {
    use ruqsat_backend::audit::anchor::{Anchor, AnchorError};
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let id = id_of(&registered(&app, &cookie, "security", "issuance", None).await);
    let clerk = staff(&app, "police.clerk").await;
    ok(&app, &clerk, &id, json!({"action": "register"})).await;
    let head = staff(&app, "police.head").await;
    ok(&app, &head, &id, json!({"action": "resolve", "note": "В отдел"})).await;
    // Staff administration is in the same chain.
    let admin = staff(&app, "police.admin").await;
    let members = body_json(app.with_cookie("GET", "/api/staff/admin/members", &admin).await).await;
    let clerk_id = members[0]["id"].as_str().expect("an id").to_owned();
    let r = app
        .json(
            "POST",
            &format!("/api/staff/admin/members/{clerk_id}/absence"),
            json!({"absent": true}),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let entries = ruqsat_backend::audit::of_application(&app.db, &format!("staff/{clerk_id}"))
        .await
        .expect("entries");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "staff-absence");
    assert_eq!(ruqsat_backend::audit::verify(&app.db).await.expect("intact"), 4);

    let dir = tempfile::tempdir().expect("a directory");
    let anchor = Anchor::open(dir.path()).expect("an anchor");
    let c = anchor.checkpoint(&app.db, 100).await.expect("a checkpoint");
    assert_eq!(c.seq, 4);
    assert_eq!(
        anchor.checkpoint(&app.db, 200).await.expect("the same"),
        c,
        "once per head"
    );
    assert_eq!(anchor.verify(&app.db).await.expect("holds"), 1);

    // A tamperer who can write the database rewrites entry 2 and every hash
    // after it, and the head: the chain alone is consistent again...
    let drop = match app.db.engine {
        ruqsat_backend::db::Engine::Sqlite => "DROP TRIGGER audit_no_update",
        ruqsat_backend::db::Engine::Postgres => "DROP TRIGGER audit_no_change ON audit_log",
    };
    sqlx::query(drop).execute(&app.db.pool).await.expect("drop the guard");
    let mut entries = ruqsat_backend::audit::of_application(&app.db, &id)
        .await
        .expect("entries");
    entries.extend(
        ruqsat_backend::audit::of_application(&app.db, &format!("staff/{clerk_id}"))
            .await
            .expect("entries"),
    );
    entries.sort_by_key(|e| e.seq);
    let mut previous = ruqsat_backend::audit::GENESIS.to_owned();
    for mut e in entries {
        if e.seq == 2 {
            e.note = "В архив".to_owned();
        }
        e.prev_hash = previous.clone();
        e.hash = e.expected_hash();
        sqlx::query("UPDATE audit_log SET note = $1, prev_hash = $2, hash = $3 WHERE seq = $4")
            .bind(&e.note)
            .bind(&e.prev_hash)
            .bind(&e.hash)
            .bind(e.seq)
            .execute(&app.db.pool)
            .await
            .expect("rewrite");
        previous = e.hash;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&previous)
        .execute(&app.db.pool)
        .await
        .expect("rewrite the head");
    assert_eq!(ruqsat_backend::audit::verify(&app.db).await.expect("consistent"), 4);
    // ...but not against the checkpoint signed outside it.
    let e = anchor.verify(&app.db).await.expect_err("caught");
    assert!(matches!(e, AnchorError::Rewritten(4)), "{e}");

    // A forged checkpoint line is refused too.
    let path = dir.path().join("checkpoints.jsonl");
    let text = std::fs::read_to_string(&path).expect("checkpoints");
    std::fs::write(&path, text.replace("\"seq\":4", "\"seq\":3")).expect("forge");
    let e = Anchor::open(dir.path())
        .expect("an anchor")
        .verify(&app.db)
        .await
        .expect_err("forged");
    assert!(matches!(e, AnchorError::Forged { line: 1 }), "{e}");
}
