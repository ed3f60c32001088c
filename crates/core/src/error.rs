//! One error type for everything the core can fail at, each with a stable [`ErrorCode`].

use meetcute_domain::ErrorCode;
use meetcute_domain::app::AppError;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The server cannot be reached (or this action cannot wait and we are offline).
    #[error("you are offline")]
    Offline,
    /// The server refused the request with one of the API's error codes.
    #[error("{message}")]
    Server {
        code: ErrorCode,
        message: String,
        status: u16,
    },
    /// The server answered something that is not what API.md promises.
    #[error("the server sent an answer we could not understand ({0})")]
    BadResponse(String),
    #[error("sign in first")]
    NotSignedIn,
    #[error("the server address is not valid: {0}")]
    InvalidServerUrl(String),
    #[error("local storage failed: {0}")]
    Cache(#[from] sqlx::Error),
    #[error("local storage could not be prepared: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("local file access failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("local data is damaged: {0}")]
    Corrupt(#[from] serde_json::Error),
}

pub type CoreResult<T> = Result<T, CoreError>;

impl CoreError {
    /// The stable code the UI picks its message by.
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Offline => ErrorCode::Offline,
            CoreError::Server { code, .. } => *code,
            CoreError::NotSignedIn => ErrorCode::Unauthorized,
            CoreError::InvalidServerUrl(_) => ErrorCode::Validation,
            CoreError::BadResponse(_)
            | CoreError::Cache(_)
            | CoreError::Migrate(_)
            | CoreError::Io(_)
            | CoreError::Corrupt(_) => ErrorCode::Internal,
        }
    }

    /// What the UI is shown: the code and a sentence (the server's, or the code's own).
    pub fn to_app_error(&self) -> AppError {
        let message = match self {
            CoreError::Server { message, .. } if !message.is_empty() => message.clone(),
            CoreError::Server { code, .. } => code.to_string(),
            other => other.to_string(),
        };
        AppError {
            code: self.code(),
            message,
        }
    }

    /// A refusal by the rules or by validation: retrying the same request cannot succeed.
    pub fn is_permanent(&self) -> bool {
        matches!(self, CoreError::Server { status, .. } if (400..500).contains(status) && *status != 429)
    }

    /// Refused here by the rules of `meetcute-domain`, as the server would refuse it.
    pub(crate) fn refused_by_rules(code: ErrorCode) -> Self {
        CoreError::Server {
            code,
            message: String::new(),
            status: code.http_status(),
        }
    }

    pub(crate) fn server(code: ErrorCode, message: impl Into<String>, status: u16) -> Self {
        CoreError::Server {
            code,
            message: message.into(),
            status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_app_errors_carry_the_server_sentence() {
        assert_eq!(CoreError::Offline.code(), ErrorCode::Offline);
        assert_eq!(CoreError::NotSignedIn.code(), ErrorCode::Unauthorized);
        assert_eq!(
            CoreError::BadResponse("x".into()).code(),
            ErrorCode::Internal
        );
        let refused = CoreError::server(ErrorCode::PeerBusy, "they are busy", 409);
        assert_eq!(refused.code(), ErrorCode::PeerBusy);
        assert_eq!(refused.to_app_error().message, "they are busy");
        assert!(refused.is_permanent());
        assert!(!CoreError::server(ErrorCode::RateLimited, "", 429).is_permanent());
        assert!(!CoreError::server(ErrorCode::Internal, "", 500).is_permanent());
        assert_eq!(
            CoreError::server(ErrorCode::Closed, "", 409)
                .to_app_error()
                .message,
            ErrorCode::Closed.to_string()
        );
    }
}
