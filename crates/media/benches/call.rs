//! Loopback benchmark of the native engine (prints figures; `cargo bench -p meetcute-media`).
//!
//! - "Accept" → first decoded remote frame: from starting both engines (the caller's offer
//!   is made as soon as capture runs) to each side's first remote frame. Target ≤ 500 ms.
//! - Received frames per second at 640×480 over a steady window.
//! - CPU of one call (both ends run in this process) and per end, in % of one core.

#![allow(clippy::print_stdout)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{Side, config, pump};
use meetcute_media::Role;

const RUNS: usize = 5;
const STEADY: Duration = Duration::from_secs(5);

/// Process CPU time (user + system) from /proc/self/stat.
fn cpu_time() -> Duration {
    let ticks_per_sec = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(100);
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the ")" that closes the command name; utime and stime are 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<u64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 1000 / ticks_per_sec)
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    println!("meetcute-media loopback benchmark: 640x480 @ 30 fps VP8 + Opus, test sources");
    let t = Instant::now();
    meetcute_media::warm_up().expect("all GStreamer elements installed");
    println!(
        "warm-up (gst::init + loading plugins, once per process): {:.0} ms",
        ms(t.elapsed())
    );
    let mut firsts = Vec::new();
    for run in 1..=RUNS {
        let t0 = Instant::now();
        let mut caller = Side::start(config(Role::Impolite));
        let mut callee = Side::start(config(Role::Polite));
        let ok = pump(&mut caller, &mut callee, Duration::from_secs(10), |a, b| {
            a.remote_frames() > 0 && b.remote_frames() > 0
        });
        let at = Instant::now();
        assert!(ok, "run {run}: no remote frame within 10 s");
        let (a, b) = (caller.engine.stats(), callee.engine.stats());
        let first_callee = b.first_remote_frame.unwrap_or_default();
        let first_caller = a.first_remote_frame.unwrap_or_default();
        println!(
            "run {run}: accept -> first remote frame: callee {:.0} ms, caller {:.0} ms (wall {:.0} ms)",
            ms(first_callee),
            ms(first_caller),
            ms(at - t0),
        );
        firsts.push(first_callee.max(first_caller));

        if run == RUNS {
            pump(&mut caller, &mut callee, Duration::from_secs(1), |_, _| {
                false
            });
            let (cpu0, wall0) = (cpu_time(), Instant::now());
            let (in_a0, in_b0) = (
                caller.engine.stats().frames_in,
                callee.engine.stats().frames_in,
            );
            pump(&mut caller, &mut callee, STEADY, |_, _| false);
            let wall = wall0.elapsed();
            let cpu = cpu_time() - cpu0;
            let (sa, sb) = (caller.engine.stats(), callee.engine.stats());
            let fps = |n: u64, n0: u64| (n - n0) as f64 / wall.as_secs_f64();
            println!(
                "steady {:.1} s: received fps caller {:.1}, callee {:.1} (meter: {:.1} / {:.1}); sent fps {:.1}",
                wall.as_secs_f64(),
                fps(sa.frames_in, in_a0),
                fps(sb.frames_in, in_b0),
                sa.remote_fps,
                sb.remote_fps,
                sa.local_fps,
            );
            let pct = cpu.as_secs_f64() / wall.as_secs_f64() * 100.0;
            println!(
                "cpu: one call (both ends) {pct:.0}% of a core, {:.0}% per end; RSS {:.0} MB",
                pct / 2.0,
                rss_mb()
            );
        }
        let (ha, hb) = (caller.engine.hang_up(), callee.engine.hang_up());
        if run == RUNS {
            println!(
                "hang-up: {:.0} ms / {:.0} ms, pipelines released: {}",
                ms(ha.teardown),
                ms(hb.teardown),
                ha.pipeline_released && hb.pipeline_released
            );
        }
    }
    firsts.sort();
    println!(
        "accept -> first remote frame (slower side): median {:.0} ms, max {:.0} ms (target <= 500 ms)",
        ms(firsts[firsts.len() / 2]),
        ms(firsts[firsts.len() - 1]),
    );
}
