//! People of the scenario, each a `meetcute-core` with its own data dir, as a second app
//! would be. Sam uses the driven app; Alex is played here.

use anyhow::Context;
use chrono::NaiveDate;
use meetcute_app_lib::media::NativeCalls;
use meetcute_core::Core;
use meetcute_domain::app::AppEvent;
use meetcute_domain::profile::Gender;
use meetcute_domain::wire::{ProfileUpdate, RegisterRequest};
use meetcute_domain::{CallRole, SessionId};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::Receiver;

pub const PASSWORD: &str = "correct horse battery";

pub struct Person {
    pub name: &'static str,
    pub email: String,
    pub gender: Gender,
    pub into: Gender,
}

impl Person {
    pub fn sam(tag: &str) -> Self {
        Self {
            name: "Sam",
            email: format!("sam-{tag}@example.com"),
            gender: Gender::Woman,
            into: Gender::Man,
        }
    }

    pub fn alex(tag: &str) -> Self {
        Self {
            name: "Alex",
            email: format!("alex-{tag}@example.com"),
            gender: Gender::Man,
            into: Gender::Woman,
        }
    }

    /// Registers through a core in `data_dir` and fills the profile (shared interests).
    pub async fn register(&self, data_dir: &Path, server_url: &str) -> anyhow::Result<Core> {
        let core = Core::open(data_dir, server_url)
            .await
            .with_context(|| format!("opening {}'s core", self.name))?;
        core.register(RegisterRequest {
            email: self.email.clone(),
            password: PASSWORD.to_owned(),
            display_name: self.name.to_owned(),
            birthdate: NaiveDate::from_ymd_opt(1995, 5, 5).context("date")?,
            gender: self.gender,
            interested_in: vec![self.into],
            device_name: "e2e".to_owned(),
        })
        .await
        .with_context(|| format!("registering {}", self.name))?;
        core.update_profile(ProfileUpdate {
            display_name: self.name.to_owned(),
            bio: format!("{} loves hiking and jazz", self.name),
            interests: vec!["hiking".into(), "jazz".into(), "cooking".into()],
            age_min: 18,
            age_max: 99,
            city: "Lisbon".into(),
        })
        .await
        .with_context(|| format!("{}'s profile", self.name))?;
        Ok(core)
    }
}

/// Waits for the first event that `pick` accepts.
pub async fn next_event<T>(
    events: &mut Receiver<AppEvent>,
    within: Duration,
    mut pick: impl FnMut(&AppEvent) -> Option<T>,
) -> anyhow::Result<T> {
    tokio::time::timeout(within, async {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Some(found) = pick(&event) {
                        return Ok(found);
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(e) => return Err(anyhow::anyhow!("event stream ended: {e}")),
            }
        }
    })
    .await
    .context("timed out waiting for an event")?
}

/// The other person's camera: answers `session_id` and starts a native engine (test
/// sources with `MEETCUTE_FAKE_MEDIA=1`), glued to the core as the app's shell glues it.
pub async fn answer_with_video(
    core: &Core,
    media: &NativeCalls,
    session_id: SessionId,
) -> anyhow::Result<()> {
    let answer = core.accept_call(session_id).await.context("accepting")?;
    media.remember_ice_servers(session_id, answer.ice_servers);
    media
        .start(core, session_id, CallRole::Callee, |_| {})
        .await
        .context("starting the other person's media")?;
    Ok(())
}

/// Hands `core`'s events (the peer's signals, calls ending) to `media` until the core
/// closes; the app's shell does the same in `events.rs`.
pub fn route_events(core: &Core, media: Arc<NativeCalls>) -> tokio::task::JoinHandle<()> {
    let mut events = core.subscribe();
    tokio::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => media.handle_event(&event),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(_) => break,
            }
        }
    })
}

/// Sam signed in on the app's data dir `app_dir` (the app starts signed in) and Alex, played
/// through his own core in `alex_dir`, proposed to each other: Alex's core and the match.
pub async fn sam_signed_in_and_alex(
    tag: &str,
    app_dir: &Path,
    alex_dir: &Path,
    server_url: &str,
) -> anyhow::Result<(Core, meetcute_domain::MatchId)> {
    let sam = Person::sam(tag).register(app_dir, server_url).await?;
    sam.shutdown().await;
    drop(sam);
    let alex = Person::alex(tag).register(alex_dir, server_url).await?;
    let match_id = alex
        .discover()
        .await?
        .first()
        .map(|card| card.view.id)
        .context("Sam and Alex are proposed to each other")?;
    Ok((alex, match_id))
}

/// The app's arguments: its data dir and the server.
pub fn app_args(app_dir: &Path, server_url: &str) -> Vec<String> {
    vec![
        "--data-dir".to_owned(),
        app_dir.display().to_string(),
        "--server".to_owned(),
        server_url.to_owned(),
    ]
}
