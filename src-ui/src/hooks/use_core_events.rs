//! Listens to the core's events for the app's lifetime: each one goes to the reducer, and
//! the ones that need I/O start it (a changed match list is fetched, signals go to media).

use crate::actions;
use crate::services::{events, media};
use crate::state::Action;
use meetcute_domain::app::AppEvent;
use yew::prelude::*;

#[hook]
pub fn use_core_events(dispatch: actions::Dispatcher) {
    use_effect_with((), move |_| {
        let on_event = Callback::from(move |event: AppEvent| {
            match &event {
                AppEvent::MatchesChanged => actions::refresh_matches(&dispatch),
                AppEvent::Signal {
                    session_id,
                    kind,
                    payload,
                    ..
                } => media::engine(|e| e.on_signal(*session_id, *kind, payload.clone())),
                _ => {}
            }
            dispatch.dispatch(Action::Core(event));
        });
        let subscription = events::listen(on_event);
        move || drop(subscription)
    });
}
