//! [`MediaEngine`]: one call's native media, from start to hang-up.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use gst::glib;
use gst::prelude::*;
use gst_webrtc::WebRTCICEConnectionState;
use meetcute_domain::wire::SignalKind;
use serde_json::Value;

use crate::config::{MediaConfig, Role};
use crate::error::MediaError;
use crate::events::{Callbacks, MediaEvent};
use crate::negotiation::{self, Negotiation};
use crate::pipeline::{self, Parts};
use crate::receive;
use crate::signal::Signal;
use crate::stats::{ConnectionState, Counters, Stats};

/// The bus message that ends the bus thread.
const END_MESSAGE: &str = "meetcute-end";

/// State shared with the closures running on GStreamer's threads. Holds no GStreamer
/// object strongly, so the pipeline is freed when the engine drops it.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) callbacks: Callbacks,
    pub(crate) counters: Counters,
    pub(crate) role: Role,
    pub(crate) neg: Mutex<Negotiation>,
    ended: AtomicBool,
    webrtc: OnceLock<glib::WeakRef<gst::Element>>,
}

impl Shared {
    pub(crate) fn is_ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }

    /// Hands an outgoing signal to the owner (nothing once hung up).
    pub(crate) fn send(&self, signal: Signal) {
        if self.is_ended() {
            return;
        }
        let (kind, payload) = signal.encode();
        tracing::debug!(?kind, "signal out");
        self.callbacks.signal(kind, payload);
    }
}

/// What hanging up found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HangUp {
    /// How long stopping the pipeline took.
    pub teardown: Duration,
    /// The pipeline was freed (no closure or thread kept it alive).
    pub pipeline_released: bool,
}

/// One call's native media engine. Dropping it hangs up too.
#[derive(Debug)]
pub struct MediaEngine {
    shared: Arc<Shared>,
    parts: Option<Parts>,
    bus_thread: Option<JoinHandle<()>>,
}

impl MediaEngine {
    /// Builds and starts the pipeline. The impolite side sends its offer through
    /// `callbacks` as soon as capture runs; the polite side waits for the peer's offer.
    pub fn start(config: MediaConfig, callbacks: Callbacks) -> Result<Self, MediaError> {
        gst::init().map_err(|e| MediaError::Init(e.to_string()))?;
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        let probe_name = format!("meetcute-aec-{id}");
        let shared = Arc::new(Shared {
            callbacks,
            counters: Counters::new(Instant::now()),
            role: config.role,
            neg: Mutex::new(Negotiation::default()),
            ended: AtomicBool::new(false),
            webrtc: OnceLock::new(),
        });
        let parts = pipeline::build(&config, &shared, &probe_name)?;
        let _ = shared.webrtc.set(parts.webrtc.downgrade());
        connect_webrtc(&parts, &shared, probe_name);
        let bus_thread = spawn_bus_thread(&parts.pipeline, &shared)?;
        let mut engine = Self {
            shared,
            parts: Some(parts),
            bus_thread: Some(bus_thread),
        };
        let pipeline = engine.parts.as_ref().map(|p| p.pipeline.clone());
        if let Some(pipeline) = pipeline
            && let Err(e) = pipeline.set_state(gst::State::Playing)
        {
            engine.teardown();
            return Err(MediaError::Pipeline(format!(
                "could not start capture: {e}"
            )));
        }
        tracing::info!(role = ?config.role, fake = config.fake_media, "media engine started");
        Ok(engine)
    }

    /// Handles a signal relayed from the peer. A malformed payload is an error; the call
    /// goes on.
    pub fn handle_signal(&self, kind: SignalKind, payload: &Value) -> Result<(), MediaError> {
        let signal = Signal::parse(kind, payload)?;
        negotiation::validate(&signal)?;
        let webrtc = self.webrtc().ok_or(MediaError::Ended)?;
        negotiation::handle(&self.shared, &webrtc, signal)
    }

    /// Mutes or unmutes the microphone.
    pub fn set_muted(&self, muted: bool) {
        if let Some(p) = &self.parts {
            p.volume.set_property("mute", muted);
        }
    }

    /// Turns the camera picture on, or black (sent and previewed) when off.
    pub fn set_camera(&self, on: bool) {
        if let Some(p) = &self.parts {
            let (brightness, contrast, saturation) = if on {
                (0.0, 1.0, 1.0)
            } else {
                (-1.0, 0.0, 0.0)
            };
            p.balance.set_property("brightness", brightness);
            p.balance.set_property("contrast", contrast);
            p.balance.set_property("saturation", saturation);
        }
    }

    /// The call's figures so far.
    pub fn stats(&self) -> Stats {
        self.shared.counters.snapshot()
    }

    /// This side's negotiation role.
    pub fn role(&self) -> Role {
        self.shared.role
    }

    /// Ends the call: stops the pipeline, joins the bus thread, frees everything.
    pub fn hang_up(mut self) -> HangUp {
        self.teardown()
    }

    fn webrtc(&self) -> Option<gst::Element> {
        self.parts.as_ref().map(|p| p.webrtc.clone())
    }

    fn teardown(&mut self) -> HangUp {
        let started = Instant::now();
        self.shared.ended.store(true, Ordering::SeqCst);
        let Some(parts) = self.parts.take() else {
            return HangUp {
                teardown: Duration::ZERO,
                pipeline_released: true,
            };
        };
        // End the bus thread before the state change: going to Null flushes the bus.
        let end = gst::message::Application::new(gst::Structure::new_empty(END_MESSAGE));
        if parts.pipeline.post_message(end).is_err() {
            tracing::warn!("could not post the end message to the bus");
        }
        if let Some(t) = self.bus_thread.take()
            && t.join().is_err()
        {
            tracing::warn!("the bus thread panicked");
        }
        if let Err(e) = parts.pipeline.set_state(gst::State::Null) {
            tracing::warn!(error = %e, "stopping the pipeline failed");
        }
        let weak = parts.pipeline.downgrade();
        drop(parts);
        let report = HangUp {
            teardown: started.elapsed(),
            pipeline_released: weak.upgrade().is_none(),
        };
        self.shared.counters.set_connection(ConnectionState::Closed);
        tracing::info!(?report, "media engine stopped");
        report
    }
}

impl Drop for MediaEngine {
    fn drop(&mut self) {
        self.teardown();
    }
}

/// Connects `webrtcbin`'s signals; every closure holds weak references only.
fn connect_webrtc(parts: &Parts, shared: &Arc<Shared>, probe_name: String) {
    let sh = shared.clone();
    parts
        .webrtc
        .connect("on-ice-candidate", false, move |values| {
            let webrtc = values.first().and_then(|v| v.get::<gst::Element>().ok());
            let mline = values.get(1).and_then(|v| v.get::<u32>().ok());
            let candidate = values.get(2).and_then(|v| v.get::<String>().ok());
            if let (Some(webrtc), Some(mline), Some(candidate)) = (webrtc, mline, candidate) {
                negotiation::on_local_candidate(&sh, &webrtc, mline, candidate);
            }
            None
        });

    let sh = shared.clone();
    parts
        .webrtc
        .connect_notify(Some("ice-connection-state"), move |webrtc, _| {
            let state = match webrtc.property::<WebRTCICEConnectionState>("ice-connection-state") {
                WebRTCICEConnectionState::New => ConnectionState::New,
                WebRTCICEConnectionState::Checking => ConnectionState::Connecting,
                WebRTCICEConnectionState::Connected | WebRTCICEConnectionState::Completed => {
                    ConnectionState::Connected
                }
                WebRTCICEConnectionState::Disconnected => ConnectionState::Disconnected,
                WebRTCICEConnectionState::Failed => ConnectionState::Failed,
                _ => ConnectionState::Closed,
            };
            if sh.is_ended() || !sh.counters.set_connection(state) {
                return;
            }
            tracing::info!(?state, role = ?sh.role, "connection state");
            sh.callbacks.event(MediaEvent::Connection(state));
            if state == ConnectionState::Failed && sh.role == Role::Polite {
                sh.send(Signal::Restart);
            }
        });

    let (pipeline, sh) = (pipeline::weak(&parts.pipeline), shared.clone());
    parts.webrtc.connect_pad_added(move |_, pad| {
        if pad.direction() != gst::PadDirection::Src {
            return;
        }
        let Some(pipeline) = pipeline.upgrade() else {
            return;
        };
        if let Err(e) = receive::link_remote(&pipeline, pad, &sh, &probe_name) {
            tracing::warn!(error = %e, "could not play the remote stream");
            sh.callbacks.event(MediaEvent::Error(e.to_string()));
        }
    });

    // Ready once every sending pad knows its caps (an offer or answer made earlier would
    // leave a track recvonly).
    let sinks: Vec<gst::Pad> = parts.webrtc.sink_pads();
    let total = sinks.len();
    let with_caps = Arc::new(AtomicU64::new(0));
    for pad in sinks {
        let (sh, count) = (shared.clone(), with_caps.clone());
        let fired = AtomicBool::new(false);
        pad.connect_notify(Some("caps"), move |pad, _| {
            if pad.current_caps().is_none() || fired.swap(true, Ordering::SeqCst) {
                return;
            }
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            if usize::try_from(n).is_ok_and(|n| n == total)
                && let Some(webrtc) = sh.webrtc.get().and_then(|w| w.upgrade())
            {
                negotiation::on_ready(&sh, &webrtc);
            }
        });
    }
}

fn spawn_bus_thread(
    pipeline: &gst::Pipeline,
    shared: &Arc<Shared>,
) -> Result<JoinHandle<()>, MediaError> {
    let bus = pipeline
        .bus()
        .ok_or_else(|| MediaError::Pipeline("the pipeline has no bus".into()))?;
    let sh = shared.clone();
    std::thread::Builder::new()
        .name("meetcute-media-bus".into())
        .spawn(move || {
            for msg in bus.iter_timed(gst::ClockTime::NONE) {
                match msg.view() {
                    gst::MessageView::Application(a)
                        if a.structure().is_some_and(|s| s.name() == END_MESSAGE) =>
                    {
                        break;
                    }
                    gst::MessageView::Error(e) => {
                        let source = msg.src().map(|s| s.path_string().to_string()).unwrap_or_default();
                        tracing::warn!(%source, error = %e.error(), debug = ?e.debug(), "pipeline error");
                        if !sh.is_ended() {
                            sh.callbacks.event(MediaEvent::Error(e.error().to_string()));
                        }
                    }
                    gst::MessageView::Warning(w) => {
                        tracing::debug!(warning = %w.error(), "pipeline warning");
                    }
                    _ => {}
                }
            }
        })
        .map_err(|e| MediaError::Pipeline(format!("could not start the bus thread: {e}")))
}
