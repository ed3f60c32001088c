//! Sign in, or switch to creating an account.

use super::register::RegisterForm;
use crate::actions;
use crate::components::field::Field;
use crate::hooks::use_app;
use yew::prelude::*;

#[component]
pub fn SignInPage() -> Html {
    let app = use_app();
    let registering = use_state(|| false);
    let email = use_state(String::new);
    let password = use_state(String::new);
    let busy = use_state(|| false);

    let toggle = {
        let registering = registering.clone();
        Callback::from(move |_: MouseEvent| registering.set(!*registering))
    };
    if *registering {
        return html! {
            <main class="auth">
                <h1 class="brand">{ "Meetcute 💕" }</h1>
                <RegisterForm />
                <button type="button" class="link" onclick={toggle}>{ "I already have an account" }</button>
            </main>
        };
    }
    let onsubmit = {
        let (email, password, busy) = (email.clone(), password.clone(), busy.clone());
        let dispatch = app.dispatcher();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            let busy = busy.clone();
            let done = Callback::from(move |_ok: bool| busy.set(false));
            actions::sign_in(&dispatch, (*email).clone(), (*password).clone(), done);
        })
    };
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |v: String| state.set(v))
    };
    html! {
        <main class="auth">
            <h1 class="brand">{ "Meetcute 💕" }</h1>
            <p class="tagline">{ "Video first. Meet your matches face to face." }</p>
            <form class="card form" {onsubmit} aria-labelledby="sign-in-title">
                <h2 id="sign-in-title">{ "Sign in" }</h2>
                <Field id="sign-in-email" label="Email" kind="email" value={(*email).clone()}
                    on_input={set(&email)} autocomplete="username" required=true />
                <Field id="sign-in-password" label="Password" kind="password" value={(*password).clone()}
                    on_input={set(&password)} autocomplete="current-password" required=true />
                <button type="submit" class="primary" disabled={*busy} data-testid="sign-in">
                    { if *busy { "Signing in…" } else { "Sign in" } }
                </button>
            </form>
            <button type="button" class="link" onclick={toggle}>{ "New here? Create an account" }</button>
        </main>
    }
}
