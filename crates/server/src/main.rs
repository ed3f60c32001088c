//! `meetcute-server`: see `--help` and shared/design/API.md for the flags.

use clap::Parser;
use meetcute_server::{Config, Server};
use tracing_subscriber::EnvFilter;

// The system allocator (glibc) is the default, chosen by `--bench capacity` (docs/benchmarks.md): with
// password-hash memory reused per worker it returns to its resting size after a sign-in storm, and
// it holds 10,000 idle sockets in less memory than mimalloc (16 vs 20 KiB a socket, 50 vs 80 MiB at
// rest). `--features mimalloc` swaps it in to measure again.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let server = Server::start(Config::parse()).await?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {
            tracing::info!("shutting down");
            server.shutdown().await;
        }
    }
    Ok(())
}
