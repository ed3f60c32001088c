//! The top bar when signed in: who I am, Matches / Profile, Sign out.

use crate::actions;
use crate::hooks::use_app;
use crate::state::{Action, Page};
use yew::prelude::*;

#[component]
pub fn Header() -> Html {
    let app = use_app();
    let Some(user) = app.user().cloned() else {
        return html! {};
    };
    let go = |page| {
        let dispatch = app.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Navigate(page)))
    };
    let sign_out = {
        let dispatch = app.dispatcher();
        Callback::from(move |_: MouseEvent| actions::sign_out(&dispatch))
    };
    let current = |page: Page| (app.page == page).then_some("page");
    html! {
        <header class="app-header">
            <h1 class="brand">{ "Meetcute 💕" }</h1>
            <nav aria-label="Main">
                <button type="button" class="nav" aria-current={current(Page::Matches)}
                    onclick={go(Page::Matches)}>{ "Matches" }</button>
                <button type="button" class="nav" aria-current={current(Page::Profile)}
                    onclick={go(Page::Profile)}>{ "Profile" }</button>
            </nav>
            <span class="me" data-testid="me">{ user.display_name.clone() }</span>
            <button type="button" class="link" onclick={sign_out}>{ "Sign out" }</button>
        </header>
    }
}
