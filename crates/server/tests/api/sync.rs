//! `GET /api/sync`: deltas by cursor, and zstd or gzip for clients that ask for it.

use crate::helpers::*;
use flate2::read::GzDecoder;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING};
use serde_json::Value;
use std::io::Read;

async fn sync(app: &TestApp, who: &Person, cursor: i64) -> Value {
    let (status, body) = app
        .get(&format!("/api/sync?cursor={cursor}"), &who.token)
        .await;
    assert_eq!(status, 200, "{body}");
    body
}

fn counts(sync: &Value) -> (usize, usize) {
    (
        sync["matches"].as_array().unwrap().len(),
        sync["calls"].as_array().unwrap().len(),
    )
}

#[tokio::test]
async fn a_delta_sync_brings_only_what_changed_after_the_cursor() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let everything = sync(&app, &ana, 0).await;
    assert_eq!(counts(&everything), (1, 0), "{everything}");
    let seen = everything["cursor"].as_i64().unwrap();
    assert_eq!(counts(&sync(&app, &ana, seen).await), (0, 0));

    let (_, call) = app.start_call(&ana, match_id).await;
    let session = call["session_id"].as_str().unwrap().to_owned();
    let ringing = sync(&app, &ben, seen).await;
    assert_eq!(counts(&ringing), (1, 1), "{ringing}");
    assert_eq!(ringing["calls"][0]["status"], "ringing");
    assert_eq!(ringing["matches"][0]["live_session"]["session_id"], session);
    let after_ring = ringing["cursor"].as_i64().unwrap();
    assert!(after_ring > seen);
    assert_eq!(counts(&sync(&app, &ben, after_ring).await), (0, 0));

    app.session_action(&ben, &session, "accept").await;
    app.session_action(&ana, &session, "end").await;
    let ended = sync(&app, &ana, after_ring).await;
    assert_eq!(counts(&ended), (1, 1), "{ended}");
    assert_eq!(ended["calls"][0]["status"], "completed");
    assert_eq!(ended["matches"][0]["status"], "deciding");
    assert_eq!(ended["matches"][0]["call_summary"]["total_calls"], 1);
    let last = ended["cursor"].as_i64().unwrap();
    assert_eq!(counts(&sync(&app, &ana, last).await), (0, 0));
}

fn decompress(encoding: &str, wire: &[u8]) -> Vec<u8> {
    let mut text = Vec::new();
    match encoding {
        "gzip" => GzDecoder::new(wire)
            .read_to_end(&mut text)
            .map(drop)
            .expect("a gzip body"),
        _ => text = zstd::decode_all(wire).expect("a zstd body"),
    }
    text
}

/// A sync answer without its cursor: on PostgreSQL the cursor follows every transaction of the
/// database server (see `db/postgres/changes.rs`), so two answers with the same rows may differ in
/// it.
fn without_cursor(mut answer: Value) -> Value {
    answer
        .as_object_mut()
        .unwrap()
        .remove("cursor")
        .expect("a cursor");
    answer
}

#[tokio::test]
async fn compressed_only_when_asked_and_it_decodes_to_the_same_json() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    app.first_call_completed(&ana, &ben, match_id).await;
    app.decide(&ana, match_id, "like").await;
    app.decide(&ben, match_id, "like").await;
    for _ in 0..3 {
        app.first_call_completed(&ana, &ben, match_id).await;
    }
    // A client that does not decompress by itself, so what travels is what we read.
    let client = reqwest::Client::builder().no_gzip().build().unwrap();
    let url = format!("{}/api/sync?cursor=0", app.url);

    let plain = client
        .get(&url)
        .bearer_auth(&ana.token)
        .send()
        .await
        .unwrap();
    assert_eq!(plain.headers().get(CONTENT_ENCODING), None);
    let plain: Value = serde_json::from_slice(&plain.bytes().await.unwrap()).unwrap();
    assert_eq!(counts(&plain), (1, 4), "{plain}");

    // gzip when asked; zstd first when both are (what the core asks).
    for (accept, expected) in [("gzip", "gzip"), ("zstd, gzip;q=0.5", "zstd")] {
        let answer = client
            .get(&url)
            .bearer_auth(&ana.token)
            .header(ACCEPT_ENCODING, accept)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.headers()[CONTENT_ENCODING], expected);
        let wire = answer.bytes().await.unwrap();
        let text = decompress(expected, &wire);
        assert!(wire.len() < text.len(), "{} >= {}", wire.len(), text.len());
        assert_eq!(
            without_cursor(serde_json::from_slice(&text).unwrap()),
            without_cursor(plain.clone())
        );
    }

    let small = client
        .get(format!("{}/api/me/profile", app.url))
        .bearer_auth(&ana.token)
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        small.headers().get(CONTENT_ENCODING),
        None,
        "small answers go out as they are"
    );
    small.json::<Value>().await.expect("plain JSON");
}

#[tokio::test]
async fn a_full_sync_lists_my_calls_oldest_first_as_i_saw_them_and_no_one_elses() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let mut mine = vec![app.first_call_completed(&ana, &ben, match_id).await];
    app.decide(&ana, match_id, "like").await;
    app.decide(&ben, match_id, "like").await;
    mine.push(app.first_call_completed(&ben, &ana, match_id).await);
    mine.push(app.first_call_completed(&ana, &ben, match_id).await);
    let (cy, di, their_match) = app.proposed_pair().await;
    let theirs = app.first_call_completed(&cy, &di, their_match).await;

    let everything = sync(&app, &ana, 0).await;
    let calls = everything["calls"].as_array().unwrap();
    let ids: Vec<&str> = calls
        .iter()
        .map(|c| c["session_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, mine, "oldest first, only mine (not {theirs})");
    let roles: Vec<&str> = calls.iter().map(|c| c["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["caller", "callee", "caller"]);
    let created: Vec<&str> = calls
        .iter()
        .map(|c| c["created_at"].as_str().unwrap())
        .collect();
    assert!(created.iter().all(|t| t.ends_with('Z')), "{created:?}");
    for call in calls {
        assert_eq!(call["match_id"], match_id);
        assert_eq!(call["status"], "completed");
        assert_eq!(call["end_reason"], "hangup", "{call}");
        assert!(call["started_at"].is_string() && call["ended_at"].is_string());
    }
    assert!(
        calls[0]["max_duration_seconds"].as_u64().is_some(),
        "the first call is capped"
    );
    assert!(calls[1]["max_duration_seconds"].is_null());
}

#[tokio::test]
async fn matches_come_most_recently_changed_first_in_the_list_and_the_sync() {
    let app = spawn_app().await;
    let ana = app.register_as("Ana", "woman", &["man"], &["jazz"]).await;
    let ben = app.register_as("Ben", "man", &["woman"], &["jazz"]).await;
    let carl = app.register_as("Carl", "man", &["woman"], &["jazz"]).await;
    let dan = app.register_as("Dan", "man", &["woman"], &["jazz"]).await;
    let with_ben = app.match_between(&ana, &ben).await;
    let with_carl = app.match_between(&ana, &carl).await;
    let with_dan = app.match_between(&ana, &dan).await;
    // Carl's match changes, then Ben's; Dan's stays as proposed.
    for (callee, match_id) in [(&carl, with_carl), (&ben, with_ben)] {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let (status, call) = app.start_call(&ana, match_id).await;
        assert_eq!(status, 200, "{call}");
        let session = call["session_id"].as_str().unwrap().to_owned();
        app.session_action(callee, &session, "decline").await;
    }
    let ids = |list: &Value| -> Vec<i64> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_i64().unwrap())
            .collect()
    };
    let (_, list) = app.get("/api/matches", &ana.token).await;
    assert_eq!(
        ids(&list["matches"]),
        [with_ben, with_carl, with_dan],
        "{list}"
    );
    let everything = sync(&app, &ana, 0).await;
    assert_eq!(ids(&everything["matches"]), [with_ben, with_carl, with_dan]);
}

/// Every page from `cursor` with `limit`, until one says there is no more.
async fn pages(app: &TestApp, who: &Person, mut cursor: i64, limit: u32) -> Vec<Value> {
    let mut pages = Vec::new();
    loop {
        let (status, page) = app
            .get(
                &format!("/api/sync?cursor={cursor}&limit={limit}"),
                &who.token,
            )
            .await;
        assert_eq!(status, 200, "{page}");
        let next = page["cursor"].as_i64().unwrap();
        let more = page["more"].as_bool().unwrap();
        assert!(!more || next > cursor, "a page with more moves on: {page}");
        cursor = next;
        pages.push(page);
        if !more {
            return pages;
        }
        assert!(pages.len() < 100, "the pages end");
    }
}

fn ids_of(pages: &[Value], list: &str, id: &str) -> Vec<String> {
    let mut ids: Vec<String> = pages
        .iter()
        .flat_map(|p| p[list].as_array().unwrap().iter())
        .map(|item| item[id].to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn pages_walked_to_the_end_bring_what_one_full_sync_brings_once() {
    let app = spawn_app().await;
    let ana = app.register_as("Ana", "woman", &["man"], &["jazz"]).await;
    let ben = app.register_as("Ben", "man", &["woman"], &["jazz"]).await;
    let carl = app.register_as("Carl", "man", &["woman"], &["jazz"]).await;
    let with_ben = app.match_between(&ana, &ben).await;
    let with_carl = app.match_between(&ana, &carl).await;
    app.first_call_completed(&ana, &ben, with_ben).await;
    app.first_call_completed(&carl, &ana, with_carl).await;
    app.decide(&ana, with_ben, "like").await;
    app.decide(&ben, with_ben, "like").await;
    app.first_call_completed(&ben, &ana, with_ben).await;

    let full = sync(&app, &ana, 0).await;
    assert_eq!(full["more"], false, "no limit, no pages");
    let walked = pages(&app, &ana, 0, 1).await;
    assert!(walked.len() >= 3, "{walked:?}");
    for page in &walked {
        assert!(counts(page).0 <= 1 && counts(page).1 <= 1, "{page}");
    }
    // The walk ends where the full sync ended, or later on PostgreSQL, whose cursor moves on
    // with every transaction of the database server.
    assert!(walked.last().unwrap()["cursor"].as_i64() >= full["cursor"].as_i64());
    let whole = std::slice::from_ref(&full);
    assert_eq!(
        ids_of(&walked, "matches", "id"),
        ids_of(whole, "matches", "id")
    );
    assert_eq!(
        ids_of(&walked, "calls", "session_id"),
        ids_of(whole, "calls", "session_id")
    );
    assert_eq!(counts(&full), (2, 3));

    // One write that changes both matches (a profile edit) is never split across pages.
    let edit = serde_json::json!({ "display_name": "Ana", "bio": "New bio", "interests": ["jazz"],
                                   "age_min": 25, "age_max": 40, "city": "Porto" });
    let (status, body) = app
        .request("PUT", "/api/me/profile", Some(&ana.token), Some(edit))
        .await;
    assert_eq!(status, 200, "{body}");
    let seen = full["cursor"].as_i64().unwrap();
    let after_edit = pages(&app, &ana, seen, 1).await;
    assert_eq!(after_edit.len(), 1, "{after_edit:?}");
    assert_eq!(counts(&after_edit[0]), (2, 0));
}

#[tokio::test]
async fn a_page_limit_out_of_range_is_refused() {
    let app = spawn_app().await;
    let (ana, _, _) = app.proposed_pair().await;
    for limit in ["0", "10001", "-1", "many"] {
        let (status, body) = app
            .get(&format!("/api/sync?cursor=0&limit={limit}"), &ana.token)
            .await;
        assert_error(status, &body, 400, "validation");
    }
    let (status, body) = app.get("/api/sync?cursor=0&limit=10000", &ana.token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["more"], false);
}
