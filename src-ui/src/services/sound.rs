//! The ring of an incoming call, synthesized with Web Audio (no sound file to ship or load).
//! Rings while the returned [`Ringer`] lives. Where audio is unavailable (no sound device,
//! natively) it stays silent: the modal and the notification still tell.

/// How long the ring pattern is scheduled for: the server's ring timeout is 30 s.
const RING_SECONDS: u32 = 30;

pub struct Ringer {
    #[cfg(target_arch = "wasm32")]
    context: Option<web_sys::AudioContext>,
}

impl Ringer {
    pub fn start() -> Self {
        #[cfg(target_arch = "wasm32")]
        {
            let context = platform::ring(RING_SECONDS)
                .map_err(|e| tracing::info!(error = ?e, "no ring sound"))
                .ok();
            Self { context }
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = RING_SECONDS;
            Self {}
        }
    }
}

impl Drop for Ringer {
    fn drop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        if let Some(context) = self.context.take() {
            let _ = context.close();
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod platform {
    use wasm_bindgen::JsValue;
    use web_sys::{AudioContext, OscillatorType};

    /// A soft two-tone ring: one second on, one second off.
    pub fn ring(seconds: u32) -> Result<AudioContext, JsValue> {
        let context = AudioContext::new()?;
        let gain = context.create_gain()?;
        gain.connect_with_audio_node(&context.destination())?;
        let start = context.current_time();
        let level = gain.gain();
        level.set_value_at_time(0.0, start)?;
        for pulse in 0..seconds / 2 {
            let at = start + f64::from(pulse) * 2.0;
            level.set_value_at_time(0.15, at)?;
            level.set_value_at_time(0.0, at + 1.0)?;
        }
        for frequency in [440.0_f32, 480.0] {
            let tone = context.create_oscillator()?;
            tone.set_type(OscillatorType::Sine);
            tone.frequency().set_value(frequency);
            tone.connect_with_audio_node(&gain)?;
            tone.start()?;
            tone.stop_with_when(start + f64::from(seconds))?;
        }
        Ok(context)
    }
}
