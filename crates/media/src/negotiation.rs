//! Offer/answer and trickle ICE on `webrtcbin`, with perfect-negotiation roles.
//!
//! The impolite side (caller) offers as soon as its sending pads know their caps, and
//! ignores a peer offer that collides with its own. The polite side (callee) never offers
//! (`webrtcbin` 1.22 has no tested rollback), so it never has to roll back: it answers,
//! and asks for renegotiation with a `restart` signal.

use std::sync::Arc;

use gst::prelude::*;
use gst_webrtc::{WebRTCSDPType, WebRTCSessionDescription, WebRTCSignalingState};

use crate::config::Role;
use crate::engine::Shared;
use crate::error::MediaError;
use crate::events::MediaEvent;
use crate::signal::{IcePayload, Signal};
use crate::stats::lock;

/// The negotiation's mutable state (behind `Shared::neg`).
#[derive(Debug, Default)]
pub(crate) struct Negotiation {
    /// Between `create-offer` and the end of `set-local-description`.
    making_offer: bool,
    /// The last remote offer was ignored (collision): drop its candidates too.
    ignore_offer: bool,
    /// The sending pads have caps; before that, incoming signals wait in `pending`.
    ready: bool,
    pending: Vec<Signal>,
}

/// What to do with a remote offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OfferAction {
    Accept,
    /// Impolite side, offer collision: our own offer wins.
    Ignore,
}

/// Perfect negotiation's rule for a remote offer.
pub(crate) fn offer_action(role: Role, making_offer: bool, stable: bool) -> OfferAction {
    let collision = making_offer || !stable;
    if collision && role == Role::Impolite {
        OfferAction::Ignore
    } else {
        OfferAction::Accept
    }
}

/// The sending pads know their caps: the impolite side offers, waiting signals are handled.
pub(crate) fn on_ready(shared: &Arc<Shared>, webrtc: &gst::Element) {
    let pending = {
        let mut neg = lock(&shared.neg);
        if neg.ready {
            return;
        }
        neg.ready = true;
        std::mem::take(&mut neg.pending)
    };
    tracing::debug!(role = ?shared.role, waiting = pending.len(), "media ready");
    if shared.role == Role::Impolite {
        make_offer(shared, webrtc);
    }
    for signal in pending {
        if let Err(e) = handle(shared, webrtc, signal) {
            tracing::warn!(error = %e, "queued signal rejected");
        }
    }
}

/// Checks what can be checked before the signal is queued (SDP syntax, candidate line).
pub(crate) fn validate(signal: &Signal) -> Result<(), MediaError> {
    match signal {
        Signal::Offer(sdp) => parse_sdp("offer", sdp).map(drop),
        Signal::Answer(sdp) => parse_sdp("answer", sdp).map(drop),
        Signal::Ice(c) => {
            let line = c.candidate.trim().trim_start_matches("a=");
            if line.is_empty() {
                Ok(())
            } else if !line.starts_with("candidate:") {
                Err(MediaError::bad("ice", "not an ICE candidate line"))
            } else if c.sdp_mline_index.is_none() && c.sdp_mid.is_none() {
                Err(MediaError::bad("ice", "neither sdpMLineIndex nor sdpMid"))
            } else {
                Ok(())
            }
        }
        Signal::Restart => Ok(()),
    }
}

/// Handles a decoded signal from the peer (or queues it until the pads are ready).
pub(crate) fn handle(
    shared: &Arc<Shared>,
    webrtc: &gst::Element,
    signal: Signal,
) -> Result<(), MediaError> {
    {
        let mut neg = lock(&shared.neg);
        if !neg.ready {
            neg.pending.push(signal);
            return Ok(());
        }
    }
    match signal {
        Signal::Offer(sdp) => on_offer(shared, webrtc, &sdp),
        Signal::Answer(sdp) => on_answer(shared, webrtc, &sdp),
        Signal::Ice(c) => on_ice(shared, webrtc, &c),
        Signal::Restart => {
            on_restart(shared, webrtc);
            Ok(())
        }
    }
}

fn signaling_state(webrtc: &gst::Element) -> WebRTCSignalingState {
    webrtc.property::<WebRTCSignalingState>("signaling-state")
}

/// Parses an SDP, refusing text that has no media section (GStreamer's parser is lenient).
fn parse_sdp(kind: &'static str, sdp: &str) -> Result<gst_sdp::SDPMessage, MediaError> {
    if !sdp.starts_with("v=0") {
        return Err(MediaError::bad(kind, "not an SDP (no v=0 line)"));
    }
    let msg = gst_sdp::SDPMessage::parse_buffer(sdp.as_bytes())
        .map_err(|e| MediaError::bad(kind, e.to_string()))?;
    if msg.medias_len() == 0 {
        return Err(MediaError::bad(kind, "the SDP has no media section"));
    }
    Ok(msg)
}

/// A reply's error, if the promise failed or carried one.
fn reply_error(reply: &Result<Option<&gst::StructureRef>, gst::PromiseError>) -> Option<String> {
    match reply {
        Err(e) => Some(format!("{e:?}")),
        Ok(Some(s)) if s.has_field("error") => Some(
            s.get::<gst::glib::Error>("error")
                .map_or_else(|_| s.to_string(), |e| e.to_string()),
        ),
        Ok(_) => None,
    }
}

fn make_offer(shared: &Arc<Shared>, webrtc: &gst::Element) {
    lock(&shared.neg).making_offer = true;
    let (weak, sh) = (webrtc.downgrade(), shared.clone());
    let promise = gst::Promise::with_change_func(move |reply| {
        let Some(webrtc) = weak.upgrade() else { return };
        let offer = match reply {
            Ok(Some(s)) => s.get::<WebRTCSessionDescription>("offer").ok(),
            _ => None,
        };
        let Some(offer) = offer else {
            lock(&sh.neg).making_offer = false;
            fail(
                &sh,
                format!("could not create an offer: {:?}", reply_error(&reply)),
            );
            return;
        };
        publish_and_set_local(&sh, &webrtc, &offer, Signal::Offer);
    });
    webrtc.emit_by_name::<()>("create-offer", &[&None::<gst::Structure>, &promise]);
}

/// Sends the SDP first (so it precedes its candidates), then sets it locally.
fn publish_and_set_local(
    shared: &Arc<Shared>,
    webrtc: &gst::Element,
    desc: &WebRTCSessionDescription,
    wrap: fn(String) -> Signal,
) {
    match desc.sdp().as_text() {
        Ok(text) => shared.send(wrap(text)),
        Err(e) => return fail(shared, format!("could not write our SDP: {e}")),
    }
    let sh = shared.clone();
    let done = gst::Promise::with_change_func(move |reply| {
        lock(&sh.neg).making_offer = false;
        if let Some(e) = reply_error(&reply) {
            fail(&sh, format!("set-local-description failed: {e}"));
        }
    });
    webrtc.emit_by_name::<()>("set-local-description", &[desc, &done]);
}

fn on_offer(shared: &Arc<Shared>, webrtc: &gst::Element, sdp: &str) -> Result<(), MediaError> {
    let msg = parse_sdp("offer", sdp)?;
    let stable = signaling_state(webrtc) == WebRTCSignalingState::Stable;
    {
        let mut neg = lock(&shared.neg);
        let action = offer_action(shared.role, neg.making_offer, stable);
        neg.ignore_offer = action == OfferAction::Ignore;
        if action == OfferAction::Ignore {
            tracing::info!("offer collision: ignoring the peer's offer (impolite)");
            return Ok(());
        }
    }
    let desc = WebRTCSessionDescription::new(WebRTCSDPType::Offer, msg);
    let (weak, sh) = (webrtc.downgrade(), shared.clone());
    let promise = gst::Promise::with_change_func(move |reply| {
        let Some(webrtc) = weak.upgrade() else { return };
        if let Some(e) = reply_error(&reply) {
            return fail(&sh, format!("the peer's offer was refused: {e}"));
        }
        create_answer(&sh, &webrtc);
    });
    webrtc.emit_by_name::<()>("set-remote-description", &[&desc, &promise]);
    Ok(())
}

fn create_answer(shared: &Arc<Shared>, webrtc: &gst::Element) {
    let (weak, sh) = (webrtc.downgrade(), shared.clone());
    let promise = gst::Promise::with_change_func(move |reply| {
        let Some(webrtc) = weak.upgrade() else { return };
        let answer = match reply {
            Ok(Some(s)) => s.get::<WebRTCSessionDescription>("answer").ok(),
            _ => None,
        };
        match answer {
            Some(answer) => publish_and_set_local(&sh, &webrtc, &answer, Signal::Answer),
            None => fail(
                &sh,
                format!("could not create an answer: {:?}", reply_error(&reply)),
            ),
        }
    });
    webrtc.emit_by_name::<()>("create-answer", &[&None::<gst::Structure>, &promise]);
}

fn on_answer(shared: &Arc<Shared>, webrtc: &gst::Element, sdp: &str) -> Result<(), MediaError> {
    let msg = parse_sdp("answer", sdp)?;
    let state = signaling_state(webrtc);
    if state != WebRTCSignalingState::HaveLocalOffer && !lock(&shared.neg).making_offer {
        tracing::info!(?state, "answer without a pending offer, ignored");
        return Ok(());
    }
    let desc = WebRTCSessionDescription::new(WebRTCSDPType::Answer, msg);
    let sh = shared.clone();
    let promise = gst::Promise::with_change_func(move |reply| {
        if let Some(e) = reply_error(&reply) {
            fail(&sh, format!("the peer's answer was refused: {e}"));
        }
    });
    webrtc.emit_by_name::<()>("set-remote-description", &[&desc, &promise]);
    Ok(())
}

fn on_ice(shared: &Arc<Shared>, webrtc: &gst::Element, c: &IcePayload) -> Result<(), MediaError> {
    if lock(&shared.neg).ignore_offer {
        return Ok(());
    }
    let candidate = c.candidate.trim().trim_start_matches("a=");
    if candidate.is_empty() {
        return Ok(()); // end of candidates
    }
    let mline = match (c.sdp_mline_index, &c.sdp_mid) {
        (Some(i), _) => i,
        (None, Some(mid)) => mline_of_mid(webrtc, mid)
            .ok_or_else(|| MediaError::bad("ice", format!("unknown sdpMid {mid}")))?,
        (None, None) => return Err(MediaError::bad("ice", "neither sdpMLineIndex nor sdpMid")),
    };
    webrtc.emit_by_name::<()>("add-ice-candidate", &[&mline, &candidate]);
    Ok(())
}

fn mline_of_mid(webrtc: &gst::Element, mid: &str) -> Option<u32> {
    let desc = webrtc.property::<Option<WebRTCSessionDescription>>("remote-description")?;
    let sdp = desc.sdp();
    (0..sdp.medias_len()).find(|&i| sdp.media(i).and_then(|m| m.attribute_val("mid")) == Some(mid))
}

fn on_restart(shared: &Arc<Shared>, webrtc: &gst::Element) {
    if shared.role == Role::Polite {
        tracing::debug!("restart request ignored: only the impolite side renegotiates");
        return;
    }
    let state = signaling_state(webrtc);
    if lock(&shared.neg).making_offer || state != WebRTCSignalingState::Stable {
        tracing::info!(?state, "restart request while negotiating: coalesced");
        return;
    }
    // GStreamer 1.22's webrtcbin cannot restart ICE (no `ice-restart` offer option).
    tracing::warn!("ICE restart requested, but webrtcbin 1.22 cannot restart ICE");
    shared.callbacks.event(MediaEvent::Error(
        "the connection cannot be restarted by this engine; it recovers on its own or ends".into(),
    ));
}

/// `webrtcbin` found a local candidate: send it with its mid (from our local description).
pub(crate) fn on_local_candidate(
    shared: &Arc<Shared>,
    webrtc: &gst::Element,
    mline: u32,
    candidate: String,
) {
    let mid = webrtc
        .property::<Option<WebRTCSessionDescription>>("local-description")
        .and_then(|d| {
            d.sdp()
                .media(mline)
                .and_then(|m| m.attribute_val("mid"))
                .map(str::to_owned)
        });
    shared.send(Signal::Ice(IcePayload {
        candidate,
        sdp_mline_index: Some(mline),
        sdp_mid: mid,
    }));
}

fn fail(shared: &Shared, message: String) {
    tracing::warn!(%message, "negotiation error");
    shared.callbacks.event(MediaEvent::Error(message));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impolite_ignores_colliding_offers() {
        assert_eq!(
            offer_action(Role::Impolite, true, true),
            OfferAction::Ignore
        );
        assert_eq!(
            offer_action(Role::Impolite, false, false),
            OfferAction::Ignore
        );
        assert_eq!(
            offer_action(Role::Impolite, false, true),
            OfferAction::Accept
        );
    }

    #[test]
    fn polite_always_accepts() {
        for (making, stable) in [(true, true), (false, false), (false, true)] {
            assert_eq!(
                offer_action(Role::Polite, making, stable),
                OfferAction::Accept
            );
        }
    }

    #[test]
    fn sdp_without_media_or_version_is_refused() {
        gst::init().unwrap();
        assert!(parse_sdp("offer", "hello").is_err());
        assert!(parse_sdp("offer", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n").is_err());
    }
}
