//! Rendering to HTML natively (Yew SSR): one component with its props, or the whole app from a
//! state, as the rendering tests need.

use super::me;
use meetcute_domain::app::MatchCard;
use meetcute_ui::app::{AppProvider, Screens};
use meetcute_ui::state::{Action, State};
use std::rc::Rc;
use yew::prelude::*;
use yew::{BaseComponent, LocalServerRenderer, Reducible};

#[derive(Properties, PartialEq)]
pub struct HarnessProps {
    pub state: State,
}

/// The app's screens under a provider holding `state`.
#[component]
pub fn Harness(props: &HarnessProps) -> Html {
    html! {
        <AppProvider initial={props.state.clone()}>
            <Screens />
        </AppProvider>
    }
}

pub async fn render<C: BaseComponent>(props: C::Properties) -> String {
    LocalServerRenderer::<C>::with_props(props)
        .hydratable(false)
        .render()
        .await
}

/// The whole app in `state`.
pub async fn render_state(state: Rc<State>) -> String {
    render::<Harness>(HarnessProps {
        state: (*state).clone(),
    })
    .await
}

/// Signed in as [`me`], with these cards.
pub fn signed_in(cards: Vec<MatchCard>) -> Rc<State> {
    Rc::new(State::default())
        .reduce(Action::SessionChecked(Some(me())))
        .reduce(Action::MatchesLoaded(cards))
}

/// The whole app, signed in with these cards.
pub async fn render_app(cards: Vec<MatchCard>) -> String {
    render_state(signed_in(cards)).await
}

/// Every button says what it does: text, or an `aria-label`.
pub fn assert_every_button_is_named(html: &str) {
    for tag in html.split("<button").skip(1) {
        let (attrs, rest) = tag.split_once('>').expect("a closed tag");
        let text = rest.split("</button>").next().unwrap_or_default().trim();
        assert!(
            !text.is_empty() || attrs.contains("aria-label"),
            "unlabelled button: {tag}"
        );
    }
}
