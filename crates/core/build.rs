//! Rebuild when the cache schema changes: `sqlx::migrate!` embeds `../../migrations`.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
