//! Listening to the shell's Tauri events: the core's events, forwarded as [`APP_EVENT`] with an
//! `AppEvent` payload; [`OPEN_MATCH_EVENT`], sent when a desktop notification is clicked; and
//! [`AVAILABILITY_EVENT`], sent when calls are switched on or off from the tray.

use meetcute_domain::MatchId;
use meetcute_domain::app::AppEvent;
use meetcute_domain::availability::Availability;
use serde::Deserialize;
use yew::Callback;

/// The Tauri event name carrying every `AppEvent`.
pub const APP_EVENT: &str = "meetcute://event";

/// The Tauri event asking the UI to open a match (`src-tauri/src/notify.rs`), with the payload
/// [`OpenMatch`].
pub const OPEN_MATCH_EVENT: &str = "meetcute://open-match";

/// The Tauri event with the `Availability` the server holds after the tray's toggle
/// (`src-tauri/src/tray.rs`).
pub const AVAILABILITY_EVENT: &str = "meetcute://availability";

/// The payload of [`OPEN_MATCH_EVENT`]: `{"match_id": 12}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct OpenMatch {
    pub match_id: MatchId,
}

/// Decodes a Tauri event payload (JSON text) into an `AppEvent`.
pub fn decode(payload_json: &str) -> Option<AppEvent> {
    serde_json::from_str(payload_json)
        .map_err(|e| tracing::warn!(error = %e, "ignoring an event of unknown shape"))
        .ok()
}

/// Decodes the payload of [`OPEN_MATCH_EVENT`] into the match to open.
pub fn decode_open_match(payload_json: &str) -> Option<MatchId> {
    serde_json::from_str::<OpenMatch>(payload_json)
        .map(|open| open.match_id)
        .map_err(|e| tracing::warn!(error = %e, "ignoring an open-match of unknown shape"))
        .ok()
}

/// Keeps listening while alive; stops when dropped.
pub struct Subscription {
    #[cfg(target_arch = "wasm32")]
    inner: platform::Listener,
}

/// Calls `on_event` for every event of the core.
pub fn listen(on_event: Callback<AppEvent>) -> Subscription {
    listen_to(
        APP_EVENT,
        Callback::from(move |json: String| {
            if let Some(event) = decode(&json) {
                on_event.emit(event);
            }
        }),
    )
}

/// Calls `on_open` with the match of every clicked notification.
pub fn listen_open_match(on_open: Callback<MatchId>) -> Subscription {
    listen_to(
        OPEN_MATCH_EVENT,
        Callback::from(move |json: String| {
            if let Some(match_id) = decode_open_match(&json) {
                on_open.emit(match_id);
            }
        }),
    )
}

/// Decodes the payload of [`AVAILABILITY_EVENT`].
pub fn decode_availability(payload_json: &str) -> Option<Availability> {
    serde_json::from_str(payload_json)
        .map_err(|e| tracing::warn!(error = %e, "ignoring an availability of unknown shape"))
        .ok()
}

/// Calls `on_change` with every availability the tray set.
pub fn listen_availability(on_change: Callback<Availability>) -> Subscription {
    listen_to(
        AVAILABILITY_EVENT,
        Callback::from(move |json: String| {
            if let Some(availability) = decode_availability(&json) {
                on_change.emit(availability);
            }
        }),
    )
}

/// Calls `on_payload` with the JSON text of every Tauri event named `event`.
fn listen_to(event: &'static str, on_payload: Callback<String>) -> Subscription {
    #[cfg(target_arch = "wasm32")]
    {
        Subscription {
            inner: platform::Listener::start(event, on_payload),
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (event, on_payload);
        Subscription {}
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        self.inner.stop();
    }
}

#[cfg(target_arch = "wasm32")]
mod platform {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::prelude::*;
    use yew::Callback;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
        async fn tauri_listen(event: &str, handler: &js_sys::Function) -> Result<JsValue, JsValue>;
    }

    pub struct Listener {
        handler: Option<Closure<dyn FnMut(JsValue)>>,
        unlisten: Rc<RefCell<Option<js_sys::Function>>>,
    }

    impl Listener {
        pub fn start(name: &'static str, on_payload: Callback<String>) -> Self {
            let handler = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let payload = js_sys::Reflect::get(&event, &JsValue::from_str("payload"))
                    .ok()
                    .and_then(|p| js_sys::JSON::stringify(&p).ok())
                    .and_then(|s| s.as_string());
                if let Some(payload) = payload {
                    on_payload.emit(payload);
                }
            });
            let function: js_sys::Function =
                handler.as_ref().unchecked_ref::<js_sys::Function>().clone();
            let unlisten = Rc::new(RefCell::new(None));
            let slot = Rc::clone(&unlisten);
            wasm_bindgen_futures::spawn_local(async move {
                match tauri_listen(name, &function).await {
                    Ok(f) => *slot.borrow_mut() = f.dyn_into::<js_sys::Function>().ok(),
                    Err(e) => tracing::error!(error = ?e, event = name, "could not listen"),
                }
            });
            Self {
                handler: Some(handler),
                unlisten,
            }
        }

        pub fn stop(&mut self) {
            let unlisten = self.unlisten.borrow_mut().take();
            match (unlisten, self.handler.take()) {
                (Some(unlisten), handler) => {
                    let _ = unlisten.call0(&JsValue::NULL);
                    drop(handler);
                }
                // Still registering: the webview may call the handler later, so keep it.
                (None, Some(handler)) => handler.forget(),
                (None, None) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_cores_events() {
        assert_eq!(
            decode(r#"{"type":"matches_changed"}"#),
            Some(AppEvent::MatchesChanged)
        );
        assert_eq!(decode(r#"{"type":"nonsense"}"#), None);
    }

    #[test]
    fn decodes_the_match_a_notification_opens() {
        assert_eq!(decode_open_match(r#"{"match_id":12}"#), Some(MatchId(12)));
        assert_eq!(decode_open_match(r#"{"match":12}"#), None);
    }
}
