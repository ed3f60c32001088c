//! The sockets of this process: each person's inboxes, and who is connected here.

use super::Broadcaster;
use crate::token_cache::TokenDigest;
use futures::future::BoxFuture;
use meetcute_domain::UserId;
use meetcute_domain::wire::ServerMessage;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// Told when a person's first socket here opens (`true`) and their last one closes (`false`),
/// under the hub's lock, so what it hears is in the order it happened.
pub type PresenceHook = Box<dyn Fn(UserId, bool) + Send + Sync>;

/// One socket's inbox.
pub struct Subscription {
    pub inbox: mpsc::UnboundedReceiver<ServerMessage>,
    /// The person had no other socket in this process when this one opened.
    pub first_here: bool,
    _registration: Registration,
}

struct Registration {
    hub: Arc<Inner>,
    user: UserId,
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut sockets = self.hub.sockets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(list) = sockets.get_mut(&self.user) {
            list.retain(|(id, _)| *id != self.id);
            if list.is_empty() {
                sockets.remove(&self.user);
                if let Some(hook) = &self.hub.presence {
                    hook(self.user, false);
                }
            }
        }
    }
}

/// One registered socket: its id and its inbox.
type Socket = (u64, mpsc::UnboundedSender<ServerMessage>);

#[derive(Default)]
struct Inner {
    sockets: Mutex<HashMap<UserId, Vec<Socket>>>,
    next_id: AtomicU64,
    presence: Option<PresenceHook>,
}

/// Sockets of this process only.
#[derive(Clone, Default)]
pub struct InProcess {
    inner: Arc<Inner>,
}

impl InProcess {
    /// A hub that tells `hook` who comes online and goes offline here.
    pub fn with_presence_hook(hook: PresenceHook) -> Self {
        Self {
            inner: Arc::new(Inner {
                presence: Some(hook),
                ..Inner::default()
            }),
        }
    }

    /// Whether `user` has a socket open in this process.
    pub fn has_socket_here(&self, user: UserId) -> bool {
        self.inner
            .sockets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(&user)
    }

    /// Those of `users` with a socket open in this process.
    pub fn connected_here_among(&self, users: &[UserId]) -> HashSet<UserId> {
        let sockets = self.inner.sockets.lock().unwrap_or_else(|e| e.into_inner());
        users
            .iter()
            .copied()
            .filter(|user| sockets.contains_key(user))
            .collect()
    }

    /// Everyone with a socket open in this process.
    pub fn connected_here(&self) -> Vec<UserId> {
        let sockets = self.inner.sockets.lock().unwrap_or_else(|e| e.into_inner());
        sockets.keys().copied().collect()
    }
}

impl Broadcaster for InProcess {
    fn publish(&self, user: UserId, message: ServerMessage) {
        let sockets = self.inner.sockets.lock().unwrap_or_else(|e| e.into_inner());
        for (_, socket) in sockets.get(&user).into_iter().flatten() {
            let _ = socket.send(message.clone());
        }
    }

    fn subscribe(&self, user: UserId) -> Subscription {
        let (tx, inbox) = mpsc::unbounded_channel();
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        let mut sockets = self.inner.sockets.lock().unwrap_or_else(|e| e.into_inner());
        let list = sockets.entry(user).or_default();
        let first_here = list.is_empty();
        if first_here && let Some(hook) = &self.inner.presence {
            hook(user, true);
        }
        list.push((id, tx));
        drop(sockets);
        Subscription {
            inbox,
            first_here,
            _registration: Registration {
                hub: self.inner.clone(),
                user,
                id,
            },
        }
    }

    fn is_connected_here(&self, user: UserId) -> bool {
        self.has_socket_here(user)
    }

    fn is_connected(&self, user: UserId) -> BoxFuture<'_, bool> {
        let here = self.has_socket_here(user);
        Box::pin(async move { here })
    }

    fn connected_among(&self, users: Vec<UserId>) -> BoxFuture<'_, HashSet<UserId>> {
        let here = self.connected_here_among(&users);
        Box::pin(async move { here })
    }

    /// One process: its token cache was told already.
    fn token_revoked(&self, _digest: TokenDigest) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_presence_hook_hears_first_and_last_sockets_only() {
        let heard = Arc::new(Mutex::new(Vec::new()));
        let log = heard.clone();
        let hub = InProcess::with_presence_hook(Box::new(move |user, online| {
            log.lock().unwrap().push((user.0, online));
        }));
        let one = hub.subscribe(UserId(1));
        let two = hub.subscribe(UserId(1));
        let ben = hub.subscribe(UserId(2));
        assert!(one.first_here && !two.first_here && ben.first_here);
        assert_eq!(
            hub.connected_here_among(&[UserId(1), UserId(3)]),
            HashSet::from([UserId(1)])
        );
        drop(one);
        drop(two);
        drop(ben);
        assert_eq!(
            *heard.lock().unwrap(),
            [(1, true), (2, true), (1, false), (2, false)]
        );
    }

    fn ready(user: i64) -> ServerMessage {
        ServerMessage::Ready {
            user_id: UserId(user),
        }
    }

    #[test]
    fn delivers_to_every_socket_of_the_person_only() {
        let hub = InProcess::default();
        let mut ana_phone = hub.subscribe(UserId(1));
        let mut ana_laptop = hub.subscribe(UserId(1));
        let mut ben = hub.subscribe(UserId(2));
        hub.publish(UserId(1), ready(1));
        assert_eq!(ana_phone.inbox.try_recv().unwrap(), ready(1));
        assert_eq!(ana_laptop.inbox.try_recv().unwrap(), ready(1));
        assert!(ben.inbox.try_recv().is_err());
    }

    #[test]
    fn dropping_the_last_socket_disconnects() {
        let hub = InProcess::default();
        let one = hub.subscribe(UserId(1));
        let two = hub.subscribe(UserId(1));
        drop(one);
        assert!(hub.has_socket_here(UserId(1)));
        drop(two);
        assert!(!hub.has_socket_here(UserId(1)));
    }
}
