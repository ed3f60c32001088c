//! One signal for "the server is stopping": timers stop waiting and live sockets close.

use std::sync::Arc;
use tokio::sync::watch;

#[derive(Clone)]
pub struct Shutdown {
    signal: Arc<watch::Sender<bool>>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            signal: Arc::new(watch::channel(false).0),
        }
    }
}

impl Shutdown {
    pub fn trigger(&self) {
        self.signal.send_replace(true);
    }

    /// Resolves once [`Shutdown::trigger`] was called (at once if it already was).
    pub async fn triggered(&self) {
        let mut receiver = self.signal.subscribe();
        while !*receiver.borrow_and_update() {
            if receiver.changed().await.is_err() {
                return;
            }
        }
    }
}
