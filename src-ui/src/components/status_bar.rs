//! The offline banner and the syncing indicator, from the core's connectivity.

use crate::hooks::use_app;
use meetcute_domain::app::Connectivity;
use yew::prelude::*;

#[component]
pub fn StatusBar() -> Html {
    let app = use_app();
    match app.connectivity {
        Connectivity::Online => html! {},
        Connectivity::Offline => html! {
            <div class="offline-banner" role="alert" data-testid="offline-banner">
                { "📡 You're offline. You can browse your matches; calls need a connection." }
            </div>
        },
        Connectivity::Syncing => html! {
            <div class="syncing" role="status" aria-live="polite" data-testid="syncing">
                <span class="spinner" aria-hidden="true"></span>{ "Syncing…" }
            </div>
        },
    }
}
