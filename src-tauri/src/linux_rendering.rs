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
//! Both libraries read these choices only from their environment, before their first use
//! (`linux_environment` sets them).

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

/// The variables to set on this machine: both defaults off when there is no GPU.
pub fn defaults() -> &'static [(&'static str, &'static str)] {
    if has_render_node(Path::new(DRI_DIR)) {
        &[]
    } else {
        &WITHOUT_GPU
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
