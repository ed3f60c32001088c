//! The commands' error: the core's error, serialized for the UI as its `AppError`
//! (`{code, message}`), so the UI picks the message by the stable code.

use meetcute_core::CoreError;
use meetcute_domain::ErrorCode;
use meetcute_domain::app::AppError;
use serde::{Serialize, Serializer};

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Core(#[from] CoreError),
    /// A command arrived before the app knew its data dir (only possible during start-up).
    #[error("Meetcute is still starting; try again in a moment")]
    Starting,
    /// The native call engine could not start (no camera, a missing GStreamer plugin, …).
    #[error("{0}")]
    Media(#[from] meetcute_media::MediaError),
    /// Start at login could not be read or changed.
    #[error("{0}")]
    Autostart(String),
}

impl CommandError {
    pub fn to_app_error(&self) -> AppError {
        match self {
            CommandError::Core(error) => error.to_app_error(),
            CommandError::Starting | CommandError::Autostart(_) => AppError {
                code: ErrorCode::Internal,
                message: self.to_string(),
            },
            CommandError::Media(error) => AppError {
                code: ErrorCode::MediaUnavailable,
                message: error.to_string(),
            },
        }
    }
}

impl Serialize for CommandError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_app_error().serialize(serializer)
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
