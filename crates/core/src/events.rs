//! The event stream the shell forwards to the UI, and the connectivity it reports.
//! Online = the live socket is up; Syncing = a catch-up is running; Offline otherwise.

use meetcute_domain::app::{AppEvent, Connectivity};
use std::sync::Mutex;
use tokio::sync::broadcast;

const CAPACITY: usize = 1024;

pub struct Events {
    tx: broadcast::Sender<AppEvent>,
    state: Mutex<State>,
}

#[derive(Debug, Clone, Copy)]
struct State {
    socket_up: bool,
    syncs: u32,
    shown: Connectivity,
}

impl State {
    fn connectivity(&self) -> Connectivity {
        if self.syncs > 0 {
            Connectivity::Syncing
        } else if self.socket_up {
            Connectivity::Online
        } else {
            Connectivity::Offline
        }
    }
}

impl Default for Events {
    fn default() -> Self {
        Self {
            tx: broadcast::channel(CAPACITY).0,
            state: Mutex::new(State {
                socket_up: false,
                syncs: 0,
                shown: Connectivity::Offline,
            }),
        }
    }
}

impl Events {
    pub fn subscribe(&self) -> broadcast::Receiver<AppEvent> {
        self.tx.subscribe()
    }

    pub fn emit(&self, event: AppEvent) {
        tracing::debug!(?event, "event");
        // No subscriber is not an error: the UI may not be listening yet.
        let _ = self.tx.send(event);
    }

    pub fn connectivity(&self) -> Connectivity {
        self.lock().shown
    }

    pub fn socket_up(&self) -> bool {
        self.lock().socket_up
    }

    pub fn set_socket_up(&self, up: bool) {
        self.update(|s| s.socket_up = up);
    }

    /// Marks a sync as running until the guard is dropped.
    pub fn begin_sync(&self) -> SyncGuard<'_> {
        self.update(|s| s.syncs += 1);
        SyncGuard { events: self }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn update(&self, change: impl FnOnce(&mut State)) {
        let changed = {
            let mut state = self.lock();
            change(&mut state);
            let now = state.connectivity();
            (now != state.shown).then(|| {
                state.shown = now;
                now
            })
        };
        if let Some(state) = changed {
            self.emit(AppEvent::Connectivity { state });
        }
    }
}

pub struct SyncGuard<'a> {
    events: &'a Events,
}

impl Drop for SyncGuard<'_> {
    fn drop(&mut self) {
        self.events.update(|s| s.syncs = s.syncs.saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connectivity_changes_are_emitted_once_each() {
        let events = Events::default();
        let mut rx = events.subscribe();
        events.set_socket_up(true);
        events.set_socket_up(true);
        {
            let _a = events.begin_sync();
            let _b = events.begin_sync();
            assert_eq!(events.connectivity(), Connectivity::Syncing);
        }
        events.set_socket_up(false);
        let mut seen = Vec::new();
        while let Ok(AppEvent::Connectivity { state }) = rx.try_recv() {
            seen.push(state);
        }
        use Connectivity::*;
        assert_eq!(seen, vec![Online, Syncing, Online, Offline]);
    }
}
