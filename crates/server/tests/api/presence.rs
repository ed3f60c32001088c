//! Presence: shown to the other person of a live match, and to nobody else.

use crate::helpers::spawn_app;
use serde_json::{Value, json};
use std::time::Duration;

#[tokio::test]
async fn a_match_sees_the_other_online_then_away_live_and_an_outsider_hears_nothing() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let cal = app.register_as("Cal", "man", &["woman"], &[]).await;
    let mut ben_live = app.socket(&ben).await;
    let mut cal_live = app.socket(&cal).await;

    let seen = app.view_of(&ben, match_id).await["peer"]["presence"].clone();
    assert_eq!(seen, json!({ "status": "online", "last_seen": "now" }));

    ana.go_offline().await;
    let update = ben_live.next_of("presence.updated").await;
    assert_eq!(update["match_id"], match_id);
    assert_eq!(update["presence"]["status"], "away");
    assert_eq!(update["presence"]["last_seen"], "now");
    assert_eq!(
        app.view_of(&ben, match_id).await["peer"]["presence"]["status"],
        "away"
    );

    app.open_app(&ana).await;
    let update = ben_live.next_of("presence.updated").await;
    assert_eq!(update["presence"]["status"], "online");

    let heard = cal_live.drain(Duration::from_millis(300)).await;
    assert!(
        heard.iter().all(|m| m["type"] != "presence.updated"),
        "an outsider heard of a presence: {heard:?}"
    );
    let (_, cal_matches) = app.get("/api/matches", &cal.token).await;
    assert!(
        !cal_matches
            .to_string()
            .contains(&format!("\"id\":{}", ana.id)),
        "{cal_matches}"
    );
}

#[tokio::test]
async fn a_closed_match_shows_no_presence_and_hears_none() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let (status, _) = app
        .post(
            &format!("/api/matches/{match_id}/block"),
            &ben.token,
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let mut ana_live = app.socket(&ana).await;
    ana_live.drain(Duration::from_millis(200)).await;

    let closed = app.view_of(&ana, match_id).await;
    assert_eq!(closed["peer"]["presence"], Value::Null);
    assert_eq!(closed["peer_available"], false, "{closed}");
    ben.go_offline().await;
    app.open_app(&ben).await;
    let heard = ana_live.drain(Duration::from_millis(500)).await;
    assert!(
        heard.iter().all(|m| m["type"] != "presence.updated"),
        "a closed match heard of a presence: {heard:?}"
    );
    let (_, sync) = app.get("/api/sync?cursor=0", &ana.token).await;
    assert_eq!(sync["presence"], json!([]), "{sync}");
}

#[tokio::test]
async fn a_person_can_hide_their_presence() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let mut ben_live = app.socket(&ben).await;
    let hide = json!({ "available": true, "until": null, "hide_presence": true });
    let (status, body) = app
        .request("PUT", "/api/me/availability", Some(&ana.token), Some(hide))
        .await;
    assert_eq!(status, 200, "{body}");

    let update = ben_live.next_of("presence.updated").await;
    assert_eq!(
        update["presence"],
        json!({ "status": "hidden", "last_seen": null })
    );
    let hidden = json!({ "status": "hidden", "last_seen": null });
    assert_eq!(
        app.view_of(&ben, match_id).await["peer"]["presence"],
        hidden
    );
    ana.go_offline().await;
    assert_eq!(
        app.view_of(&ben, match_id).await["peer"]["presence"],
        hidden
    );
    let (_, sync) = app.get("/api/sync?cursor=0", &ben.token).await;
    assert_eq!(
        sync["presence"],
        json!([{ "match_id": match_id, "presence": hidden }])
    );
}

#[tokio::test]
async fn a_sync_tells_where_each_match_is_on_its_last_page_only() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let (_, sync) = app.get("/api/sync?cursor=0", &ben.token).await;
    assert_eq!(
        sync["presence"],
        json!([{ "match_id": match_id, "presence": { "status": "online", "last_seen": "now" } }])
    );
    ana.go_offline().await;
    let cursor = sync["cursor"].as_i64().unwrap();
    let (_, later) = app
        .get(&format!("/api/sync?cursor={cursor}"), &ben.token)
        .await;
    // Presence is not a change of the match: it comes on the last page whatever changed.
    assert_eq!(later["presence"][0]["presence"]["status"], "away");
}
