//! [`WebEngine`]: one call over the webview's own `RTCPeerConnection` (wasm32 only).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use meetcute_domain::wire::{IceServer, SignalKind};
use serde_json::Value;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{
    MediaStream, MediaStreamTrack, RtcConfiguration, RtcIceCandidateInit, RtcIceConnectionState,
    RtcIceServer, RtcPeerConnection, RtcPeerConnectionIceEvent, RtcSdpType,
    RtcSessionDescriptionInit, RtcSignalingState, RtcTrackEvent,
};

use crate::devices::open_devices;
use crate::payload::{self, Candidate, Incoming};

/// How a call starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebConfig {
    /// The callee is polite, the caller impolite (the server's session roles).
    pub polite: bool,
    /// STUN/TURN servers from the start-call answer.
    pub ice_servers: Vec<IceServer>,
    /// Ask for the camera (audio only when false).
    pub video: bool,
}

/// What the UI may want to know.
#[derive(Debug, Clone)]
pub enum WebEvent {
    /// `iceConnectionState`, as the browser names it (`connected`, `failed`, …).
    Connection(String),
    /// The peer's media, to attach to a `<video>` element.
    RemoteStream(MediaStream),
    /// The call goes on, degraded (e.g. the camera failed: audio only).
    Warning(String),
    /// Something failed.
    Error(String),
}

type SignalFn = dyn Fn(SignalKind, Value);
type EventFn = dyn Fn(WebEvent);
/// A DOM event handler kept alive for as long as the call.
type Handler = Closure<dyn FnMut(JsValue)>;

struct Inner {
    pc: RtcPeerConnection,
    local: MediaStream,
    remote: RefCell<Option<MediaStream>>,
    polite: bool,
    making_offer: Cell<bool>,
    ignore_offer: Cell<bool>,
    closed: Cell<bool>,
    on_signal: Box<SignalFn>,
    on_event: Box<EventFn>,
    handlers: RefCell<Vec<Handler>>,
}

/// One call's webview engine; clones share the call.
#[derive(Clone)]
pub struct WebEngine(Rc<Inner>);

pub(crate) fn has_rtc_peer_connection() -> bool {
    web_sys::window()
        .is_some_and(|w| Reflect::has(&w, &"RTCPeerConnection".into()).unwrap_or(false))
}

fn js_message(e: &JsValue) -> String {
    Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

impl WebEngine {
    /// Opens camera and microphone (audio only if the camera fails), creates the peer
    /// connection and adds the tracks, which starts negotiation.
    pub async fn start(
        config: WebConfig,
        on_signal: impl Fn(SignalKind, Value) + 'static,
        on_event: impl Fn(WebEvent) + 'static,
    ) -> Result<WebEngine, String> {
        if !has_rtc_peer_connection() {
            return Err("This webview has no WebRTC (RTCPeerConnection).".into());
        }
        let local = open_devices(config.video, &on_event).await?;
        let rtc_config = RtcConfiguration::new();
        rtc_config.set_ice_servers(&ice_servers(&config.ice_servers));
        let pc =
            RtcPeerConnection::new_with_configuration(&rtc_config).map_err(|e| js_message(&e))?;
        let engine = WebEngine(Rc::new(Inner {
            pc,
            local,
            remote: RefCell::new(None),
            polite: config.polite,
            making_offer: Cell::new(false),
            ignore_offer: Cell::new(false),
            closed: Cell::new(false),
            on_signal: Box::new(on_signal),
            on_event: Box::new(on_event),
            handlers: RefCell::new(Vec::new()),
        }));
        engine.install_handlers();
        let inner = &engine.0;
        for track in inner.local.get_tracks().iter() {
            let track: MediaStreamTrack = track.unchecked_into();
            inner.pc.add_track_0(&track, &inner.local);
        }
        Ok(engine)
    }

    fn install_handlers(&self) {
        let weak = Rc::downgrade(&self.0);
        let on = |f: Box<dyn FnMut(JsValue)>| Closure::wrap(f);

        let w = weak.clone();
        let negotiation = on(Box::new(move |_| {
            if let Some(inner) = w.upgrade()
                && !inner.waits_for_first_offer()
            {
                spawn_local(make_offer(inner));
            }
        }));
        self.0
            .pc
            .set_onnegotiationneeded(Some(negotiation.as_ref().unchecked_ref()));

        let w = weak.clone();
        let candidate = on(Box::new(move |ev: JsValue| {
            let (Some(inner), Ok(ev)) = (w.upgrade(), ev.dyn_into::<RtcPeerConnectionIceEvent>())
            else {
                return;
            };
            if let Some(c) = ev.candidate().filter(|c| !c.candidate().is_empty()) {
                let c = Candidate {
                    candidate: c.candidate(),
                    sdp_mline_index: c.sdp_m_line_index(),
                    sdp_mid: c.sdp_mid(),
                };
                inner.send(payload::candidate(&c));
            }
        }));
        self.0
            .pc
            .set_onicecandidate(Some(candidate.as_ref().unchecked_ref()));

        let w = weak.clone();
        let track = on(Box::new(move |ev: JsValue| {
            let (Some(inner), Ok(ev)) = (w.upgrade(), ev.dyn_into::<RtcTrackEvent>()) else {
                return;
            };
            let stream = match ev.streams().get(0).dyn_into::<MediaStream>() {
                Ok(stream) => stream,
                Err(_) => {
                    // No msid: gather the peer's tracks in a stream of our own.
                    let mut remote = inner.remote.borrow_mut();
                    let stream = match remote.as_ref() {
                        Some(s) => s.clone(),
                        None => match MediaStream::new() {
                            Ok(s) => s,
                            Err(_) => return,
                        },
                    };
                    stream.add_track(&ev.track());
                    *remote = Some(stream.clone());
                    stream
                }
            };
            *inner.remote.borrow_mut() = Some(stream.clone());
            (inner.on_event)(WebEvent::RemoteStream(stream));
        }));
        self.0.pc.set_ontrack(Some(track.as_ref().unchecked_ref()));

        let w = weak;
        let state = on(Box::new(move |_| {
            let Some(inner) = w.upgrade() else { return };
            let state = inner.pc.ice_connection_state();
            let name = Reflect::get(&inner.pc, &"iceConnectionState".into())
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default();
            (inner.on_event)(WebEvent::Connection(name));
            if matches!(
                state,
                RtcIceConnectionState::Disconnected | RtcIceConnectionState::Failed
            ) {
                inner.restart_ice();
            }
        }));
        self.0
            .pc
            .set_oniceconnectionstatechange(Some(state.as_ref().unchecked_ref()));

        self.0
            .handlers
            .borrow_mut()
            .extend([negotiation, candidate, track, state]);
    }

    /// Handles a signal relayed from the peer (perfect negotiation).
    pub async fn handle_signal(&self, kind: SignalKind, payload: Value) -> Result<(), String> {
        let inner = &self.0;
        if inner.closed.get() {
            return Ok(());
        }
        match payload::decode(kind, &payload)? {
            Incoming::Description(d) => {
                let is_offer = kind == SignalKind::Offer;
                let state = inner.pc.signaling_state();
                let collision =
                    is_offer && (inner.making_offer.get() || state != RtcSignalingState::Stable);
                inner.ignore_offer.set(!inner.polite && collision);
                if inner.ignore_offer.get() {
                    return Ok(());
                }
                if !is_offer && state != RtcSignalingState::HaveLocalOffer {
                    return Ok(()); // a stale answer
                }
                let init = RtcSessionDescriptionInit::new(if is_offer {
                    RtcSdpType::Offer
                } else {
                    RtcSdpType::Answer
                });
                init.set_sdp(&d.sdp);
                // On a collision the polite side's pending offer is rolled back implicitly.
                JsFuture::from(inner.pc.set_remote_description(&init))
                    .await
                    .map_err(|e| js_message(&e))?;
                if is_offer {
                    set_local_description(&inner.pc).await?;
                    inner.send_local_description();
                }
                Ok(())
            }
            Incoming::Candidate(c) => {
                if c.candidate.is_empty() {
                    return Ok(());
                }
                let init = RtcIceCandidateInit::new(&c.candidate);
                init.set_sdp_mid(c.sdp_mid.as_deref());
                init.set_sdp_m_line_index(c.sdp_mline_index);
                let added = JsFuture::from(
                    inner
                        .pc
                        .add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(&init)),
                )
                .await;
                match added {
                    Err(e) if !inner.ignore_offer.get() => Err(js_message(&e)),
                    _ => Ok(()),
                }
            }
            Incoming::Restart => {
                if !inner.polite {
                    inner.restart_ice();
                }
                Ok(())
            }
        }
    }

    /// Mutes or unmutes the microphone.
    pub fn set_muted(&self, muted: bool) {
        for t in self.0.local.get_audio_tracks().iter() {
            t.unchecked_into::<MediaStreamTrack>().set_enabled(!muted);
        }
    }

    /// Turns the camera on, or off (the peer sees black).
    pub fn set_camera(&self, on: bool) {
        for t in self.0.local.get_video_tracks().iter() {
            t.unchecked_into::<MediaStreamTrack>().set_enabled(on);
        }
    }

    /// Our camera and microphone (for the self-preview).
    pub fn local_stream(&self) -> MediaStream {
        self.0.local.clone()
    }

    /// The peer's media, once it arrived.
    pub fn remote_stream(&self) -> Option<MediaStream> {
        self.0.remote.borrow().clone()
    }

    /// The underlying connection (for statistics).
    pub fn peer_connection(&self) -> RtcPeerConnection {
        self.0.pc.clone()
    }

    /// Ends the call: stops the devices, closes the connection, drops the handlers.
    pub fn hang_up(&self) {
        let inner = &self.0;
        if inner.closed.replace(true) {
            return;
        }
        for t in inner.local.get_tracks().iter() {
            t.unchecked_into::<MediaStreamTrack>().stop();
        }
        inner.pc.set_onnegotiationneeded(None);
        inner.pc.set_onicecandidate(None);
        inner.pc.set_ontrack(None);
        inner.pc.set_oniceconnectionstatechange(None);
        inner.pc.close();
        inner.handlers.borrow_mut().clear();
    }
}

impl Inner {
    fn send(&self, (kind, payload): (SignalKind, Value)) {
        if !self.closed.get() {
            (self.on_signal)(kind, payload);
        }
    }

    fn send_local_description(&self) {
        if let Some(d) = self.pc.local_description() {
            let kind = if d.type_() == RtcSdpType::Answer {
                SignalKind::Answer
            } else {
                SignalKind::Offer
            };
            self.send(payload::description(kind, &d.sdp()));
        }
    }

    /// The polite side (the callee) answers the caller's first offer instead of crossing it with
    /// one of its own. Chromium loses a polite side's ICE gathering when an offer arrives while
    /// the polite side's own offer is still gathering: its answer then trickles no candidate and
    /// the call never connects (seen in 4 of 20 crossed starts). Once a first offer came, the
    /// browser asks again for what the answer did not cover, and glare is handled as usual.
    fn waits_for_first_offer(&self) -> bool {
        self.polite && self.pc.remote_description().is_none()
    }

    /// The impolite side restarts ICE (a new offer follows); the polite side asks it to.
    fn restart_ice(&self) {
        if self.closed.get() {
            return;
        }
        if self.polite {
            self.send(payload::restart());
        } else if let Ok(f) =
            Reflect::get(&self.pc, &"restartIce".into()).and_then(|f| f.dyn_into::<Function>())
        {
            let _ = f.call0(&self.pc);
        }
    }
}

async fn make_offer(inner: Rc<Inner>) {
    if inner.closed.get() {
        return;
    }
    inner.making_offer.set(true);
    match set_local_description(&inner.pc).await {
        Ok(()) => inner.send_local_description(),
        Err(e) => (inner.on_event)(WebEvent::Error(format!("could not make an offer: {e}"))),
    }
    inner.making_offer.set(false);
}

/// `setLocalDescription()` without arguments: the browser creates the offer or answer
/// that fits the signaling state (not in web-sys, so called by name).
async fn set_local_description(pc: &RtcPeerConnection) -> Result<(), String> {
    let f = Reflect::get(pc, &"setLocalDescription".into())
        .and_then(|f| f.dyn_into::<Function>())
        .map_err(|e| js_message(&e))?;
    let promise: Promise = f.call0(pc).map_err(|e| js_message(&e))?.unchecked_into();
    JsFuture::from(promise)
        .await
        .map(drop)
        .map_err(|e| js_message(&e))
}

fn ice_servers(servers: &[IceServer]) -> Array {
    servers
        .iter()
        .map(|s| {
            let server = RtcIceServer::new();
            let urls: Array = s.urls.iter().map(|u| JsValue::from_str(u)).collect();
            server.set_urls(&urls);
            if let Some(u) = &s.username {
                server.set_username(u);
            }
            if let Some(c) = &s.credential {
                server.set_credential(c);
            }
            JsValue::from(server)
        })
        .collect()
}
