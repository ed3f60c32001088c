//! The one door to the shell: Tauri's `invoke`, typed with serde.
//!
//! Arguments and answers cross as JSON text parsed by the webview's `JSON`, so the UI reads
//! exactly what the core serialized (the same serde types on both sides). A command's error is
//! the shell's serialized `AppError`; anything else (a denied permission, a missing command)
//! becomes an `internal` error carrying the shell's sentence.

use meetcute_domain::ErrorCode;
use meetcute_domain::app::AppError;
use serde::de::DeserializeOwned;

/// Calls the shell command `command` with named `args` (a JSON object, snake_case keys).
pub async fn invoke<T: DeserializeOwned>(
    command: &str,
    args: serde_json::Value,
) -> Result<T, AppError> {
    let answer = platform::invoke_json(command, &args.to_string()).await?;
    serde_json::from_str(&answer).map_err(|e| {
        tracing::warn!(command, error = %e, "the shell's answer has an unexpected shape");
        internal(format!("unexpected answer from {command}: {e}"))
    })
}

fn internal(message: String) -> AppError {
    AppError {
        code: ErrorCode::Internal,
        message,
    }
}

/// Reads the shell's error: our `AppError`, or whatever Tauri said.
#[cfg(any(target_arch = "wasm32", test))]
fn parse_error(raw: &str) -> AppError {
    serde_json::from_str::<AppError>(raw).unwrap_or_else(|_| {
        let sentence = serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.to_owned());
        internal(sentence)
    })
}

#[cfg(target_arch = "wasm32")]
mod platform {
    use super::{internal, parse_error};
    use meetcute_domain::app::AppError;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
        async fn tauri_invoke(command: &str, args: JsValue) -> Result<JsValue, JsValue>;
    }

    fn stringify(value: &JsValue) -> String {
        if value.is_undefined() {
            return "null".to_owned();
        }
        js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| "null".to_owned())
    }

    pub async fn invoke_json(command: &str, args: &str) -> Result<String, AppError> {
        invoke_json_with(command, args, None).await
    }

    /// `extra`: one more argument that is a JS object (a `Channel`), not JSON.
    pub async fn invoke_json_with(
        command: &str,
        args: &str,
        extra: Option<(&str, &JsValue)>,
    ) -> Result<String, AppError> {
        let args = js_sys::JSON::parse(args)
            .map_err(|_| internal(format!("could not encode the arguments of {command}")))?;
        if let Some((key, value)) = extra {
            js_sys::Reflect::set(&args, &key.into(), value)
                .map_err(|_| internal(format!("could not pass {key} to {command}")))?;
        }
        match tauri_invoke(command, args).await {
            Ok(answer) => Ok(stringify(&answer)),
            Err(error) => Err(parse_error(&stringify(&error))),
        }
    }
}

/// Like [`invoke`], with a Tauri `Channel` object passed as the argument `channel_key`.
#[cfg(target_arch = "wasm32")]
pub async fn invoke_with_channel<T: DeserializeOwned>(
    command: &str,
    args: serde_json::Value,
    channel_key: &str,
    channel: &wasm_bindgen::JsValue,
) -> Result<T, AppError> {
    let answer =
        platform::invoke_json_with(command, &args.to_string(), Some((channel_key, channel)))
            .await?;
    serde_json::from_str(&answer)
        .map_err(|e| internal(format!("unexpected answer from {command}: {e}")))
}

#[cfg(not(target_arch = "wasm32"))]
mod platform {
    use super::internal;
    use meetcute_domain::app::AppError;

    /// Natively there is no webview: every command fails (tests render without I/O).
    pub async fn invoke_json(command: &str, _args: &str) -> Result<String, AppError> {
        Err(internal(format!(
            "{command}: not running inside the Meetcute window"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_errors_keep_their_code() {
        let e = parse_error(r#"{"code":"ring_limit","message":"too many"}"#);
        assert_eq!(e.code, ErrorCode::RingLimit);
        assert_eq!(e.message, "too many");
    }

    #[test]
    fn tauri_errors_become_internal_with_their_sentence() {
        let e = parse_error(r#""Command start_cal not found""#);
        assert_eq!(e.code, ErrorCode::Internal);
        assert_eq!(e.message, "Command start_cal not found");
    }
}
