//! Listens, for the app's lifetime, to the shell asking to open a match (a desktop
//! notification was clicked): the matches page comes back with that card in view.

use crate::actions;
use crate::services::events;
use crate::state::Action;
use meetcute_domain::MatchId;
use yew::prelude::*;

#[hook]
pub fn use_open_match(dispatch: actions::Dispatcher) {
    use_effect_with((), move |_| {
        let on_open = Callback::from(move |match_id: MatchId| {
            dispatch.dispatch(Action::OpenMatch(match_id));
        });
        let subscription = events::listen_open_match(on_open);
        move || drop(subscription)
    });
}
