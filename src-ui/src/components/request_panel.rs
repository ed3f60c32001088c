//! A card's call request panel, as its view model says: "Call request sent · waiting for Alex"
//! with Cancel; "💌 Alex asks for a video call" with a button per proposed time (or "Call now"
//! and "Pick a time today") and Decline; "📅 Video call Tue 8:00 pm · in 12 min", counting down
//! live to "It's time! 💕", with Cancel. While an answer is sent its buttons are disabled.

use crate::services::clock::{self, Interval};
use crate::vm::call_requests::{
    CANCEL_LABEL, DECLINE_LABEL, PICK_TODAY_LABEL, PanelKind, RequestAction, pick_today,
    request_panel,
};
use crate::vm::match_actions::BUSY_LABEL;
use meetcute_domain::call_requests::{CallRequest, CallRequestStatus};
use meetcute_domain::{CallRequestId, UserId};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// How often a scheduled request's countdown redraws.
const COUNTDOWN_MILLIS: u32 = 1_000;
/// How often a pending request looks again at which times can still be picked.
const PENDING_MILLIS: u32 = 30_000;

/// A button of the panel was pressed: `done(true)` once the core took the answer,
/// `done(false)` after an error (shown as its toast), so the buttons come back.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestPress {
    pub request_id: CallRequestId,
    pub action: RequestAction,
    pub done: Callback<bool>,
}

#[derive(Properties, PartialEq)]
pub struct RequestPanelViewProps {
    pub request: CallRequest,
    pub me: UserId,
    /// The other person of the match.
    pub peer_id: UserId,
    pub peer: AttrValue,
    pub on_press: Callback<RequestPress>,
}

#[component]
pub fn RequestPanelView(props: &RequestPanelViewProps) -> Html {
    let now = use_state(clock::now);
    let busy = use_state(|| false);
    let picking = use_state(|| false);
    let time_text = use_state(String::new);
    let pick_error = use_state(|| None::<String>);
    let scheduled = props.request.status == CallRequestStatus::Scheduled;
    {
        let now = now.clone();
        use_effect_with((props.request.id, scheduled), move |(_, scheduled)| {
            now.set(clock::now());
            let millis = if *scheduled {
                COUNTDOWN_MILLIS
            } else {
                PENDING_MILLIS
            };
            let ticker = Interval::every(millis, Callback::from(move |_| now.set(clock::now())));
            move || {
                let _stop = ticker;
            }
        });
    }
    let offset = clock::local_offset();
    let Some(panel) = request_panel(
        &props.request,
        props.me,
        props.peer_id,
        &props.peer,
        *now,
        offset,
    ) else {
        return html! {};
    };
    let request_id = props.request.id;
    let press = |action: RequestAction| {
        let (on_press, busy) = (props.on_press.clone(), busy.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let busy = busy.clone();
            on_press.emit(RequestPress {
                request_id,
                action,
                done: Callback::from(move |_ok: bool| busy.set(false)),
            });
        })
    };
    let title_id = format!("request-{request_id}-title");
    let peer = props.peer.clone();
    let toggle_pick = {
        let (picking, pick_error) = (picking.clone(), pick_error.clone());
        Callback::from(move |_: MouseEvent| {
            pick_error.set(None);
            picking.set(!*picking);
        })
    };
    let on_time = {
        let time_text = time_text.clone();
        Callback::from(move |e: InputEvent| {
            time_text.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_pick = {
        let (on_press, busy, picking) = (props.on_press.clone(), busy.clone(), picking.clone());
        let (time_text, pick_error, request) =
            (time_text.clone(), pick_error.clone(), props.request.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            match pick_today(&time_text, &request, clock::now(), clock::local_offset()) {
                Ok(at) => {
                    pick_error.set(None);
                    busy.set(true);
                    let (busy, picking) = (busy.clone(), picking.clone());
                    on_press.emit(RequestPress {
                        request_id,
                        action: RequestAction::Accept {
                            slot: Some(at),
                            then_call: false,
                        },
                        done: Callback::from(move |ok: bool| {
                            busy.set(false);
                            if ok {
                                picking.set(false);
                            }
                        }),
                    });
                }
                Err(message) => pick_error.set(Some(message)),
            }
        })
    };
    let pick_form_id = format!("request-{request_id}-pick");
    let pick_error_id = format!("request-{request_id}-pick-error");
    let busy_now = *busy;
    html! {
        <section class={panel.class()} aria-labelledby={title_id.clone()} aria-busy={busy_now.to_string()}
            data-testid="request-panel">
            <p class="request-title" id={title_id}>
                { panel.title.clone() }
                if let Some(countdown) = &panel.countdown {
                    <span aria-hidden="true">{ " · " }</span>
                    <span class={if panel.kind == PanelKind::Due { "request-countdown due" } else { "request-countdown" }}
                        role="timer" data-testid="request-countdown">
                        { countdown.clone() }
                    </span>
                }
            </p>
            if let Some(detail) = &panel.detail {
                <p class="request-detail">{ detail.clone() }</p>
            }
            if !panel.choices.is_empty() || panel.pick_today || panel.decline || panel.cancel {
                <div class="request-actions" role="group" aria-label={format!("Answer {peer}")}>
                    for choice in panel.choices.iter() {
                        <button type="button" class="accept" key={choice.test_id.clone()}
                            disabled={!choice.enabled || busy_now}
                            aria-label={format!("{} for the video call with {peer}", choice.label)}
                            data-testid={choice.test_id.clone()} onclick={press(choice.action)}>
                            { choice.label.clone() }
                        </button>
                    }
                    if panel.pick_today {
                        <button type="button" class="secondary" aria-expanded={picking.to_string()}
                            aria-controls={pick_form_id.clone()} disabled={busy_now}
                            data-testid="request-pick-today" onclick={toggle_pick}>
                            { PICK_TODAY_LABEL }
                        </button>
                    }
                    if panel.decline {
                        <button type="button" class="pass" disabled={busy_now}
                            aria-label={format!("Decline {peer}'s call request")}
                            data-testid="request-decline" onclick={press(RequestAction::Decline)}>
                            { DECLINE_LABEL }
                        </button>
                    }
                    if panel.cancel {
                        <button type="button" class="link" disabled={busy_now}
                            aria-label={format!("{CANCEL_LABEL} the call request with {peer}")}
                            data-testid="request-cancel" onclick={press(RequestAction::Cancel)}>
                            { if busy_now { BUSY_LABEL } else { CANCEL_LABEL } }
                        </button>
                    }
                </div>
            }
            if panel.pick_today && *picking {
                <form class="pick-today" id={pick_form_id} onsubmit={on_pick} novalidate=true>
                    <label for={format!("request-{request_id}-time")}>{ "Time today" }</label>
                    <input type="time" id={format!("request-{request_id}-time")} required=true
                        value={(*time_text).clone()} oninput={on_time} disabled={busy_now}
                        aria-invalid={pick_error.is_some().to_string()}
                        aria-describedby={pick_error.as_ref().map(|_| pick_error_id.clone())}
                        data-testid="request-pick-time" />
                    <button type="submit" class="accept" disabled={busy_now}
                        data-testid="request-pick-send">
                        { "Set time" }
                    </button>
                    if let Some(error) = pick_error.as_ref() {
                        <small id={pick_error_id} class="field-error" role="alert">{ error.clone() }</small>
                    }
                </form>
            }
        </section>
    }
}
