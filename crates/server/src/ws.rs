//! `GET /api/ws`: the live socket. Pushes a person's events and relays call signaling between the
//! two participants of a live session, and nobody else. Written over any `Sink`/`Stream`, so it can
//! be driven without a network.

use crate::db::{self, sessions};
use crate::error::AppError;
use crate::http::extract::bearer;
use crate::service::{accounts, presence};
use crate::state::AppState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::extract::{FromRequestParts, Request, State};
use axum::response::{IntoResponse, Response};
use futures::{Sink, SinkExt, Stream, StreamExt};
use meetcute_domain::wire::{ClientMessage, ServerMessage};
use meetcute_domain::{CallStatus, ErrorCode, UserId};
use std::time::Duration;

const MAX_MESSAGE_BYTES: usize = 64 * 1024;
const AUTH_TIMEOUT: Duration = Duration::from_secs(10);
/// A socket is idle almost all the time and its messages are small (a signal of a few kB is the
/// largest), so it reads through a small buffer that grows only for a large message (the library's
/// default keeps 128 KiB per socket), and writes each message at once instead of gathering them.
const READ_BUFFER_BYTES: usize = 4 * 1024;
/// A client that stops reading gets an error, not an ever-growing buffer, once this much is queued.
const MAX_WRITE_BUFFER_BYTES: usize = 4 * MAX_MESSAGE_BYTES;

pub async fn upgrade(State(state): State<AppState>, request: Request) -> Response {
    let (mut parts, _body) = request.into_parts();
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &state).await {
        Ok(upgrade) => upgrade
            .max_message_size(MAX_MESSAGE_BYTES)
            .read_buffer_size(READ_BUFFER_BYTES)
            .write_buffer_size(0)
            .max_write_buffer_size(MAX_WRITE_BUFFER_BYTES),
        Err(rejection) => {
            return AppError::with_message(ErrorCode::Validation, rejection.body_text())
                .into_response();
        }
    };
    let user = match bearer(&parts) {
        Some(token) => match accounts::authenticate(&state, &token).await {
            Ok(user) => Some(user),
            Err(err) => return err.into_response(),
        },
        None => None,
    };
    // Refused before the upgrade, with a status a client can act on, rather than accepted and
    // dropped.
    let Ok(slot) = state.socket_slots.clone().try_acquire_owned() else {
        state.metrics.socket_upgrades_refused.inc();
        return AppError::code(ErrorCode::ServerBusy).into_response();
    };
    upgrade.on_upgrade(move |socket: WebSocket| async move {
        let (outgoing, incoming) = socket.split();
        serve_socket(state, user, outgoing, incoming).await;
        drop(slot);
    })
}

/// Runs one socket until it closes. `user` is `None` when the token comes as the first message.
pub async fn serve_socket<W, R, E>(
    state: AppState,
    user: Option<UserId>,
    mut outgoing: W,
    mut incoming: R,
) where
    W: Sink<Message> + Unpin,
    R: Stream<Item = Result<Message, E>> + Unpin,
{
    let user = match user {
        Some(user) => user,
        None => match first_message_auth(&state, &mut incoming).await {
            Some(user) => user,
            None => {
                let _ = send(&mut outgoing, &error_message(ErrorCode::Unauthorized)).await;
                return;
            }
        },
    };
    let mut subscription = state.live.subscribe(user);
    state.metrics.sockets_open.inc();
    if subscription.first_here {
        presence::announce_soon(&state, user);
    }
    if send(&mut outgoing, &ServerMessage::Ready { user_id: user })
        .await
        .is_ok()
    {
        loop {
            tokio::select! {
                _ = state.shutdown.triggered() => {
                    let _ = outgoing.send(goodbye(state.config.reconnect_spread_secs)).await;
                    break;
                }
                Some(message) = subscription.inbox.recv() => {
                    if send(&mut outgoing, &message).await.is_err() { break; }
                }
                frame = incoming.next() => match frame {
                    Some(Ok(Message::Text(text))) => {
                        let reply = handle_client_message(&state, user, text.as_str()).await;
                        if let Some(reply) = reply && send(&mut outgoing, &reply).await.is_err() { break; }
                    }
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                    Some(Ok(_)) => {}
                },
            }
        }
    }
    drop(subscription);
    state.metrics.sockets_open.dec();
    on_socket_closed(&state, user).await;
}

async fn first_message_auth<R, E>(state: &AppState, incoming: &mut R) -> Option<UserId>
where
    R: Stream<Item = Result<Message, E>> + Unpin,
{
    let frame = tokio::time::timeout(AUTH_TIMEOUT, incoming.next())
        .await
        .ok()??
        .ok()?;
    let Message::Text(text) = frame else {
        return None;
    };
    let ClientMessage::Auth { token } = serde_json::from_str(text.as_str()).ok()? else {
        return None;
    };
    accounts::authenticate(state, &token).await.ok()
}

/// Relays a signal to the other participant; anything else gets an error reply.
async fn handle_client_message(state: &AppState, me: UserId, text: &str) -> Option<ServerMessage> {
    let message: ClientMessage = match serde_json::from_str(text) {
        Ok(message) => message,
        Err(err) => {
            return Some(ServerMessage::Error {
                code: ErrorCode::InvalidJson,
                message: err.to_string(),
            });
        }
    };
    let ClientMessage::Signal {
        session_id,
        kind,
        payload,
    } = message
    else {
        return None; // a repeated auth message is harmless
    };
    let session = match sessions::get(&state.db, session_id).await {
        Ok(Some(session)) if session.status.is_live() => session,
        Ok(_) => return Some(error_message(ErrorCode::NotFound)),
        Err(err) => {
            tracing::error!(error = %err, "signal lookup failed");
            return Some(error_message(ErrorCode::Internal));
        }
    };
    let Some(peer) = session.other_participant(me) else {
        return Some(error_message(ErrorCode::NotFound));
    };
    state.live.publish(
        peer,
        ServerMessage::Signal {
            session_id,
            from: me,
            kind,
            payload,
        },
    );
    None
}

/// If that was the person's last socket, their matches see them away (active just now), and if
/// they are in a call, the grace period starts.
async fn on_socket_closed(state: &AppState, user: UserId) {
    // A server shutting down closes its database before its last sockets: nothing to record.
    if state.db.is_closed() || state.live.is_connected(user).await {
        return;
    }
    presence::seen_now(state, user).await;
    presence::announce_soon(state, user);
    match sessions::live_of_user(&state.db, user).await {
        Ok(Some(session)) if session.status == CallStatus::Active => {
            let since = db::now();
            let at = since + state.timings.disconnect_grace;
            state
                .timers
                .at_disconnect_grace(state, session.id, user, since, at);
        }
        Ok(_) => {}
        Err(err) => tracing::warn!(error = %err, "could not check calls of a closed socket"),
    }
}

/// "Going away; come back some time within `spread_secs`": the core draws its first reconnect from
/// that window.
fn goodbye(spread_secs: u32) -> Message {
    Message::Close(Some(CloseFrame {
        code: close_code::AWAY,
        reason: format!("spread={spread_secs}").into(),
    }))
}

fn error_message(code: ErrorCode) -> ServerMessage {
    ServerMessage::Error {
        code,
        message: code.to_string(),
    }
}

async fn send<W: Sink<Message> + Unpin>(
    outgoing: &mut W,
    message: &ServerMessage,
) -> Result<(), ()> {
    let text = serde_json::to_string(message).map_err(|_| ())?;
    outgoing
        .send(Message::Text(text.into()))
        .await
        .map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_state;
    use futures::channel::mpsc;

    #[tokio::test]
    async fn an_unauthenticated_socket_gets_an_error_and_nothing_else() {
        let state = test_state().await;
        let (out_tx, mut out_rx) = mpsc::unbounded::<Message>();
        let (in_tx, in_rx) = mpsc::unbounded::<Result<Message, ()>>();
        in_tx
            .unbounded_send(Ok(Message::Text(
                r#"{"type":"auth","token":"nope"}"#.into(),
            )))
            .unwrap();
        serve_socket(state, None, out_tx, in_rx).await;
        let Some(Message::Text(reply)) = out_rx.next().await else {
            panic!("no reply")
        };
        let reply: ServerMessage = serde_json::from_str(reply.as_str()).unwrap();
        assert!(matches!(
            reply,
            ServerMessage::Error {
                code: ErrorCode::Unauthorized,
                ..
            }
        ));
        assert!(out_rx.next().await.is_none(), "the socket must close");
    }

    #[tokio::test]
    async fn signals_for_unknown_sessions_are_refused() {
        let state = test_state().await;
        let reply = handle_client_message(
            &state,
            UserId(1),
            r#"{"type":"signal","session_id":"7b0e4a8e-9a5e-4a57-a0c5-7a7f9a0d1e11","kind":"offer","payload":{}}"#,
        )
        .await;
        assert!(matches!(
            reply,
            Some(ServerMessage::Error {
                code: ErrorCode::NotFound,
                ..
            })
        ));
        let garbage = handle_client_message(&state, UserId(1), "{not json").await;
        assert!(matches!(
            garbage,
            Some(ServerMessage::Error {
                code: ErrorCode::InvalidJson,
                ..
            })
        ));
    }
}
