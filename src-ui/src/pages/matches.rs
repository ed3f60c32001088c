//! The match list: cards from the cache at once, then live. Loading and empty states, and
//! "Find new matches". Reports its first paint with cards (the start-up benchmark). A card's
//! "⋯" menu switches calls from that match off or on, or opens the unmatch/block confirmation
//! or the report form here; "Ask for a call" opens its dialog here. A card a notification
//! asked for is highlighted for a few seconds.

use crate::actions::{self, MatchCommand};
use crate::components::ask_dialog::AskDialog;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::loading::Loading;
use crate::components::match_card::MatchCardItem;
use crate::components::report_dialog::ReportDialog;
use crate::components::request_panel::RequestPress;
use crate::hooks::use_app;
use crate::services::clock::Timeout;
use crate::state::{Action, Page};
use crate::vm::card::{ButtonAction, call_button, card_view};
use crate::vm::match_actions::{CardAction, confirm_view, menu_actions};
use meetcute_domain::call_requests::NewCallRequest;
use meetcute_domain::{Decision, MatchId, MatchStatus};
use std::cell::Cell;
use yew::prelude::*;

/// How long a card a notification asked for stays highlighted.
const HIGHLIGHT_MILLIS: u32 = 4_000;

/// The unmatch/block/report dialog on screen, and for whom.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OpenDialog {
    match_id: MatchId,
    name: String,
    action: CardAction,
}

/// The "Ask for a call" dialog on screen, and for whom.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Asking {
    match_id: MatchId,
    name: String,
    status: MatchStatus,
}

#[component]
pub fn MatchesPage() -> Html {
    let app = use_app();
    let searching = use_state(|| false);
    let reported = use_mut_ref(|| false);
    let dialog = use_state(|| None::<OpenDialog>);
    let asking = use_state(|| None::<Asking>);
    let busy = use_state(|| false);
    // Set at once on the first press (the disabled button only follows on the next render).
    let in_flight = use_memo((), |_| Cell::new(false));
    {
        let count = app.matches.len();
        use_effect_with((app.matches_loaded, count), move |(loaded, count)| {
            if *loaded && *count > 0 && !*reported.borrow() {
                *reported.borrow_mut() = true;
                actions::report_painted(*count);
            }
        });
    }
    // A highlighted card fades back after a few seconds.
    {
        let dispatch = app.dispatcher();
        use_effect_with(app.highlight.map(|h| h.seq), move |seq| {
            let timer = seq.map(|seq| {
                Timeout::after(
                    HIGHLIGHT_MILLIS,
                    Callback::from(move |_| dispatch.dispatch(Action::ClearHighlight(seq))),
                )
            });
            move || {
                let _stop = timer;
            }
        });
    }
    let dispatch = app.dispatcher();
    let discover = {
        let (dispatch, searching) = (dispatch.clone(), searching.clone());
        Callback::from(move |_: MouseEvent| {
            searching.set(true);
            let searching = searching.clone();
            actions::discover(&dispatch, Callback::from(move |_| searching.set(false)));
        })
    };
    if !app.matches_loaded {
        return html! { <Loading label="Loading your matches…" /> };
    }
    let discover_button = html! {
        <button type="button" class="secondary" onclick={discover} disabled={*searching}
            data-testid="discover">
            { if *searching { "Looking…" } else { "✨ Find new matches" } }
        </button>
    };
    if app.matches.is_empty() {
        return html! {
            <section class="empty-state" aria-labelledby="empty-title">
                <h2 id="empty-title">{ "No matches yet" }</h2>
                <p>{ "We propose people who share your interests. Say hi on video first!" }</p>
                { discover_button }
            </section>
        };
    }
    let open_ask = {
        let (app, asking) = (app.clone(), asking.clone());
        Callback::from(move |match_id: MatchId| {
            if let Some(card) = app.card(match_id) {
                asking.set(Some(Asking {
                    match_id,
                    name: card.view.peer.display_name.clone(),
                    status: card.view.status,
                }));
            }
        })
    };
    let on_call = {
        let (app, open_ask) = (app.clone(), open_ask.clone());
        Callback::from(move |(match_id, action): (MatchId, ButtonAction)| {
            let dispatch = app.dispatcher();
            match action {
                ButtonAction::Start => {
                    actions::start_call(&dispatch, match_id, app.peer_name(match_id))
                }
                ButtonAction::Answer(id) => actions::answer(&dispatch, id),
                ButtonAction::HangUp(id) => actions::hang_up(&dispatch, id),
                ButtonAction::Join(id) => {
                    if let Some(session) =
                        app.card(match_id).and_then(|c| c.view.live_session.clone())
                        && session.session_id == id
                    {
                        dispatch.dispatch(Action::Rejoin(session));
                    }
                }
                ButtonAction::Ask => open_ask.emit(match_id),
            }
        })
    };
    let on_request = {
        let app = app.clone();
        Callback::from(move |(match_id, press): (MatchId, RequestPress)| {
            // "Call now" calls only where the card's own button would start a call.
            let may_call = app
                .card(match_id)
                .is_some_and(|c| call_button(c).action == Some(ButtonAction::Start));
            actions::answer_request(
                &app.dispatcher(),
                match_id,
                app.peer_name(match_id),
                press.request_id,
                press.action,
                may_call,
                press.done,
            );
        })
    };
    let on_decide = {
        let dispatch = dispatch.clone();
        Callback::from(move |(match_id, decision): (MatchId, Decision)| {
            actions::decide(&dispatch, match_id, decision)
        })
    };
    let on_history = {
        let dispatch = dispatch.clone();
        Callback::from(move |match_id| dispatch.dispatch(Action::Navigate(Page::History(match_id))))
    };
    let on_action = {
        let (app, dialog) = (app.clone(), dialog.clone());
        Callback::from(move |(match_id, action): (MatchId, CardAction)| {
            let name = app.peer_name(match_id);
            if let Some(allowed) = action.calls_allowed() {
                actions::set_calls_allowed(&app.dispatcher(), match_id, name, allowed);
                return;
            }
            dialog.set(Some(OpenDialog {
                match_id,
                name,
                action,
            }));
        })
    };
    let close_ask = {
        let asking = asking.clone();
        Callback::from(move |_| asking.set(None))
    };
    // Sends the request once; the dialog closes when the core took it.
    let send_ask = {
        let (dispatch, asking, busy, in_flight) = (
            dispatch.clone(),
            asking.clone(),
            busy.clone(),
            in_flight.clone(),
        );
        Callback::from(move |request: NewCallRequest| {
            let Some(open) = (*asking).clone() else {
                return;
            };
            if in_flight.replace(true) {
                return;
            }
            busy.set(true);
            let (asking, busy, in_flight) = (asking.clone(), busy.clone(), in_flight.clone());
            let done = Callback::from(move |ok: bool| {
                in_flight.set(false);
                busy.set(false);
                if ok {
                    asking.set(None);
                }
            });
            actions::ask_for_call(&dispatch, open.match_id, open.name, request, done);
        })
    };
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_| dialog.set(None))
    };
    // Runs the command once; the dialog closes when it went through and stays (with the
    // error's toast) when it did not.
    let send = {
        let (dispatch, dialog, busy) = (dispatch.clone(), dialog.clone(), busy.clone());
        Callback::from(move |command: MatchCommand| {
            let Some(open) = (*dialog).clone() else {
                return;
            };
            if in_flight.replace(true) {
                return;
            }
            busy.set(true);
            let (dialog, busy, in_flight) = (dialog.clone(), busy.clone(), in_flight.clone());
            let done = Callback::from(move |ok: bool| {
                in_flight.set(false);
                busy.set(false);
                if ok {
                    dialog.set(None);
                }
            });
            actions::act_on_match(&dispatch, open.match_id, open.name, command, done);
        })
    };
    let me = app.user().map(|u| u.id);
    let highlight = app.highlight;
    html! {
        <section class="matches" aria-labelledby="matches-title">
            <div class="section-head">
                <h2 id="matches-title">{ "Your matches" }</h2>
                { discover_button }
            </div>
            <div class="card-grid" data-testid="match-list">
                for card in app.matches.iter() {
                    <MatchCardItem key={card.view.id.0} card={card_view(card)}
                        on_call={on_call.clone()} on_decide={on_decide.clone()}
                        on_history={on_history.clone()}
                        actions={me.map(|me| menu_actions(&card.view, me)).unwrap_or_default()}
                        on_action={on_action.clone()} {me} on_ask={open_ask.clone()}
                        on_request={on_request.clone()}
                        highlight={highlight.filter(|h| h.match_id == card.view.id).map(|h| h.seq)} />
                }
            </div>
            { action_dialog((*dialog).as_ref(), *busy, send, close) }
            if let Some(open) = (*asking).clone() {
                <AskDialog name={open.name} status={open.status} busy={*busy}
                    on_submit={send_ask} on_cancel={close_ask} />
            }
        </section>
    }
}

/// The confirmation (unmatch, block) or the report form, when one is open.
fn action_dialog(
    open: Option<&OpenDialog>,
    busy: bool,
    send: Callback<MatchCommand>,
    close: Callback<()>,
) -> Html {
    let Some(open) = open else {
        return html! {};
    };
    let command = match open.action {
        CardAction::Report => {
            let on_submit = send.reform(MatchCommand::Report);
            return html! {
                <ReportDialog name={open.name.clone()} {busy} {on_submit} on_cancel={close} />
            };
        }
        CardAction::Unmatch => MatchCommand::Unmatch,
        CardAction::Block => MatchCommand::Block,
        // Sent at once from the menu, without a dialog.
        CardAction::CallsOff | CardAction::CallsOn => return html! {},
    };
    let Some(view) = confirm_view(open.action, &open.name) else {
        return html! {};
    };
    let on_confirm = send.reform(move |()| command.clone());
    html! {
        <ConfirmDialog {view} {busy} {on_confirm} on_cancel={close} />
    }
}
