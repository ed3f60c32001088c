//! The webview's own WebRTC (`meetcute-media-web`), for webviews that have it (WebView2,
//! WKWebView, Android): streams go straight into the call screen's `<video>` surfaces, and
//! signals cross through the shell's `send_signal` command, in order.

use super::packet::MediaNotice;
use super::{Availability, LOCAL_SURFACE, MediaEngine, REMOTE_SURFACE, Surface, take_ice_servers};
use crate::services::commands;
use crate::services::in_order::InOrder;
use meetcute_domain::wire::SignalKind;
use meetcute_domain::{CallRole, SessionId};
use meetcute_media_web::{WebConfig, WebEngine, WebEvent};
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlVideoElement, MediaStream};
use yew::Callback;

#[derive(Default)]
pub struct WebviewEngine {
    call: Option<Rc<Call>>,
}

type Signal = (SignalKind, Value);

/// One call: the engine once it started, and the peer's signals, handled one after another in
/// the order they came (the ones that came before the engine wait for it).
struct Call {
    session_id: SessionId,
    engine: RefCell<Option<WebEngine>>,
    incoming: Rc<InOrder<Signal>>,
    outgoing: Rc<InOrder<Signal>>,
    ended: std::cell::Cell<bool>,
}

impl MediaEngine for WebviewEngine {
    fn availability(&self) -> Availability {
        Availability::Video(Surface::Stream)
    }

    fn begin(&mut self, session_id: SessionId, role: CallRole, on_notice: Callback<MediaNotice>) {
        if self
            .call
            .as_ref()
            .is_some_and(|c| c.session_id == session_id)
        {
            return;
        }
        self.end();
        let call = Rc::new(Call {
            session_id,
            engine: RefCell::new(None),
            incoming: Rc::default(),
            outgoing: Rc::default(),
            ended: std::cell::Cell::new(false),
        });
        self.call = Some(call.clone());
        let config = WebConfig {
            polite: role == CallRole::Callee,
            ice_servers: take_ice_servers(session_id),
            video: true,
        };
        spawn_local(async move {
            let outgoing = call.outgoing.clone();
            let notices = on_notice.clone();
            let started = WebEngine::start(
                config,
                move |kind, payload| send(&outgoing, session_id, (kind, payload)),
                move |event| on_web_event(event, &notices),
            )
            .await;
            match started {
                Ok(engine) if call.ended.get() => engine.hang_up(),
                Ok(engine) => {
                    attach(LOCAL_SURFACE, Some(&engine.local_stream()));
                    call.engine.replace(Some(engine));
                    call.handle_incoming();
                }
                Err(error) => on_notice.emit(MediaNotice::Error(error)),
            }
        });
    }

    fn on_signal(&mut self, session_id: SessionId, kind: SignalKind, payload: Value) {
        let Some(call) = self.call.clone().filter(|c| c.session_id == session_id) else {
            return;
        };
        call.incoming.push((kind, payload));
        call.handle_incoming();
    }

    fn set_muted(&mut self, muted: bool) {
        if let Some(engine) = self.engine() {
            engine.set_muted(muted);
        }
    }

    fn set_camera_off(&mut self, off: bool) {
        if let Some(engine) = self.engine() {
            engine.set_camera(!off);
        }
    }

    fn end(&mut self) {
        let Some(call) = self.call.take() else {
            return;
        };
        call.ended.set(true);
        if let Some(engine) = call.engine.take() {
            engine.hang_up();
        }
        attach(REMOTE_SURFACE, None);
        attach(LOCAL_SURFACE, None);
    }
}

impl WebviewEngine {
    fn engine(&self) -> Option<WebEngine> {
        self.call.as_ref()?.engine.borrow().clone()
    }
}

fn on_web_event(event: WebEvent, notices: &Callback<MediaNotice>) {
    match event {
        WebEvent::RemoteStream(stream) => {
            attach(REMOTE_SURFACE, Some(&stream));
            notices.emit(MediaNotice::RemoteVideoStarted);
        }
        WebEvent::Connection(state) => notices.emit(MediaNotice::Connection(state)),
        WebEvent::Warning(text) | WebEvent::Error(text) => notices.emit(MediaNotice::Error(text)),
    }
}

/// Shows `stream` in the `<video>` surface `id` (or empties it).
fn attach(id: &str, stream: Option<&MediaStream>) {
    let video = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlVideoElement>().ok());
    if let Some(video) = video {
        video.set_src_object(stream);
    }
}

impl Call {
    /// Hands the queued signals to the engine, once it started.
    fn handle_incoming(&self) {
        let Some(engine) = self.engine.borrow().clone() else {
            return;
        };
        let handled = self.incoming.drain(move |(kind, payload)| {
            let engine = engine.clone();
            async move {
                if let Err(error) = engine.handle_signal(kind, payload).await {
                    tracing::warn!(%error, "a signal from the peer was refused");
                }
            }
        });
        if let Some(task) = handled {
            spawn_local(task);
        }
    }
}

/// Sends our signals one after another: an SDP always reaches the peer before its candidates.
fn send(outgoing: &Rc<InOrder<Signal>>, session_id: SessionId, signal: Signal) {
    outgoing.push(signal);
    let sent = outgoing.drain(move |(kind, payload)| async move {
        if let Err(error) = commands::send_signal(session_id, kind, payload).await {
            tracing::warn!(message = %error.message, "a signal could not be sent");
        }
    });
    if let Some(task) = sent {
        spawn_local(task);
    }
}
