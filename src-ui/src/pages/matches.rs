//! The match list: cards from the cache at once, then live. Loading and empty states, and
//! "Find new matches". Reports its first paint with cards (the start-up benchmark).

use crate::actions;
use crate::components::loading::Loading;
use crate::components::match_card::MatchCardItem;
use crate::hooks::use_app;
use crate::state::{Action, Page};
use crate::vm::card::{ButtonAction, card_view};
use meetcute_domain::{Decision, MatchId};
use yew::prelude::*;

#[component]
pub fn MatchesPage() -> Html {
    let app = use_app();
    let searching = use_state(|| false);
    let reported = use_mut_ref(|| false);
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
                        on_history={on_history.clone()} />
                }
            </div>
        </section>
    }
}
