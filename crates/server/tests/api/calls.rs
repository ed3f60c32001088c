//! The seed's story and the call rules over real HTTP and WebSocket.

use crate::helpers::*;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn the_seed_story_from_proposal_to_three_calls_together() {
    let app = spawn_app().await; // first-call cap: 2 s
    let (ana, ben, match_id) = app.proposed_pair().await;
    let mut ana_live = app.socket(&ana).await;
    let mut ben_live = app.socket(&ben).await;

    // First call: Ana starts it, Ben hears it ring and accepts; the server cuts it at the cap.
    let (status, call) = app.start_call(&ana, match_id).await;
    assert_eq!(status, 200, "{call}");
    assert_eq!(
        (call["role"].as_str(), call["max_duration_seconds"].as_u64()),
        (Some("caller"), Some(2))
    );
    assert!(
        call["ice_servers"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
    let first = call["session_id"].as_str().unwrap().to_owned();
    let ringing = ben_live.next_of("call.ringing").await;
    assert_eq!(ringing["session"]["session_id"], first);
    assert_eq!(ringing["session"]["role"], "callee");
    assert_eq!(ringing["caller"]["display_name"], "Ana");
    let (status, accepted) = app.session_action(&ben, &first, "accept").await;
    assert_eq!(status, 200, "{accepted}");
    assert_eq!(
        (accepted["status"].as_str(), accepted["role"].as_str()),
        (Some("active"), Some("callee"))
    );
    assert!(
        accepted["ice_servers"]
            .as_array()
            .is_some_and(|s| !s.is_empty()),
        "the callee gets its own ICE servers: {accepted}"
    );
    ana_live.next_of("call.accepted").await;

    let ended = ben_live.next_of("call.ended").await;
    assert_eq!(ended["end_reason"], "time_limit");
    assert_eq!(ended["session"]["status"], "completed");
    assert_eq!(
        ana_live.next_of("call.ended").await["end_reason"],
        "time_limit"
    );
    let updated = ana_live.next_of("match.updated").await;
    assert_eq!(updated["match"]["status"], "deciding");

    // No second call before a mutual like.
    let (status, refused) = app.start_call(&ben, match_id).await;
    assert_error(status, &refused, 409, "awaiting_decision");

    // Both like: a mutual match, announced to both.
    let (status, after) = app.decide(&ana, match_id, "like").await;
    assert_eq!(
        (status.as_u16(), after["status"].as_str()),
        (200, Some("deciding")),
        "{after}"
    );
    let (_, after) = app.decide(&ben, match_id, "like").await;
    assert_eq!(after["status"], "matched");
    assert_eq!(
        ana_live.next_of("match.mutual").await["match"]["status"],
        "matched"
    );
    assert_eq!(
        ben_live.next_of("match.mutual").await["match"]["id"],
        match_id
    );

    // Second and third calls: each a new session, no cap, either person may call.
    let mut ids = vec![first.clone()];
    for caller in [&ben, &ana] {
        let callee = if caller.id == ana.id { &ben } else { &ana };
        let (status, call) = app.start_call(caller, match_id).await;
        assert_eq!(status, 200, "{call}");
        assert!(call["max_duration_seconds"].is_null(), "{call}");
        let session = call["session_id"].as_str().unwrap().to_owned();
        assert!(!ids.contains(&session), "a new session id each time");
        assert_eq!(app.session_action(callee, &session, "accept").await.0, 200);
        tokio::time::sleep(Duration::from_millis(2300)).await; // past the first-call cap
        let (status, ended) = app.session_action(caller, &session, "end").await;
        assert_eq!(
            (status.as_u16(), ended["end_reason"].as_str()),
            (200, Some("hangup")),
            "{ended}"
        );
        ids.push(session);
    }

    let (status, history) = app.history(&ben, match_id).await;
    assert_eq!(status, 200);
    assert_eq!(history["match_id"], match_id);
    assert_eq!(history["is_mutual_match"], true);
    assert_eq!(history["total_calls"], 3);
    let calls = history["calls"].as_array().unwrap();
    let listed: Vec<_> = calls
        .iter()
        .map(|c| c["session_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, ids, "oldest first");
    assert_eq!(calls[0]["duration_seconds"], 2, "cut exactly at the cap");
    assert_eq!(calls[0]["duration_minutes"], 1);
    assert_eq!(calls[0]["initiated_by"], ana.id);
    assert_eq!(calls[1]["initiated_by"], ben.id);
    assert!(
        calls[2]["duration_seconds"].as_i64().unwrap() >= 2,
        "mutual calls run past the cap"
    );
    for call in calls {
        for field in [
            "session_id",
            "status",
            "started_at",
            "ended_at",
            "duration_minutes",
            "duration_seconds",
            "initiated_by",
        ] {
            assert!(call.get(field).is_some(), "{field} missing in {call}");
        }
    }

    let (_, list) = app.get("/api/matches", &ana.token).await;
    let card = &list["matches"][0];
    assert_eq!(card["call_summary"]["total_calls"], 3);
    assert!(card["live_session"].is_null());
}

#[tokio::test]
async fn an_unanswered_first_call_does_not_use_it_up() {
    let app = spawn_app().await; // ring timeout: 2 s
    let (ana, ben, match_id) = app.proposed_pair().await;
    let mut ana_live = app.socket(&ana).await;

    let (_, declined) = app.start_call(&ana, match_id).await;
    let session = declined["session_id"].as_str().unwrap();
    let (_, view) = app.session_action(&ben, session, "decline").await;
    assert_eq!(view["status"], "declined");
    assert_eq!(
        ana_live.next_of("call.declined").await["session"]["session_id"],
        session
    );

    let (_, cancelled) = app.start_call(&ben, match_id).await;
    let session = cancelled["session_id"].as_str().unwrap();
    assert_eq!(
        app.session_action(&ben, session, "end").await.1["status"],
        "cancelled"
    );

    let (_, missed) = app.start_call(&ana, match_id).await;
    let session = missed["session_id"].as_str().unwrap().to_owned();
    let event = ana_live.next_of("call.missed").await;
    assert_eq!(event["session"]["session_id"], session.as_str());
    let (status, late) = app.session_action(&ben, &session, "accept").await;
    assert_error(status, &late, 409, "session_ended");

    let (status, again) = app.start_call(&ana, match_id).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(
        again["max_duration_seconds"], 2,
        "still the capped first call"
    );
    let (_, history) = app.history(&ana, match_id).await;
    assert_eq!(history["total_calls"], 0);
    assert_eq!(history["calls"].as_array().unwrap().len(), 4);
    assert!(history["calls"][0]["duration_minutes"].is_null());
}

#[tokio::test]
async fn refusals_carry_their_codes() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;

    let (status, body) = app.decide(&ana, match_id, "like").await;
    assert_error(status, &body, 409, "first_call_required");

    let (_, call) = app.start_call(&ana, match_id).await;
    let session = call["session_id"].as_str().unwrap().to_owned();
    let (status, body) = app.session_action(&ana, &session, "accept").await;
    assert_error(status, &body, 409, "not_callee");

    // Ben is now in a live call (ringing) with Ana: Cleo cannot reach Ben, Ben cannot call Cleo.
    let cleo = app.register_as("Cleo", "woman", &["man"], &["jazz"]).await;
    let cleo_ben = app.match_between(&cleo, &ben).await;
    let (status, body) = app.start_call(&cleo, cleo_ben).await;
    assert_error(status, &body, 409, "peer_busy");
    let (status, body) = app.start_call(&ben, cleo_ben).await;
    assert_error(status, &body, 409, "already_in_call");
    app.session_action(&ana, &session, "end").await;

    // Three unanswered rings from the same caller: the fourth is refused.
    for _ in 0..2 {
        let (_, call) = app.start_call(&cleo, cleo_ben).await;
        app.session_action(&ben, call["session_id"].as_str().unwrap(), "decline")
            .await;
    }
    let (_, call) = app.start_call(&cleo, cleo_ben).await;
    app.session_action(&ben, call["session_id"].as_str().unwrap(), "decline")
        .await;
    let (status, body) = app.start_call(&cleo, cleo_ben).await;
    assert_error(status, &body, 429, "ring_limit");
    let (status, _) = app.start_call(&ben, cleo_ben).await;
    assert_eq!(status, 200, "the limit is per caller");

    // Decisions are final; the same one again is a no-op.
    let (pass_status, passed) = app.decide(&ana, match_id, "pass").await;
    assert_eq!(
        (pass_status.as_u16(), passed["status"].as_str()),
        (200, Some("closed"))
    );
    assert_eq!(passed["closed_reason"], "passed");
    assert_eq!(app.decide(&ana, match_id, "pass").await.0, 200);
    let (status, body) = app.decide(&ana, match_id, "like").await;
    assert_error(status, &body, 409, "decision_already_made");
    let (status, body) = app.start_call(&ana, match_id).await;
    assert_error(status, &body, 409, "closed");
    let _ = json!(null);
}

#[tokio::test]
async fn signals_reach_only_the_other_participant() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let mut ana_live = app.socket(&ana).await;
    let mut ben_live = app.socket(&ben).await;
    let (_, call) = app.start_call(&ana, match_id).await;
    let session = call["session_id"].as_str().unwrap().to_owned();

    ana_live
        .send(json!({ "type": "signal", "session_id": session, "kind": "offer", "payload": { "type": "offer", "sdp": "v=0" } }))
        .await;
    let signal = ben_live.next_of("signal").await;
    assert_eq!(signal["from"], ana.id);
    assert_eq!(signal["kind"], "offer");
    assert_eq!(signal["payload"]["sdp"], "v=0");
    ben_live.send(json!({ "type": "signal", "session_id": session, "kind": "answer", "payload": { "sdp": "v=0 answer" } })).await;
    assert_eq!(ana_live.next_of("signal").await["kind"], "answer");

    ana_live.send(json!({ "type": "hello" })).await;
    assert_eq!(ana_live.next_of("error").await["code"], "invalid_json");
}

#[tokio::test]
async fn a_participant_who_drops_ends_the_call_after_the_grace() {
    let app = spawn_app().await; // disconnect grace: 1 s
    let (ana, ben, match_id) = app.proposed_pair().await;
    let mut ana_live = app.socket(&ana).await;
    let ben_live = app.socket(&ben).await;
    let (_, call) = app.start_call(&ana, match_id).await;
    let session = call["session_id"].as_str().unwrap().to_owned();
    app.session_action(&ben, &session, "accept").await;
    ana_live.next_of("call.accepted").await;
    ben.go_offline().await;
    ben_live.close().await;
    let ended = ana_live.next_of("call.ended").await;
    assert_eq!(ended["end_reason"], "disconnect");
}
