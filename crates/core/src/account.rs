//! Who is signed in: register, sign in and out, the profile.

use crate::error::{CoreError, CoreResult};
use crate::outbox::{self, Pending};
use crate::token::Token;
use crate::{Core, Inner};
use meetcute_domain::ErrorCode;
use meetcute_domain::app::{Delivery, QueuedAction};
use meetcute_domain::profile::{
    MAX_BIO_CHARS, MAX_CITY_CHARS, MAX_DISPLAY_NAME_CHARS, clean_text, normalize_interests,
    validate_age_range,
};
use meetcute_domain::wire::{
    AuthResponse, LoginRequest, Profile, ProfileUpdate, RegisterRequest, User,
};
use reqwest::Method;

impl Core {
    /// The signed-in person, from the cache (instant, offline too).
    pub async fn current_user(&self) -> Option<User> {
        self.inner.me().ok()
    }

    pub async fn register(&self, request: RegisterRequest) -> CoreResult<User> {
        let answer: AuthResponse = self
            .inner
            .api
            .post("/api/auth/register", Some(&request))
            .await?;
        self.inner.signed_in_as(answer).await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> CoreResult<User> {
        let request = LoginRequest {
            email: email.to_owned(),
            password: password.to_owned(),
            device_name: format!("Meetcute on {}", std::env::consts::OS),
        };
        let answer: AuthResponse = self
            .inner
            .api
            .post("/api/auth/login", Some(&request))
            .await?;
        self.inner.signed_in_as(answer).await
    }

    /// Revokes the token on the server when reachable; locally always: token, cache, socket.
    pub async fn sign_out(&self) -> CoreResult<()> {
        if self.inner.api.has_token()
            && let Err(e) = self.inner.api.post_no_content("/api/auth/logout").await
        {
            tracing::info!(error = %e, "logout not confirmed by the server");
        }
        self.inner.local_sign_out().await
    }

    /// The profile from the server, or the last known one when offline.
    pub async fn profile(&self) -> CoreResult<Profile> {
        self.inner.me()?;
        match self.inner.api.get::<Profile>("/api/me/profile").await {
            Ok(profile) => {
                self.inner.cache.set_profile(&profile).await?;
                Ok(profile)
            }
            Err(CoreError::Offline) => self.inner.cache.profile().await?.ok_or(CoreError::Offline),
            Err(e) => Err(e),
        }
    }

    /// Checked here, sent now or (offline) later through the outbox.
    pub async fn update_profile(&self, update: ProfileUpdate) -> CoreResult<Delivery> {
        self.inner.me()?;
        let update = checked(update)?;
        let pending = Pending {
            action: QueuedAction::ProfileEdit,
            match_id: None,
            method: Method::PUT,
            path: "/api/me/profile".into(),
            body: serde_json::to_string(&update)?,
        };
        let delivery = self.inner.send_or_queue(pending).await?;
        if delivery == Delivery::Queued
            && let Some(mut profile) = self.inner.cache.profile().await?
        {
            profile.display_name = update.display_name;
            profile.bio = update.bio;
            profile.interests = update.interests;
            profile.age_min = update.age_min;
            profile.age_max = update.age_max;
            profile.city = update.city;
            self.inner.cache.set_profile(&profile).await?;
        }
        Ok(delivery)
    }
}

/// The same checks the server makes, so an edit queued offline cannot be refused later.
fn checked(update: ProfileUpdate) -> CoreResult<ProfileUpdate> {
    let invalid = |e: meetcute_domain::profile::InvalidField| {
        CoreError::server(ErrorCode::Validation, e.to_string(), 400)
    };
    validate_age_range(update.age_min, update.age_max).map_err(invalid)?;
    Ok(ProfileUpdate {
        display_name: clean_text(
            "display_name",
            &update.display_name,
            MAX_DISPLAY_NAME_CHARS,
            true,
        )
        .map_err(invalid)?,
        bio: clean_text("bio", &update.bio, MAX_BIO_CHARS, false).map_err(invalid)?,
        interests: normalize_interests(&update.interests).map_err(invalid)?,
        city: clean_text("city", &update.city, MAX_CITY_CHARS, false).map_err(invalid)?,
        ..update
    })
}

impl Inner {
    async fn signed_in_as(&self, answer: AuthResponse) -> CoreResult<User> {
        let token = Token::new(answer.token);
        self.tokens.save(&token)?;
        self.cache.set_account(&answer.user).await?;
        self.api.set_token(Some(token));
        *self.user.write().unwrap_or_else(|e| e.into_inner()) = Some(answer.user.clone());
        self.signed_in.notify_one();
        self.reconnect_now.notify_one();
        tracing::info!(user = %answer.user.id, "signed in");
        Ok(answer.user)
    }

    /// Queues the action and flushes; `Queued` when it is still waiting (offline). Known
    /// offline (no live socket), it only queues: the catch-up after reconnecting sends it.
    pub(crate) async fn send_or_queue(&self, pending: Pending) -> CoreResult<Delivery> {
        let seq = outbox::enqueue(self, pending).await?;
        if !self.events.socket_up() {
            return Ok(Delivery::Queued);
        }
        let mut flushed = outbox::flush(self).await?;
        let mine = flushed.done.remove(&seq);
        flushed.announce_refusals(self);
        match mine {
            Some(Ok(())) => Ok(Delivery::Sent),
            Some(Err(refused)) => Err(refused.error),
            None => Ok(Delivery::Queued),
        }
    }
}
