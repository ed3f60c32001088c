//! Editing my profile: name, bio, interests, the age range I'm looking for, city; and my call
//! settings ("Available for calls", "Hide when I'm online", "Start Meetcute when I log in").

use crate::actions;
use crate::components::availability_settings::AvailabilitySettings;
use crate::components::field::Field;
use crate::components::loading::Loading;
use crate::hooks::use_app;
use crate::services::commands;
use crate::state::Action;
use meetcute_domain::wire::{Profile, ProfileUpdate};
use yew::platform::spawn_local;
use yew::prelude::*;

/// The form's text, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProfileForm {
    pub display_name: String,
    pub bio: String,
    pub interests: String,
    pub age_min: String,
    pub age_max: String,
    pub city: String,
}

impl ProfileForm {
    pub fn from_profile(p: &Profile) -> Self {
        Self {
            display_name: p.display_name.clone(),
            bio: p.bio.clone(),
            interests: p.interests.join(", "),
            age_min: p.age_min.to_string(),
            age_max: p.age_max.to_string(),
            city: p.city.clone(),
        }
    }

    /// The update to send, or the sentence saying what to fix.
    pub fn to_update(&self) -> Result<ProfileUpdate, String> {
        let age = |text: &str, which: &str| {
            text.trim()
                .parse::<u32>()
                .map_err(|_| format!("The {which} age must be a number."))
        };
        Ok(ProfileUpdate {
            display_name: self.display_name.trim().to_owned(),
            bio: self.bio.trim().to_owned(),
            interests: self
                .interests
                .split(',')
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .collect(),
            age_min: age(&self.age_min, "youngest")?,
            age_max: age(&self.age_max, "oldest")?,
            city: self.city.trim().to_owned(),
        })
    }
}

#[component]
pub fn ProfilePage() -> Html {
    let app = use_app();
    let form = use_state(|| None::<ProfileForm>);
    let saving = use_state(|| false);
    {
        let (form, dispatch) = (form.clone(), app.dispatcher());
        use_effect_with((), move |_| {
            spawn_local(async move {
                match commands::profile().await {
                    Ok(profile) => form.set(Some(ProfileForm::from_profile(&profile))),
                    Err(error) => dispatch.dispatch(Action::Failed(error)),
                }
            });
        });
    }
    let Some(current) = (*form).clone() else {
        return html! {
            <div class="profile-page">
                <Loading label="Loading your profile…" />
                <AvailabilitySettings />
            </div>
        };
    };
    let edit = |apply: fn(&mut ProfileForm, String)| {
        let form = form.clone();
        Callback::from(move |value: String| {
            if let Some(mut next) = (*form).clone() {
                apply(&mut next, value);
                form.set(Some(next));
            }
        })
    };
    let onsubmit = {
        let (current, saving, dispatch) = (current.clone(), saving.clone(), app.dispatcher());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match current.to_update() {
                Ok(update) => {
                    saving.set(true);
                    let saving = saving.clone();
                    actions::save_profile(
                        &dispatch,
                        update,
                        Callback::from(move |_| saving.set(false)),
                    );
                }
                Err(message) => {
                    dispatch.dispatch(Action::Toast(crate::vm::messages::Tone::Error, message))
                }
            }
        })
    };
    html! {
        <div class="profile-page">
        <form class="card form profile" {onsubmit} aria-labelledby="profile-title">
            <h2 id="profile-title">{ "Your profile" }</h2>
            <Field id="profile-name" label="Name" value={current.display_name.clone()}
                on_input={edit(|f, v| f.display_name = v)} required=true />
            <Field id="profile-bio" label="About you" kind="textarea" value={current.bio.clone()}
                on_input={edit(|f, v| f.bio = v)} />
            <Field id="profile-interests" label="Interests" value={current.interests.clone()}
                on_input={edit(|f, v| f.interests = v)} hint="Separated by commas: hiking, jazz, cooking" />
            <div class="row">
                <Field id="profile-age-min" label="Youngest" kind="number" value={current.age_min.clone()}
                    on_input={edit(|f, v| f.age_min = v)} />
                <Field id="profile-age-max" label="Oldest" kind="number" value={current.age_max.clone()}
                    on_input={edit(|f, v| f.age_max = v)} />
            </div>
            <Field id="profile-city" label="City" value={current.city.clone()}
                on_input={edit(|f, v| f.city = v)} autocomplete="address-level2" />
            <button type="submit" class="primary" disabled={*saving}>
                { if *saving { "Saving…" } else { "Save profile" } }
            </button>
        </form>
        <AvailabilitySettings />
        </div>
    }
}
