//! The JPEG tail of a video branch: raw frames in, [`Frame`]s out through the callback.
//!
//! `queue (leaky) → videoconvert → jpegenc → appsink`: a slow consumer drops frames
//! instead of stalling the call.

use std::sync::Arc;

use gst::prelude::*;

use crate::engine::Shared;
use crate::error::MediaError;
use crate::events::{Frame, FrameSource, MediaEvent};
use crate::pipeline::make;

/// JPEG quality of the frames handed to the UI.
const JPEG_QUALITY: i32 = 80;

/// Builds the tail; the caller adds the elements to the pipeline and links to the first.
pub(crate) fn jpeg_tail(
    shared: &Arc<Shared>,
    source: FrameSource,
) -> Result<Vec<gst::Element>, MediaError> {
    let queue = make("queue")?;
    queue.set_property_from_str("leaky", "downstream");
    queue.set_property("max-size-buffers", 2u32);
    queue.set_property("max-size-time", 0u64);
    queue.set_property("max-size-bytes", 0u32);
    let convert = make("videoconvert")?;
    let jpeg = make("jpegenc")?;
    jpeg.set_property("quality", JPEG_QUALITY);
    let sink = gst_app::AppSink::builder()
        .sync(false)
        .max_buffers(1)
        .drop(true)
        .build();
    let weak = Arc::downgrade(shared);
    sink.set_callbacks(
        gst_app::AppSinkCallbacks::builder()
            .new_sample(move |sink| {
                let sample = sink.pull_sample().map_err(|_| gst::FlowError::Eos)?;
                let Some(shared) = weak.upgrade() else {
                    return Err(gst::FlowError::Flushing);
                };
                deliver(&shared, source, &sample);
                Ok(gst::FlowSuccess::Ok)
            })
            .build(),
    );
    Ok(vec![queue, convert, jpeg, sink.upcast()])
}

fn deliver(shared: &Shared, source: FrameSource, sample: &gst::Sample) {
    if shared.is_ended() {
        return;
    }
    match source {
        FrameSource::Local => shared.counters.local_frame(),
        FrameSource::Remote => {
            if shared.counters.remote_frame() {
                tracing::info!(after = ?shared.counters.snapshot().first_remote_frame, "first remote frame");
                shared.callbacks.event(MediaEvent::RemoteVideoStarted);
            }
        }
    }
    if !shared.callbacks.wants_frames() {
        return;
    }
    let (Some(buffer), Some(caps)) = (sample.buffer(), sample.caps()) else {
        return;
    };
    let Some(s) = caps.structure(0) else { return };
    let dim = |name| {
        s.get::<i32>(name)
            .ok()
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0)
    };
    let Ok(map) = buffer.map_readable() else {
        return;
    };
    shared.callbacks.frame(Frame {
        source,
        width: dim("width"),
        height: dim("height"),
        jpeg: map.as_slice().to_vec(),
    });
}
