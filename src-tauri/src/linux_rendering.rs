//! WebKitGTK's renderer on machines without a GPU (VMs, remote desktops, Xvfb).
//!
//! Without a GPU render node every GL context is Mesa's software rasterizer, loaded with LLVM.
//! Two defaults pay for that at start-up for nothing there, so the app turns them off (unless the
//! user chose already); with a GPU both stay:
//! - WebKitGTK ≥ 2.42 renders through emulated DMA-BUF buffers (measured under Xvfb: cards painted
//!   30–80 ms later, 95 MiB more idle memory);
//! - GTK probes GLX when it opens the display (40–60 ms more), a GL that WebKitGTK's renderer
//!   without DMA-BUF does not use.
//!
//! Both libraries read these choices only from their environment, before their first use.

use std::path::Path;

/// What is set, and to what: WebKitGTK's renderer without DMA-BUF, GTK without GL.
pub const WITHOUT_GPU: [(&str, &str); 2] = [
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    ("GDK_GL", "disable"),
];
/// Where Linux lists GPU device nodes.
const DRI_DIR: &str = "/dev/dri";

/// True when `dri_dir` lists a render node (`renderD128`, …): a GPU the webview can use.
pub fn has_render_node(dri_dir: &Path) -> bool {
    std::fs::read_dir(dri_dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Turns both defaults off when there is no GPU, each unless the user chose already.
///
/// Must run before any other thread exists: the first thing `run()` does.
pub fn prefer_software_rendering_without_gpu() {
    if has_render_node(Path::new(DRI_DIR)) {
        return;
    }
    for (name, value) in WITHOUT_GPU {
        if std::env::var_os(name).is_none() {
            // SAFETY: called at the very start of `run()`, before the app starts any thread, so
            // no other thread can read or write the environment at the same time.
            #[allow(unsafe_code)]
            unsafe {
                std::env::set_var(name, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_is_a_gpu_and_other_nodes_or_no_dir_are_not() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dir.path()), "empty");
        std::fs::write(dir.path().join("card0"), "").unwrap();
        assert!(
            !has_render_node(dir.path()),
            "a card node alone is display only"
        );
        std::fs::write(dir.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dir.path()));
        assert!(!has_render_node(&dir.path().join("missing")));
    }
}
