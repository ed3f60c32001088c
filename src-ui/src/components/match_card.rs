//! One match: the person, compatibility and shared interests, status, the call counter, the
//! call button, and Like ❤️ / Pass once the first call happened. Mutual matches turn green
//! under a "🎉 Mutual Match!" header. The "⋯" menu offers unmatch, block and report.

use super::call_button::CallButtonView;
use super::match_menu::MatchMenu;
use crate::vm::card::{ButtonAction, CardView, DecisionPrompt, MUTUAL_HEADER};
use crate::vm::match_actions::CardAction;
use meetcute_domain::{Decision, MatchId};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MatchCardItemProps {
    pub card: CardView,
    pub on_call: Callback<(MatchId, ButtonAction)>,
    pub on_decide: Callback<(MatchId, Decision)>,
    pub on_history: Callback<MatchId>,
    /// What the "⋯" menu offers (`vm::match_actions::menu_actions`); empty: no menu.
    #[prop_or_default]
    pub actions: Vec<CardAction>,
    /// An item of the "⋯" menu was chosen.
    #[prop_or_default]
    pub on_action: Callback<(MatchId, CardAction)>,
}

#[component]
pub fn MatchCardItem(props: &MatchCardItemProps) -> Html {
    let card = &props.card;
    let id = card.match_id;
    let on_press = {
        let on_call = props.on_call.clone();
        Callback::from(move |action| on_call.emit((id, action)))
    };
    let decide = |decision| {
        let on_decide = props.on_decide.clone();
        Callback::from(move |_: MouseEvent| on_decide.emit((id, decision)))
    };
    let on_history = {
        let on_history = props.on_history.clone();
        Callback::from(move |_: MouseEvent| on_history.emit(id))
    };
    let menu_open = use_state(|| false);
    let on_menu_toggle = {
        let menu_open = menu_open.clone();
        Callback::from(move |open| menu_open.set(open))
    };
    let on_menu_pick = {
        let (menu_open, on_action) = (menu_open.clone(), props.on_action.clone());
        Callback::from(move |action| {
            menu_open.set(false);
            on_action.emit((id, action));
        })
    };
    let heading_id = format!("match-{id}-name");
    html! {
        <article class={card.class()} aria-labelledby={heading_id.clone()} data-match-id={id.to_string()}>
            if card.mutual {
                <div class="mutual-header">{ MUTUAL_HEADER }</div>
            }
            <header class="card-head">
                <div class="avatar" aria-hidden="true">{ initial(&card.name) }</div>
                <div>
                    <h2 id={heading_id}>{ card.title.clone() }</h2>
                    <p class="status" data-testid="status">{ card.status.clone() }</p>
                </div>
                <span class="compatibility">{ card.compatibility.clone() }</span>
                <MatchMenu match_id={id} name={card.name.clone()} actions={props.actions.clone()}
                    open={*menu_open} on_toggle={on_menu_toggle} on_pick={on_menu_pick} />
            </header>
            if !card.bio.is_empty() {
                <p class="bio">{ card.bio.clone() }</p>
            }
            if !card.shared_interests.is_empty() {
                <ul class="interests" aria-label="Shared interests">
                    for tag in card.shared_interests.iter() {
                        <li class="tag">{ tag.clone() }</li>
                    }
                </ul>
            }
            <p class="counter" data-testid="counter">{ card.counter.clone() }</p>
            <CallButtonView button={card.button.clone()} peer={card.name.clone()} {on_press} />
            { decision_row(card.decision, &card.name, decide(Decision::Like), decide(Decision::Pass)) }
            <button type="button" class="link" onclick={on_history}
                aria-label={format!("Call history with {}", card.name)}>
                { "Call history" }
            </button>
        </article>
    }
}

fn decision_row(
    prompt: DecisionPrompt,
    name: &str,
    like: Callback<MouseEvent>,
    pass: Callback<MouseEvent>,
) -> Html {
    match prompt {
        DecisionPrompt::None => html! {},
        DecisionPrompt::Waiting => html! {
            <p class="decision-note">{ format!("You liked {name}. Waiting for their answer…") }</p>
        },
        DecisionPrompt::Ask => html! {
            <div class="decision-row" role="group" aria-label={format!("Decide on {name}")}>
                <button type="button" class="like" onclick={like}>{ "Like ❤️" }</button>
                <button type="button" class="pass" onclick={pass}>{ "Pass" }</button>
            </div>
        },
    }
}

fn initial(name: &str) -> String {
    name.chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default()
}
