//! One error type for every handler, mapped once to `{ "error": { code, message } }` + status.
//! Causes of 5xx are logged, never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use meetcute_domain::ErrorCode;
use meetcute_domain::profile::InvalidField;
use meetcute_domain::wire::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A rule or request refusal with its stable code.
    #[error("{message}")]
    Refused {
        code: ErrorCode,
        message: String,
        field: Option<String>,
    },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn code(code: ErrorCode) -> Self {
        AppError::Refused {
            code,
            message: code.to_string(),
            field: None,
        }
    }

    pub fn with_message(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError::Refused {
            code,
            message: message.into(),
            field: None,
        }
    }

    pub fn not_found() -> Self {
        Self::code(ErrorCode::NotFound)
    }
}

impl From<ErrorCode> for AppError {
    fn from(code: ErrorCode) -> Self {
        // Not being in a match is answered as "not found": existence is not leaked.
        if code == ErrorCode::NotParticipant {
            return AppError::not_found();
        }
        AppError::code(code)
    }
}

impl From<InvalidField> for AppError {
    fn from(invalid: InvalidField) -> Self {
        AppError::Refused {
            code: ErrorCode::Validation,
            message: invalid.to_string(),
            field: Some(invalid.field.to_owned()),
        }
    }
}

/// How long a client told `server_busy` waits before it tries again: a hash burst or a socket
/// storm passes within seconds.
const RETRY_BUSY_AFTER_SECS: &str = "2";

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (code, message, field) = match self {
            AppError::Refused {
                code,
                message,
                field,
            } => (code, message, field),
            AppError::Database(err) => {
                tracing::error!(error = %err, "database error");
                (ErrorCode::Internal, ErrorCode::Internal.to_string(), None)
            }
            AppError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
                (ErrorCode::Internal, ErrorCode::Internal.to_string(), None)
            }
        };
        let status =
            StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = ErrorBody::new(code, message);
        body.error.field = field;
        let mut response = (status, axum::Json(body)).into_response();
        if code == ErrorCode::ServerBusy {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(RETRY_BUSY_AFTER_SECS),
            );
        }
        response
    }
}
