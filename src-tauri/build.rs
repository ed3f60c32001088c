//! Generates the app's permissions: one `allow-<command>` per command, so the capability in
//! `capabilities/main.json` can allow exactly our commands and nothing else.

include!("src/command_names.rs");

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        // Build scripts report failures by exiting non-zero; cargo shows stderr.
        eprintln!("tauri-build failed: {error:#}");
        std::process::exit(1);
    }
}
