//! Rebuild when the cache schema changes: `sqlx::migrate!` embeds `../../migrations/client`.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations/client");
}
