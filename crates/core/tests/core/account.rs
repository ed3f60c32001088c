//! Signing out leaves nothing of the person behind; signing in again brings it back.

use crate::helpers::{TestServer, open, person};
use meetcute_core::{AppEvent, Connectivity};
use meetcute_domain::ErrorCode;
use meetcute_domain::profile::Gender;
use meetcute_domain::wire::ProfileUpdate;

#[tokio::test]
async fn sign_out_forgets_everything_and_sign_in_restores_it() {
    let server = TestServer::start().await;
    let alice = person(&server.url(), "Alice", Gender::Woman, Gender::Man).await;
    let _bob = person(&server.url(), "Bob", Gender::Man, Gender::Woman).await;
    assert_eq!(alice.core.discover().await.expect("discover").len(), 1);
    let update = ProfileUpdate {
        display_name: "Alice A.".into(),
        bio: "Video first.".into(),
        interests: vec!["Hiking".into(), "films".into()],
        age_min: 25,
        age_max: 40,
        city: "Lyon".into(),
    };
    alice
        .core
        .update_profile(update.clone())
        .await
        .expect("profile saved");
    let profile = alice.core.profile().await.expect("profile");
    assert_eq!(profile.interests, ["films", "hiking"]);
    let refused = ProfileUpdate {
        display_name: " ".into(),
        ..update
    };
    let refused = alice
        .core
        .update_profile(refused)
        .await
        .expect_err("empty name");
    assert_eq!(refused.code(), ErrorCode::Validation);
    assert_eq!(
        alice.core.pending_actions().await.unwrap(),
        0,
        "a refused edit is not queued"
    );

    alice.core.sign_out().await.expect("sign out");
    alice
        .log
        .wait_for("signed out", |e| {
            matches!(e, AppEvent::SignedOut).then_some(())
        })
        .await;
    assert!(!alice.dir.path().join("auth_token").exists());
    assert_eq!(alice.core.current_user().await, None);
    assert_eq!(
        alice.core.matches().await.expect_err("signed out").code(),
        ErrorCode::Unauthorized
    );

    // A new core on the same data dir is signed out too; signing in syncs the matches back.
    alice.core.shutdown().await;
    let (core, _log) = open(&alice.dir, &server.url()).await;
    assert_eq!(core.current_user().await, None);
    assert_eq!(core.connectivity(), Connectivity::Offline);
    core.sign_in(&alice.user.email, "correct horse battery")
        .await
        .expect("sign in");
    core.sync_now().await.expect("sync");
    assert_eq!(core.matches().await.expect("matches").len(), 1);
    let wrong = core
        .sign_in(&alice.user.email, "wrong password")
        .await
        .expect_err("wrong");
    assert_eq!(wrong.code(), ErrorCode::InvalidCredentials);
}
