//! "Ask Alex for a call": up to three proposed times in local time (quick picks, or a date and
//! time typed in), or "Whenever you're free today". Sending checks the form first; what is wrong
//! is said on the form and nothing is sent. Escape or Cancel closes it; "Send request 💌" shows
//! "…" while the command runs.

use super::focus::{dialog_keys, take_focus, unless_busy};
use crate::services::clock;
use crate::vm::ask::{
    ANY_TIME_LABEL, AskForm, AskMode, QuickPick, SEND_LABEL, ask_view, input_value, quick_picks,
};
use crate::vm::match_actions::{BUSY_LABEL, CANCEL_LABEL};
use chrono::Duration;
use meetcute_domain::MatchStatus;
use meetcute_domain::call_requests::{MAX_DAYS_AHEAD, MAX_SLOTS, NewCallRequest};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AskDialogProps {
    /// The person asked.
    pub name: AttrValue,
    /// The match's status (the request is checked against it before it is sent).
    pub status: MatchStatus,
    /// The form to start from (empty when it opens).
    #[prop_or_default]
    pub initial: AskForm,
    #[prop_or_default]
    pub busy: bool,
    /// A checked request, ready to send.
    pub on_submit: Callback<NewCallRequest>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn AskDialog(props: &AskDialogProps) -> Html {
    let form = use_state({
        let initial = props.initial.clone();
        move || initial
    });
    let error = use_state(|| None::<String>);
    // The quick picks are those of the moment the dialog opened.
    let opened = use_state(clock::now);
    let first_ref = use_node_ref();
    let submit_ref = use_node_ref();
    {
        let first_ref = first_ref.clone();
        use_effect_with((), move |_| take_focus(&first_ref));
    }
    let busy = props.busy;
    let offset = clock::local_offset();
    let now = *opened;
    let view = ask_view(&props.name);
    let picks = quick_picks(now, offset);

    let set_mode = |mode: AskMode| {
        let (form, error) = (form.clone(), error.clone());
        Callback::from(move |_: Event| {
            error.set(None);
            form.set(AskForm {
                mode,
                ..(*form).clone()
            });
        })
    };
    let on_custom = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let custom = e.target_unchecked_into::<HtmlInputElement>().value();
            form.set(AskForm {
                custom,
                ..(*form).clone()
            });
        })
    };
    let add_custom = {
        let (form, error) = (form.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            match next.add_custom(clock::now(), clock::local_offset()) {
                Ok(()) => {
                    error.set(None);
                    form.set(next);
                }
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let on_submit = {
        let (form, error, on_submit, status) = (
            form.clone(),
            error.clone(),
            props.on_submit.clone(),
            props.status,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if busy {
                return;
            }
            match form.to_request(status, clock::now()) {
                Ok(request) => {
                    error.set(None);
                    on_submit.emit(request);
                }
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let cancel = unless_busy(busy, &props.on_cancel);
    let on_key = dialog_keys(busy, &props.on_cancel, &first_ref, &submit_ref);
    let times = form.mode == AskMode::Times;
    let labels = form.slot_labels(now, offset);
    let error_id = "ask-error";
    html! {
        <div class="modal-backdrop">
            <div class="modal ask" role="dialog" aria-modal="true"
                aria-labelledby="ask-title" aria-describedby="ask-text"
                aria-busy={busy.to_string()} onkeydown={on_key} data-testid="ask-dialog">
                <h2 id="ask-title">{ view.title.clone() }</h2>
                <p id="ask-text">{ view.text.clone() }</p>
                <form class="ask-form" onsubmit={on_submit} novalidate=true
                    aria-describedby={error.as_ref().map(|_| error_id)}>
                    <fieldset class="field ask-mode">
                        <legend>{ "When?" }</legend>
                        <div class="check">
                            <input type="radio" name="ask-mode" id="ask-mode-times" ref={first_ref}
                                checked={times} disabled={busy} onchange={set_mode(AskMode::Times)} />
                            <label for="ask-mode-times">{ "Propose times" }</label>
                        </div>
                        <div class="check">
                            <input type="radio" name="ask-mode" id="ask-mode-any" checked={!times}
                                disabled={busy} onchange={set_mode(AskMode::AnyTimeToday)}
                                data-testid="ask-any-time" />
                            <label for="ask-mode-any">{ ANY_TIME_LABEL }</label>
                        </div>
                    </fieldset>
                    if times {
                        <div class="quick-picks" role="group" aria-label="Quick picks">
                            for (i, pick) in picks.iter().enumerate() {
                                { quick_pick(i, pick, &form, &error, busy) }
                            }
                        </div>
                        <div class="field">
                            <label for="ask-custom">{ "Another time" }</label>
                            <div class="inline">
                                <input type="datetime-local" id="ask-custom" value={form.custom.clone()}
                                    min={input_value(now, offset)}
                                    max={input_value(now + Duration::days(MAX_DAYS_AHEAD), offset)}
                                    disabled={busy || form.is_full()} oninput={on_custom}
                                    aria-describedby="ask-custom-hint" data-testid="ask-custom-time" />
                                <button type="button" class="secondary" disabled={busy || form.is_full()}
                                    onclick={add_custom} data-testid="ask-add-time">
                                    { "Add" }
                                </button>
                            </div>
                            <small id="ask-custom-hint" class="hint">
                                { format!("In your local time, within the next {MAX_DAYS_AHEAD} days.") }
                            </small>
                        </div>
                        <div class="picked-times">
                            <p class="hint" aria-live="polite" data-testid="ask-count">
                                { format!("{} of {MAX_SLOTS} times picked", form.slots.len()) }
                            </p>
                            if !labels.is_empty() {
                                <ul class="picked" aria-label="Proposed times">
                                    for (i, label) in labels.iter().enumerate() {
                                        { picked(i, label, &form, busy) }
                                    }
                                </ul>
                            }
                        </div>
                    }
                    if let Some(message) = error.as_ref() {
                        <p id={error_id} class="field-error" role="alert">{ message.clone() }</p>
                    }
                    <div class="modal-actions">
                        <button type="button" class="secondary" disabled={busy} onclick={cancel}
                            data-testid="ask-cancel">
                            { CANCEL_LABEL }
                        </button>
                        <button type="submit" class="primary" ref={submit_ref} disabled={busy}
                            aria-label={busy.then(|| format!("{SEND_LABEL}: in progress"))}
                            data-testid="ask-send">
                            { if busy { BUSY_LABEL } else { SEND_LABEL } }
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// A quick pick: a toggle button ("In 1 hour", with "Today 3:10 pm" under it).
fn quick_pick(
    index: usize,
    pick: &QuickPick,
    form: &UseStateHandle<AskForm>,
    error: &UseStateHandle<Option<String>>,
    busy: bool,
) -> Html {
    let at = pick.at;
    let chosen = form.has(at);
    let onclick = {
        let (form, error) = (form.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            match next.toggle(at) {
                Ok(()) => {
                    error.set(None);
                    form.set(next);
                }
                Err(message) => error.set(Some(message)),
            }
        })
    };
    html! {
        <button type="button" class="chip" aria-pressed={chosen.to_string()}
            disabled={busy || (form.is_full() && !chosen)}
            data-testid={format!("ask-quick-{index}")} {onclick}>
            <span class="chip-label">{ pick.label }</span>
            if let Some(hint) = &pick.hint {
                <small>{ hint.clone() }</small>
            }
        </button>
    }
}

/// A proposed time in the list, with its remove button.
fn picked(index: usize, label: &str, form: &UseStateHandle<AskForm>, busy: bool) -> Html {
    let onclick = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.remove(index);
            form.set(next);
        })
    };
    html! {
        <li key={label.to_owned()}>
            <span>{ label.to_owned() }</span>
            <button type="button" class="remove" aria-label={format!("Remove {label}")}
                disabled={busy} data-testid={format!("ask-remove-{index}")} {onclick}>
                { "×" }
            </button>
        </li>
    }
}
