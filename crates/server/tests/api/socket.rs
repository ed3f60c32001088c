//! A test's live socket: connect as a person, read the server's messages, send, close.

use futures::{SinkExt, StreamExt};
use serde_json::Value;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// A socket of the bearer of `token` to the server at `base_url`, ready (its `ready` read);
/// `None` if the server cannot be reached.
pub async fn connect(base_url: &str, token: &str) -> Option<Socket> {
    let url = format!("{}/api/ws", base_url.replacen("http", "ws", 1));
    let mut request = url.into_client_request().unwrap();
    request
        .headers_mut()
        .insert("Authorization", format!("Bearer {token}").parse().unwrap());
    let (stream, _) = tokio_tungstenite::connect_async(request).await.ok()?;
    let mut socket = Socket { stream };
    socket.next_of("ready").await;
    Some(socket)
}

pub struct Socket {
    stream: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

impl Socket {
    /// The next message, or `None` after `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<Value> {
        loop {
            let frame = tokio::time::timeout(wait, self.stream.next())
                .await
                .ok()??
                .ok()?;
            if let Message::Text(text) = frame {
                return Some(serde_json::from_str(text.as_str()).unwrap());
            }
        }
    }

    /// Skips messages until one of `kind` arrives (5 s at most).
    pub async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let message = self
                .next_within(Duration::from_secs(5))
                .await
                .unwrap_or_else(|| panic!("no {kind} message"));
            if message["type"] == kind {
                return message;
            }
        }
    }

    /// Every message received within `wait`.
    pub async fn drain(&mut self, wait: Duration) -> Vec<Value> {
        let mut seen = Vec::new();
        while let Some(message) = self.next_within(wait).await {
            seen.push(message);
        }
        seen
    }

    pub async fn send(&mut self, message: Value) {
        self.stream
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap();
    }

    /// True when the server closes the socket within `wait`.
    pub async fn closes_within(mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.stream.next()).await {
                Err(_) => return false,
                Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return true,
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    /// The close frame's code and reason, if the server closes the socket within `wait`.
    pub async fn close_frame_within(mut self, wait: Duration) -> Option<(u16, String)> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.stream.next())
                .await
                .ok()??
            {
                Ok(Message::Close(Some(frame))) => {
                    return Some((frame.code.into(), frame.reason.to_string()));
                }
                Ok(Message::Close(None)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.stream.close(None).await;
    }
}
