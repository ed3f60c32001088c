//! After a first call: Like ❤️ / Pass, then the outcome ("🎉 Mutual Match!" when both liked).

use crate::actions;
use crate::hooks::use_app;
use crate::state::Action;
use crate::vm::decision::{Outcome, decision_view};
use meetcute_domain::Decision;
use yew::prelude::*;

#[component]
pub fn DecisionScreen() -> Html {
    let app = use_app();
    let Some(decision) = app.decision.clone() else {
        return html! {};
    };
    let view = decision_view(&decision, app.card(decision.match_id));
    let dispatch = app.dispatcher();
    let match_id = decision.match_id;
    let decide = |choice| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| actions::decide(&dispatch, match_id, choice))
    };
    let close = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::CloseDecision))
    };
    let class = classes!(
        "modal",
        "decision",
        (view.outcome == Outcome::Mutual).then_some("mutual")
    );
    html! {
        <div class="modal-backdrop">
            <div {class} role="dialog" aria-modal="true" aria-labelledby="decision-title"
                data-testid="decision" data-outcome={format!("{:?}", view.outcome).to_lowercase()}>
                <h2 id="decision-title">{ view.heading.clone() }</h2>
                <p>{ view.text.clone() }</p>
                <div class="modal-actions">
                    if view.outcome == Outcome::Asking {
                        <button type="button" class="like" autofocus=true onclick={decide(Decision::Like)}
                            aria-label={format!("Like {}", decision.peer_name)}>{ "Like ❤️" }</button>
                        <button type="button" class="pass" onclick={decide(Decision::Pass)}
                            aria-label={format!("Pass on {}", decision.peer_name)}>{ "Pass" }</button>
                    } else {
                        <button type="button" class="primary" autofocus=true onclick={close}>{ "Back to matches" }</button>
                    }
                </div>
            </div>
        </div>
    }
}
