//! The real app, driven end to end: sign up, sign out and in, the proposed match (arriving
//! live), the first call (capped by the server), both like, the card turns mutual, call
//! again, the counter reads 2, an incoming call, the history, a profile edit, blocking from
//! the card's menu. Screenshots of each key screen go to `target/e2e-shots/`.
//!
//! Needs the built app, Xvfb and tauri-driver: run it with `scripts/e2e.sh`.

use anyhow::Context;
use meetcute_app_lib::media::NativeCalls;
use meetcute_domain::Decision;
use meetcute_domain::app::AppEvent;
use meetcute_e2e::people::{PASSWORD, Person, answer_with_video, next_event, route_events};
use meetcute_e2e::ui::Ui;
use meetcute_e2e::{init_tracing, paths, server};
use std::sync::Arc;
use std::time::Duration;

/// Short enough for a quick test, long enough to connect video and see the countdown.
const FIRST_CALL_CAP_SECS: u32 = 8;
/// The other person's picture must arrive at least this fast (640×480).
const MIN_REMOTE_FPS: u64 = 15;
const REMOTE_VIDEO: &str = "img[data-testid=remote-video]";
const EVENT_WAIT: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, Xvfb and tauri-driver: scripts/e2e.sh"]
async fn first_call_mutual_match_and_call_again() -> anyhow::Result<()> {
    init_tracing();
    let server = server::start(FIRST_CALL_CAP_SECS).await?;
    let url = server.url();
    let tmp = tempfile::tempdir()?;
    let tag = format!("{}", std::process::id());

    // Sam signs up in the app, from a fresh profile. Alex is played through meetcute-core.
    let sam = Person::sam(&tag);
    let alex = Person::alex(&tag)
        .register(&tmp.path().join("alex"), &url)
        .await?;
    let mut alex_events = alex.subscribe();
    let alex_media = Arc::new(NativeCalls::new());
    let _alex_router = route_events(&alex, alex_media.clone());

    let app_dir = tmp.path().join("app");
    let args = vec![
        "--data-dir".to_owned(),
        app_dir.display().to_string(),
        "--server".to_owned(),
        url.clone(),
    ];
    let ui = Ui::launch(&paths::app_binary(), &args, paths::shots_dir()).await?;
    let alex = Alex {
        core: &alex,
        media: &alex_media,
    };
    let result = scenario(&ui, &alex, &mut alex_events, &sam).await;
    if result.is_err() {
        let _ = ui.shot("failure").await;
        let _ = ui.dump_html("failure").await;
    }
    ui.close().await?;
    server.shutdown().await;
    result
}

/// The other person: a core and a native engine with test sources.
struct Alex<'a> {
    core: &'a meetcute_core::Core,
    media: &'a NativeCalls,
}

async fn scenario(
    ui: &Ui,
    alex: &Alex<'_>,
    alex_events: &mut tokio::sync::broadcast::Receiver<AppEvent>,
    sam: &Person,
) -> anyhow::Result<()> {
    // Sign up: a new account, signed in, no matches yet.
    ui.wait_for("#sign-in-email").await?;
    ui.shot("00-sign-in").await?;
    ui.click_button("", "New here? Create an account").await?;
    ui.wait_for("#reg-name").await?;
    ui.type_into("#reg-name", sam.name).await?;
    ui.type_into("#reg-email", &sam.email).await?;
    ui.type_into("#reg-password", PASSWORD).await?;
    ui.set_value("#reg-birthdate", "1995-06-01").await?;
    ui.shot("00a-sign-up").await?;
    ui.click_button("//form", "Create account").await?;
    ui.wait_text("#empty-title", "No matches yet").await?;

    // Sign out, then sign in again.
    ui.click_button("//header", "Sign out").await?;
    ui.wait_for("#sign-in-email").await?;
    ui.type_into("#sign-in-email", &sam.email).await?;
    ui.type_into("#sign-in-password", PASSWORD).await?;
    ui.click_button("", "Sign in").await?;
    ui.wait_text("#empty-title", "No matches yet").await?;
    ui.shot("00b-no-matches-yet").await?;

    // Alex is proposed Sam: the match reaches Sam's screen live.
    let match_id = alex
        .core
        .discover()
        .await?
        .iter()
        .find(|c| c.view.peer.display_name == sam.name)
        .map(|c| c.view.id)
        .context("Sam and Alex are proposed to each other")?;

    // The proposed match, with the first-call button.
    ui.wait_text("article.match-card h2", "Alex").await?;
    ui.wait_text("[data-testid=call-button]", "Start Video Call 💕")
        .await?;
    // The card states the rule (60 s); this test server cuts sooner, and its cut is the truth.
    ui.wait_text(".call-note", "First calls last").await?;
    ui.wait_text("[data-testid=counter]", "You can video call anytime")
        .await?;
    ui.shot("01-proposed-match").await?;

    // The first call: Sam calls, Alex (the core) accepts, the server's cap ends it.
    ui.click_button("//article", "Start Video Call 💕").await?;
    ui.wait_text("[data-testid=call-phase]", "Calling Alex")
        .await?;
    ui.shot("02-calling").await?;
    let session_id = next_event(alex_events, EVENT_WAIT, |e| match e {
        AppEvent::IncomingCall { session, .. } => Some(session.session_id),
        _ => None,
    })
    .await?;
    answer_with_video(alex.core, alex.media, session_id).await?;
    ui.wait_text("[data-testid=call-phase]", "Connected")
        .await?;
    ui.wait_for("[data-testid=countdown]").await?;
    // Real video both ways: Alex's picture on Sam's screen.
    ui.wait_for(&format!("{REMOTE_VIDEO}[src]")).await?;
    ui.shot("03-first-call-video-and-countdown").await?;
    ui.wait_text("[data-testid=call-phase]", "Time's up!")
        .await?;
    ui.shot("04-times-up").await?;

    // Both like.
    ui.click_button("", "Continue ❤️").await?;
    ui.wait_text(
        "[data-testid=decision] h2",
        "Did you feel a spark with Alex?",
    )
    .await?;
    ui.shot("05-decision").await?;
    ui.click_button("//*[@data-testid='decision']", "Like ❤️")
        .await?;
    ui.wait_text("[data-testid=decision] h2", "You liked Alex")
        .await?;
    alex.core.decide(match_id, Decision::Like).await?;
    ui.wait_text("[data-testid=decision] h2", "🎉 Mutual Match!")
        .await?;
    ui.shot("06-mutual-match").await?;
    ui.click_button("//*[@data-testid='decision']", "Back to matches")
        .await?;

    // The card turned mutual: green, the header, "Call Again 💕".
    ui.wait_text(
        "article.match-card.mutual .mutual-header",
        "🎉 Mutual Match!",
    )
    .await?;
    ui.wait_text("[data-testid=call-button]", "Call Again 💕")
        .await?;
    ui.wait_text("[data-testid=counter]", "1 video call together")
        .await?;
    ui.shot("07-mutual-card").await?;

    // Call again: a new session, no cap; Sam hangs up.
    ui.click_button("//article", "Call Again 💕").await?;
    ui.wait_text(
        "[data-testid=toast]",
        "Starting new video call with your mutual match!",
    )
    .await?;
    let again = next_event(alex_events, EVENT_WAIT, |e| match e {
        AppEvent::IncomingCall { session, .. } => Some(session.session_id),
        _ => None,
    })
    .await?;
    anyhow::ensure!(again != session_id, "each call is a new session");
    answer_with_video(alex.core, alex.media, again).await?;
    ui.wait_text("[data-testid=call-phase]", "Connected")
        .await?;
    anyhow::ensure!(
        ui.text("[data-testid=countdown]").await?.is_none(),
        "calls between mutual matches are not capped"
    );
    remote_video_moves(ui).await?;
    ui.shot("08-call-again").await?;
    ui.click_button("", "Hang up").await?;
    ui.wait_text("[data-testid=call-phase]", "Call ended")
        .await?;
    ui.click_button("", "Back to matches").await?;
    ui.wait_text("[data-testid=counter]", "2 video calls together")
        .await?;
    ui.shot("09-two-calls-together").await?;

    // Alex calls: the incoming modal; Sam declines.
    alex.core.start_call(match_id).await?;
    ui.wait_text("[data-testid=incoming-call] h2", "Alex is calling")
        .await?;
    ui.shot("10-incoming-call").await?;
    ui.click_button("//*[@data-testid='incoming-call']", "Decline")
        .await?;

    // The history (opened from the keyboard): two completed calls and the declined one.
    ui.press_button("//article", "Call history").await?;
    ui.wait_text("[data-testid=history-summary]", "2 video calls together")
        .await?;
    ui.wait_text(".history tbody", "Declined").await?;
    ui.wait_text(".history tbody", "Alex called").await?;
    ui.shot("11-call-history").await?;

    // The profile: Sam edits the bio and saves.
    ui.click_button("//nav", "Profile").await?;
    ui.wait_for("#profile-bio").await?;
    ui.type_into("#profile-bio", "Video first, always.").await?;
    ui.click_button("//form", "Save profile").await?;
    ui.wait_text("[data-testid=toast]", "Profile saved ✨")
        .await?;
    ui.shot("12-profile-saved").await?;

    // The card's menu: Sam blocks Alex after confirming; the card says so.
    ui.click_button("//nav", "Matches").await?;
    ui.click_button("//article", "⋯").await?;
    ui.click_button("//*[@role='menu']", "Block").await?;
    ui.wait_text("[data-testid=confirm-dialog]", "Block Alex?")
        .await?;
    ui.shot("13-block-confirm").await?;
    ui.click_button("//*[@data-testid='confirm-dialog']", "Block")
        .await?;
    ui.wait_text("[data-testid=toast]", "Alex is blocked")
        .await?;
    ui.wait_text("[data-testid=status]", "Blocked").await?;
    ui.shot("14-blocked").await?;
    Ok(())
}

/// The other person's picture is live: new frames at ≥ 15 fps, and two screenshots of the
/// remote area a second apart differ (the test pattern moves).
async fn remote_video_moves(ui: &Ui) -> anyhow::Result<()> {
    ui.wait_for(&format!("{REMOTE_VIDEO}[src]")).await?;
    let frames = async || -> anyhow::Result<u64> {
        let count = ui.attribute(REMOTE_VIDEO, "data-frames").await?;
        Ok(count.and_then(|n| n.parse().ok()).unwrap_or(0))
    };
    let before = ui.element_shot(REMOTE_VIDEO, "08a-remote-video").await?;
    let (first, started) = (frames().await?, std::time::Instant::now());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (last, elapsed) = (frames().await?, started.elapsed());
    let after = ui.element_shot(REMOTE_VIDEO, "08b-remote-video").await?;
    let fps = (last - first) * 1000 / u64::try_from(elapsed.as_millis())?.max(1);
    tracing::info!(
        fps,
        frames = last - first,
        ?elapsed,
        "remote video on the call screen"
    );
    anyhow::ensure!(fps >= MIN_REMOTE_FPS, "remote video at {fps} fps");
    anyhow::ensure!(before != after, "the remote picture does not move");
    Ok(())
}
