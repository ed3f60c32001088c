//! The call screen: the other person large, me small, the first-call countdown, mute,
//! camera, hang up, and why the call ended. Without a media engine the video areas say
//! "video unavailable" instead of showing anything fake.

use crate::actions;
use crate::hooks::use_app;
use crate::services::clock::{self, Interval};
use crate::services::media::{
    self, Availability, LOCAL_SURFACE, MediaNotice, REMOTE_SURFACE, Surface,
};
use crate::state::Action;
use crate::vm::call::{NextStep, call_screen_view};
use crate::vm::messages::media_notice_toast;
use meetcute_domain::CallStatus;
use yew::prelude::*;

/// How often the countdown redraws.
const TICK_MILLIS: u32 = 250;

#[component]
pub fn CallScreen() -> Html {
    let app = use_app();
    let now = use_state(clock::now);
    let live = app.call.as_ref().is_some_and(|c| c.status.is_live());
    {
        let now = now.clone();
        use_effect_with(live, move |live| {
            let ticker = live.then(|| {
                Interval::every(TICK_MILLIS, Callback::from(move |_| now.set(clock::now())))
            });
            move || {
                let _stop = ticker;
            }
        });
    }
    // The media engine follows the session: begin once active, end when it is over.
    let active = app
        .call
        .as_ref()
        .filter(|c| c.status == CallStatus::Active)
        .map(|c| (c.session_id, c.role));
    let notices = {
        let dispatch = app.dispatcher();
        Callback::from(move |notice: MediaNotice| {
            if let Some((tone, text)) = media_notice_toast(&notice) {
                dispatch.dispatch(Action::Toast(tone, text));
            }
        })
    };
    use_effect_with(active, move |active| {
        if let Some((session_id, role)) = *active {
            media::engine(|e| e.begin(session_id, role, notices));
        }
        let began = active.is_some();
        move || {
            if began {
                media::engine(|e| e.end());
            }
        }
    });

    let Some(call) = app.call.clone() else {
        return html! {};
    };
    let view = call_screen_view(&call, *now);
    let availability = media::engine(|e| e.availability());
    let dispatch = app.dispatcher();
    let id = call.session_id;
    let hang_up = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| actions::hang_up(&dispatch, id))
    };
    let toggle_mute = {
        let dispatch = dispatch.clone();
        let muted = !call.muted;
        Callback::from(move |_: MouseEvent| {
            media::engine(|e| e.set_muted(muted));
            dispatch.dispatch(Action::ToggleMute);
        })
    };
    let toggle_camera = {
        let dispatch = dispatch.clone();
        let off = !call.camera_off;
        Callback::from(move |_: MouseEvent| {
            media::engine(|e| e.set_camera_off(off));
            dispatch.dispatch(Action::ToggleCamera);
        })
    };
    let close = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::CloseCall))
    };
    html! {
        <section class="call-screen" role="dialog" aria-modal="true" aria-labelledby="call-title"
            data-testid="call-screen" data-status={format!("{:?}", call.status).to_lowercase()}>
            <h2 id="call-title" class="visually-hidden">{ view.title.clone() }</h2>
            <div class="remote-video" aria-label={format!("{}'s video", call.peer_name)}>
                { video_area(availability, &call.peer_name, false) }
            </div>
            <div class="self-preview" aria-label="Your camera preview">
                { if call.camera_off { html! { <span>{ "Camera off" }</span> } } else { video_area(availability, "You", true) } }
            </div>
            <div class="call-info">
                <p class="phase" role="status" aria-live="polite" data-testid="call-phase">{ view.phase.clone() }</p>
                if let Some(countdown) = &view.countdown {
                    <p class={classes!("countdown", countdown.urgent.then_some("urgent"))}
                        aria-label={format!("{} seconds left", countdown.seconds_left)}
                        data-testid="countdown">
                        { countdown.text.clone() }
                    </p>
                }
            </div>
            <div class="call-controls">
                if view.live {
                    <button type="button" class="control" aria-pressed={call.muted.to_string()}
                        onclick={toggle_mute}>{ view.mute_label }</button>
                    <button type="button" class="control" aria-pressed={call.camera_off.to_string()}
                        onclick={toggle_camera}>{ view.camera_label }</button>
                    <button type="button" class="control hang-up" onclick={hang_up}
                        aria-label={format!("Hang up the call with {}", call.peer_name)}>{ "Hang up" }</button>
                }
                { match view.next {
                    Some(NextStep::Decide) => html! {
                        <button type="button" class="primary" onclick={close} autofocus=true
                            data-testid="continue">{ "Continue ❤️" }</button>
                    },
                    Some(NextStep::Close) => html! {
                        <button type="button" class="primary" onclick={close} autofocus=true
                            data-testid="continue">{ "Back to matches" }</button>
                    },
                    None => html! {},
                } }
            </div>
        </section>
    }
}

fn video_area(availability: Availability, who: &str, compact: bool) -> Html {
    match availability {
        // The engine draws into these by id; until the first picture the label shows.
        Availability::Video(surface) => {
            let (id, testid) = if compact {
                (LOCAL_SURFACE, "local-video")
            } else {
                (REMOTE_SURFACE, "remote-video")
            };
            let waiting = if compact {
                "Starting camera…".to_owned()
            } else {
                format!("Connecting video with {who}…")
            };
            let label = format!("{who}'s video");
            html! {
                <div class="video-surface">
                    <span class="waiting">{ waiting }</span>
                    { match surface {
                        Surface::Image => html! { <img id={id} data-testid={testid} alt={label} /> },
                        // My own preview is muted: no echo of my voice.
                        Surface::Stream => html! {
                            <video id={id} data-testid={testid} aria-label={label}
                                autoplay=true playsinline=true muted={compact}></video>
                        },
                    } }
                </div>
            }
        }
        Availability::Unavailable { reason } => html! {
            <div class="video-unavailable" data-testid="video-unavailable">
                <span class="who">{ who.to_owned() }</span>
                <span class="reason">{ if compact { "Video unavailable" } else { reason } }</span>
            </div>
        },
    }
}
