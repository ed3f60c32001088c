//! The live socket: connects with the bearer token, reconnects with capped exponential backoff
//! and jitter, catches up (outbox, then sync) after every connect, and turns server messages
//! into cache updates and UI events.

use crate::error::CoreError;
use crate::{Inner, outbox, sync};
use futures::{SinkExt, StreamExt};
use meetcute_domain::app::AppEvent;
use meetcute_domain::wire::{MatchPresence, ServerMessage};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message, http};

/// How long after a connection dropped without a word (the server died, or many clients' line
/// with it) the first reconnect may wait: everyone coming back in the same tenth of a second is a
/// storm for the server that takes them.
pub const SPREAD_AFTER_DROP: Duration = Duration::from_secs(2);
/// The longest spread a server's goodbye can ask for.
pub const MAX_SPREAD: Duration = Duration::from_secs(60);

/// Reconnect delays: doubling from `base` up to `cap`, each with random jitter; after a connection
/// ends, the first one is drawn from a whole window instead (see [`Backoff::spread_next`]).
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    attempt: u32,
    spread: Option<Duration>,
}

impl Backoff {
    pub fn new(base: Duration, cap: Duration) -> Self {
        Self {
            base,
            cap,
            attempt: 0,
            spread: None,
        }
    }

    pub fn reset(&mut self) {
        self.attempt = 0;
        self.spread = None;
    }

    /// The next delay is drawn uniformly from `[0, window]` (full jitter): clients dropped together
    /// come back spread over the window.
    pub fn spread_next(&mut self, window: Duration) {
        self.spread = Some(window.min(MAX_SPREAD));
    }

    /// The next delay: a spread draw if one is due, else the capped exponential step scaled by a
    /// random factor in [0.5, 1.0].
    pub fn next_delay(&mut self) -> Duration {
        if let Some(window) = self.spread.take() {
            return window.mul_f64(rand::random_range(0.0..=1.0));
        }
        let step = self
            .base
            .saturating_mul(1u32 << self.attempt.min(16))
            .min(self.cap);
        self.attempt = self.attempt.saturating_add(1);
        step.mul_f64(rand::random_range(0.5..=1.0))
    }
}

pub async fn run(inner: Arc<Inner>) {
    let mut backoff = Backoff::new(Duration::from_millis(200), Duration::from_secs(5));
    loop {
        let signed_in = inner.signed_in.notified();
        if !inner.api.has_token() {
            signed_in.await;
            continue;
        }
        let generation = *inner.generation.borrow();
        match connect(&inner).await {
            Ok(socket) => {
                backoff.reset();
                match connected(&inner, socket, generation).await {
                    Ending::ServerAsked(window) => backoff.spread_next(window),
                    Ending::Dropped => backoff.spread_next(SPREAD_AFTER_DROP),
                    Ending::Mine => {}
                }
            }
            Err(e) => tracing::debug!(error = %e, "live socket: cannot connect"),
        }
        inner.events.set_socket_up(false);
        let delay = backoff.next_delay();
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = inner.reconnect_now.notified() => {}
        }
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(inner: &Inner) -> Result<Socket, CoreError> {
    let token = inner.api.token().ok_or(CoreError::NotSignedIn)?;
    let mut request = inner
        .api
        .ws_url()
        .into_client_request()
        .map_err(|e| CoreError::InvalidServerUrl(e.to_string()))?;
    let bearer = http::HeaderValue::from_str(&token.bearer())
        .map_err(|_| CoreError::BadResponse("token is not a header value".into()))?;
    request
        .headers_mut()
        .insert(http::header::AUTHORIZATION, bearer);
    let connecting = tokio_tungstenite::connect_async(request);
    match tokio::time::timeout(Duration::from_secs(5), connecting).await {
        Err(_) => Err(CoreError::Offline),
        Ok(Ok((socket, _))) => Ok(socket),
        Ok(Err(WsError::Http(response))) if response.status() == http::StatusCode::UNAUTHORIZED => {
            inner.api.reject_token(&token);
            Err(CoreError::server(
                meetcute_domain::ErrorCode::Unauthorized,
                "token rejected",
                401,
            ))
        }
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "live socket: handshake failed");
            Err(CoreError::Offline)
        }
    }
}

/// How a connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The server said goodbye (close code 1001, "going away") and how long to spread the return
    /// over (its reason reads `spread=SECONDS`).
    ServerAsked(Duration),
    /// The connection broke or closed without a goodbye.
    Dropped,
    /// This side closed it (sign-out).
    Mine,
}

/// Reads a close frame: a server's goodbye with its spread, or a plain close.
pub fn ending_of(frame: Option<&CloseFrame>) -> Ending {
    match frame {
        Some(frame) if frame.code == CloseCode::Away => {
            let seconds = frame
                .reason
                .as_str()
                .strip_prefix("spread=")
                .and_then(|s| s.parse::<u64>().ok());
            Ending::ServerAsked(seconds.map_or(SPREAD_AFTER_DROP, Duration::from_secs))
        }
        _ => Ending::Dropped,
    }
}

async fn connected(inner: &Arc<Inner>, socket: Socket, generation: u64) -> Ending {
    let (mut sink, mut stream) = socket.split();
    let (tx, mut outgoing) = mpsc::unbounded_channel::<String>();
    *inner.socket_tx.lock().unwrap_or_else(|e| e.into_inner()) = Some(tx);
    inner.events.set_socket_up(true);
    tracing::info!("live socket: connected");
    let _catch_up = AbortOnDrop(tokio::spawn(catch_up(inner.clone())));
    let mut signed_out = inner.generation.subscribe();
    let mut ending = Ending::Mine;
    while *signed_out.borrow_and_update() == generation {
        tokio::select! {
            frame = stream.next() => match frame {
                Some(Ok(Message::Text(text))) => handle(inner, text.as_str()).await,
                Some(Ok(Message::Close(frame))) => {
                    ending = ending_of(frame.as_ref());
                    break;
                }
                None => {
                    ending = Ending::Dropped;
                    break;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    tracing::debug!(error = %e, "live socket: read failed");
                    ending = Ending::Dropped;
                    break;
                }
            },
            Some(text) = outgoing.recv() => {
                if let Err(e) = sink.send(Message::text(text)).await {
                    tracing::debug!(error = %e, "live socket: write failed");
                    ending = Ending::Dropped;
                    break;
                }
            }
            _ = signed_out.changed() => break,
        }
    }
    *inner.socket_tx.lock().unwrap_or_else(|e| e.into_inner()) = None;
    let _ = sink.close().await;
    tracing::info!(?ending, "live socket: disconnected");
    ending
}

/// Stops the catch-up with the connection, also when the whole task is aborted.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// After (re)connecting: replay the outbox first (my offline actions), then catch up.
async fn catch_up(inner: Arc<Inner>) {
    match outbox::flush(&inner).await {
        Ok(flushed) => flushed.announce_refusals(&inner),
        Err(_) if inner.cache.is_closed() => return,
        Err(e) => tracing::warn!(error = %e, "outbox flush failed"),
    }
    match sync::sync_once(&inner).await {
        Err(_) if inner.cache.is_closed() => tracing::debug!("catch-up stopped by shutdown"),
        Err(e) => tracing::warn!(error = %e, "catch-up sync failed"),
        Ok(_) => {}
    }
}

/// One server message: cache first, then the events that are news.
pub async fn handle(inner: &Inner, text: &str) {
    let message: ServerMessage = match serde_json::from_str(text) {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!(error = %e, "live socket: unreadable message ignored");
            return;
        }
    };
    let applied = match message {
        ServerMessage::CallRinging { session, caller } => {
            inner.cache.apply_session(&session, Some(&caller)).await
        }
        ServerMessage::CallAccepted { session }
        | ServerMessage::CallDeclined { session }
        | ServerMessage::CallCancelled { session }
        | ServerMessage::CallMissed { session }
        | ServerMessage::CallEnded { session, .. } => {
            if session.status.is_terminal() {
                // The match may have moved on (e.g. proposed → deciding): fetch it.
                inner.wake_sync.notify_one();
            }
            inner.cache.apply_session(&session, None).await
        }
        ServerMessage::MatchUpdated { the_match } | ServerMessage::MatchMutual { the_match } => {
            inner.cache.apply_matches(&[the_match]).await
        }
        ServerMessage::Signal {
            session_id,
            from,
            kind,
            payload,
        } => {
            inner.events.emit(AppEvent::Signal {
                session_id,
                from,
                kind,
                payload,
            });
            return;
        }
        ServerMessage::PresenceUpdated { match_id, presence } => {
            inner
                .cache
                .apply_presence(&[MatchPresence { match_id, presence }])
                .await
        }
        ServerMessage::CallRequestUpdated { request } => {
            if let Err(e) = inner.apply_call_requests(vec![request]).await {
                tracing::warn!(error = %e, "live socket: cache update failed");
            }
            return;
        }
        ServerMessage::CallRequestReminder {
            request,
            minutes_before,
        } => {
            let reminded = request.clone();
            if let Err(e) = inner.apply_call_requests(vec![request]).await {
                tracing::warn!(error = %e, "live socket: cache update failed");
            }
            let peer_name = inner
                .cache
                .peer_name(reminded.match_id)
                .await
                .unwrap_or_default();
            inner.events.emit(AppEvent::CallRequestReminder {
                request: reminded,
                minutes_before,
                peer_name,
            });
            return;
        }
        ServerMessage::Ready { user_id } => {
            tracing::debug!(%user_id, "live socket: ready");
            return;
        }
        ServerMessage::Error { code, message } => {
            tracing::warn!(code = code.as_str(), message, "live socket: server error");
            return;
        }
    };
    match applied {
        Ok(applied) => inner.emit_all(applied),
        Err(e) => tracing::warn!(error = %e, "live socket: cache update failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// After a goodbye asking for a window, the first delay falls anywhere in it and nowhere
        /// else; the delays after it are the usual backoff again.
        #[test]
        fn a_spread_first_delay_stays_in_its_window(window_ms in 1u64..60_000, draws in 1usize..8) {
            let window = Duration::from_millis(window_ms);
            let mut backoff = Backoff::new(Duration::from_millis(200), Duration::from_secs(5));
            for _ in 0..draws {
                backoff.reset();
                backoff.spread_next(window);
                prop_assert!(backoff.next_delay() <= window);
                prop_assert!(backoff.next_delay() <= Duration::from_millis(200));
            }
        }
    }

    #[test]
    fn spread_delays_cover_the_whole_window() {
        let window = Duration::from_secs(10);
        let mut tenths = [0u32; 10];
        let mut backoff = Backoff::new(Duration::from_millis(200), Duration::from_secs(5));
        for _ in 0..2_000 {
            backoff.spread_next(window);
            let delay = backoff.next_delay();
            assert!(delay <= window);
            tenths[((delay.as_secs_f64() / 10.0 * 10.0) as usize).min(9)] += 1;
        }
        // Uniform: each tenth of the window gets about 200 of 2,000; none is left empty or crowded.
        assert!(tenths.iter().all(|n| (120..=280).contains(n)), "{tenths:?}");
    }

    #[test]
    fn a_goodbye_names_its_spread_and_anything_else_is_a_drop() {
        let away = |reason: &str| CloseFrame {
            code: CloseCode::Away,
            reason: reason.into(),
        };
        assert_eq!(
            ending_of(Some(&away("spread=12"))),
            Ending::ServerAsked(Duration::from_secs(12))
        );
        assert_eq!(
            ending_of(Some(&away("bye"))),
            Ending::ServerAsked(SPREAD_AFTER_DROP)
        );
        let normal = CloseFrame {
            code: CloseCode::Normal,
            reason: "".into(),
        };
        assert_eq!(ending_of(Some(&normal)), Ending::Dropped);
        assert_eq!(ending_of(None), Ending::Dropped);
    }

    #[test]
    fn backoff_grows_is_capped_jittered_and_resets() {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(2));
        let delays: Vec<Duration> = (0..10).map(|_| backoff.next_delay()).collect();
        assert!(delays[0] >= Duration::from_millis(50) && delays[0] <= Duration::from_millis(100));
        assert!(delays[3] >= Duration::from_millis(400) && delays[3] <= Duration::from_millis(800));
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(2)));
        assert!(delays[9] >= Duration::from_secs(1));
        // Jitter: ten capped delays are not all the same.
        let capped: Vec<Duration> = (0..10).map(|_| backoff.next_delay()).collect();
        assert!(capped.windows(2).any(|w| w[0] != w[1]));
        backoff.reset();
        assert!(backoff.next_delay() <= Duration::from_millis(100));
    }
}
