//! One match's call history (its calls and its call requests), fetched from the core when
//! opened.

use crate::components::history::HistoryTable;
use crate::components::loading::Loading;
use crate::hooks::use_app;
use crate::services::{clock, commands};
use crate::state::{Action, Page};
use crate::vm::history::history_view;
use futures::future::join;
use meetcute_domain::MatchId;
use meetcute_domain::call_requests::CallRequest;
use meetcute_domain::history::CallHistory;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HistoryPageProps {
    pub match_id: MatchId,
}

/// The history as loaded: nothing yet, or what failed (its toast said why).
type Loaded = Option<Result<(CallHistory, Vec<CallRequest>), ()>>;

#[component]
pub fn HistoryPage(props: &HistoryPageProps) -> Html {
    let app = use_app();
    let history = use_state(|| None as Loaded);
    let attempt = use_state(|| 0_u32);
    // Fetched again whenever the match's call count or open request changes meanwhile.
    let card = app.card(props.match_id);
    let total_calls = card.map(|c| c.view.call_summary.total_calls);
    let open_request = card
        .and_then(|c| c.call_request.as_ref())
        .map(|r| (r.id, r.status));
    {
        let (history, dispatch) = (history.clone(), app.dispatcher());
        use_effect_with(
            (props.match_id, total_calls, open_request, *attempt),
            move |(match_id, _, _, _)| {
                let match_id = *match_id;
                spawn_local(async move {
                    let (calls, requests) = join(
                        commands::call_history(match_id),
                        commands::call_requests(match_id),
                    )
                    .await;
                    match (calls, requests) {
                        (Ok(calls), Ok(requests)) => history.set(Some(Ok((calls, requests)))),
                        (Err(error), _) | (_, Err(error)) => {
                            history.set(Some(Err(())));
                            dispatch.dispatch(Action::Failed(error));
                        }
                    }
                });
            },
        );
    }
    let back = {
        let dispatch = app.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Navigate(Page::Matches)))
    };
    let peer = app.peer_name(props.match_id);
    let retry = {
        let (history, attempt) = (history.clone(), attempt.clone());
        Callback::from(move |_: MouseEvent| {
            history.set(None);
            attempt.set(*attempt + 1);
        })
    };
    let body = match (history.as_ref(), app.user()) {
        (Some(Err(())), _) => html! {
            <section class="empty-state" role="alert">
                <p>{ "Couldn't load the call history." }</p>
                <button type="button" class="secondary" onclick={retry}>{ "Try again" }</button>
            </section>
        },
        (Some(Ok((calls, requests))), Some(me)) => {
            let view = history_view(
                calls,
                requests,
                me.id,
                &peer,
                clock::now(),
                clock::local_offset(),
            );
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
