//! The root: the state provider, the core's event stream, and what is on screen.

use crate::actions;
use crate::components::call_screen::CallScreen;
use crate::components::decision::DecisionScreen;
use crate::components::header::Header;
use crate::components::incoming_call::IncomingCallModal;
use crate::components::loading::Loading;
use crate::components::status_bar::StatusBar;
use crate::components::toasts::Toasts;
use crate::hooks::{AppContext, use_app, use_core_events, use_open_match};
use crate::pages::history::HistoryPage;
use crate::pages::matches::MatchesPage;
use crate::pages::profile::ProfilePage;
use crate::pages::sign_in::SignInPage;
use crate::state::{Auth, Page, State};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProviderProps {
    /// The state to start from (tests start from any screen).
    #[prop_or_default]
    pub initial: State,
    #[prop_or_default]
    pub children: Html,
}

/// Shares the app state (a reducer) with every component below.
#[component]
pub fn AppProvider(props: &AppProviderProps) -> Html {
    let initial = props.initial.clone();
    let state = use_reducer(move || initial);
    html! {
        <ContextProvider<AppContext> context={state}>
            { props.children.clone() }
        </ContextProvider<AppContext>>
    }
}

/// The app as it runs: provider, then the screens.
#[component]
pub fn App() -> Html {
    html! {
        <AppProvider>
            <Start />
            <Screens />
        </AppProvider>
    }
}

/// Start-up work: who is signed in, their cached matches, the core's events, and the
/// notifications' "open this match".
#[component]
fn Start() -> Html {
    let app = use_app();
    use_core_events(app.dispatcher());
    use_open_match(app.dispatcher());
    {
        let dispatch = app.dispatcher();
        use_effect_with((), move |_| actions::load_session(&dispatch));
    }
    html! {}
}

/// Everything visible, from the state alone (so tests render any screen natively).
#[component]
pub fn Screens() -> Html {
    let app = use_app();
    let page = match &app.auth {
        Auth::Checking => html! { <Loading label="Starting Meetcute…" /> },
        Auth::SignedOut => html! { <SignInPage /> },
        Auth::SignedIn(_) => html! {
            <>
                <Header />
                <main class="content">
                    { match app.page {
                        Page::Matches => html! { <MatchesPage /> },
                        Page::Profile => html! { <ProfilePage /> },
                        Page::History(match_id) => html! { <HistoryPage {match_id} /> },
                    } }
                </main>
            </>
        },
    };
    html! {
        <div class="app">
            <StatusBar />
            { page }
            <IncomingCallModal />
            <CallScreen />
            <DecisionScreen />
            <Toasts />
        </div>
    }
}
