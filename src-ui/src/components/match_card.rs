//! One match: the person, whether they are around, compatibility and shared interests, status,
//! the call counter, the call request panel, the call button (or "Ask for a call 💌"), and
//! Like ❤️ / Pass once the first call happened. Mutual matches turn green under a
//! "🎉 Mutual Match!" header. The "⋯" menu offers the calls switch, unmatch, block and report.
//! A card a notification asked for is scrolled into view, focused and highlighted.

use super::call_button::CallButtonView;
use super::focus::focus;
use super::match_menu::MatchMenu;
use super::request_panel::{RequestPanelView, RequestPress};
use crate::vm::card::{ASK_LINK_LABEL, ButtonAction, CardView, DecisionPrompt, MUTUAL_HEADER};
use crate::vm::match_actions::CardAction;
use meetcute_domain::{Decision, MatchId, UserId};
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
    /// Who I am, for the call request panel (none: no panel).
    #[prop_or_default]
    pub me: Option<UserId>,
    /// "Ask for a call" (the link, or the button instead of a call button).
    #[prop_or_default]
    pub on_ask: Callback<MatchId>,
    /// A button of the call request panel was pressed.
    #[prop_or_default]
    pub on_request: Callback<(MatchId, RequestPress)>,
    /// Set (to the request's number) when a notification asked for this card: it is scrolled
    /// into view, focused and highlighted.
    #[prop_or_default]
    pub highlight: Option<u64>,
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
    let on_ask = {
        let on_ask = props.on_ask.clone();
        Callback::from(move |_: MouseEvent| on_ask.emit(id))
    };
    let on_request = {
        let on_request = props.on_request.clone();
        Callback::from(move |press| on_request.emit((id, press)))
    };
    let article = use_node_ref();
    {
        let article = article.clone();
        use_effect_with(props.highlight, move |highlight| {
            if highlight.is_some() {
                bring_into_view(&article);
            }
        });
    }
    let heading_id = format!("match-{id}-name");
    let class = classes!(card.class(), props.highlight.map(|_| "highlight"));
    html! {
        <article {class} ref={article} tabindex="-1" aria-labelledby={heading_id.clone()}
            data-match-id={id.to_string()} data-testid="match-card">
            if card.mutual {
                <div class="mutual-header">{ MUTUAL_HEADER }</div>
            }
            <header class="card-head">
                <div class="avatar" aria-hidden="true">{ initial(&card.name) }</div>
                <div>
                    <h2 id={heading_id}>{ card.title.clone() }</h2>
                    <p class="status" data-testid="status">{ card.status.clone() }</p>
                    if let Some(presence) = card.presence {
                        <p class={presence.class()} data-testid="presence">{ presence.text }</p>
                    }
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
            if let (Some(request), Some(me)) = (&card.request, props.me) {
                <RequestPanelView request={request.clone()} {me} peer_id={card.peer_id}
                    peer={card.name.clone()} on_press={on_request} />
            }
            <CallButtonView button={card.button.clone()} peer={card.name.clone()} {on_press} />
            { decision_row(card.decision, &card.name, decide(Decision::Like), decide(Decision::Pass)) }
            <div class="card-links">
                if card.ask_link {
                    <button type="button" class="link" onclick={on_ask}
                        aria-label={format!("{ASK_LINK_LABEL} with {}", card.name)}
                        data-testid="ask-for-call-link">
                        { ASK_LINK_LABEL }
                    </button>
                }
                <button type="button" class="link" onclick={on_history}
                    aria-label={format!("Call history with {}", card.name)}>
                    { "Call history" }
                </button>
            </div>
        </article>
    }
}

/// Scrolls the card to the middle of the window and gives it the focus (screen readers then
/// read its name).
fn bring_into_view(article: &NodeRef) {
    focus(article);
    if let Some(element) = article.cast::<web_sys::Element>() {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        element.scroll_into_view_with_scroll_into_view_options(&options);
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
