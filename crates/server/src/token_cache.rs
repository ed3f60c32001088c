//! Bearer tokens already checked, kept in memory so that a request does not read the database
//! to learn who sent it.
//!
//! Keys are SHA-256 digests of tokens, never tokens. A logout here forgets its token before it
//! answers, so the token is refused from the next request on. An entry is also re-checked against
//! the database after `RECHECK_AFTER`, which bounds how long a token revoked by another server
//! process sharing the database keeps working here.

use chrono::{DateTime, Utc};
use meetcute_domain::UserId;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long an entry is trusted without asking the database again.
pub const RECHECK_AFTER: Duration = Duration::from_secs(30);
/// Beyond this many entries, stale ones are dropped (and all of them if none is stale).
const MAX_ENTRIES: usize = 100_000;

pub type TokenDigest = [u8; 32];

/// Who a token belongs to, as the database said at `checked_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenOwner {
    pub user: UserId,
    pub last_active_at: DateTime<Utc>,
}

#[derive(Default)]
pub struct TokenCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<TokenDigest, (TokenOwner, Instant)>,
    /// Bumped by every `forget`: a database answer read before a logout must not be stored after it.
    forgotten: u64,
}

/// Taken before reading the database; `remember` stores the answer only if no token was forgotten
/// in between.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

impl TokenCache {
    /// The owner of a token checked within `RECHECK_AFTER`.
    pub fn get(&self, digest: &TokenDigest) -> Option<TokenOwner> {
        let inner = self.lock();
        let (owner, checked_at) = inner.entries.get(digest)?;
        (checked_at.elapsed() < RECHECK_AFTER).then_some(*owner)
    }

    pub fn ticket(&self) -> Ticket {
        Ticket(self.lock().forgotten)
    }

    /// Stores what the database said, unless a logout came in since `ticket` was taken.
    pub fn remember(&self, digest: TokenDigest, owner: TokenOwner, ticket: Ticket) {
        let mut inner = self.lock();
        if inner.forgotten != ticket.0 {
            return;
        }
        if inner.entries.len() >= MAX_ENTRIES {
            inner
                .entries
                .retain(|_, (_, checked_at)| checked_at.elapsed() < RECHECK_AFTER);
            if inner.entries.len() >= MAX_ENTRIES {
                inner.entries.clear();
            }
        }
        inner.entries.insert(digest, (owner, Instant::now()));
    }

    /// The owner was seen active at `at` (the database was told).
    pub fn record_activity(&self, digest: &TokenDigest, at: DateTime<Utc>) {
        if let Some((owner, _)) = self.lock().entries.get_mut(digest) {
            owner.last_active_at = owner.last_active_at.max(at);
        }
    }

    /// The token was revoked: refuse it from now on.
    pub fn forget(&self, digest: &TokenDigest) {
        let mut inner = self.lock();
        inner.entries.remove(digest);
        inner.forgotten += 1;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(id: i64) -> TokenOwner {
        TokenOwner {
            user: UserId(id),
            last_active_at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn remembers_what_the_database_said() {
        let cache = TokenCache::default();
        assert_eq!(cache.get(&[1; 32]), None);
        cache.remember([1; 32], owner(7), cache.ticket());
        assert_eq!(cache.get(&[1; 32]), Some(owner(7)));
        assert_eq!(cache.get(&[2; 32]), None);
    }

    #[test]
    fn a_forgotten_token_is_gone() {
        let cache = TokenCache::default();
        cache.remember([1; 32], owner(7), cache.ticket());
        cache.forget(&[1; 32]);
        assert_eq!(cache.get(&[1; 32]), None);
    }

    #[test]
    fn an_answer_read_before_a_logout_is_not_stored_after_it() {
        let cache = TokenCache::default();
        let ticket = cache.ticket();
        cache.forget(&[1; 32]); // the logout commits while the lookup is on its way
        cache.remember([1; 32], owner(7), ticket);
        assert_eq!(cache.get(&[1; 32]), None);
    }

    #[test]
    fn activity_moves_forward_only() {
        let cache = TokenCache::default();
        cache.remember([1; 32], owner(7), cache.ticket());
        let later = DateTime::UNIX_EPOCH + chrono::Duration::minutes(5);
        cache.record_activity(&[1; 32], later);
        cache.record_activity(&[1; 32], DateTime::UNIX_EPOCH);
        assert_eq!(cache.get(&[1; 32]).map(|o| o.last_active_at), Some(later));
    }
}
