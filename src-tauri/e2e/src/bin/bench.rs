//! The desktop app's figures: start-up to the match cards painted from a warm cache (the UI
//! reports its paint through the `ui_painted` command), idle memory of the app with its
//! webview processes, and the size of the .deb.
//!
//! Needs a display (`DISPLAY`, e.g. Xvfb) and the built app (`MEETCUTE_APP`, default the
//! release build). `MEETCUTE_BENCH_RUNS` (default 5) sets the number of starts;
//! `MEETCUTE_BENCH_LOG` the app's log filter (e.g. `meetcute_app_lib=debug` for a timeline).

use anyhow::{Context, bail};
use meetcute_e2e::people::Person;
use meetcute_e2e::{init_tracing, paths, server};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

const PAINT_TIMEOUT: Duration = Duration::from_secs(30);
const IDLE_SETTLE: Duration = Duration::from_secs(3);
const TARGET_START_MS: u128 = 400;
const TARGET_DEB_MB: f64 = 15.0;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    init_tracing();
    if std::env::var_os("DISPLAY").is_none() {
        bail!("set DISPLAY (e.g. start Xvfb :99 and export DISPLAY=:99)");
    }
    let app = std::env::var_os("MEETCUTE_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| paths::target_dir().join("release/meetcute-app"));
    let runs: usize = std::env::var("MEETCUTE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);

    let server = server::start(60).await?;
    let url = server.url();
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("app");
    warm_cache(&data_dir, tmp.path(), &url).await?;

    let mut out = std::io::stdout().lock();
    writeln!(out, "Meetcute desktop benchmark ({})", app.display())?;
    let mut starts = Vec::new();
    let mut memory = None;
    for run in 1..=runs {
        let paint_file = tmp.path().join(format!("paint-{run}"));
        let started = Instant::now();
        let mut child = Command::new(&app)
            .args([
                "--data-dir",
                &data_dir.display().to_string(),
                "--server",
                &url,
            ])
            .env("MEETCUTE_PAINT_FILE", &paint_file)
            .env(
                "MEETCUTE_LOG",
                std::env::var("MEETCUTE_BENCH_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .spawn()
            .with_context(|| format!("starting {}", app.display()))?;
        let painted = wait_for_paint(&paint_file, started).await;
        let measured = match painted {
            Ok((ms, inside, page_steps)) => {
                starts.push(ms);
                writeln!(
                    out,
                    "  start {run}: cards painted after {ms} ms ({inside} ms after the app's run(); page, ms since its navigation: {page_steps})"
                )?;
                if run == runs {
                    tokio::time::sleep(IDLE_SETTLE).await;
                    memory = Some(tree_memory(child.id()));
                }
                Ok(())
            }
            Err(e) => Err(e),
        };
        stop(&mut child);
        measured?;
    }
    let first = starts.first().copied().unwrap_or_default();
    starts.sort_unstable();
    let median = starts.get(starts.len() / 2).copied().unwrap_or_default();
    let verdict = |ok: bool| if ok { "ok" } else { "OVER TARGET" };
    writeln!(
        out,
        "start-up to cards painted (warm cache): first {first} ms, median {median} ms, best {} ms — target ≤ {TARGET_START_MS} ms: {}",
        starts.first().copied().unwrap_or_default(),
        verdict(median <= TARGET_START_MS)
    )?;
    if let Some((rss_kb, pss_kb, processes)) = memory {
        writeln!(
            out,
            "idle memory, app + webview processes ({processes} processes): PSS {:.1} MiB, RSS {:.1} MiB",
            pss_kb as f64 / 1024.0,
            rss_kb as f64 / 1024.0
        )?;
    }
    match deb_size() {
        Some((path, bytes)) => {
            let mb = bytes as f64 / 1_000_000.0;
            writeln!(
                out,
                ".deb: {} = {mb:.2} MB — target ≤ {TARGET_DEB_MB} MB: {}",
                path.display(),
                verdict(mb <= TARGET_DEB_MB)
            )?;
        }
        None => writeln!(out, ".deb: not built (npx tauri build --bundles deb)")?,
    }
    server.shutdown().await;
    Ok(())
}

/// Sam signs in through a core on the app's data dir, with a proposed match cached.
async fn warm_cache(data_dir: &Path, tmp: &Path, url: &str) -> anyhow::Result<()> {
    let tag = std::process::id().to_string();
    let sam = Person::sam(&tag).register(data_dir, url).await?;
    let alex = Person::alex(&tag).register(&tmp.join("alex"), url).await?;
    alex.discover().await?;
    sam.sync_now().await?;
    let cards = sam.matches().await?;
    if cards.is_empty() {
        bail!("the warm cache has no match card");
    }
    sam.shutdown().await;
    alex.shutdown().await;
    Ok(())
}

/// Milliseconds from `started` until the app wrote its paint mark, the app's own count (from
/// its `run()`, so without exec and dynamic linking) and the page's timeline (`step=ms …`).
async fn wait_for_paint(
    paint_file: &Path,
    started: Instant,
) -> anyhow::Result<(u128, u128, String)> {
    while started.elapsed() < PAINT_TIMEOUT {
        if let Ok(mark) = std::fs::read_to_string(paint_file)
            && mark.starts_with("matches")
            && mark.ends_with('\n')
        {
            let outside = started.elapsed().as_millis();
            let mut fields = mark.split_whitespace().skip(2);
            let inside = fields
                .next()
                .and_then(|ms| ms.parse().ok())
                .unwrap_or_default();
            let page_steps = fields.collect::<Vec<_>>().join(" ");
            return Ok((outside, inside, page_steps));
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    bail!("the app never painted its cards")
}

fn stop(child: &mut Child) {
    let descendants = descendants(child.id());
    let _ = child.kill();
    let _ = child.wait();
    for pid in descendants {
        // WebKit's helper processes normally leave with their parent; make sure.
        let _ = Command::new("kill").arg(pid.to_string()).status();
    }
}

/// Every process started (transitively) by `root`.
fn descendants(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // "pid (comm) state ppid …": comm may hold spaces, so split after the last ')'.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if let Some(ppid) = ppid {
                parents.push((pid, ppid));
            }
        }
    }
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(
            parents
                .iter()
                .filter(|(_, pp)| *pp == parent)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    found.retain(|p| *p != root);
    found
}

/// (RSS kB, PSS kB, processes) of `root` and its descendants.
fn tree_memory(root: u32) -> (u64, u64, usize) {
    let mut pids = descendants(root);
    pids.push(root);
    let (mut rss, mut pss) = (0, 0);
    for pid in &pids {
        let Ok(rollup) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else {
            continue;
        };
        for line in rollup.lines() {
            let value = |prefix: &str| {
                line.strip_prefix(prefix)
                    .and_then(|v| v.split_whitespace().next())
                    .and_then(|v| v.parse::<u64>().ok())
            };
            if let Some(kb) = value("Rss:") {
                rss += kb;
            }
            if let Some(kb) = value("Pss:") {
                pss += kb;
            }
        }
    }
    (rss, pss, pids.len())
}

/// The newest .deb under the target dir's release bundle.
fn deb_size() -> Option<(PathBuf, u64)> {
    let dir = paths::target_dir().join("release/bundle/deb");
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .filter_map(|p| Some((p.metadata().ok()?.len(), p)))
        .max()
        .map(|(len, p)| (p, len))
}
