//! People of the scenario, each a `meetcute-core` with its own data dir, as a second app
//! would be. Sam uses the driven app; Alex is played here.

use anyhow::Context;
use chrono::NaiveDate;
use meetcute_core::Core;
use meetcute_domain::app::AppEvent;
use meetcute_domain::profile::Gender;
use meetcute_domain::wire::{ProfileUpdate, RegisterRequest};
use std::path::Path;
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
