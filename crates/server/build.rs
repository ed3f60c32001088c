//! Rebuild when a server schema changes: `sqlx::migrate!` embeds `../../migrations/server-*`.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations/server-sqlite");
    println!("cargo:rerun-if-changed=../../migrations/server-postgres");
}
