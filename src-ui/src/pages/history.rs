//! One match's call history, fetched from the core when opened.

use crate::components::history::HistoryTable;
use crate::components::loading::Loading;
use crate::hooks::use_app;
use crate::services::{clock, commands};
use crate::state::{Action, Page};
use crate::vm::history::history_view;
use meetcute_domain::MatchId;
use meetcute_domain::history::CallHistory;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HistoryPageProps {
    pub match_id: MatchId,
}

#[component]
pub fn HistoryPage(props: &HistoryPageProps) -> Html {
    let app = use_app();
    let history = use_state(|| None::<CallHistory>);
    // Fetched again whenever the match's call count changes (a call ended meanwhile).
    let total_calls = app
        .card(props.match_id)
        .map(|c| c.view.call_summary.total_calls);
    {
        let (history, dispatch) = (history.clone(), app.dispatcher());
        use_effect_with((props.match_id, total_calls), move |(match_id, _)| {
            let match_id = *match_id;
            spawn_local(async move {
                match commands::call_history(match_id).await {
                    Ok(loaded) => history.set(Some(loaded)),
                    Err(error) => dispatch.dispatch(Action::Failed(error)),
                }
            });
        });
    }
    let back = {
        let dispatch = app.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Navigate(Page::Matches)))
    };
    let peer = app.peer_name(props.match_id);
    let body = match (history.as_ref(), app.user()) {
        (Some(loaded), Some(me)) => {
            let view = history_view(loaded, me.id, &peer, clock::local_offset());
            html! { <HistoryTable {view} peer={peer.clone()} /> }
        }
        _ => html! { <Loading label="Loading call history…" /> },
    };
    html! {
        <div class="history-page">
            <button type="button" class="link" onclick={back}>{ "← Back to matches" }</button>
            { body }
        </div>
    }
}
