//! The app state, shared by a context provider (see `app.rs`).

use crate::state::State;
use yew::prelude::*;

/// What the provider shares: the reducer handle (state + dispatch).
pub type AppContext = UseReducerHandle<State>;

/// The app state from the nearest provider (a fresh one outside any provider, so a component
/// rendered alone still works).
#[hook]
pub fn use_app() -> AppContext {
    let fallback = use_reducer(State::default);
    use_context::<AppContext>().unwrap_or(fallback)
}
