//! The shell's native engine, seen from the UI: `media_start` with a Tauri channel that
//! brings the pictures and media events back; mute, camera and stop are commands too.
//! The peer's signals never pass here: the shell routes them to the engine itself.

use super::packet::{self, MediaNotice, Packet};
use super::{
    Availability, LOCAL_SURFACE, MediaEngine, REMOTE_SURFACE, Surface, surface, take_ice_servers,
};
use crate::services::invoke::{invoke, invoke_with_channel};
use js_sys::{Reflect, Uint8Array};
use meetcute_domain::wire::SignalKind;
use meetcute_domain::{CallRole, SessionId};
use serde_json::json;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

/// Inside the Meetcute window (Tauri's global API is there).
pub fn shell_present() -> bool {
    tauri_core().is_some()
}

fn tauri_core() -> Option<JsValue> {
    let window = web_sys::window()?;
    let tauri = Reflect::get(&window, &"__TAURI__".into()).ok()?;
    let core = Reflect::get(&tauri, &"core".into()).ok()?;
    (!core.is_undefined()).then_some(core)
}

/// A `new window.__TAURI__.core.Channel()` whose messages go to `on_message`.
fn new_channel(on_message: &Closure<dyn FnMut(JsValue)>) -> Result<JsValue, JsValue> {
    let core = tauri_core().ok_or_else(|| JsValue::from_str("no Tauri"))?;
    let class: js_sys::Function = Reflect::get(&core, &"Channel".into())?.dyn_into()?;
    let channel = Reflect::construct(&class, &js_sys::Array::new())?;
    Reflect::set(&channel, &"onmessage".into(), on_message.as_ref())?;
    Ok(channel)
}

#[derive(Default)]
pub struct NativeEngine {
    session: Option<SessionId>,
    /// Kept alive for as long as the call: the channel calls it for every message.
    on_message: Option<Closure<dyn FnMut(JsValue)>>,
    /// The last call's handler, kept until the next call: pictures still in flight when
    /// a call ends must not reach a freed closure.
    retired: Option<Closure<dyn FnMut(JsValue)>>,
}

impl MediaEngine for NativeEngine {
    fn availability(&self) -> Availability {
        Availability::Video(Surface::Image)
    }

    fn begin(&mut self, session_id: SessionId, role: CallRole, on_notice: Callback<MediaNotice>) {
        if self.session == Some(session_id) {
            return;
        }
        self.end();
        // The shell keeps its own copy of this call's ICE servers; the UI's is not needed.
        drop(take_ice_servers(session_id));
        let notices = on_notice.clone();
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
            let bytes = Uint8Array::new(&message).to_vec();
            match packet::decode(&bytes) {
                Some(Packet::RemoteFrame(jpeg)) => surface::show(REMOTE_SURFACE, jpeg),
                Some(Packet::LocalFrame(jpeg)) => surface::show(LOCAL_SURFACE, jpeg),
                Some(Packet::Notice(notice)) => notices.emit(notice),
                None => {}
            }
        });
        let channel = match new_channel(&on_message) {
            Ok(channel) => channel,
            Err(error) => {
                tracing::warn!(?error, "no channel for the call's pictures");
                on_notice.emit(MediaNotice::Error("Video could not start here.".into()));
                return;
            }
        };
        self.session = Some(session_id);
        self.on_message = Some(on_message);
        spawn_local(async move {
            let args = json!({ "session_id": session_id, "role": role });
            let started: Result<(), _> =
                invoke_with_channel("media_start", args, "frames", &channel).await;
            if let Err(error) = started {
                on_notice.emit(MediaNotice::Error(error.message));
            }
        });
    }

    fn on_signal(
        &mut self,
        _session_id: SessionId,
        _kind: SignalKind,
        _payload: serde_json::Value,
    ) {
        // The shell hands the peer's signals to the engine directly.
    }

    fn set_muted(&mut self, muted: bool) {
        control(json!({ "muted": muted }));
    }

    fn set_camera_off(&mut self, off: bool) {
        control(json!({ "camera_on": !off }));
    }

    fn end(&mut self) {
        let Some(session_id) = self.session.take() else {
            return;
        };
        self.retired = self.on_message.take();
        surface::clear(REMOTE_SURFACE);
        surface::clear(LOCAL_SURFACE);
        spawn_local(async move {
            let stopped: Result<(), _> =
                invoke("media_stop", json!({ "session_id": session_id })).await;
            if let Err(error) = stopped {
                tracing::warn!(message = %error.message, "the call's media did not stop cleanly");
            }
        });
    }
}

fn control(args: serde_json::Value) {
    spawn_local(async move {
        let done: Result<(), _> = invoke("media_control", args).await;
        if let Err(error) = done {
            tracing::warn!(message = %error.message, "media control not applied");
        }
    });
}
