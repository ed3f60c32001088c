//! Where things are: the built app, the screenshots folder, the bundle.

use std::path::PathBuf;

/// The workspace root (this crate is `src-tauri/e2e`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The cargo target dir in use (`CARGO_TARGET_DIR`, else `<workspace>/target`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The app binary to drive: `MEETCUTE_APP`, else the debug build.
pub fn app_binary() -> PathBuf {
    std::env::var_os("MEETCUTE_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/meetcute-app"))
}

/// Screenshots of the key screens: `MEETCUTE_SHOTS`, else `<workspace>/target/e2e-shots`.
pub fn shots_dir() -> PathBuf {
    std::env::var_os("MEETCUTE_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/e2e-shots"))
}
