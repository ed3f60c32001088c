//! The components rendered to HTML natively (Yew server-side rendering): every key screen
//! from a given state, with the texts and control states the view models promise.

mod support;

use meetcute_domain::app::{AppEvent, Connectivity};
use meetcute_domain::calls::DenyReason;
use meetcute_domain::{CallRole, CallStatus, Eligibility, MatchStatus};
use meetcute_ui::state::{Action, State};
use std::rc::Rc;
use support::render::{assert_every_button_is_named, render_state as render, signed_in};
use support::*;
use yew::Reducible;

/// The `<button …>` tag whose text is `label`.
fn button_tag<'a>(html: &'a str, label: &str) -> Option<&'a str> {
    let end = html.find(&format!(">{label}</button>"))?;
    let start = html[..end].rfind("<button")?;
    Some(&html[start..end])
}

#[tokio::test]
async fn starting_up_shows_a_loading_state() {
    let html = render(Rc::new(State::default())).await;
    assert!(html.contains("Starting Meetcute…"), "{html}");
    assert!(html.contains(r#"role="status""#));
}

#[tokio::test]
async fn signed_out_shows_a_labelled_sign_in_form() {
    let html = render(Rc::new(State::default()).reduce(Action::SessionChecked(None))).await;
    assert!(
        html.contains(r#"<label for="sign-in-email">Email</label>"#),
        "{html}"
    );
    assert!(html.contains(r#"id="sign-in-email""#));
    assert!(html.contains(r#"<label for="sign-in-password">Password</label>"#));
    assert!(html.contains(">Sign in</button>"));
}

#[tokio::test]
async fn matches_load_then_show_or_invite_to_discover() {
    let loading = Rc::new(State::default()).reduce(Action::SessionChecked(Some(me())));
    assert!(render(loading).await.contains("Loading your matches…"));
    let empty = render(signed_in(vec![])).await;
    assert!(empty.contains("No matches yet"), "{empty}");
    assert!(empty.contains("✨ Find new matches"));
}

#[tokio::test]
async fn a_proposed_card_offers_the_first_call() {
    let html = render(signed_in(vec![proposed()])).await;
    assert!(html.contains("Alex, 29"), "{html}");
    assert!(html.contains("87% compatible"));
    assert!(html.contains(r#"<li class="tag">hiking</li>"#));
    assert!(html.contains("You can video call anytime"));
    assert!(html.contains("First calls last 1 minute"));
    let button = button_tag(&html, "Start Video Call 💕").expect("a start button");
    assert!(
        button.contains(r#"class="call-button primary""#),
        "{button}"
    );
    assert!(!button.contains("disabled"), "{button}");
    assert!(button.contains(r#"aria-label="Start Video Call 💕 with Alex""#));
    assert!(!html.contains("🎉 Mutual Match!"));
}

#[tokio::test]
async fn a_mutual_card_turns_green_with_call_again() {
    let html = render(signed_in(vec![mutual(3)])).await;
    assert!(html.contains(r#"class="match-card mutual""#), "{html}");
    assert!(html.contains("🎉 Mutual Match!"));
    assert!(html.contains("3 video calls together"));
    let button = button_tag(&html, "Call Again 💕").expect("call again");
    assert!(button.contains("call-button gradient"), "{button}");
}

#[tokio::test]
async fn a_deciding_card_disables_the_call_and_offers_like_and_pass() {
    let html = render(signed_in(vec![deciding(None)])).await;
    let button = button_tag(&html, "Call Again 💕").expect("disabled call again");
    assert!(button.contains("disabled"), "{button}");
    assert!(html.contains("You can call again once you both like each other"));
    assert!(html.contains(">Like ❤️</button>"));
    assert!(html.contains(">Pass</button>"));
}

#[tokio::test]
async fn a_closed_card_has_no_call_button() {
    let closed = card(
        9,
        MatchStatus::Closed,
        Eligibility::Denied {
            reason: DenyReason::Closed,
        },
        1,
    );
    let html = render(signed_in(vec![closed])).await;
    assert!(html.contains("Alex, 29"));
    assert!(!html.contains("call-button"), "{html}");
}

#[tokio::test]
async fn an_incoming_call_shows_the_modal_with_accept_and_decline() {
    let state = signed_in(vec![proposed()]).reduce(Action::Core(AppEvent::IncomingCall {
        session: session(1, CallRole::Callee, CallStatus::Ringing, Some(60)),
        caller: alex(),
    }));
    let html = render(state).await;
    assert!(html.contains(r#"role="alertdialog""#), "{html}");
    assert!(html.contains("Alex is calling"));
    assert!(html.contains(">Accept</button>"));
    assert!(html.contains(">Decline</button>"));
    assert!(html.contains("📞 Alex is calling you…"), "the toast");
}

#[tokio::test]
async fn the_call_screen_counts_down_and_never_fakes_video() {
    let state = signed_in(vec![proposed()])
        .reduce(Action::CallStarted {
            response: start_response(1, CallRole::Caller, Some(60)),
            peer_name: "Alex".into(),
        })
        .reduce(Action::SessionChanged(session(
            1,
            CallRole::Caller,
            CallStatus::Active,
            Some(60),
        )));
    let html = render(state).await;
    assert!(html.contains(r#"data-testid="call-screen""#), "{html}");
    assert!(html.contains("Connected"));
    assert!(
        html.contains(r#"data-testid="countdown""#),
        "a first call counts down"
    );
    assert!(html.contains("Video unavailable"));
    assert!(!html.contains("<video"), "no fake video");
    assert!(html.contains(">Mute</button>"));
    assert!(html.contains(">Camera off</button>"));
    assert!(html.contains(">Hang up</button>"));
}

#[tokio::test]
async fn a_capped_call_ends_with_times_up_and_leads_to_the_decision() {
    let state = signed_in(vec![proposed()])
        .reduce(Action::CallStarted {
            response: start_response(1, CallRole::Caller, Some(60)),
            peer_name: "Alex".into(),
        })
        .reduce(Action::SessionChanged(session(
            1,
            CallRole::Caller,
            CallStatus::Completed,
            Some(60),
        )));
    let html = render(Rc::clone(&state)).await;
    assert!(
        html.contains("Time&#x27;s up!") || html.contains("Time's up!"),
        "{html}"
    );
    assert!(html.contains(">Continue ❤️</button>"));
    assert!(!html.contains(">Hang up</button>"));

    let html = render(state.reduce(Action::CloseCall)).await;
    assert!(html.contains("Did you feel a spark with Alex?"), "{html}");
    assert!(html.contains(">Like ❤️</button>"));
}

#[tokio::test]
async fn offline_and_syncing_are_shown() {
    let offline = signed_in(vec![proposed()]).reduce(Action::Core(AppEvent::Connectivity {
        state: Connectivity::Offline,
    }));
    let html = render(offline).await;
    assert!(html.contains(r#"data-testid="offline-banner""#), "{html}");
    assert!(
        html.contains("Alex, 29"),
        "cached cards stay visible offline"
    );
    let syncing = signed_in(vec![]).reduce(Action::Core(AppEvent::Connectivity {
        state: Connectivity::Syncing,
    }));
    assert!(render(syncing).await.contains("Syncing…"));
}

#[tokio::test]
async fn every_button_has_text_or_a_label() {
    let state = signed_in(vec![proposed(), mutual(2), deciding(None)]);
    let html = render(state).await;
    assert_every_button_is_named(&html);
}
