//! "Calls" on the profile page: the "Available for calls" switch (off until switched back on, or
//! until tomorrow morning), "Hide when I'm online", and "Start Meetcute when I log in". Each
//! change is sent at once; the control shows the wanted state while it is sent and the state
//! the shell answered once it is back (the old one after an error, whose toast says why).

use crate::components::loading::Loading;
use crate::hooks::use_app;
use crate::services::{clock, commands, events};
use crate::state::Action;
use crate::vm::availability::{
    AUTOSTART_HINT, AUTOSTART_LABEL, HIDE_PRESENCE_HINT, HIDE_PRESENCE_LABEL, SWITCH_LABEL,
    UNTIL_MORNING_LABEL, UNTIL_SWITCHED_ON_LABEL, availability_view, next_morning,
    off_until_morning, switched, with_hidden_presence,
};
use crate::vm::messages::{Tone, error_message};
use crate::vm::words::time_of_day;
use meetcute_domain::availability::Availability;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The availability as loaded from the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Loaded {
    Loading,
    Failed(String),
    Ready(Availability),
}

#[derive(Properties, PartialEq)]
pub struct AvailabilitySettingsProps {
    /// What to show before the shell answers (tests render any state; the app loads it).
    #[prop_or_default]
    pub initial: Option<Availability>,
    #[prop_or_default]
    pub initial_autostart: Option<bool>,
}

#[component]
pub fn AvailabilitySettings(props: &AvailabilitySettingsProps) -> Html {
    let app = use_app();
    let loaded = use_state(|| props.initial.map_or(Loaded::Loading, Loaded::Ready));
    // While a change is sent: what was asked for (shown meanwhile).
    let pending = use_state(|| None::<Availability>);
    // Start at login: `None` while loading; an error keeps the switch disabled with its reason.
    let autostart = use_state(|| props.initial_autostart.map(Ok::<bool, String>));
    let autostart_pending = use_state(|| None::<bool>);
    let attempt = use_state(|| 0_u32);
    {
        let (loaded, autostart) = (loaded.clone(), autostart.clone());
        use_effect_with(*attempt, move |attempt| {
            if *attempt > 0 {
                loaded.set(Loaded::Loading);
            }
            spawn_local(async move {
                match commands::availability().await {
                    Ok(availability) => loaded.set(Loaded::Ready(availability)),
                    Err(error) => loaded.set(Loaded::Failed(error_message(&error))),
                }
            });
            spawn_local(async move {
                let enabled = commands::autostart_enabled().await;
                autostart.set(Some(enabled.map_err(|e| e.message)));
            });
        });
    }
    // Switched from the tray while this page is open: show what the server now holds.
    {
        let loaded = loaded.clone();
        use_effect_with((), move |_| {
            let on_change = Callback::from(move |availability| {
                loaded.set(Loaded::Ready(availability));
            });
            let subscription = events::listen_availability(on_change);
            move || drop(subscription)
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
    };
    let heading = html! { <h2 id="calls-title">{ "Calls" }</h2> };
    let current = match &*loaded {
        Loaded::Loading => {
            return html! {
                <section class="card availability" aria-labelledby="calls-title">
                    { heading }
                    <Loading label="Loading your call settings…" />
                </section>
            };
        }
        Loaded::Failed(message) => {
            return html! {
                <section class="card availability" aria-labelledby="calls-title"
                    data-testid="availability-settings">
                    { heading }
                    <p class="field-error" role="alert">
                        { format!("Couldn't load your call settings. {message}") }
                    </p>
                    <button type="button" class="secondary" onclick={retry}>{ "Try again" }</button>
                </section>
            };
        }
        Loaded::Ready(availability) => *availability,
    };
    let dispatch = app.dispatcher();
    let saving = pending.is_some();
    let shown = pending.unwrap_or(current);
    let now = clock::now();
    let offset = clock::local_offset();
    let view = availability_view(&shown, now, offset);

    let save = {
        let (loaded, pending, dispatch) = (loaded.clone(), pending.clone(), dispatch.clone());
        Callback::from(move |wanted: Availability| {
            if pending.is_some() {
                return;
            }
            pending.set(Some(wanted));
            let (loaded, pending, dispatch) = (loaded.clone(), pending.clone(), dispatch.clone());
            spawn_local(async move {
                match commands::set_availability(wanted).await {
                    Ok(now_held) => loaded.set(Loaded::Ready(now_held)),
                    Err(error) => dispatch.dispatch(Action::Failed(error)),
                }
                pending.set(None);
            });
        })
    };
    let checked = |e: &Event| e.target_unchecked_into::<HtmlInputElement>().checked();
    let on_switch = {
        let save = save.clone();
        Callback::from(move |e: Event| save.emit(switched(&current, checked(&e))))
    };
    let until_morning = {
        let (save, dispatch) = (save.clone(), dispatch.clone());
        move || match off_until_morning(&current, clock::now(), clock::local_offset()) {
            Ok(wanted) => save.emit(wanted),
            Err(message) => dispatch.dispatch(Action::Toast(Tone::Error, message)),
        }
    };
    let on_until_morning_button = {
        let until_morning = until_morning.clone();
        Callback::from(move |_: MouseEvent| until_morning())
    };
    let on_off_open = {
        let save = save.clone();
        Callback::from(move |_: Event| save.emit(switched(&current, false)))
    };
    let on_off_morning = Callback::from(move |_: Event| until_morning());
    let on_hide = {
        let save = save.clone();
        Callback::from(move |e: Event| save.emit(with_hidden_presence(&current, checked(&e))))
    };
    let on_autostart = {
        let (autostart, autostart_pending, dispatch) = (
            autostart.clone(),
            autostart_pending.clone(),
            dispatch.clone(),
        );
        Callback::from(move |e: Event| {
            if autostart_pending.is_some() {
                return;
            }
            let wanted = e.target_unchecked_into::<HtmlInputElement>().checked();
            autostart_pending.set(Some(wanted));
            let (autostart, autostart_pending, dispatch) = (
                autostart.clone(),
                autostart_pending.clone(),
                dispatch.clone(),
            );
            spawn_local(async move {
                match commands::set_autostart(wanted).await {
                    Ok(enabled) => autostart.set(Some(Ok(enabled))),
                    Err(error) => dispatch.dispatch(Action::Toast(
                        Tone::Error,
                        format!("Couldn't change start at login: {}", error.message),
                    )),
                }
                autostart_pending.set(None);
            });
        })
    };
    let morning = time_of_day(next_morning(now, offset), offset);
    let autostart_on =
        (*autostart_pending).or_else(|| autostart.as_ref().and_then(|a| a.clone().ok()));
    let autostart_problem = autostart.as_ref().and_then(|a| a.clone().err());
    html! {
        <section class="card form availability" aria-labelledby="calls-title" aria-busy={saving.to_string()}
            data-testid="availability-settings">
            { heading }
            <div class="field switch-field">
                <input type="checkbox" role="switch" id="availability-switch" checked={view.available}
                    disabled={saving} onchange={on_switch} aria-describedby="availability-summary"
                    data-testid="availability-switch" />
                <label for="availability-switch">{ SWITCH_LABEL }</label>
                <small id="availability-summary" class="hint" aria-live="polite"
                    data-testid="availability-summary">
                    { view.summary.clone() }
                </small>
            </div>
            if view.available {
                <button type="button" class="secondary until-morning" disabled={saving}
                    onclick={on_until_morning_button} data-testid="availability-until-morning">
                    { format!("🌙 {UNTIL_MORNING_LABEL}") }
                </button>
            } else {
                <fieldset class="field off-for">
                    <legend>{ "Calls are off" }</legend>
                    <div class="check">
                        <input type="radio" name="off-for" id="availability-off-open"
                            checked={!view.off_until} disabled={saving} onchange={on_off_open}
                            data-testid="availability-off-open" />
                        <label for="availability-off-open">{ UNTIL_SWITCHED_ON_LABEL }</label>
                    </div>
                    <div class="check">
                        <input type="radio" name="off-for" id="availability-off-morning"
                            checked={view.off_until} disabled={saving} onchange={on_off_morning}
                            aria-describedby="availability-off-morning-hint"
                            data-testid="availability-off-morning" />
                        <label for="availability-off-morning">{ UNTIL_MORNING_LABEL }</label>
                        <small id="availability-off-morning-hint" class="hint">
                            { format!("Back on at {morning}") }
                        </small>
                    </div>
                </fieldset>
            }
            <div class="field checkbox">
                <input type="checkbox" id="hide-presence" checked={view.hide_presence}
                    disabled={saving} onchange={on_hide} aria-describedby="hide-presence-hint"
                    data-testid="hide-presence" />
                <label for="hide-presence">{ HIDE_PRESENCE_LABEL }</label>
                <small id="hide-presence-hint" class="hint">{ HIDE_PRESENCE_HINT }</small>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id="autostart" checked={autostart_on.unwrap_or(false)}
                    disabled={autostart_on.is_none() || autostart_pending.is_some()}
                    onchange={on_autostart} aria-describedby="autostart-hint"
                    data-testid="autostart" />
                <label for="autostart">{ AUTOSTART_LABEL }</label>
                <small id="autostart-hint" class="hint">
                    { match &autostart_problem {
                        Some(problem) => format!("Not available here: {problem}"),
                        None => AUTOSTART_HINT.to_owned(),
                    } }
                </small>
            </div>
        </section>
    }
}
