//! Accounts: register, sign in and out (argon2id, random bearer tokens stored hashed), profiles.

use crate::db::{self, tokens, users};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::token_cache::{TokenDigest, TokenOwner};
use base64::Engine;
use chrono::Duration;
use meetcute_domain::profile::{
    Email, MAX_BIO_CHARS, MAX_CITY_CHARS, MAX_DEVICE_NAME_CHARS, MAX_DISPLAY_NAME_CHARS,
    clean_text, normalize_interests, validate_age_range, validate_birthdate,
    validate_interested_in, validate_password,
};
use meetcute_domain::wire::{AuthResponse, LoginRequest, Profile, ProfileUpdate, RegisterRequest};
use meetcute_domain::{ErrorCode, UserId};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::net::IpAddr;

/// How often `last_active_at` is refreshed at most (it is a write).
const ACTIVITY_RESOLUTION: Duration = Duration::minutes(1);

pub async fn register(state: &AppState, req: RegisterRequest) -> AppResult<AuthResponse> {
    let email = Email::parse(&req.email)?;
    validate_password(&req.password)?;
    let display_name = clean_text(
        "display_name",
        &req.display_name,
        MAX_DISPLAY_NAME_CHARS,
        true,
    )?;
    let device_name = device_name(&req.device_name)?;
    let now = db::now();
    validate_birthdate(req.birthdate, now.date_naive())?;
    let interested_in = validate_interested_in(&req.interested_in)?;
    let password_hash = state.hasher.hash(req.password).await?;

    let mut tx = state.db.begin().await?;
    let new = users::NewUser {
        email: email.as_str(),
        password_hash: &password_hash,
        display_name: &display_name,
        birthdate: req.birthdate,
        gender: req.gender,
        interested_in: &interested_in,
        now,
    };
    let user = users::insert(&mut tx, new)
        .await?
        .ok_or_else(|| AppError::code(ErrorCode::EmailTaken))?;
    let token = issue_token(&mut tx, user.id(), &device_name, now).await?;
    tx.commit().await?;
    tracing::info!(user_id = %user.id, "registered");
    Ok(AuthResponse {
        token,
        user: user.user(),
    })
}

pub async fn login(state: &AppState, req: LoginRequest, ip: IpAddr) -> AppResult<AuthResponse> {
    let email = req.email.trim().to_lowercase();
    // A place for the hash first: when there is none, nothing else is done (the database included).
    let place = state.hasher.reserve()?;
    if !state.login_limiter.allow(&email, ip).await? {
        return Err(AppError::code(ErrorCode::RateLimited));
    }
    let device_name = device_name(&req.device_name)?;
    let user = users::by_email(&state.db, &email).await?;
    let stored_hash = user.as_ref().map(|u| u.password_hash.clone());
    // Verify even for unknown e-mails, so timing does not tell which addresses exist.
    let valid = state
        .hasher
        .verify(place, req.password, stored_hash)
        .await?;
    let user = user
        .filter(|_| valid)
        .ok_or_else(|| AppError::code(ErrorCode::InvalidCredentials))?;
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let token = issue_token(&mut tx, user.id(), &device_name, now).await?;
    users::touch(&mut tx, user.id(), now).await?;
    tx.commit().await?;
    Ok(AuthResponse {
        token,
        user: user.user(),
    })
}

pub async fn logout(state: &AppState, token: &str) -> AppResult<()> {
    let digest = token_digest(token);
    let mut tx = state.db.begin().await?;
    tokens::revoke(&mut tx, &hex(&digest), db::now()).await?;
    tx.commit().await?;
    state.tokens.forget(&digest);
    state.live.token_revoked(digest);
    Ok(())
}

/// The person a bearer token belongs to; refreshes their activity now and then.
pub async fn authenticate(state: &AppState, token: &str) -> AppResult<UserId> {
    let digest = token_digest(token);
    let owner = match state.tokens.get(&digest) {
        Some(owner) => owner,
        None => {
            let ticket = state.tokens.ticket();
            let (user, last_active_at) = tokens::owner(&state.db, &hex(&digest))
                .await?
                .ok_or_else(|| AppError::code(ErrorCode::Unauthorized))?;
            let owner = TokenOwner {
                user,
                last_active_at,
            };
            state.tokens.remember(digest, owner, ticket);
            owner
        }
    };
    let now = db::now();
    if now - owner.last_active_at > ACTIVITY_RESOLUTION {
        let mut tx = state.db.begin().await?;
        users::touch(&mut tx, owner.user, now).await?;
        tx.commit().await?;
        state.tokens.record_activity(&digest, now);
    }
    Ok(owner.user)
}

pub async fn profile(state: &AppState, me: UserId) -> AppResult<Profile> {
    let user = users::by_id(&state.db, me)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(user.profile()?)
}

pub async fn update_profile(
    state: &AppState,
    me: UserId,
    update: ProfileUpdate,
) -> AppResult<Profile> {
    let display_name = clean_text(
        "display_name",
        &update.display_name,
        MAX_DISPLAY_NAME_CHARS,
        true,
    )?;
    let bio = clean_text("bio", &update.bio, MAX_BIO_CHARS, false)?;
    let city = clean_text("city", &update.city, MAX_CITY_CHARS, false)?;
    let interests = normalize_interests(&update.interests)?;
    validate_age_range(update.age_min, update.age_max)?;
    let now = db::now();
    let mut tx = state.db.begin().await?;
    let change = users::ProfileChange {
        display_name: &display_name,
        bio: &bio,
        interests: &interests,
        age_min: update.age_min,
        age_max: update.age_max,
        city: &city,
    };
    users::update_profile(&mut tx, me, change).await?;
    // Peers see the new profile on their next sync.
    crate::db::matches::touch_all_of(&mut tx, me, now).await?;
    tx.commit().await?;
    profile(state, me).await
}

fn device_name(raw: &str) -> AppResult<String> {
    Ok(clean_text(
        "device_name",
        raw,
        MAX_DEVICE_NAME_CHARS,
        false,
    )?)
}

/// A new device sign-in: a random token, stored only as its hash.
async fn issue_token(
    tx: &mut crate::db::Tx,
    user: UserId,
    device_name: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<String> {
    let token = new_token();
    tokens::insert(tx, &token_hash(&token), user, device_name, now).await?;
    Ok(token)
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored of a token: its SHA-256, in hex.
pub fn token_hash(token: &str) -> String {
    hex(&token_digest(token))
}

fn token_digest(token: &str) -> TokenDigest {
    Sha256::digest(token.as_bytes()).into()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 0xf)]])
        .map(char::from)
        .collect()
}
