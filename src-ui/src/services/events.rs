//! Listening to the core's events, which the shell forwards as the Tauri event
//! [`APP_EVENT`] with an `AppEvent` payload.

use meetcute_domain::app::AppEvent;
use yew::Callback;

/// The Tauri event name carrying every `AppEvent`.
pub const APP_EVENT: &str = "meetcute://event";

/// Decodes a Tauri event payload (JSON text) into an `AppEvent`.
pub fn decode(payload_json: &str) -> Option<AppEvent> {
    serde_json::from_str(payload_json)
        .map_err(|e| tracing::warn!(error = %e, "ignoring an event of unknown shape"))
        .ok()
}

/// Keeps listening while alive; stops when dropped.
pub struct Subscription {
    #[cfg(target_arch = "wasm32")]
    inner: platform::Listener,
}

/// Calls `on_event` for every event of the core.
pub fn listen(on_event: Callback<AppEvent>) -> Subscription {
    #[cfg(target_arch = "wasm32")]
    {
        Subscription {
            inner: platform::Listener::start(on_event),
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = on_event;
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
    use super::{APP_EVENT, decode};
    use meetcute_domain::app::AppEvent;
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
        pub fn start(on_event: Callback<AppEvent>) -> Self {
            let handler = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let payload = js_sys::Reflect::get(&event, &JsValue::from_str("payload"))
                    .ok()
                    .and_then(|p| js_sys::JSON::stringify(&p).ok())
                    .and_then(|s| s.as_string());
                if let Some(app_event) = payload.as_deref().and_then(decode) {
                    on_event.emit(app_event);
                }
            });
            let function: js_sys::Function =
                handler.as_ref().unchecked_ref::<js_sys::Function>().clone();
            let unlisten = Rc::new(RefCell::new(None));
            let slot = Rc::clone(&unlisten);
            wasm_bindgen_futures::spawn_local(async move {
                match tauri_listen(APP_EVENT, &function).await {
                    Ok(f) => *slot.borrow_mut() = f.dyn_into::<js_sys::Function>().ok(),
                    Err(e) => tracing::error!(error = ?e, "could not listen to the core's events"),
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
}
