//! The HTTP client of API.md: JSON in and out, bearer auth, `Idempotency-Key`, typed errors.
//! Anything the server sends that is not the promised shape becomes [`CoreError::BadResponse`].

use crate::answer_body::Body;
use crate::error::{CoreError, CoreResult};
use crate::token::Token;
use meetcute_domain::ErrorCode;
use meetcute_domain::wire::ErrorBody;
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::RwLock;
use std::time::Duration;
use tokio::sync::Notify;

pub struct Api {
    http: reqwest::Client,
    base: Url,
    token: RwLock<Option<Token>>,
    /// Woken when the server refuses the token we hold (revoked, e.g. signed out elsewhere).
    token_rejected: Notify,
}

/// A raw JSON request, as the outbox stores it.
pub struct RawRequest<'a> {
    pub method: Method,
    pub path: &'a str,
    pub body: Option<String>,
    pub idempotency_key: Option<&'a str>,
}

impl Api {
    pub fn new(server_url: &str) -> CoreResult<Self> {
        let base = Url::parse(server_url.trim_end_matches('/'))
            .map_err(|e| CoreError::InvalidServerUrl(format!("{server_url}: {e}")))?;
        if !matches!(base.scheme(), "http" | "https") || base.host_str().is_none() {
            return Err(CoreError::InvalidServerUrl(server_url.to_owned()));
        }
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| CoreError::InvalidServerUrl(e.to_string()))?;
        Ok(Self {
            http,
            base,
            token: RwLock::new(None),
            token_rejected: Notify::new(),
        })
    }

    pub fn set_token(&self, token: Option<Token>) {
        *self.token.write().unwrap_or_else(|e| e.into_inner()) = token;
    }

    pub fn token(&self) -> Option<Token> {
        self.token.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn has_token(&self) -> bool {
        self.token().is_some()
    }

    /// The server answered `401` to a request made with `token`. Only the token still held
    /// counts: a late answer to a request of a previous sign-in signs nobody out.
    pub fn reject_token(&self, token: &Token) {
        if self.token().as_ref() == Some(token) {
            self.token_rejected.notify_one();
        }
    }

    /// Waits until the held token has been rejected by the server.
    pub async fn token_rejected(&self) {
        self.token_rejected.notified().await;
    }

    /// `ws://…/api/ws` (or `wss://`) for the live socket.
    pub fn ws_url(&self) -> String {
        let mut url = self.base.clone();
        let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
        let _ = url.set_scheme(scheme);
        url.set_path("/api/ws");
        url.to_string()
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> CoreResult<T> {
        let body = self.raw(RawRequest::new(Method::GET, path)).await?;
        decode(&body)
    }

    /// GET, also telling how many body bytes came over the wire (compressed).
    pub async fn get_sized<T: DeserializeOwned>(&self, path: &str) -> CoreResult<(T, usize)> {
        let answer = self.send(RawRequest::new(Method::GET, path)).await?;
        Ok((decode(&answer.body)?, answer.wire_bytes))
    }

    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: Option<&B>,
    ) -> CoreResult<T> {
        let mut request = RawRequest::new(Method::POST, path);
        request.body = body.map(serde_json::to_string).transpose()?;
        decode(&self.raw(request).await?)
    }

    /// A request whose answer has no body we need (e.g. `204`).
    pub async fn post_no_content(&self, path: &str) -> CoreResult<()> {
        self.raw(RawRequest::new(Method::POST, path))
            .await
            .map(drop)
    }

    /// Sends one request; returns the body of a 2xx answer.
    pub async fn raw(&self, request: RawRequest<'_>) -> CoreResult<Vec<u8>> {
        self.send(request).await.map(|answer| answer.body)
    }

    async fn send(&self, request: RawRequest<'_>) -> CoreResult<Answer> {
        let url = self
            .base
            .join(request.path)
            .map_err(|e| CoreError::InvalidServerUrl(e.to_string()))?;
        let mut builder = self.http.request(request.method.clone(), url);
        let token = self.token();
        if let Some(token) = &token {
            builder = builder.header(reqwest::header::AUTHORIZATION, token.bearer());
        }
        if request.method == Method::GET {
            // Sync and history answers are large JSON: about 8× smaller compressed.
            builder = builder.header(reqwest::header::ACCEPT_ENCODING, "zstd, gzip;q=0.5");
        }
        if let Some(key) = request.idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        if let Some(body) = request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let mut response = builder.send().await.map_err(network_error)?;
        let status = response.status();
        let encoding = response
            .headers()
            .get(reqwest::header::CONTENT_ENCODING)
            .map(|encoding| encoding.as_bytes().to_vec());
        let mut body = Body::new(encoding.as_deref())?;
        while let Some(chunk) = response.chunk().await.map_err(network_error)? {
            body.push(&chunk)?;
        }
        let (body, wire_bytes) = body.finish()?;
        tracing::debug!(method = %request.method, path = request.path, %status, wire_bytes, bytes = body.len(), "api");
        if status.is_success() {
            return Ok(Answer { body, wire_bytes });
        }
        if status == StatusCode::UNAUTHORIZED
            && let Some(token) = &token
        {
            self.reject_token(token);
        }
        Err(error_from(status, &body))
    }
}

impl<'a> RawRequest<'a> {
    pub fn new(method: Method, path: &'a str) -> Self {
        Self {
            method,
            path,
            body: None,
            idempotency_key: None,
        }
    }
}

struct Answer {
    body: Vec<u8>,
    wire_bytes: usize,
}

pub fn decode<T: DeserializeOwned>(body: &[u8]) -> CoreResult<T> {
    serde_json::from_slice(body).map_err(|e| CoreError::BadResponse(e.to_string()))
}

fn network_error(e: reqwest::Error) -> CoreError {
    if e.is_builder() {
        CoreError::InvalidServerUrl(e.to_string())
    } else {
        tracing::debug!(error = %e, "server unreachable");
        CoreError::Offline
    }
}

/// The API's error body, or a code chosen by the status when the body is not one.
fn error_from(status: StatusCode, body: &[u8]) -> CoreError {
    if let Ok(ErrorBody { error }) = serde_json::from_slice::<ErrorBody>(body) {
        return CoreError::server(error.code, error.message, status.as_u16());
    }
    let code = match status.as_u16() {
        400 => ErrorCode::InvalidJson,
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        413 => ErrorCode::PayloadTooLarge,
        429 => ErrorCode::RateLimited,
        503 => ErrorCode::ServerBusy,
        _ => ErrorCode::Internal,
    };
    CoreError::server(
        code,
        format!("the server answered {status}"),
        status.as_u16(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_keep_their_code_and_unknown_bodies_fall_back_to_the_status() {
        let body = br#"{"error":{"code":"peer_busy","message":"busy"}}"#;
        let e = error_from(StatusCode::CONFLICT, body);
        assert_eq!(e.code(), ErrorCode::PeerBusy);
        assert_eq!(e.to_app_error().message, "busy");
        let e = error_from(StatusCode::INTERNAL_SERVER_ERROR, b"<html>oops</html>");
        assert_eq!(e.code(), ErrorCode::Internal);
        assert!(!e.is_permanent());
        assert_eq!(
            error_from(StatusCode::NOT_FOUND, b"").code(),
            ErrorCode::NotFound
        );
    }

    #[test]
    fn urls_are_checked_and_the_socket_url_follows_the_scheme() {
        assert!(Api::new("not a url").is_err());
        assert!(Api::new("ftp://example.org").is_err());
        let api = Api::new("http://127.0.0.1:9/").unwrap();
        assert_eq!(api.ws_url(), "ws://127.0.0.1:9/api/ws");
        let api = Api::new("https://meetcute.example").unwrap();
        assert_eq!(api.ws_url(), "wss://meetcute.example/api/ws");
    }

    #[test]
    fn garbage_is_a_bad_response() {
        let e = decode::<meetcute_domain::wire::SyncResponse>(b"{\"cursor\":\"x\"}").unwrap_err();
        assert!(matches!(e, CoreError::BadResponse(_)));
    }
}
