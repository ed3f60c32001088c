//! Time for the UI: the current instant, the local offset, and timers that stop when dropped.
//! Natively (tests render without running effects) timers never fire.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use yew::Callback;

/// Now, from the webview's clock (natively: the system clock).
pub fn now() -> DateTime<Utc> {
    #[cfg(target_arch = "wasm32")]
    {
        // f64 milliseconds since the epoch; whole milliseconds are plenty for a countdown.
        DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        DateTime::<Utc>::from(std::time::SystemTime::now())
    }
}

/// The local time zone's offset now, for showing dates.
pub fn local_offset() -> FixedOffset {
    #[cfg(target_arch = "wasm32")]
    let east_seconds = -(js_sys::Date::new_0().get_timezone_offset() as i32) * 60;
    #[cfg(not(target_arch = "wasm32"))]
    let east_seconds = 0;
    FixedOffset::east_opt(east_seconds).unwrap_or_else(|| Utc.fix())
}

/// Calls back every `millis` until dropped.
pub struct Interval {
    #[cfg(target_arch = "wasm32")]
    _inner: gloo_timers::callback::Interval,
}

impl Interval {
    pub fn every(millis: u32, tick: Callback<()>) -> Self {
        #[cfg(target_arch = "wasm32")]
        {
            Self {
                _inner: gloo_timers::callback::Interval::new(millis, move || tick.emit(())),
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = (millis, tick);
            Self {}
        }
    }
}

/// Calls back once after `millis`, unless dropped before.
pub struct Timeout {
    #[cfg(target_arch = "wasm32")]
    _inner: gloo_timers::callback::Timeout,
}

impl Timeout {
    pub fn after(millis: u32, fire: Callback<()>) -> Self {
        #[cfg(target_arch = "wasm32")]
        {
            Self {
                _inner: gloo_timers::callback::Timeout::new(millis, move || fire.emit(())),
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = (millis, fire);
            Self {}
        }
    }
}
