//! The call's GStreamer pipeline: capture → encode → `webrtcbin`, and the receive branches
//! added when `webrtcbin` exposes a remote stream.
//!
//! ```text
//! video src → convert/scale/rate → caps(W×H@fps) → videobalance (camera off) → tee
//!     tee → queue → vp8enc → rtpvp8pay(pt 96) → webrtcbin
//!     tee → JPEG tail (local preview)
//! audio src → convert/resample → webrtcdsp (AEC) → volume (mute) → opusenc → rtpopuspay(pt 111) → webrtcbin
//! webrtcbin ⇢ rtpvp8depay → vp8dec → JPEG tail (remote)            (see `receive`)
//! webrtcbin ⇢ rtpopusdepay → opusdec → convert/resample → webrtcechoprobe → audio sink
//! ```
//! Payload types 96/111 are Chromium's, so `webrtcbin` can answer a browser's offer sendrecv.

use std::sync::Arc;

use gst::glib;
use gst::prelude::*;

use crate::config::MediaConfig;
use crate::engine::Shared;
use crate::error::MediaError;
use crate::events::FrameSource;
use crate::frames::jpeg_tail;
use crate::ice::webrtcbin_ice;

/// RTP payload type of VP8 (Chromium's).
pub(crate) const VP8_PT: i32 = 96;
/// RTP payload type of Opus (Chromium's).
pub(crate) const OPUS_PT: i32 = 111;

/// The elements the engine controls after the build.
#[derive(Debug)]
pub(crate) struct Parts {
    pub pipeline: gst::Pipeline,
    pub webrtc: gst::Element,
    /// `mute` silences the microphone.
    pub volume: gst::Element,
    /// Turns the sent and previewed picture black when the camera is off.
    pub balance: gst::Element,
}

/// Every element a call may use (the sources in both modes, all codecs).
const ELEMENTS: &[&str] = &[
    "webrtcbin",
    "videotestsrc",
    "autovideosrc",
    "audiotestsrc",
    "autoaudiosrc",
    "videoconvert",
    "videoscale",
    "videorate",
    "capsfilter",
    "videobalance",
    "tee",
    "queue",
    "vp8enc",
    "rtpvp8pay",
    "rtpvp8depay",
    "vp8dec",
    "jpegenc",
    "appsink",
    "audioconvert",
    "audioresample",
    "webrtcdsp",
    "webrtcechoprobe",
    "volume",
    "opusenc",
    "rtpopuspay",
    "rtpopusdepay",
    "opusdec",
    "fakesink",
    "autoaudiosink",
];

/// Initialises GStreamer and loads every plugin a call needs, so that the first call does
/// not pay for it; an error names the first missing element.
pub fn warm_up() -> Result<(), MediaError> {
    gst::init().map_err(|e| MediaError::Init(e.to_string()))?;
    ELEMENTS.iter().try_for_each(|name| make(name).map(drop))
}

/// Makes an element, with a clear error when its plugin is missing.
pub(crate) fn make(factory: &str) -> Result<gst::Element, MediaError> {
    gst::ElementFactory::make(factory)
        .build()
        .map_err(|_| MediaError::MissingElement(factory.to_owned()))
}

fn caps_filter(caps: gst::Caps) -> Result<gst::Element, MediaError> {
    let f = make("capsfilter")?;
    f.set_property("caps", caps);
    Ok(f)
}

pub(crate) fn add_chain(
    pipeline: &gst::Pipeline,
    chain: &[gst::Element],
) -> Result<(), MediaError> {
    pipeline
        .add_many(chain)
        .map_err(|e| MediaError::Pipeline(e.to_string()))?;
    gst::Element::link_many(chain).map_err(|e| MediaError::Pipeline(e.to_string()))
}

/// Builds the sending half and `webrtcbin` (not yet playing).
pub(crate) fn build(
    config: &MediaConfig,
    shared: &Arc<Shared>,
    echo_probe_name: &str,
) -> Result<Parts, MediaError> {
    let pipeline = gst::Pipeline::new();
    let webrtc = make("webrtcbin")?;
    webrtc.set_property_from_str("bundle-policy", "max-bundle");
    webrtc.set_property("latency", config.jitter_latency_ms);
    if config.relay_only {
        webrtc.set_property(
            "ice-transport-policy",
            gst_webrtc::WebRTCICETransportPolicy::Relay,
        );
    }
    let ice = webrtcbin_ice(&config.ice_servers);
    if let Some(stun) = &ice.stun {
        webrtc.set_property("stun-server", stun);
    }
    for turn in &ice.turn {
        if !webrtc.emit_by_name::<bool>("add-turn-server", &[turn]) {
            tracing::warn!("webrtcbin refused a TURN server");
        }
    }
    pipeline
        .add(&webrtc)
        .map_err(|e| MediaError::Pipeline(e.to_string()))?;

    let balance = video_send(config, shared, &pipeline, &webrtc)?;
    let volume = audio_send(config, &pipeline, &webrtc, echo_probe_name)?;
    playback(config, &pipeline, echo_probe_name)?;
    Ok(Parts {
        pipeline,
        webrtc,
        volume,
        balance,
    })
}

fn video_send(
    config: &MediaConfig,
    shared: &Arc<Shared>,
    pipeline: &gst::Pipeline,
    webrtc: &gst::Element,
) -> Result<gst::Element, MediaError> {
    let src = if config.fake_media {
        let src = make("videotestsrc")?;
        src.set_property("is-live", true);
        // Moving colour bars: busy enough that a black picture is plainly different.
        src.set_property_from_str("pattern", "smpte");
        src.set_property("horizontal-speed", 4i32);
        src
    } else {
        make("autovideosrc")?
    };
    let fps = i32::try_from(config.fps).unwrap_or(30);
    let raw = gst::Caps::builder("video/x-raw")
        .field("width", i32::try_from(config.width).unwrap_or(640))
        .field("height", i32::try_from(config.height).unwrap_or(480))
        .field("framerate", gst::Fraction::new(fps, 1))
        .build();
    let balance = make("videobalance")?;
    let tee = make("tee")?;
    add_chain(
        pipeline,
        &[
            src,
            make("videoconvert")?,
            make("videoscale")?,
            make("videorate")?,
            caps_filter(raw)?,
            balance.clone(),
            tee.clone(),
        ],
    )?;

    let enc = make("vp8enc")?;
    enc.set_property("deadline", 1i64);
    enc.set_property("cpu-used", 8i32);
    enc.set_property("target-bitrate", 1_000_000i32);
    enc.set_property("keyframe-max-dist", 2 * fps);
    enc.set_property_from_str("error-resilient", "default");
    let pay = make("rtpvp8pay")?;
    pay.set_property("pt", u32::try_from(VP8_PT).unwrap_or(96));
    pay.set_property_from_str("picture-id-mode", "15-bit");
    let rtp = gst::Caps::builder("application/x-rtp")
        .field("media", "video")
        .field("encoding-name", "VP8")
        .field("payload", VP8_PT)
        .field("clock-rate", 90_000i32)
        .build();
    let send = [queue()?, enc, pay, caps_filter(rtp)?];
    add_chain(pipeline, &send)?;
    tee.link(&send[0])
        .map_err(|e| MediaError::Pipeline(e.to_string()))?;
    link_to_webrtc(&send[send.len() - 1], webrtc)?;

    let preview = jpeg_tail(shared, FrameSource::Local)?;
    add_chain(pipeline, &preview)?;
    tee.link(&preview[0])
        .map_err(|e| MediaError::Pipeline(e.to_string()))?;
    Ok(balance)
}

fn audio_send(
    config: &MediaConfig,
    pipeline: &gst::Pipeline,
    webrtc: &gst::Element,
    echo_probe_name: &str,
) -> Result<gst::Element, MediaError> {
    let src = if config.fake_media {
        let src = make("audiotestsrc")?;
        src.set_property("is-live", true);
        src.set_property("samplesperbuffer", 480i32);
        src.set_property("volume", 0.3f64);
        // Different tones per side, so one side's tone is never the other's echo.
        let freq = if config.role == crate::Role::Impolite {
            440.0f64
        } else {
            660.0
        };
        src.set_property("freq", freq);
        src
    } else {
        make("autoaudiosrc")?
    };
    let raw = gst::Caps::builder("audio/x-raw")
        .field("format", "S16LE")
        .field("layout", "interleaved")
        .field("rate", 48_000i32)
        .field("channels", 1i32)
        .build();
    let dsp = make("webrtcdsp")?;
    dsp.set_property("probe", echo_probe_name);
    dsp.set_property("echo-cancel", config.echo_cancel);
    dsp.set_property("noise-suppression", !config.fake_media);
    dsp.set_property("gain-control", !config.fake_media);
    let volume = make("volume")?;
    let rtp = gst::Caps::builder("application/x-rtp")
        .field("media", "audio")
        .field("encoding-name", "OPUS")
        .field("payload", OPUS_PT)
        .field("clock-rate", 48_000i32)
        .build();
    let pay = make("rtpopuspay")?;
    pay.set_property("pt", u32::try_from(OPUS_PT).unwrap_or(111));
    let chain = [
        src,
        make("audioconvert")?,
        make("audioresample")?,
        caps_filter(raw)?,
        dsp,
        volume.clone(),
        make("audioconvert")?,
        make("opusenc")?,
        pay,
        caps_filter(rtp)?,
    ];
    add_chain(pipeline, &chain)?;
    link_to_webrtc(&chain[chain.len() - 1], webrtc)?;
    Ok(volume)
}

/// The static playback branch the remote audio joins: the echo canceller's reference.
fn playback(
    config: &MediaConfig,
    pipeline: &gst::Pipeline,
    echo_probe_name: &str,
) -> Result<(), MediaError> {
    let probe = gst::ElementFactory::make("webrtcechoprobe")
        .name(echo_probe_name)
        .build()
        .map_err(|_| MediaError::MissingElement("webrtcechoprobe".into()))?;
    let sink = if config.fake_media {
        let sink = make("fakesink")?;
        sink.set_property("sync", true);
        sink
    } else {
        make("autoaudiosink")?
    };
    // No data until the peer's audio arrives: do not wait for a preroll.
    sink.set_property("async", false);
    add_chain(
        pipeline,
        &[probe, make("audioconvert")?, make("audioresample")?, sink],
    )
}

pub(crate) fn queue() -> Result<gst::Element, MediaError> {
    make("queue")
}

fn link_to_webrtc(last: &gst::Element, webrtc: &gst::Element) -> Result<(), MediaError> {
    let sink = webrtc
        .request_pad_simple("sink_%u")
        .ok_or_else(|| MediaError::Pipeline("webrtcbin gave no sink pad".into()))?;
    let src = last
        .static_pad("src")
        .ok_or_else(|| MediaError::Pipeline("no src pad".into()))?;
    src.link(&sink)
        .map_err(|e| MediaError::Pipeline(format!("linking to webrtcbin: {e:?}")))?;
    Ok(())
}

/// A weak pipeline reference for closures (a strong one would leak every call).
pub(crate) fn weak(pipeline: &gst::Pipeline) -> glib::WeakRef<gst::Pipeline> {
    pipeline.downgrade()
}
