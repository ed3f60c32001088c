//! "Ask for a call": a request's life (propose, answer, remind, outcome), its bounds, and who may
//! touch it. The tests' server reminds 1 s before an agreed time and keeps it 2 s.

use crate::helpers::{Person, Socket, TestApp, assert_error, spawn_app, spawn_with};
use chrono::{DateTime, Utc};
use meetcute_server::Config;
use serde_json::{Value, json};

fn in_ms(ms: i64) -> DateTime<Utc> {
    let at = Utc::now() + chrono::Duration::milliseconds(ms);
    DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap()
}

async fn ask(app: &TestApp, who: &Person, match_id: i64, body: Value) -> (u16, Value) {
    let (status, body) = app
        .post(
            &format!("/api/matches/{match_id}/call-requests"),
            &who.token,
            body,
        )
        .await;
    (status.as_u16(), body)
}

async fn answer(app: &TestApp, who: &Person, id: i64, action: &str, body: Value) -> (u16, Value) {
    let (status, body) = app
        .post(
            &format!("/api/call-requests/{id}/{action}"),
            &who.token,
            body,
        )
        .await;
    (status.as_u16(), body)
}

/// Skips `call_request.updated` messages until the request is in `status`.
async fn updated_to(socket: &mut Socket, status: &str) -> Value {
    loop {
        let update = socket.next_of("call_request.updated").await;
        if update["request"]["status"] == status {
            return update;
        }
    }
}

#[tokio::test]
async fn a_request_is_picked_reminded_and_missed_when_nobody_calls() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let mut ana_live = app.socket(&ana).await;
    let mut ben_live = app.socket(&ben).await;
    let (early, late) = (in_ms(2_500), in_ms(60_000));

    let (status, request) = ask(&app, &ben, match_id, json!({ "slots": [late, early] })).await;
    assert_eq!(status, 201, "{request}");
    assert_eq!(request["status"], "pending");
    assert_eq!(request["slots"].as_array().unwrap().len(), 2);
    let id = request["id"].as_i64().unwrap();
    let told = ana_live.next_of("call_request.updated").await;
    assert_eq!(
        (
            told["request"]["id"].as_i64(),
            told["request"]["from_user_id"].as_i64()
        ),
        (Some(id), Some(ben.id))
    );

    let (status, scheduled) = answer(&app, &ana, id, "accept", json!({ "slot": early })).await;
    assert_eq!(status, 200, "{scheduled}");
    assert_eq!(scheduled["status"], "scheduled");
    assert_eq!(
        scheduled["scheduled_at"]
            .as_str()
            .map(|t| t.parse::<DateTime<Utc>>().unwrap()),
        Some(early)
    );
    updated_to(&mut ben_live, "scheduled").await;

    let before = ben_live.next_of("call_request.reminder").await;
    assert_eq!(before["minutes_before"], 1);
    let at_time = ben_live.next_of("call_request.reminder").await;
    assert_eq!(at_time["minutes_before"], 0);
    assert!(
        Utc::now() >= early - chrono::Duration::milliseconds(300),
        "reminded early"
    );
    assert_eq!(
        ana_live.next_of("call_request.reminder").await["minutes_before"],
        1
    );

    updated_to(&mut ana_live, "expired").await;
    let (_, list) = app
        .get(
            &format!("/api/matches/{match_id}/call-requests"),
            &ana.token,
        )
        .await;
    assert_eq!(list["call_requests"][0]["status"], "expired", "{list}");
}

#[tokio::test]
async fn a_call_at_the_agreed_time_keeps_it() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let mut ben_live = app.socket(&ben).await;
    let (_, request) = ask(&app, &ben, match_id, json!({ "any_time_today": true })).await;
    let id = request["id"].as_i64().unwrap();
    let (status, scheduled) = answer(&app, &ana, id, "accept", json!({})).await;
    assert_eq!(
        (status, scheduled["status"].clone()),
        (200, json!("scheduled")),
        "{scheduled}"
    );
    // Now is the time: the one first call, capped, like any other start.
    let (status, call) = app.start_call(&ana, match_id).await;
    assert_eq!(status, 200, "{call}");
    assert_eq!(call["max_duration_seconds"], 2);
    let session = call["session_id"].as_str().unwrap();
    assert_eq!(app.session_action(&ben, session, "accept").await.0, 200);
    let outcome = loop {
        let update = ben_live.next_of("call_request.updated").await;
        if !["pending", "scheduled"].contains(&update["request"]["status"].as_str().unwrap()) {
            break update;
        }
    };
    assert_eq!(outcome["request"]["status"], "done", "{outcome}");
}

#[tokio::test]
async fn only_the_person_asked_answers_and_either_cancels_an_agreed_time() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let cal = app.register_as("Cal", "man", &["woman"], &[]).await;
    let slot = in_ms(600_000);
    let (_, request) = ask(&app, &ben, match_id, json!({ "slots": [slot] })).await;
    let id = request["id"].as_i64().unwrap();

    let (status, body) = answer(&app, &cal, id, "accept", json!({ "slot": slot })).await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (404, json!("not_found"))
    );
    let (status, body) = answer(&app, &ben, id, "accept", json!({ "slot": slot })).await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (403, json!("forbidden"))
    );
    let (status, body) = answer(&app, &ana, id, "cancel", json!({})).await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (403, json!("forbidden"))
    );
    let (status, body) = answer(&app, &ana, id, "accept", json!({ "slot": in_ms(700_000) })).await;
    assert_eq!(
        (status, body["error"]["field"].clone()),
        (400, json!("slot"))
    );
    let (_, body) = app
        .get(
            &format!("/api/matches/{match_id}/call-requests"),
            &cal.token,
        )
        .await;
    assert_eq!(body["error"]["code"], "not_found");

    assert_eq!(
        answer(&app, &ana, id, "accept", json!({ "slot": slot }))
            .await
            .0,
        200
    );
    let (status, cancelled) = answer(&app, &ana, id, "cancel", json!({})).await;
    assert_eq!(
        (status, cancelled["status"].clone()),
        (200, json!("cancelled"))
    );
    let (status, body) = answer(&app, &ben, id, "cancel", json!({})).await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (409, json!("invalid_transition"))
    );

    let (_, second) = ask(&app, &ben, match_id, json!({ "slots": [slot] })).await;
    let (status, declined) = answer(
        &app,
        &ana,
        second["id"].as_i64().unwrap(),
        "decline",
        json!({}),
    )
    .await;
    assert_eq!(
        (status, declined["status"].clone()),
        (200, json!("declined"))
    );
}

#[tokio::test]
async fn open_requests_are_bounded_and_bad_ones_refused_with_codes() {
    let mut config = Config::for_tests();
    config.max_open_proposals = 10; // six proposals for one person
    let app = spawn_with(config).await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let slot = in_ms(600_000);
    for (body, status, code) in [
        (json!({ "slots": [] }), 400, "validation"),
        (json!({ "slots": [in_ms(-60_000)] }), 400, "validation"),
        (
            json!({ "slots": [slot, in_ms(700_000), in_ms(800_000), in_ms(900_000)] }),
            400,
            "validation",
        ),
        (
            json!({ "slots": [slot], "any_time_today": true }),
            400,
            "validation",
        ),
        (json!({ "slots": ["tonight"] }), 400, "invalid_json"),
        (json!({ "when": "later" }), 400, "invalid_json"),
    ] {
        let (got, answer) = ask(&app, &ben, match_id, body.clone()).await;
        assert_eq!(
            (got, answer["error"]["code"].as_str()),
            (status, Some(code)),
            "{body}: {answer}"
        );
    }
    assert_eq!(
        ask(&app, &ben, match_id, json!({ "slots": [slot] }))
            .await
            .0,
        201
    );
    // One open request per match, whoever asks.
    let (status, body) = ask(&app, &ana, match_id, json!({ "slots": [slot] })).await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (409, json!("request_open"))
    );
    let (status, body) = answer(&app, &ana, 999_999, "accept", json!({})).await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (404, json!("not_found"))
    );

    // Five open at once from one person, in five matches; the sixth is refused.
    let many = app.register_as("Mia", "woman", &["man"], &["jazz"]).await;
    let mut matches = Vec::new();
    for i in 0..6 {
        let other = app
            .register_as(&format!("M{i}"), "man", &["woman"], &["jazz"])
            .await;
        matches.push(app.match_between(&many, &other).await);
    }
    for (i, id) in matches.iter().enumerate() {
        let (status, body) = ask(&app, &many, *id, json!({ "slots": [slot] })).await;
        if i < 5 {
            assert_eq!(status, 201, "{body}");
        } else {
            assert_error(
                reqwest::StatusCode::from_u16(status).unwrap(),
                &body,
                429,
                "too_many_requests",
            );
        }
    }
}

#[tokio::test]
async fn a_closed_match_takes_no_requests_and_cancels_its_open_one() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let mut ana_live = app.socket(&ana).await;
    let (_, request) = ask(&app, &ben, match_id, json!({ "slots": [in_ms(600_000)] })).await;
    ana_live.next_of("call_request.updated").await;
    let (status, _) = app
        .post(
            &format!("/api/matches/{match_id}/block"),
            &ana.token,
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let update = ana_live.next_of("call_request.updated").await;
    assert_eq!(
        (
            update["request"]["id"].clone(),
            update["request"]["status"].clone()
        ),
        (request["id"].clone(), json!("cancelled"))
    );
    let (status, body) = ask(&app, &ben, match_id, json!({ "any_time_today": true })).await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (409, json!("closed"))
    );
}

#[tokio::test]
async fn requests_survive_a_restart_and_their_reminders_still_come() {
    let mut app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let slot = in_ms(4_000);
    let (_, request) = ask(&app, &ben, match_id, json!({ "slots": [slot] })).await;
    let id = request["id"].as_i64().unwrap();
    assert_eq!(
        answer(&app, &ana, id, "accept", json!({ "slot": slot }))
            .await
            .0,
        200
    );
    app.restart().await;
    let mut ana_live = app.socket(&ana).await;
    let reminder = ana_live.next_of("call_request.reminder").await;
    assert_eq!(reminder["request"]["id"], id);
    let (_, sync) = app.get("/api/sync?cursor=0", &ana.token).await;
    assert_eq!(sync["call_requests"][0]["id"], id, "{sync}");
    assert_eq!(sync["call_requests"][0]["status"], "scheduled");
}
