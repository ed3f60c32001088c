//! The broadcaster: who is connected, and delivery of live events to a person's sockets.
//! In-process for now; a PostgreSQL LISTEN/NOTIFY implementation can sit behind the same trait.

use meetcute_domain::UserId;
use meetcute_domain::wire::ServerMessage;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

pub trait Broadcaster: Send + Sync + 'static {
    /// Delivers `message` to every socket of `user` (none: dropped; sync catches up).
    fn publish(&self, user: UserId, message: ServerMessage);
    /// Registers one socket of `user`; dropping the subscription unregisters it.
    fn subscribe(&self, user: UserId) -> Subscription;
    fn is_connected(&self, user: UserId) -> bool;
}

/// One socket's inbox.
pub struct Subscription {
    pub inbox: mpsc::UnboundedReceiver<ServerMessage>,
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
}

/// Sockets of this process only.
#[derive(Clone, Default)]
pub struct InProcess {
    inner: Arc<Inner>,
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
        self.inner
            .sockets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(user)
            .or_default()
            .push((id, tx));
        Subscription {
            inbox,
            _registration: Registration {
                hub: self.inner.clone(),
                user,
                id,
            },
        }
    }

    fn is_connected(&self, user: UserId) -> bool {
        self.inner
            .sockets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(&user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(hub.is_connected(UserId(1)));
        drop(two);
        assert!(!hub.is_connected(UserId(1)));
    }
}
