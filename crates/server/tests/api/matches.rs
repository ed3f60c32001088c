//! Discovery, match listing, decisions with idempotency keys, unmatch/block/report, sync.

use crate::helpers::*;
use serde_json::{Value, json};

#[tokio::test]
async fn discover_proposes_mutually_compatible_people_and_says_why() {
    let app = spawn_app().await;
    let ana = app
        .register_as("Ana", "woman", &["man"], &["jazz", "hiking"])
        .await;
    let ben = app
        .register_as("Ben", "man", &["woman"], &["jazz", "chess"])
        .await;
    let _carl = app.register_as("Carl", "man", &["man"], &["jazz"]).await;
    let _dana = app
        .register_as("Dana", "woman", &["woman"], &["jazz"])
        .await;
    let mut ben_live = app.socket(&ben).await;

    let (status, found) = app
        .post("/api/matches/discover", &ana.token, json!({}))
        .await;
    assert_eq!(status, 200, "{found}");
    let found = found["matches"].as_array().unwrap();
    assert_eq!(
        found.len(),
        1,
        "only Ben wants women and is a man: {found:?}"
    );
    assert_eq!(found[0]["peer"]["display_name"], "Ben");
    assert_eq!(found[0]["status"], "proposed");
    assert_eq!(
        found[0]["compatibility"]["shared_interests"],
        json!(["jazz"])
    );
    assert!(found[0]["compatibility"]["score"].as_u64().unwrap() > 30);
    assert_eq!(
        ben_live.next_of("match.updated").await["match"]["peer"]["display_name"],
        "Ana"
    );

    let (_, again) = app
        .post("/api/matches/discover", &ana.token, json!({}))
        .await;
    assert_eq!(
        again["matches"].as_array().unwrap().len(),
        0,
        "no duplicate proposals"
    );
    let (_, bens) = app.get("/api/matches", &ben.token).await;
    assert_eq!(bens["matches"].as_array().unwrap().len(), 1);
    assert_eq!(bens["matches"][0]["peer"]["id"], ana.id);
    assert_eq!(bens["matches"][0]["call_summary"]["total_calls"], 0);
}

#[tokio::test]
async fn a_like_waits_silently_and_a_replayed_key_answers_the_same() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    app.first_call_completed(&ana, &ben, match_id).await;
    let mut ben_live = app.socket(&ben).await;

    let path = format!("{}/api/matches/{match_id}/decision", app.url);
    let send = |key: &'static str, decision: &'static str| {
        app.client
            .post(&path)
            .bearer_auth(&ana.token)
            .header("Idempotency-Key", key)
            .json(&json!({ "decision": decision }))
            .send()
    };
    let first = send("k-1", "like").await.unwrap();
    assert_eq!(first.status(), 200);
    let first: serde_json::Value = first.json().await.unwrap();
    assert_eq!(first["my_decision"], "like");
    let replay: serde_json::Value = send("k-1", "like").await.unwrap().json().await.unwrap();
    assert_eq!(replay, first);
    let reused = send("k-1", "pass").await.unwrap();
    assert_eq!(reused.status(), 400);

    let (_, seen_by_ben) = app.get("/api/matches", &ben.token).await;
    assert!(
        seen_by_ben["matches"][0]["my_decision"].is_null(),
        "Ben does not see Ana's like"
    );
    let events = ben_live.drain(std::time::Duration::from_millis(300)).await;
    assert!(
        events.iter().all(|e| e["type"] != "match.updated"),
        "Ben is not told: {events:?}"
    );
}

#[tokio::test]
async fn unmatch_block_and_report() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let (status, body) = app
        .post(
            &format!("/api/matches/{match_id}/unmatch"),
            &ana.token,
            json!({}),
        )
        .await;
    assert_error(status, &body, 409, "not_matched");
    app.first_call_completed(&ana, &ben, match_id).await;
    app.decide(&ana, match_id, "like").await;
    app.decide(&ben, match_id, "like").await;
    let (status, closed) = app
        .post(
            &format!("/api/matches/{match_id}/unmatch"),
            &ben.token,
            json!({}),
        )
        .await;
    assert_eq!(
        (status.as_u16(), closed["closed_reason"].as_str()),
        (200, Some("unmatched"))
    );
    let (status, body) = app.start_call(&ana, match_id).await;
    assert_error(status, &body, 409, "closed");

    let cleo = app.register_as("Cleo", "woman", &["man"], &[]).await;
    let cleo_ben = app.match_between(&cleo, &ben).await;
    let (_, call) = app.start_call(&cleo, cleo_ben).await;
    let report = json!({ "reason": "harassment", "details": "rude" });
    let (status, reported) = app
        .post(
            &format!("/api/matches/{cleo_ben}/report"),
            &ben.token,
            report,
        )
        .await;
    assert_eq!(
        (status.as_u16(), reported["closed_reason"].as_str()),
        (200, Some("blocked")),
        "{reported}"
    );
    // Only Ben knows he blocked: Cleo sees the match end like an unmatch, everywhere.
    let reason_seen_by = |list: &Value| {
        list["matches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == cleo_ben)
            .map(|m| m["closed_reason"].clone())
    };
    let (_, bens) = app.get("/api/matches", &ben.token).await;
    assert_eq!(reason_seen_by(&bens), Some(json!("blocked")), "{bens}");
    let (_, cleos) = app.get("/api/matches", &cleo.token).await;
    assert_eq!(reason_seen_by(&cleos), Some(json!("unmatched")), "{cleos}");
    let (_, cleos_sync) = app.get("/api/sync?cursor=0", &cleo.token).await;
    assert_eq!(reason_seen_by(&cleos_sync), Some(json!("unmatched")));
    assert!(!cleos_sync.to_string().contains("blocked"), "{cleos_sync}");
    let (_, history) = app.history(&cleo, cleo_ben).await;
    assert_eq!(history["calls"][0]["session_id"], call["session_id"]);
    assert_eq!(
        history["calls"][0]["status"], "declined",
        "blocking ends the ringing call"
    );
}

#[tokio::test]
async fn sync_returns_what_changed_after_the_cursor() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let (status, all) = app.get("/api/sync?cursor=0", &ana.token).await;
    assert_eq!(status, 200);
    assert_eq!(all["matches"].as_array().unwrap().len(), 1);
    let cursor = all["cursor"].as_i64().unwrap();
    let (_, nothing) = app
        .get(&format!("/api/sync?cursor={cursor}"), &ana.token)
        .await;
    assert_eq!(nothing["matches"].as_array().unwrap().len(), 0);
    // Nothing new: the cursor stays (on PostgreSQL it may move on with other transactions).
    assert!(nothing["cursor"].as_i64().unwrap() >= cursor, "{nothing}");

    let session = app.first_call_completed(&ana, &ben, match_id).await;
    let (_, delta) = app
        .get(&format!("/api/sync?cursor={cursor}"), &ben.token)
        .await;
    assert!(delta["cursor"].as_i64().unwrap() > cursor);
    assert_eq!(delta["matches"][0]["status"], "deciding");
    assert_eq!(delta["matches"][0]["call_summary"]["total_calls"], 1);
    let calls = delta["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (calls[0]["session_id"].as_str(), calls[0]["role"].as_str()),
        (Some(session.as_str()), Some("callee"))
    );
}
