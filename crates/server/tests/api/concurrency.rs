//! Racing clients: exactly one live session per match, whatever the timing.

use crate::helpers::*;
use futures::future::join_all;

#[tokio::test]
async fn both_people_calling_at_once_get_one_session() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    for round in 0..15 {
        let (a, b) = tokio::join!(
            app.start_call(&ana, match_id),
            app.start_call(&ben, match_id)
        );
        assert_eq!(
            (a.0.as_u16(), b.0.as_u16()),
            (200, 200),
            "round {round}: {a:?} {b:?}"
        );
        assert_eq!(
            a.1["session_id"], b.1["session_id"],
            "round {round}: two sessions"
        );
        let roles = [a.1["role"].as_str().unwrap(), b.1["role"].as_str().unwrap()];
        assert!(
            roles.contains(&"caller") && roles.contains(&"callee"),
            "round {round}: {roles:?}"
        );
        let caller = if roles[0] == "caller" { &ana } else { &ben };
        let (_, ended) = app
            .session_action(caller, a.1["session_id"].as_str().unwrap(), "end")
            .await;
        assert_eq!(ended["status"], "cancelled");
    }
    let (_, history) = app.history(&ana, match_id).await;
    assert_eq!(history["calls"].as_array().unwrap().len(), 15);
}

#[tokio::test]
async fn fifty_concurrent_starts_make_one_session() {
    let app = spawn_app().await;
    let (ana, ben, match_id) = app.proposed_pair().await;
    let starts = (0..50).map(|i| app.start_call(if i % 2 == 0 { &ana } else { &ben }, match_id));
    let answers = join_all(starts).await;
    let first = answers[0].1["session_id"].clone();
    for (status, body) in &answers {
        assert_eq!(status.as_u16(), 200, "{body}");
        assert_eq!(body["session_id"], first);
    }
    let (status, again) = app.start_call(&ana, match_id).await;
    assert_eq!(
        (status.as_u16(), &again["session_id"]),
        (200, &first),
        "a double start returns the same session"
    );
    let (_, history) = app.history(&ben, match_id).await;
    assert_eq!(history["calls"].as_array().unwrap().len(), 1);
}
