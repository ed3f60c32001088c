//! Native ↔ browser interop: the native engine calls the webview engine
//! (`meetcute-media-web`, real wasm) running in headless Chromium with fake devices; and two
//! webview engines connect when both start at once. Needs `chromium chromium-driver`, the
//! wasm32 target and wasm-bindgen-cli; `MEETCUTE_SKIP_BROWSER_TESTS=1` skips.

mod browser;
mod common;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use browser::{Browser, PageServer, web_pkg};
use common::{Side, config, drain_events, init_tracing};
use meetcute_media::{Role, SignalKind};
use serde_json::{Value, json};

/// One browser at a time: the machine has two cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn open_page() -> (PageServer, Browser) {
    let server = PageServer::start(web_pkg());
    let browser = Browser::start();
    browser.goto(&server.url());
    browser.wait_ready();
    assert_eq!(
        browser.eval("return window.meetcute.webrtc;", json!([])),
        json!(true)
    );
    (server, browser)
}

/// Relays signals between the native side and the page's peer `name`, once.
fn relay(native: &mut Side, browser: &Browser, name: &str) {
    let mut outgoing = Vec::new();
    while let Ok((kind, payload)) = native.signals.try_recv() {
        outgoing.push(json!([kind, payload.to_string()]));
    }
    let incoming = browser.eval(
        "const [name, signals] = arguments;
         for (const [kind, payload] of signals) window.meetcute.deliver(name, kind, payload);
         return window.meetcute.take(name);",
        json!([name, outgoing]),
    );
    for item in incoming.as_array().into_iter().flatten() {
        let kind: SignalKind = serde_json::from_value(item[0].clone()).expect("a signal kind");
        let payload: Value =
            serde_json::from_str(item[1].as_str().unwrap_or("null")).expect("JSON");
        native
            .engine
            .handle_signal(kind, &payload)
            .expect("the browser's signal is accepted");
    }
    drain_events(native);
}

fn page_stats(browser: &Browser, name: &str) -> Value {
    browser.eval_async(
        "return await window.meetcute.stats(args[0]);",
        json!([name]),
    )
}

/// Calls until media flows both ways; returns the page's last stats.
fn call_until_media_flows(native: &mut Side, browser: &Browser, name: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last_check = Instant::now();
    let mut stats = Value::Null;
    while Instant::now() < deadline {
        relay(native, browser, name);
        if last_check.elapsed() > Duration::from_millis(300) {
            last_check = Instant::now();
            stats = page_stats(browser, name);
            let native_stats = native.engine.stats();
            if native.remote_frames() >= 20
                && native_stats.audio_buffers_in >= 50
                && stats["framesDecoded"].as_u64() >= Some(20)
                && stats["rendered"].as_u64() >= Some(10)
                && stats["audioPackets"].as_u64() >= Some(50)
            {
                return stats;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!(
        "no media both ways: native {:?}, browser {stats}",
        native.engine.stats()
    );
}

#[test]
fn native_caller_reaches_webview_callee_which_answers_without_offering() {
    if browser::skip() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    init_tracing();
    let (_server, browser) = open_page();
    let mut native = Side::start(config(Role::Impolite));
    // Both start at once; the polite webview waits for the caller's offer instead of crossing it.
    browser.eval_async("await window.meetcute.start('web', true);", json!([]));
    let stats = call_until_media_flows(&mut native, &browser, "web");

    assert_eq!(stats["errors"], json!([]), "{stats}");
    let sent: Vec<String> = serde_json::from_value(stats["sent"].clone()).unwrap();
    assert!(
        sent.contains(&"answer".to_owned()) && !sent.contains(&"offer".to_owned()),
        "the polite webview answered and made no offer: {sent:?}"
    );
    assert!(
        !native.sent_kinds().contains(&SignalKind::Answer),
        "the impolite side never answers"
    );
    let frame = native
        .frames
        .last_remote
        .lock()
        .unwrap()
        .clone()
        .expect("a frame from Chromium");
    assert_eq!(&frame.jpeg[..2], &[0xFF, 0xD8]);
    assert!(
        native.engine.stats().audible_buffers_in > 0,
        "Chromium's fake microphone is heard"
    );
    browser.eval("window.meetcute.hangUp('web'); return null;", json!([]));
    assert!(native.engine.hang_up().pipeline_released);
}

#[test]
fn webview_caller_reaches_native_callee() {
    if browser::skip() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    init_tracing();
    let (_server, browser) = open_page();
    let mut native = Side::start(config(Role::Polite));
    browser.eval_async("await window.meetcute.start('web', false);", json!([]));
    let stats = call_until_media_flows(&mut native, &browser, "web");

    assert_eq!(stats["errors"], json!([]), "{stats}");
    assert_eq!(stats["signaling"], "stable");
    assert_eq!(
        native.sent_kinds().first(),
        Some(&SignalKind::Answer),
        "the native callee answers"
    );
    assert!(native.engine.stats().audible_buffers_in > 0);
    assert!(native.engine.hang_up().pipeline_released);
}

#[test]
fn two_webview_engines_connect_when_both_start_at_once() {
    if browser::skip() {
        return;
    }
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (_server, browser) = open_page();
    // Both start before any signal moves. Only the impolite caller offers: a crossed offer from
    // the polite side lost its ICE candidates in Chromium (see `waits_for_first_offer`).
    browser.eval_async(
        "await window.meetcute.start('caller', false);
         await window.meetcute.start('callee', true);
         window.meetcute.link('caller', 'callee');",
        json!([]),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let a = page_stats(&browser, "caller");
        let b = page_stats(&browser, "callee");
        if a["framesDecoded"].as_u64() >= Some(20) && b["framesDecoded"].as_u64() >= Some(20) {
            assert_eq!(
                (a["errors"].clone(), b["errors"].clone()),
                (json!([]), json!([]))
            );
            let sent =
                |s: &Value| serde_json::from_value::<Vec<String>>(s["sent"].clone()).unwrap();
            let (sa, sb) = (sent(&a), sent(&b));
            assert!(
                sb.contains(&"answer".into()) && !sb.contains(&"offer".into()),
                "the polite callee answers and makes no offer: {sb:?}"
            );
            assert!(
                !sa.contains(&"answer".into()),
                "the impolite caller never answers: {sa:?}"
            );
            assert_eq!(
                (a["signaling"].clone(), b["signaling"].clone()),
                (json!("stable"), json!("stable"))
            );
            break;
        }
        assert!(Instant::now() < deadline, "no media: {a} / {b}");
        std::thread::sleep(Duration::from_millis(300));
    }
}
