//! What the shell holds: the launch options and the core, opened once (in the background at
//! start-up, so the window paints while the cache opens; commands wait for it).

use crate::error::CommandError;
use crate::media::NativeCalls;
use crate::notice::Callers;
use crate::options::LaunchOptions;
use crate::ring::Ring;
use meetcute_core::Core;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;
use std::time::Instant;
use tokio::sync::OnceCell;

pub struct AppState {
    pub options: LaunchOptions,
    /// The native engines of calls (webviews without WebRTC).
    pub media: NativeCalls,
    /// The ring of an incoming call, played by the shell.
    pub ring: Ring,
    /// Who is calling, so that a missed call's notification can name them.
    pub callers: Callers,
    /// Set once the main window was shown at start-up (`reveal.rs`), or when it is to stay in
    /// the tray: it is never shown by itself again (a closed window stays closed).
    pub revealed: AtomicBool,
    /// When `run()` started (for the start-up figures).
    pub started: Instant,
    /// The profile's data dir: from the options, or set once Tauri's paths are known.
    data_dir: OnceLock<PathBuf>,
    core: OnceCell<Core>,
}

impl AppState {
    pub fn new(options: LaunchOptions, started: Instant) -> Self {
        let data_dir = OnceLock::new();
        if let Some(dir) = &options.data_dir {
            let _ = data_dir.set(dir.clone());
        }
        let revealed = AtomicBool::new(options.background);
        Self {
            options,
            media: NativeCalls::new(),
            ring: Ring::new(),
            callers: Callers::default(),
            revealed,
            started,
            data_dir,
            core: OnceCell::new(),
        }
    }

    /// Sets the data dir from the app's data dir, unless the options fixed it.
    pub fn resolve_data_dir(&self, app_data_dir: &Path) -> &Path {
        self.data_dir
            .get_or_init(|| self.options.data_dir(app_data_dir))
    }

    /// The core if it is open already (never opens it: for shutting down).
    pub fn opened_core(&self) -> Option<&Core> {
        self.core.get()
    }

    /// The core; the first caller opens it, the others wait. A failed open is retried by the
    /// next call.
    pub async fn core(&self) -> Result<&Core, CommandError> {
        let data_dir = self.data_dir.get().ok_or(CommandError::Starting)?;
        self.core
            .get_or_try_init(|| async {
                tracing::info!(data_dir = %data_dir.display(), server = %self.options.server_url, "opening the core");
                let core = Core::open(data_dir, &self.options.server_url).await;
                tracing::debug!(since_start_ms = self.started.elapsed().as_millis(), "core opened");
                core
            })
            .await
            .map_err(CommandError::from)
    }
}
