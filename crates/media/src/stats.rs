//! Live counters of a call and the snapshot the shell reads (`MediaEngine::stats`).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The ICE/DTLS connection state, as browsers name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConnectionState {
    #[default]
    New,
    Connecting,
    Connected,
    Disconnected,
    Failed,
    Closed,
}

/// A snapshot of one call's figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    /// Local frames captured (and offered to the encoder and the preview).
    pub frames_out: u64,
    /// Remote frames decoded.
    pub frames_in: u64,
    /// Local frames per second over the last full second.
    pub local_fps: f64,
    /// Remote frames per second over the last full second.
    pub remote_fps: f64,
    /// Decoded remote audio buffers.
    pub audio_buffers_in: u64,
    /// Of those, the ones that were not silence.
    pub audible_buffers_in: u64,
    /// From the engine's start to the first decoded remote frame.
    pub first_remote_frame: Option<Duration>,
    /// The peer connection's state.
    pub connection: ConnectionState,
}

/// Frames per second, measured over windows of at least one second.
#[derive(Debug)]
struct FpsMeter {
    window_start: Option<Instant>,
    in_window: u64,
    fps: f64,
}

impl FpsMeter {
    const fn new() -> Self {
        Self {
            window_start: None,
            in_window: 0,
            fps: 0.0,
        }
    }

    fn tick(&mut self, now: Instant) {
        let start = *self.window_start.get_or_insert(now);
        self.in_window += 1;
        let elapsed = now.duration_since(start);
        if elapsed >= Duration::from_secs(1) {
            self.fps = (self.in_window - 1) as f64 / elapsed.as_secs_f64();
            self.window_start = Some(now);
            self.in_window = 1;
        }
    }
}

/// The counters, updated from GStreamer's streaming threads.
#[derive(Debug)]
pub(crate) struct Counters {
    started: Instant,
    frames_out: AtomicU64,
    frames_in: AtomicU64,
    audio_in: AtomicU64,
    audible_in: AtomicU64,
    local: Mutex<FpsMeter>,
    remote: Mutex<(FpsMeter, Option<Duration>)>,
    connection: Mutex<ConnectionState>,
}

impl Counters {
    pub(crate) fn new(started: Instant) -> Self {
        Self {
            started,
            frames_out: AtomicU64::new(0),
            frames_in: AtomicU64::new(0),
            audio_in: AtomicU64::new(0),
            audible_in: AtomicU64::new(0),
            local: Mutex::new(FpsMeter::new()),
            remote: Mutex::new((FpsMeter::new(), None)),
            connection: Mutex::new(ConnectionState::New),
        }
    }

    pub(crate) fn local_frame(&self) {
        self.frames_out.fetch_add(1, Ordering::Relaxed);
        lock(&self.local).tick(Instant::now());
    }

    /// Counts a decoded remote frame; true for the very first one.
    pub(crate) fn remote_frame(&self) -> bool {
        self.frames_in.fetch_add(1, Ordering::Relaxed);
        let now = Instant::now();
        let mut remote = lock(&self.remote);
        remote.0.tick(now);
        let first = remote.1.is_none();
        remote.1.get_or_insert(now.duration_since(self.started));
        first
    }

    pub(crate) fn remote_audio(&self, audible: bool) {
        self.audio_in.fetch_add(1, Ordering::Relaxed);
        if audible {
            self.audible_in.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Records a new connection state; true when it changed.
    pub(crate) fn set_connection(&self, state: ConnectionState) -> bool {
        let mut current = lock(&self.connection);
        std::mem::replace(&mut *current, state) != state
    }

    pub(crate) fn snapshot(&self) -> Stats {
        let remote = lock(&self.remote);
        Stats {
            frames_out: self.frames_out.load(Ordering::Relaxed),
            frames_in: self.frames_in.load(Ordering::Relaxed),
            local_fps: lock(&self.local).fps,
            remote_fps: remote.0.fps,
            audio_buffers_in: self.audio_in.load(Ordering::Relaxed),
            audible_buffers_in: self.audible_in.load(Ordering::Relaxed),
            first_remote_frame: remote.1,
            connection: *lock(&self.connection),
        }
    }
}

/// Locks, ignoring poisoning: counters stay usable if a callback panicked.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fps_is_frames_per_elapsed_second() {
        let mut m = FpsMeter::new();
        let t0 = Instant::now();
        for i in 0..=30 {
            m.tick(t0 + Duration::from_millis(i * 1000 / 30));
        }
        assert!((m.fps - 30.0).abs() < 0.5, "{}", m.fps);
    }

    #[test]
    fn first_remote_frame_is_reported_once() {
        let c = Counters::new(Instant::now());
        assert!(c.remote_frame());
        assert!(!c.remote_frame());
        let s = c.snapshot();
        assert_eq!(s.frames_in, 2);
        assert!(s.first_remote_frame.is_some());
    }

    #[test]
    fn connection_changes_are_detected() {
        let c = Counters::new(Instant::now());
        assert!(c.set_connection(ConnectionState::Connected));
        assert!(!c.set_connection(ConnectionState::Connected));
        assert_eq!(c.snapshot().connection, ConnectionState::Connected);
    }
}
