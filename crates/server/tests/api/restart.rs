//! A restarted server loses nothing committed and still keeps its deadlines.

use crate::helpers::*;
use std::time::Duration;

#[tokio::test]
async fn deadlines_survive_a_restart() {
    let mut config = meetcute_server::Config::for_tests();
    config.ring_timeout_secs = 3.0;
    config.first_call_cap_secs = 3;
    let mut app = spawn_with(config).await;
    let (ana, ben, ringing_match) = app.proposed_pair().await;
    let cleo = app.register_as("Cleo", "woman", &["man"], &[]).await;
    let dan = app.register_as("Dan", "man", &["woman"], &[]).await;
    let active_match = app.match_between(&cleo, &dan).await;

    let (_, ringing) = app.start_call(&ana, ringing_match).await;
    let ringing = ringing["session_id"].as_str().unwrap().to_owned();
    let (_, active) = app.start_call(&cleo, active_match).await;
    let active = active["session_id"].as_str().unwrap().to_owned();
    assert_eq!(app.session_action(&dan, &active, "accept").await.0, 200);

    let old_socket = app.socket(&ana).await;
    app.restart().await;
    assert!(
        old_socket.closes_within(Duration::from_secs(3)).await,
        "stopping the server closes its sockets"
    );
    let (_, history) = app.history(&ana, ringing_match).await;
    assert_eq!(history["calls"][0]["session_id"], ringing.as_str());
    assert_eq!(
        history["calls"][0]["status"], "ringing",
        "still ringing right after the restart"
    );

    tokio::time::sleep(Duration::from_millis(3800)).await;
    let (_, history) = app.history(&ben, ringing_match).await;
    assert_eq!(history["calls"][0]["status"], "missed", "{history}");
    let (_, history) = app.history(&dan, active_match).await;
    let call = &history["calls"][0];
    assert_eq!(call["status"], "completed", "{history}");
    assert_eq!(
        call["duration_seconds"], 3,
        "cut at the cap across the restart"
    );
    let (_, list) = app.get("/api/matches", &cleo.token).await;
    assert_eq!(list["matches"][0]["status"], "deciding");
}

#[tokio::test]
async fn a_stopping_server_says_goodbye_and_how_long_to_spread_the_return_over() {
    let mut config = meetcute_server::Config::for_tests();
    config.reconnect_spread_secs = 7;
    let mut app = spawn_with(config).await;
    let ana = app.register_as("Ana", "woman", &["man"], &[]).await;
    let socket = app.socket(&ana).await;
    let server = app.server.take().expect("running");
    let (frame, ()) = tokio::join!(
        socket.close_frame_within(Duration::from_secs(5)),
        server.shutdown()
    );
    assert_eq!(frame, Some((1001, "spread=7".to_owned())));
}
