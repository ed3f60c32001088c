//! Live events across instances on one PostgreSQL database: rings, signals and call ends reach a
//! person's sockets on every instance and nobody else's; presence counts every instance and reaches
//! a match on any; a revoked token is refused everywhere; a deadline armed by an instance that died
//! still fires; a call request's reminders, swept by both instances, are heard once per socket.

use crate::helpers::*;
use meetcute_server::Config;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

async fn two_instances() -> (TestApp, TestApp) {
    let first = spawn_with(Config::for_tests_on_postgres()).await;
    let second = first.another_instance().await;
    (first, second)
}

/// Call and signal messages among `messages`.
fn call_traffic(messages: &[Value]) -> Vec<&Value> {
    messages
        .iter()
        .filter(|m| {
            let kind = m["type"].as_str().unwrap_or_default();
            kind.starts_with("call.") || kind == "signal"
        })
        .collect()
}

#[tokio::test]
async fn a_ring_and_signals_reach_the_other_person_on_every_instance_and_nobody_else() {
    let (one, two) = two_instances().await;
    let (ana, ben, match_id) = one.proposed_pair().await;
    let cleo = two.register_as("Cleo", "woman", &["man"], &["jazz"]).await;
    let mut ben_on_one = one.socket(&ben).await;
    let mut ben_on_two = two.socket(&ben).await;
    let mut ana_on_two = two.socket(&ana).await;
    let mut cleo_on_one = one.socket(&cleo).await;
    let mut cleo_on_two = two.socket(&cleo).await;

    let (status, call) = one.start_call(&ana, match_id).await;
    assert_eq!(status, 200, "{call}");
    let session = call["session_id"].as_str().unwrap().to_owned();
    for socket in [&mut ben_on_one, &mut ben_on_two] {
        let ring = socket.next_of("call.ringing").await;
        assert_eq!(ring["session"]["session_id"], session);
        assert_eq!(ring["caller"]["display_name"], "Ana");
    }
    assert_eq!(two.session_action(&ben, &session, "accept").await.0, 200);
    ana_on_two.next_of("call.accepted").await;

    // An offer larger than a notification's payload travels by reference.
    let sdp = format!(
        "v=0\r\n{}",
        "a=candidate:1 1 udp 2122260223 10.0.0.1 54321 typ host\r\n".repeat(110)
    );
    assert!(sdp.len() > 6_000);
    ana_on_two
        .send(json!({ "type": "signal", "session_id": session, "kind": "offer", "payload": { "sdp": sdp } }))
        .await;
    for socket in [&mut ben_on_one, &mut ben_on_two] {
        let offer = socket.next_of("signal").await;
        assert_eq!(
            (offer["kind"].as_str(), offer["from"].as_i64()),
            (Some("offer"), Some(ana.id))
        );
        assert_eq!(offer["payload"]["sdp"], sdp, "the whole offer");
    }
    ben_on_one
        .send(json!({ "type": "signal", "session_id": session, "kind": "answer", "payload": { "sdp": "v=0 answer" } }))
        .await;
    let answer = ana_on_two.next_of("signal").await;
    assert_eq!(answer["payload"]["sdp"], "v=0 answer");

    for outsider in [&mut cleo_on_one, &mut cleo_on_two] {
        let heard = outsider.drain(Duration::from_millis(500)).await;
        assert!(
            call_traffic(&heard).is_empty(),
            "an outsider heard {heard:?}"
        );
    }
}

#[tokio::test]
async fn the_first_call_cap_ends_the_call_once_for_every_socket() {
    let (one, two) = two_instances().await;
    let (ana, ben, match_id) = one.proposed_pair().await;
    let mut sockets = [
        one.socket(&ana).await,
        two.socket(&ana).await,
        one.socket(&ben).await,
        two.socket(&ben).await,
    ];
    let (_, call) = one.start_call(&ana, match_id).await;
    let session = call["session_id"].as_str().unwrap().to_owned();
    assert_eq!(two.session_action(&ben, &session, "accept").await.0, 200);
    // Both instances sweep for deadlines; the cap is 2 s.
    tokio::time::sleep(Duration::from_secs(3)).await;
    for (i, socket) in sockets.iter_mut().enumerate() {
        let heard = socket.drain(Duration::from_millis(700)).await;
        let ended: Vec<&Value> = heard.iter().filter(|m| m["type"] == "call.ended").collect();
        assert_eq!(ended.len(), 1, "socket {i} heard {heard:?}");
        assert_eq!(ended[0]["session"]["end_reason"], "time_limit", "{heard:?}");
    }
}

#[tokio::test]
async fn a_call_ends_only_when_its_person_is_gone_from_every_instance() {
    let (one, two) = two_instances().await;
    let (ana, ben, match_id) = one.proposed_pair().await;
    let ana_on_one = one.socket(&ana).await;
    let ana_on_two = two.socket(&ana).await;
    let mut ben_live = one.socket(&ben).await;
    // A mutual match, so the call has no cap.
    one.first_call_completed(&ana, &ben, match_id).await;
    one.decide(&ana, match_id, "like").await;
    one.decide(&ben, match_id, "like").await;
    let (_, call) = two.start_call(&ana, match_id).await;
    let session = call["session_id"].as_str().unwrap().to_owned();
    assert_eq!(one.session_action(&ben, &session, "accept").await.0, 200);
    ben_live.drain(Duration::from_millis(200)).await;

    // The grace is 1 s: Ana is still connected on instance two.
    ana.go_offline().await;
    ana_on_one.close().await;
    let heard = ben_live.drain(Duration::from_millis(2_000)).await;
    assert!(
        heard.iter().all(|m| m["type"] != "call.ended"),
        "ended while connected: {heard:?}"
    );

    ana_on_two.close().await;
    let ended = ben_live.next_of("call.ended").await;
    assert_eq!(ended["session"]["session_id"], session);
}

#[tokio::test]
async fn a_token_revoked_on_one_instance_is_refused_on_the_other_at_once() {
    let (one, two) = two_instances().await;
    let ana = one.register_as("Ana", "woman", &["man"], &[]).await;
    // Instance two has checked the token and keeps it in its cache.
    assert_eq!(two.get("/api/me/profile", &ana.token).await.0, 200);
    assert_eq!(
        one.request("POST", "/api/auth/logout", Some(&ana.token), None)
            .await
            .0,
        204
    );
    let since = Instant::now();
    loop {
        let (status, _) = two.get("/api/me/profile", &ana.token).await;
        if status == 401 {
            break;
        }
        assert!(
            since.elapsed() < Duration::from_secs(1),
            "still accepted after {:?}",
            since.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The server binary on `app`'s database, on `port`: a process that can be killed outright.
fn server_process(app: &TestApp, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_meetcute-server"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args([
            "--database-url",
            app.config.database_url.as_deref().unwrap(),
        ])
        .args([
            "--ring-timeout-secs",
            &app.config.ring_timeout_secs.to_string(),
        ])
        .args([
            "--login-attempts-per-minute",
            "1000",
            "--registrations-per-ip-per-hour",
            "10000",
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts")
}

async fn until_healthy(url: &str) {
    let client = reqwest::Client::new();
    for _ in 0..100 {
        if client.get(format!("{url}/healthz")).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{url} never answered");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn a_ring_left_by_a_killed_instance_is_missed_on_time_and_nothing_committed_is_lost() {
    let survivor = spawn_with(Config::for_tests_on_postgres()).await;
    let port = free_port();
    let mut doomed = server_process(&survivor, port);
    let url = format!("http://127.0.0.1:{port}");
    until_healthy(&url).await;
    let via_doomed = survivor.elsewhere(url.clone());
    let (ana, ben, match_id) = via_doomed.proposed_pair().await;
    let mut ben_live = survivor.socket(&ben).await;

    let (status, call) = via_doomed.start_call(&ana, match_id).await;
    assert_eq!(status, 200, "{call}");
    let rung = Instant::now();
    let session = call["session_id"].as_str().unwrap().to_owned();
    ben_live.next_of("call.ringing").await;
    doomed.kill().expect("SIGKILL");
    doomed.wait().unwrap();

    let missed = ben_live.next_of("call.missed").await;
    let late = rung.elapsed();
    assert_eq!(missed["session"]["session_id"], session);
    let timeout = Duration::from_secs_f64(survivor.config.ring_timeout_secs);
    assert!(
        late < timeout + Duration::from_millis(1_500),
        "missed after {late:?}"
    );
    let heard = ben_live.drain(Duration::from_millis(500)).await;
    assert!(
        heard.iter().all(|m| m["type"] != "call.missed"),
        "heard twice: {heard:?}"
    );

    // Started again on the same port: everything committed before the kill is there.
    let mut again = server_process(&survivor, port);
    until_healthy(&url).await;
    let (status, history) = via_doomed.history(&ana, match_id).await;
    assert_eq!(status, 200, "{history}");
    assert_eq!(history["calls"][0]["status"], "missed", "{history}");
    assert_eq!(via_doomed.get("/api/me/profile", &ben.token).await.0, 200);
    again.kill().unwrap();
    again.wait().unwrap();
}

#[tokio::test]
async fn presence_counts_every_instance_and_reaches_a_match_on_any() {
    let (one, two) = two_instances().await;
    let (ana, ben, match_id) = one.proposed_pair().await;
    let mut ben_live = one.socket(&ben).await;
    let presence_of_ana = async |socket: &mut Socket, status: &str| loop {
        let update = socket.next_of("presence.updated").await;
        if update["presence"]["status"] == status {
            assert_eq!(update["match_id"], match_id);
            return;
        }
    };

    ana.go_offline().await;
    presence_of_ana(&mut ben_live, "away").await;
    // Ana comes back on the other instance: Ben, on the first, hears it and sees it.
    let ana_on_two = two.socket(&ana).await;
    presence_of_ana(&mut ben_live, "online").await;
    let since = Instant::now();
    while one.view_of(&ben, match_id).await["peer"]["presence"]["status"] != "online" {
        assert!(
            since.elapsed() < Duration::from_secs(5),
            "not online on instance one"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    ana_on_two.close().await;
    presence_of_ana(&mut ben_live, "away").await;
}

#[tokio::test]
async fn with_two_instances_sweeping_each_reminder_is_heard_once_per_socket() {
    let (one, two) = two_instances().await;
    let (ana, ben, match_id) = one.proposed_pair().await;
    let mut ana_on_one = one.socket(&ana).await;
    let mut ana_on_two = two.socket(&ana).await;
    let mut ben_on_two = two.socket(&ben).await;
    let slot = chrono::Utc::now() + chrono::Duration::milliseconds(2_500);
    let slot = chrono::DateTime::from_timestamp_millis(slot.timestamp_millis()).unwrap();
    let (status, request) = one
        .post(
            &format!("/api/matches/{match_id}/call-requests"),
            &ben.token,
            json!({ "slots": [slot] }),
        )
        .await;
    assert_eq!(status, 201, "{request}");
    let id = request["id"].as_i64().unwrap();
    let (status, _) = two
        .post(
            &format!("/api/call-requests/{id}/accept"),
            &ana.token,
            json!({ "slot": slot }),
        )
        .await;
    assert_eq!(status, 200);

    // The time, then the 2 s window without a call: reminders at -1 s and 0, then "expired".
    let heard = tokio::join!(
        ana_on_one.drain(Duration::from_millis(3_000)),
        ana_on_two.drain(Duration::from_millis(3_000)),
        ben_on_two.drain(Duration::from_millis(3_000)),
    );
    for (who, messages) in [
        ("ana on one", heard.0),
        ("ana on two", heard.1),
        ("ben on two", heard.2),
    ] {
        let count = |kind: &str, pick: &dyn Fn(&Value) -> bool| {
            messages
                .iter()
                .filter(|m| m["type"] == kind && pick(m))
                .count()
        };
        let before = count("call_request.reminder", &|m| m["minutes_before"] == 1);
        let at_time = count("call_request.reminder", &|m| m["minutes_before"] == 0);
        let expired = count("call_request.updated", &|m| {
            m["request"]["status"] == "expired"
        });
        assert_eq!((before, at_time, expired), (1, 1, 1), "{who}: {messages:?}");
    }
}
