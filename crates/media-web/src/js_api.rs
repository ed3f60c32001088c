//! A JavaScript face for [`WebEngine`] (test pages, or any JS host).

use js_sys::{Function, JSON, Promise};
use meetcute_domain::wire::{IceServer, SignalKind};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::{MediaStream, RtcPeerConnection};

use crate::engine::{WebConfig, WebEngine, WebEvent};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsConfig {
    polite: bool,
    #[serde(default = "yes")]
    video: bool,
    #[serde(default)]
    ice_servers: Vec<IceServer>,
}

fn yes() -> bool {
    true
}

/// The webview engine for JavaScript: `await JsEngine.start({polite}, onSignal, onEvent)`;
/// `onSignal(kind, payloadJson)`, `onEvent(kind, detail)` with kind `connection`,
/// `remote_stream`, `warning` or `error`.
#[wasm_bindgen]
pub struct JsEngine {
    engine: WebEngine,
}

#[wasm_bindgen]
impl JsEngine {
    /// Starts a call; `config` is `{polite, video?, iceServers?}`.
    pub async fn start(
        config: JsValue,
        on_signal: Function,
        on_event: Function,
    ) -> Result<JsEngine, JsValue> {
        let json: String = JSON::stringify(&config)?.into();
        let c: JsConfig =
            serde_json::from_str(&json).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let config = WebConfig {
            polite: c.polite,
            video: c.video,
            ice_servers: c.ice_servers,
        };
        let signal = move |kind: SignalKind, payload: serde_json::Value| {
            let kind = serde_json::to_value(kind)
                .ok()
                .and_then(|k| k.as_str().map(str::to_owned));
            let _ = on_signal.call2(
                &JsValue::NULL,
                &kind.unwrap_or_default().into(),
                &payload.to_string().into(),
            );
        };
        let event = move |e: WebEvent| {
            let (kind, detail): (&str, JsValue) = match e {
                WebEvent::Connection(s) => ("connection", s.into()),
                WebEvent::RemoteStream(s) => ("remote_stream", s.into()),
                WebEvent::Warning(m) => ("warning", m.into()),
                WebEvent::Error(m) => ("error", m.into()),
            };
            let _ = on_event.call2(&JsValue::NULL, &kind.into(), &detail);
        };
        let engine = WebEngine::start(config, signal, event)
            .await
            .map_err(|e| JsValue::from_str(&e))?;
        Ok(JsEngine { engine })
    }

    /// Handles a peer signal: `kind` is `offer|answer|ice|restart`, `payload` its JSON text.
    #[wasm_bindgen(js_name = handleSignal)]
    pub fn handle_signal(&self, kind: String, payload: String) -> Promise {
        let engine = self.engine.clone();
        future_to_promise(async move {
            let kind: SignalKind = serde_json::from_value(serde_json::Value::String(kind))
                .map_err(|e| JsValue::from_str(&e.to_string()))?;
            let payload =
                serde_json::from_str(&payload).map_err(|e| JsValue::from_str(&e.to_string()))?;
            engine
                .handle_signal(kind, payload)
                .await
                .map_err(|e| JsValue::from_str(&e))?;
            Ok(JsValue::UNDEFINED)
        })
    }

    #[wasm_bindgen(js_name = setMuted)]
    pub fn set_muted(&self, muted: bool) {
        self.engine.set_muted(muted);
    }

    #[wasm_bindgen(js_name = setCamera)]
    pub fn set_camera(&self, on: bool) {
        self.engine.set_camera(on);
    }

    #[wasm_bindgen(js_name = localStream)]
    pub fn local_stream(&self) -> MediaStream {
        self.engine.local_stream()
    }

    #[wasm_bindgen(js_name = remoteStream)]
    pub fn remote_stream(&self) -> Option<MediaStream> {
        self.engine.remote_stream()
    }

    #[wasm_bindgen(js_name = peerConnection)]
    pub fn peer_connection(&self) -> RtcPeerConnection {
        self.engine.peer_connection()
    }

    #[wasm_bindgen(js_name = hangUp)]
    pub fn hang_up(&self) {
        self.engine.hang_up();
    }
}

/// `webrtcAvailable()`: whether this page can use the webview engine.
#[wasm_bindgen(js_name = webrtcAvailable)]
pub fn webrtc_available_js() -> bool {
    crate::webrtc_available()
}
