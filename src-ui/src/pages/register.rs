//! Creating an account: the server validates every field; its message names the wrong one.

use crate::actions;
use crate::components::field::Field;
use crate::hooks::use_app;
use crate::state::Action;
use crate::vm::messages::Tone;
use chrono::NaiveDate;
use meetcute_domain::profile::Gender;
use meetcute_domain::wire::RegisterRequest;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const GENDERS: [(Gender, &str); 3] = [
    (Gender::Woman, "Women"),
    (Gender::Man, "Men"),
    (Gender::Nonbinary, "Nonbinary people"),
];

fn gender_value(g: Gender) -> &'static str {
    match g {
        Gender::Woman => "woman",
        Gender::Man => "man",
        Gender::Nonbinary => "nonbinary",
    }
}

fn gender_label(g: Gender) -> &'static str {
    match g {
        Gender::Woman => "Woman",
        Gender::Man => "Man",
        Gender::Nonbinary => "Nonbinary",
    }
}

fn parse_gender(value: &str) -> Option<Gender> {
    GENDERS
        .iter()
        .map(|(g, _)| *g)
        .find(|g| gender_value(*g) == value)
}

#[component]
pub fn RegisterForm() -> Html {
    let app = use_app();
    let name = use_state(String::new);
    let email = use_state(String::new);
    let password = use_state(String::new);
    let birthdate = use_state(String::new);
    let gender = use_state(|| Gender::Woman);
    let interested_in = use_state(|| vec![Gender::Man]);
    let busy = use_state(|| false);

    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |v: String| state.set(v))
    };
    let on_gender = {
        let gender = gender.clone();
        Callback::from(move |e: Event| {
            if let Some(g) = parse_gender(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                gender.set(g);
            }
        })
    };
    let onsubmit = {
        let (name, email, password, birthdate) = (
            name.clone(),
            email.clone(),
            password.clone(),
            birthdate.clone(),
        );
        let (gender, interested_in, busy) = (gender.clone(), interested_in.clone(), busy.clone());
        let dispatch = app.dispatcher();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(birthdate) = NaiveDate::parse_from_str(&birthdate, "%Y-%m-%d") else {
                dispatch.dispatch(Action::Toast(
                    Tone::Error,
                    "Please enter your birthdate.".into(),
                ));
                return;
            };
            let request = RegisterRequest {
                email: (*email).clone(),
                password: (*password).clone(),
                display_name: (*name).clone(),
                birthdate,
                gender: *gender,
                interested_in: (*interested_in).clone(),
                device_name: "Meetcute desktop".to_owned(),
            };
            busy.set(true);
            let busy = busy.clone();
            actions::register(&dispatch, request, Callback::from(move |_| busy.set(false)));
        })
    };
    html! {
        <form class="card form" {onsubmit} aria-labelledby="register-title">
            <h2 id="register-title">{ "Create your account" }</h2>
            <Field id="reg-name" label="Your first name" value={(*name).clone()} on_input={set(&name)}
                autocomplete="given-name" required=true />
            <Field id="reg-email" label="Email" kind="email" value={(*email).clone()} on_input={set(&email)}
                autocomplete="email" required=true />
            <Field id="reg-password" label="Password" kind="password" value={(*password).clone()}
                on_input={set(&password)} autocomplete="new-password" hint="At least 8 characters" required=true />
            <Field id="reg-birthdate" label="Birthdate" kind="date" value={(*birthdate).clone()}
                on_input={set(&birthdate)} hint="You must be 18 or older" required=true />
            <div class="field">
                <label for="reg-gender">{ "I am" }</label>
                <select id="reg-gender" onchange={on_gender}>
                    for (g, _) in GENDERS {
                        <option value={gender_value(g)} selected={*gender == g}>{ gender_label(g) }</option>
                    }
                </select>
            </div>
            <fieldset class="field">
                <legend>{ "Interested in" }</legend>
                for (g, label) in GENDERS {
                    { interest_box(g, label, &interested_in) }
                }
            </fieldset>
            <button type="submit" class="primary" disabled={*busy}>
                { if *busy { "Creating…" } else { "Create account" } }
            </button>
        </form>
    }
}

fn interest_box(g: Gender, label: &str, interested_in: &UseStateHandle<Vec<Gender>>) -> Html {
    let id = format!("reg-into-{}", gender_value(g));
    let checked = interested_in.contains(&g);
    let onchange = {
        let interested_in = interested_in.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            let mut next: Vec<Gender> = interested_in.iter().copied().filter(|x| *x != g).collect();
            if on {
                next.push(g);
            }
            interested_in.set(next);
        })
    };
    html! {
        <div class="check">
            <input type="checkbox" id={id.clone()} {checked} {onchange} />
            <label for={id}>{ label.to_owned() }</label>
        </div>
    }
}
