//! The receive branches, added when `webrtcbin` exposes a remote stream: VP8 video to the
//! remote picture, Opus audio to the speaker through the echo canceller's probe.

use std::sync::Arc;

use gst::prelude::*;

use crate::engine::Shared;
use crate::error::MediaError;
use crate::events::FrameSource;
use crate::frames::jpeg_tail;
use crate::pipeline::{add_chain, make, queue};

/// Peak sample level (of 32767) above which decoded audio counts as audible.
const AUDIBLE_PEAK: i16 = 500;

/// Adds the receive branch for a new `webrtcbin` source pad.
pub(crate) fn link_remote(
    pipeline: &gst::Pipeline,
    pad: &gst::Pad,
    shared: &Arc<Shared>,
    echo_probe_name: &str,
) -> Result<(), MediaError> {
    let caps = pad.current_caps().or_else(|| Some(pad.query_caps(None)));
    let (media, encoding) = caps
        .as_ref()
        .and_then(|c| c.structure(0))
        .map(|s| {
            (
                s.get::<&str>("media").unwrap_or_default().to_owned(),
                s.get::<&str>("encoding-name")
                    .unwrap_or_default()
                    .to_ascii_uppercase(),
            )
        })
        .unwrap_or_default();
    tracing::debug!(%media, %encoding, pad = %pad.name(), "remote stream");
    let probe = pipeline.by_name(echo_probe_name);
    let probe_free = probe
        .as_ref()
        .and_then(|p| p.static_pad("sink"))
        .is_some_and(|p| !p.is_linked());
    let chain: Vec<gst::Element> = match (media.as_str(), encoding.as_str()) {
        ("video", "VP8") => {
            let depay = make("rtpvp8depay")?;
            depay.set_property("request-keyframe", true);
            depay.set_property("wait-for-keyframe", true);
            let mut chain = vec![queue()?, depay, make("vp8dec")?];
            chain.extend(jpeg_tail(shared, FrameSource::Remote)?);
            chain
        }
        ("audio", "OPUS") => {
            let dec = make("opusdec")?;
            count_audio(&dec, shared);
            let mut chain = vec![
                queue()?,
                make("rtpopusdepay")?,
                dec,
                make("audioconvert")?,
                make("audioresample")?,
            ];
            if !probe_free {
                chain.push(make("fakesink")?);
            }
            chain
        }
        _ => {
            tracing::warn!(%media, %encoding, "unsupported remote stream, discarded");
            vec![make("fakesink")?]
        }
    };
    add_chain(pipeline, &chain)?;
    if media == "audio"
        && encoding == "OPUS"
        && probe_free
        && let Some(probe) = &probe
    {
        chain[chain.len() - 1]
            .link(probe)
            .map_err(|e| MediaError::Pipeline(e.to_string()))?;
    }
    for e in &chain {
        e.sync_state_with_parent()
            .map_err(|e| MediaError::Pipeline(e.to_string()))?;
    }
    let sink = chain[0]
        .static_pad("sink")
        .ok_or_else(|| MediaError::Pipeline("no sink pad".into()))?;
    pad.link(&sink)
        .map_err(|e| MediaError::Pipeline(format!("linking the remote stream: {e:?}")))?;
    Ok(())
}

/// Counts decoded remote audio buffers, and the audible ones (S16 peak above a floor).
fn count_audio(dec: &gst::Element, shared: &Arc<Shared>) {
    let Some(src) = dec.static_pad("src") else {
        return;
    };
    let weak = Arc::downgrade(shared);
    src.add_probe(gst::PadProbeType::BUFFER, move |_, info| {
        if let (Some(shared), Some(buffer)) = (weak.upgrade(), info.buffer()) {
            let audible = buffer.map_readable().is_ok_and(|map| {
                map.as_slice()
                    .chunks_exact(2)
                    .any(|s| i16::from_le_bytes([s[0], s[1]]).saturating_abs() > AUDIBLE_PEAK)
            });
            shared.counters.remote_audio(audible);
        }
        gst::PadProbeReturn::Ok
    });
}
