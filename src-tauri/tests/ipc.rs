//! The shell through Tauri's real IPC (mock runtime, the app's real config and capability):
//! commands reach the core, errors reach the UI as `{code, message}`, the capability allows
//! our commands and nothing else.

use meetcute_app_lib::options::LaunchOptions;
use meetcute_domain::ErrorCode;
use meetcute_domain::app::AppError;
use serde_json::{Value, json};
use std::time::Instant;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

/// A port nothing listens on: the core is offline.
const NO_SERVER: &str = "http://127.0.0.1:9";

fn app(data_dir: &std::path::Path) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let options = LaunchOptions {
        profile: "test".into(),
        server_url: NO_SERVER.into(),
        data_dir: Some(data_dir.to_path_buf()),
        background: false,
    };
    let app = meetcute_app_lib::setup(mock_builder(), options, Instant::now())
        .build(tauri::generate_context!())
        .expect("the app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("the main window");
    (app, window)
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("json answer"))
}

#[test]
fn a_fresh_profile_has_nobody_signed_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, window) = app(dir.path());
    assert_eq!(invoke(&window, "current_user", json!({})), Ok(Value::Null));
}

#[test]
fn command_errors_reach_the_ui_as_app_errors_with_stable_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, window) = app(dir.path());
    let error = invoke(&window, "start_call", json!({ "match_id": 1 })).expect_err("no call");
    let error: AppError = serde_json::from_value(error).expect("an AppError");
    assert!(
        matches!(error.code, ErrorCode::Offline | ErrorCode::Unauthorized),
        "{error:?}"
    );
    assert!(!error.message.is_empty());
}

#[test]
fn arguments_are_snake_case() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, window) = app(dir.path());
    let error = invoke(&window, "start_call", json!({ "matchId": 1 })).expect_err("bad args");
    assert!(error.to_string().contains("match_id"), "{error}");
}

#[test]
fn the_capability_allows_only_our_commands() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, window) = app(dir.path());
    for denied in [
        "plugin:window|close",
        "plugin:notification|notify",
        "plugin:path|resolve_directory",
    ] {
        let answer = invoke(&window, denied, json!({}));
        assert!(answer.is_err(), "{denied} must be denied: {answer:?}");
    }
    assert!(invoke(&window, "connectivity", json!({})).is_ok());
}

#[test]
fn every_registered_command_is_in_the_capability() {
    let capability: Value =
        serde_json::from_str(include_str!("../capabilities/main.json")).expect("capability json");
    let allowed: Vec<String> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str().map(str::to_owned))
        .collect();
    for command in meetcute_app_lib::COMMANDS {
        let permission = format!("allow-{}", command.replace('_', "-"));
        assert!(allowed.contains(&permission), "{permission} missing");
    }
    let ours = allowed.iter().filter(|p| !p.starts_with("core:")).count();
    assert_eq!(ours, meetcute_app_lib::COMMANDS.len(), "only our commands");
    let core: Vec<&String> = allowed.iter().filter(|p| p.starts_with("core:")).collect();
    assert_eq!(
        core,
        ["core:event:allow-listen", "core:event:allow-unlisten"]
    );
}

#[test]
fn start_at_login_answers_as_an_app_error_where_the_system_cannot_do_it() {
    // The mock app has no autostart plugin: the commands exist, are allowed, and fail cleanly.
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, window) = app(dir.path());
    for (command, args) in [
        ("autostart_enabled", json!({})),
        ("set_autostart", json!({ "enabled": true })),
    ] {
        let error = invoke(&window, command, args).expect_err("no autostart here");
        let error: AppError = serde_json::from_value(error).expect("an AppError");
        assert_eq!(error.code, ErrorCode::Internal, "{command}");
        assert!(
            error.message.contains("start at login"),
            "{command}: {error:?}"
        );
    }
    let error = invoke(&window, "set_autostart", json!({})).expect_err("enabled is required");
    assert!(error.to_string().contains("enabled"), "{error}");
}

#[test]
fn the_ui_paint_mark_is_recorded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_app, window) = app(dir.path());
    let answer = invoke(
        &window,
        "ui_painted",
        json!({ "what": "matches", "cards": 3 }),
    );
    assert_eq!(answer, Ok(Value::Null));
    let with_timeline = invoke(
        &window,
        "ui_painted",
        json!({ "what": "matches", "cards": 3, "marks": [["wasm", 120], ["rendered", 150]] }),
    );
    assert_eq!(with_timeline, Ok(Value::Null));
}

#[test]
fn the_config_has_a_strict_csp() {
    let config: Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("config json");
    let csp = &config["app"]["security"]["csp"];
    assert!(csp.is_object(), "a CSP must be set");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    let scripts = csp["script-src"].as_str().expect("script-src");
    assert!(!scripts.contains("unsafe-inline") && !scripts.contains("'unsafe-eval'"));
    assert_eq!(config["app"]["withGlobalTauri"], true);
}
