//! The ring of an incoming call, played by the shell (GStreamer) rather than the page.
//!
//! Why here: WebKitGTK, like browsers, lets a page start audio only after the user interacted
//! with it, and an incoming call may arrive before the window was ever clicked, or while it sits
//! in the tray. The shell is under no such policy. It starts on `IncomingCall` and stops when
//! that session moves on (answered, declined, cancelled, missed), at sign-out, and after
//! [`MAX_RING`] whatever happens (a lost connection must not ring forever).
//!
//! Where there is no sound device (CI, a server) `autoaudiosink` falls back to a fake sink, and
//! any other failure is logged: the notification and the modal still tell.

use gst::prelude::*;
use meetcute_domain::app::AppEvent;
use meetcute_domain::{CallRole, CallStatus, SessionId};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The two tones of the ring (the UI's Web Audio ring has the same: `src-ui/src/services/sound.rs`).
const TONES_HZ: [f64; 2] = [440.0, 480.0];
/// One second on, one second off.
const ON: Duration = Duration::from_secs(1);
const CYCLE: Duration = Duration::from_secs(2);
/// Soft: the tones together peak at this share of full scale.
const LEVEL: f64 = 0.15;
/// Short ramps at both ends of the tone, so it starts and stops without a click.
const RAMP: Duration = Duration::from_millis(15);
const SAMPLE_RATE: u32 = 16_000;
/// The server stops ringing after 30 s (its ring timeout); past this the shell stops too.
pub const MAX_RING: Duration = Duration::from_secs(45);

/// What an event means for the ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RingChange {
    Start(SessionId),
    Stop(SessionId),
    StopAll,
}

/// The ring's reaction to `event`, if any.
pub fn change_for(event: &AppEvent) -> Option<RingChange> {
    match event {
        AppEvent::IncomingCall { session, .. }
            if session.status == CallStatus::Ringing && session.role == CallRole::Callee =>
        {
            Some(RingChange::Start(session.session_id))
        }
        AppEvent::CallUpdated { session } if session.status != CallStatus::Ringing => {
            Some(RingChange::Stop(session.session_id))
        }
        AppEvent::SignedOut => Some(RingChange::StopAll),
        _ => None,
    }
}

/// One cycle of the ring as 16-bit mono samples at [`SAMPLE_RATE`]: the two tones for [`ON`],
/// then silence until [`CYCLE`] ends.
pub fn cycle_samples() -> Vec<i16> {
    let rate = f64::from(SAMPLE_RATE);
    let total = samples_in(CYCLE);
    let on = samples_in(ON);
    let ramp = samples_in(RAMP).max(1) as f64;
    let peak = LEVEL * f64::from(i16::MAX) / TONES_HZ.len() as f64;
    (0..total)
        .map(|n| {
            if n >= on {
                return 0;
            }
            let t = n as f64 / rate;
            let envelope = (n as f64 / ramp).min((on - n) as f64 / ramp).min(1.0);
            let wave: f64 = TONES_HZ
                .iter()
                .map(|hz| (std::f64::consts::TAU * hz * t).sin())
                .sum();
            // Bounded by construction: |wave| ≤ 2, times peak ≤ LEVEL of i16::MAX.
            (wave * peak * envelope).round() as i16
        })
        .collect()
}

fn samples_in(span: Duration) -> usize {
    (span.as_millis() as usize) * (SAMPLE_RATE as usize) / 1000
}

/// The ring player: at most one ring at a time (the newest incoming call).
#[derive(Default)]
pub struct Ring {
    playing: Arc<Mutex<Option<Playing>>>,
}

struct Playing {
    session_id: SessionId,
    /// `None` when no pipeline could be made (logged once): the ring is silent but tracked.
    pipeline: Option<gst::Pipeline>,
}

impl Drop for Playing {
    fn drop(&mut self) {
        if let Some(pipeline) = self.pipeline.take() {
            let _ = pipeline.set_state(gst::State::Null);
        }
    }
}

impl Ring {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts or stops the ring as `event` asks.
    pub fn handle_event(&self, event: &AppEvent) {
        match change_for(event) {
            Some(RingChange::Start(session_id)) => self.start(session_id),
            Some(RingChange::Stop(session_id)) => self.stop(session_id),
            Some(RingChange::StopAll) => self.stop_all(),
            None => {}
        }
    }

    /// Rings for `session_id` (replacing any other ring) until stopped or [`MAX_RING`].
    pub fn start(&self, session_id: SessionId) {
        if self.ringing() == Some(session_id) {
            return;
        }
        let pipeline = match play() {
            Ok(pipeline) => Some(pipeline),
            Err(error) => {
                tracing::info!(%error, "no ring sound");
                None
            }
        };
        tracing::debug!(%session_id, sound = pipeline.is_some(), "ringing");
        // The previous ring (if any) is dropped, and stops, outside the lock.
        let previous = lock(&self.playing).replace(Playing {
            session_id,
            pipeline,
        });
        drop(previous);
        let playing = Arc::downgrade(&self.playing);
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(MAX_RING).await;
            if let Some(playing) = playing.upgrade() {
                let expired = take_if(&playing, |p| p.session_id == session_id);
                if expired.is_some() {
                    tracing::info!(%session_id, "the ring timed out");
                }
            }
        });
    }

    /// Stops the ring of `session_id`, if it is the one ringing.
    pub fn stop(&self, session_id: SessionId) {
        if take_if(&self.playing, |p| p.session_id == session_id).is_some() {
            tracing::debug!(%session_id, "ring stopped");
        }
    }

    pub fn stop_all(&self) {
        drop(take_if(&self.playing, |_| true));
    }

    /// The session ringing now, if any.
    pub fn ringing(&self) -> Option<SessionId> {
        lock(&self.playing).as_ref().map(|p| p.session_id)
    }
}

/// Takes the ring out when `pick` accepts it; dropping the result stops it.
fn take_if(
    playing: &Mutex<Option<Playing>>,
    pick: impl FnOnce(&Playing) -> bool,
) -> Option<Playing> {
    let mut playing = lock(playing);
    if playing.as_ref().is_some_and(pick) {
        playing.take()
    } else {
        None
    }
}

fn lock(playing: &Mutex<Option<Playing>>) -> MutexGuard<'_, Option<Playing>> {
    playing.lock().unwrap_or_else(|e| e.into_inner())
}

/// Builds and starts `appsrc ! audioconvert ! audioresample ! autoaudiosink`, the source
/// handing out the same cycle again each time the sink (which keeps time) asks for more.
fn play() -> Result<gst::Pipeline, String> {
    gst::init().map_err(|e| e.to_string())?;
    let caps = gst::Caps::builder("audio/x-raw")
        .field("format", "S16LE")
        .field("layout", "interleaved")
        .field("rate", SAMPLE_RATE as i32)
        .field("channels", 1i32)
        .build();
    let source = gst_app::AppSrc::builder()
        .caps(&caps)
        .format(gst::Format::Time)
        .build();
    let cycle: Arc<[u8]> = cycle_samples()
        .iter()
        .flat_map(|s| s.to_le_bytes())
        .collect();
    let mut next = 0u64;
    source.set_callbacks(
        gst_app::AppSrcCallbacks::builder()
            .need_data(move |source, _| {
                let mut buffer = gst::Buffer::from_slice(cycle.clone());
                if let Some(buffer) = buffer.get_mut() {
                    let length = gst::ClockTime::from_nseconds(CYCLE.as_nanos() as u64);
                    buffer.set_pts(length * next);
                    buffer.set_duration(length);
                }
                next += 1;
                // Fails only once the pipeline is stopping.
                let _ = source.push_buffer(buffer);
            })
            .build(),
    );
    let pipeline = gst::Pipeline::with_name("ring");
    let elements = [
        source.upcast(),
        make("audioconvert")?,
        make("audioresample")?,
        make("autoaudiosink")?,
    ];
    pipeline.add_many(&elements).map_err(|e| e.to_string())?;
    gst::Element::link_many(&elements).map_err(|e| e.to_string())?;
    if let Some(bus) = pipeline.bus() {
        // GStreamer's own thread reports here; no main loop is needed.
        bus.set_sync_handler(|_, message| {
            if let gst::MessageView::Error(error) = message.view() {
                tracing::info!(error = %error.error(), "the ring stopped");
            }
            gst::BusSyncReply::Drop
        });
    }
    if let Err(error) = pipeline.set_state(gst::State::Playing) {
        let _ = pipeline.set_state(gst::State::Null);
        return Err(error.to_string());
    }
    Ok(pipeline)
}

fn make(factory: &str) -> Result<gst::Element, String> {
    gst::ElementFactory::make(factory)
        .build()
        .map_err(|_| format!("missing GStreamer element {factory}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use meetcute_domain::wire::{CallerInfo, SessionView};
    use meetcute_domain::{MatchId, UserId};

    fn session(status: CallStatus, role: CallRole) -> SessionView {
        SessionView {
            session_id: SessionId(uuid::Uuid::from_u128(7)),
            match_id: MatchId(1),
            status,
            role,
            caller_id: UserId(2),
            callee_id: UserId(3),
            created_at: Utc::now(),
            started_at: None,
            ended_at: None,
            end_reason: None,
            max_duration_seconds: None,
        }
    }

    fn incoming(status: CallStatus) -> AppEvent {
        AppEvent::IncomingCall {
            session: session(status, CallRole::Callee),
            caller: CallerInfo {
                id: UserId(2),
                display_name: "Ana".into(),
            },
        }
    }

    #[test]
    fn an_incoming_call_rings_until_its_session_moves_on_or_sign_out() {
        let id = SessionId(uuid::Uuid::from_u128(7));
        assert_eq!(
            change_for(&incoming(CallStatus::Ringing)),
            Some(RingChange::Start(id))
        );
        assert_eq!(change_for(&incoming(CallStatus::Active)), None);
        for status in [
            CallStatus::Active,
            CallStatus::Declined,
            CallStatus::Cancelled,
            CallStatus::Missed,
            CallStatus::Completed,
        ] {
            let updated = AppEvent::CallUpdated {
                session: session(status, CallRole::Callee),
            };
            assert_eq!(
                change_for(&updated),
                Some(RingChange::Stop(id)),
                "{status:?}"
            );
        }
        let still_ringing = AppEvent::CallUpdated {
            session: session(CallStatus::Ringing, CallRole::Callee),
        };
        assert_eq!(change_for(&still_ringing), None);
        assert_eq!(change_for(&AppEvent::SignedOut), Some(RingChange::StopAll));
        assert_eq!(change_for(&AppEvent::MatchesChanged), None);
    }

    #[test]
    fn a_cycle_is_one_soft_second_of_tone_then_one_of_silence() {
        let samples = cycle_samples();
        let rate = SAMPLE_RATE as usize;
        assert_eq!(samples.len(), 2 * rate);
        let (tone, silence) = samples.split_at(rate);
        assert!(silence.iter().all(|s| *s == 0));
        let peak = tone.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
        let limit = (LEVEL * f64::from(i16::MAX)) as u16;
        assert!(peak > limit / 2 && peak <= limit, "peak {peak} of {limit}");
        // Ramped: no click at either end.
        assert!(tone[0].unsigned_abs() < 50 && tone[rate - 1].unsigned_abs() < 50);
    }

    #[test]
    fn the_ring_starts_and_stops_without_a_sound_device() {
        let ring = Ring::new();
        let id = SessionId(uuid::Uuid::from_u128(9));
        ring.start(id);
        assert_eq!(ring.ringing(), Some(id));
        let sounding = lock(&ring.playing)
            .as_ref()
            .is_some_and(|p| p.pipeline.is_some());
        assert!(
            sounding,
            "GStreamer plays it (into a fake sink where there is no device)"
        );
        ring.stop(SessionId(uuid::Uuid::from_u128(10)));
        assert_eq!(ring.ringing(), Some(id), "another session does not stop it");
        ring.stop(id);
        assert_eq!(ring.ringing(), None);
        ring.start(id);
        ring.stop_all();
        assert_eq!(ring.ringing(), None);
    }
}
