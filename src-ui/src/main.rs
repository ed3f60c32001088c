//! The wasm entry point Trunk builds. Natively it does nothing: the UI runs in the webview.

fn main() {
    #[cfg(target_arch = "wasm32")]
    meetcute_ui::start();
}
