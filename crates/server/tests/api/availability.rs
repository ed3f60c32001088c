//! "Available for calls" and "no calls from this match for now": refused calls ring nobody and
//! use no ring; the caller's card says so beforehand.

use crate::helpers::{Person, TestApp, assert_error, spawn_app};
use serde_json::{Value, json};
use std::time::Duration;

async fn set_availability(app: &TestApp, who: &Person, body: Value) -> (u16, Value) {
    let (status, body) = app
        .request("PUT", "/api/me/availability", Some(&who.token), Some(body))
        .await;
    (status.as_u16(), body)
}

#[tokio::test]
async fn calls_switched_off_are_refused_without_ringing_or_counting_a_ring() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let mut ana_live = app.socket(&ana).await;
    let (status, body) = set_availability(
        &app,
        &ana,
        json!({ "available": false, "until": null, "hide_presence": false }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.view_of(&ben, match_id).await["peer_available"], false);
    assert_eq!(app.view_of(&ana, match_id).await["calls_allowed"], true);

    // More refusals than the ring limit allows rings.
    for _ in 0..4 {
        let (status, body) = app.start_call(&ben, match_id).await;
        assert_error(status, &body, 409, "unavailable");
    }
    let heard = ana_live.drain(Duration::from_millis(300)).await;
    assert!(
        heard.iter().all(|m| m["type"] != "call.ringing"),
        "{heard:?}"
    );
    let (_, history) = app.history(&ben, match_id).await;
    assert_eq!(history["calls"], json!([]), "{history}");

    set_availability(
        &app,
        &ana,
        json!({ "available": true, "until": null, "hide_presence": false }),
    )
    .await;
    let (status, call) = app.start_call(&ben, match_id).await;
    assert_eq!(status, 200, "no ring was used: {call}");
    assert_eq!(
        ana_live.next_of("call.ringing").await["caller"]["id"],
        ben.id
    );
}

#[tokio::test]
async fn off_until_a_time_turns_calls_back_on_by_itself() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let until = chrono::Utc::now() + chrono::Duration::milliseconds(1500);
    let (status, body) = set_availability(
        &app,
        &ana,
        json!({ "available": false, "until": until, "hide_presence": false }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app.start_call(&ben, match_id).await;
    assert_error(status, &body, 409, "unavailable");
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let (_, now) = app.get("/api/me/availability", &ana.token).await;
    assert_eq!(
        now,
        json!({ "available": true, "until": null, "hide_presence": false })
    );
    assert_eq!(app.start_call(&ben, match_id).await.0, 200);
}

#[tokio::test]
async fn a_bad_availability_is_refused_with_the_field() {
    let app = spawn_app().await;
    let ana = app.register_as("Ana", "woman", &["man"], &[]).await;
    let past = chrono::Utc::now() - chrono::Duration::hours(1);
    for body in [
        json!({ "available": false, "until": past, "hide_presence": false }),
        json!({ "available": true, "until": chrono::Utc::now() + chrono::Duration::hours(1) }),
        json!({ "available": false, "until": chrono::Utc::now() + chrono::Duration::days(40) }),
    ] {
        let (status, answer) = set_availability(&app, &ana, body.clone()).await;
        assert_eq!(
            (status, answer["error"]["field"].clone()),
            (400, json!("until")),
            "{body}: {answer}"
        );
    }
    let (status, answer) = set_availability(&app, &ana, json!({ "available": "yes" })).await;
    assert_eq!(
        (status, answer["error"]["code"].clone()),
        (400, json!("invalid_json"))
    );
    let (_, stored) = app.get("/api/me/availability", &ana.token).await;
    assert_eq!(stored["available"], true);
}

#[tokio::test]
async fn calls_off_for_one_match_only_and_only_by_its_people() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let cal = app.register_as("Cal", "man", &["woman"], &["jazz"]).await;
    let other_match = app.match_between(&ana, &cal).await;
    let off = json!({ "allowed": false });

    let (status, body) = app
        .request(
            "PUT",
            &format!("/api/matches/{match_id}/calls"),
            Some(&cal.token),
            Some(off.clone()),
        )
        .await;
    assert_error(status, &body, 404, "not_found");

    let (status, mine) = app
        .request(
            "PUT",
            &format!("/api/matches/{match_id}/calls"),
            Some(&ana.token),
            Some(off),
        )
        .await;
    assert_eq!(
        (status.as_u16(), mine["calls_allowed"].clone()),
        (200, json!(false)),
        "{mine}"
    );
    assert_eq!(app.view_of(&ben, match_id).await["peer_available"], false);
    let (status, body) = app.start_call(&ben, match_id).await;
    assert_error(status, &body, 409, "unavailable");
    // Cal's match with Ana still rings.
    assert_eq!(app.start_call(&cal, other_match).await.0, 200);
}

#[tokio::test]
async fn calling_someone_with_no_socket_anywhere_rings_nobody_and_uses_no_ring() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    ana.go_offline().await;
    assert_eq!(
        app.view_of(&ben, match_id).await["peer"]["presence"]["status"],
        "away"
    );
    for _ in 0..4 {
        let (status, body) = app.start_call(&ben, match_id).await;
        assert_error(status, &body, 409, "peer_offline");
    }
    let (_, history) = app.history(&ben, match_id).await;
    assert_eq!(history["calls"], json!([]), "{history}");
    app.open_app(&ana).await;
    assert_eq!(app.start_call(&ben, match_id).await.0, 200);
}
