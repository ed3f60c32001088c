//! Hang-up tears down cleanly: no pipeline and no thread outlives a call.
//! (Its own test binary: it counts the process's threads.)

mod common;

use std::time::Duration;

use common::{Side, config, init_tracing, pump};
use meetcute_media::Role;

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|d| d.count())
        .unwrap_or(0)
}

fn one_call() -> usize {
    let mut caller = Side::start(config(Role::Impolite));
    let mut callee = Side::start(config(Role::Polite));
    let during = threads();
    assert!(pump(
        &mut caller,
        &mut callee,
        Duration::from_secs(15),
        |a, b| { a.remote_frames() >= 10 && b.remote_frames() >= 10 }
    ));
    let (a, b) = (caller.engine.hang_up(), callee.engine.hang_up());
    assert!(a.pipeline_released, "caller pipeline leaked: {a:?}");
    assert!(b.pipeline_released, "callee pipeline leaked: {b:?}");
    assert!(a.teardown < Duration::from_secs(2) && b.teardown < Duration::from_secs(2));
    during
}

/// Threads still alive once the count reaches `target` or stops changing for a second
/// (GLib's idle pool threads exit on their own).
fn settled_threads(target: usize) -> usize {
    let (mut last, mut same) = (threads(), 0);
    for _ in 0..60 {
        if last <= target || same >= 4 {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
        let now = threads();
        same = if now == last { same + 1 } else { 0 };
        last = now;
    }
    last
}

#[test]
fn repeated_calls_leak_neither_pipelines_nor_threads() {
    init_tracing();
    // A first call warms up GStreamer's process-wide threads (registry, pools).
    one_call();
    let baseline = settled_threads(0);
    let during = one_call();
    assert!(
        during > baseline + 4,
        "a call runs on its own threads ({during} vs {baseline})"
    );
    one_call();
    let after = settled_threads(baseline);
    tracing::info!(baseline, during, after, "threads");
    assert!(
        after <= baseline + 1,
        "threads leaked: {baseline} before, {after} after two calls"
    );
}
