//! The match list: cards from the cache at once, then live. Loading and empty states, and
//! "Find new matches". Reports its first paint with cards (the start-up benchmark). A card's
//! "⋯" menu opens the unmatch/block confirmation or the report form here.

use crate::actions::{self, MatchCommand};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::loading::Loading;
use crate::components::match_card::MatchCardItem;
use crate::components::report_dialog::ReportDialog;
use crate::hooks::use_app;
use crate::state::{Action, Page};
use crate::vm::card::{ButtonAction, card_view};
use crate::vm::match_actions::{CardAction, confirm_view, menu_actions};
use meetcute_domain::{Decision, MatchId};
use std::cell::Cell;
use yew::prelude::*;

/// The unmatch/block/report dialog on screen, and for whom.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OpenDialog {
    match_id: MatchId,
    name: String,
    action: CardAction,
}

#[component]
pub fn MatchesPage() -> Html {
    let app = use_app();
    let searching = use_state(|| false);
    let reported = use_mut_ref(|| false);
    let dialog = use_state(|| None::<OpenDialog>);
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
    let on_call = {
        let app = app.clone();
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
            }
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
            dialog.set(Some(OpenDialog {
                match_id,
                name: app.peer_name(match_id),
                action,
            }));
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
                        on_action={on_action.clone()} />
                }
            </div>
            { action_dialog((*dialog).as_ref(), *busy, send, close) }
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
    };
    let Some(view) = confirm_view(open.action, &open.name) else {
        return html! {};
    };
    let on_confirm = send.reform(move |()| command.clone());
    html! {
        <ConfirmDialog {view} {busy} {on_confirm} on_cancel={close} />
    }
}
