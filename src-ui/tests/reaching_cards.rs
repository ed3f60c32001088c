//! Reaching each other on the cards, natively: the presence line, "Ask for a call 💌" instead of a
//! dead call button, the call request panel in each state (with its countdown at fixed times),
//! its toasts, and opening a match from a notification. Times are read in UTC+1: `at(0)` is
//! Monday Jan 15, 11:30 am local.

mod support;

use chrono::Duration;
use meetcute_domain::app::{AppEvent, Delivery};
use meetcute_domain::call_requests::{CallRequestStatus, RequestAnswer};
use meetcute_domain::calls::DenyReason;
use meetcute_domain::presence::{LastSeen, PresenceStatus};
use meetcute_domain::{CallRole, CallStatus, Eligibility, MatchId, MatchStatus};
use meetcute_ui::state::{Action, Page};
use meetcute_ui::vm::call_requests::{
    IT_IS_TIME, PanelKind, QUEUED_NOTE, RequestAction, answered_toast, asked_toast, pick_today,
    request_panel,
};
use meetcute_ui::vm::card::{ButtonAction, ButtonStyle, can_ask, card_view};
use meetcute_ui::vm::presence::presence_line;
use support::render::signed_in;
use support::*;
use yew::Reducible;

use CallRequestStatus::{Cancelled, Declined, Done, Expired, Pending, Scheduled};

// ---- presence ----------------------------------------------------------------------------------

#[test]
fn presence_is_coarse_and_says_nothing_when_hidden_or_closed() {
    let line = |status, last_seen| {
        let c = with_presence(mutual(1), status, last_seen);
        card_view(&c).presence.map(|p| (p.text, p.online))
    };
    assert_eq!(
        line(PresenceStatus::Online, Some(LastSeen::Now)),
        Some(("🟢 Online now", true))
    );
    assert_eq!(
        line(PresenceStatus::Away, Some(LastSeen::Now)),
        Some(("Active today", false))
    );
    assert_eq!(
        line(PresenceStatus::Away, Some(LastSeen::Today)),
        Some(("Active today", false))
    );
    assert_eq!(
        line(PresenceStatus::Away, Some(LastSeen::ThisWeek)),
        Some(("Active this week", false))
    );
    assert_eq!(
        line(PresenceStatus::Away, Some(LastSeen::Earlier)),
        Some(("Active a while ago", false))
    );
    assert_eq!(line(PresenceStatus::Hidden, None), None, "hidden");
    assert_eq!(card_view(&mutual(1)).presence, None, "not known");
    let online = with_presence(mutual(1), PresenceStatus::Online, Some(LastSeen::Now));
    let mut closed = denied(online.clone(), DenyReason::Closed);
    closed.view.status = MatchStatus::Closed;
    assert_eq!(
        card_view(&closed).presence,
        None,
        "closed matches show none"
    );
    assert_eq!(
        presence_line(MatchStatus::Closed, online.view.peer.presence),
        None
    );
    assert_eq!(
        card_view(&online).presence.map(|p| p.class()),
        Some("presence online")
    );
}

// ---- the call button: ask instead --------------------------------------------------------------

#[test]
fn a_peer_offline_or_unavailable_gets_ask_for_a_call_instead_of_a_dead_button() {
    for (reason, note) in [
        (DenyReason::PeerOffline, "They're not online right now"),
        (
            DenyReason::Unavailable,
            "They're not taking calls right now",
        ),
    ] {
        for base in [proposed(), mutual(2)] {
            let view = card_view(&denied(base, reason));
            assert_eq!(view.button.label, "Ask for a call 💌", "{reason:?}");
            assert_eq!(view.button.style, ButtonStyle::Ask);
            assert_eq!(view.button.class(), "call-button ask");
            assert_eq!(view.button.action, Some(ButtonAction::Ask));
            assert_eq!(view.button.test_id(), "ask-for-call");
            assert_eq!(view.button.note.as_deref(), Some(note));
            assert!(!view.ask_link, "the button is the ask already");
        }
    }
}

#[test]
fn with_a_request_open_the_denied_button_says_why_and_asks_nothing_more() {
    let mut c = denied(proposed(), DenyReason::PeerOffline);
    c.call_request = Some(request(ME, Pending, vec![tonight()], None));
    assert!(!can_ask(&c), "one open request per match");
    let view = card_view(&c);
    assert_eq!(view.button.style, ButtonStyle::Disabled);
    assert_eq!(view.button.label, "Start Video Call 💕");
    assert_eq!(
        view.button.note.as_deref(),
        Some("They're not online right now")
    );
    assert_eq!(view.button.test_id(), "call-button");
    assert!(!view.ask_link);
    assert_eq!(view.request.as_ref().map(|r| r.status), Some(Pending));
}

#[test]
fn callable_cards_offer_ask_for_a_call_as_a_link() {
    assert!(card_view(&proposed()).ask_link);
    assert!(card_view(&mutual(2)).ask_link);
    let view = card_view(&proposed());
    assert_eq!(view.button.test_id(), "call-button");
    // Deciding: the rules take no request; closed: nothing to ask.
    assert!(!card_view(&deciding(None)).ask_link);
    let mut closed = denied(mutual(1), DenyReason::Closed);
    closed.view.status = MatchStatus::Closed;
    assert!(!card_view(&closed).ask_link);
    // A live call: answer or join it instead.
    let mut ringing = card(
        7,
        MatchStatus::Matched,
        Eligibility::InCall {
            session_id: sid(1),
            role: CallRole::Callee,
        },
        1,
    );
    ringing.view.live_session = Some(session(1, CallRole::Callee, CallStatus::Ringing, None));
    assert!(!card_view(&ringing).ask_link);
    // Ring limit reached: plan ahead instead.
    assert!(card_view(&denied(proposed(), DenyReason::RingLimit)).ask_link);
}

#[test]
fn a_settled_request_on_a_card_is_no_panel() {
    let mut c = mutual(1);
    c.call_request = Some(request(ALEX, Declined, vec![tonight()], None));
    assert_eq!(card_view(&c).request, None);
    assert!(can_ask(&c));
}

// ---- the request panel -------------------------------------------------------------------------

#[test]
fn my_pending_request_waits_for_them_and_can_be_cancelled() {
    let r = request(ME, Pending, vec![tonight(), tonight() + hours(24)], None);
    let panel = request_panel(&r, ME, ALEX, "Alex", at(60), paris()).expect("a panel");
    assert_eq!(panel.kind, PanelKind::Sent);
    assert_eq!(panel.title, "Call request sent · waiting for Alex");
    assert_eq!(
        panel.detail.as_deref(),
        Some("You proposed today 8:00 pm · tomorrow 8:00 pm")
    );
    assert!(panel.cancel);
    assert!(!panel.decline && panel.choices.is_empty() && !panel.pick_today);
    assert_eq!(panel.countdown, None);
    assert_eq!(panel.class(), "request-panel sent");

    let any = request(ME, Pending, vec![], None);
    let panel = request_panel(&any, ME, ALEX, "Alex", at(60), paris()).expect("a panel");
    assert_eq!(panel.detail.as_deref(), Some("Whenever they're free today"));
}

#[test]
fn their_request_offers_each_proposed_time_and_decline() {
    let wednesday = tonight() + hours(48);
    let r = request(
        ALEX,
        Pending,
        vec![tonight(), tonight() + hours(24), wednesday],
        None,
    );
    let panel = request_panel(&r, ME, ALEX, "Alex", at(60), paris()).expect("a panel");
    assert_eq!(panel.kind, PanelKind::Received);
    assert_eq!(panel.title, "💌 Alex asks for a video call");
    assert_eq!(
        panel.detail.as_deref(),
        Some("Pick a time that works for you")
    );
    let labels: Vec<&str> = panel.choices.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["Today 8:00 pm", "Tomorrow 8:00 pm", "Wed 8:00 pm"]);
    let ids: Vec<&str> = panel.choices.iter().map(|c| c.test_id.as_str()).collect();
    assert_eq!(
        ids,
        ["request-accept-0", "request-accept-1", "request-accept-2"]
    );
    assert!(panel.choices.iter().all(|c| c.enabled));
    assert_eq!(
        panel.choices[1].action,
        RequestAction::Accept {
            slot: Some(tonight() + hours(24)),
            then_call: false
        }
    );
    assert_eq!(
        panel.choices[1].action.answer(),
        RequestAnswer::Accept {
            slot: Some(tonight() + hours(24))
        }
    );
    assert!(panel.decline);
    assert!(
        !panel.cancel,
        "only the person who asked takes a request back"
    );
    assert!(!panel.pick_today);
}

#[test]
fn a_proposed_time_long_past_can_no_longer_be_picked() {
    let r = request(ALEX, Pending, vec![at(600), tonight()], None);
    // 20 minutes after the first time: past its window, the second still ahead.
    let now = at(600) + Duration::minutes(20);
    let panel = request_panel(&r, ME, ALEX, "Alex", now, paris()).expect("a panel");
    assert!(!panel.choices[0].enabled, "the rules refuse a passed time");
    assert!(panel.choices[1].enabled);
    // Past the request's own expiry nothing can be answered any more.
    let late = tonight() + Duration::minutes(16);
    let panel = request_panel(&r, ME, ALEX, "Alex", late, paris()).expect("still shown");
    assert!(panel.choices.iter().all(|c| !c.enabled));
    assert!(!panel.decline);
}

#[test]
fn whenever_you_are_free_today_offers_call_now_and_pick_a_time() {
    let r = request(ALEX, Pending, vec![], None);
    let panel = request_panel(&r, ME, ALEX, "Alex", at(60), paris()).expect("a panel");
    assert_eq!(panel.detail.as_deref(), Some("Whenever you're free today"));
    assert_eq!(panel.choices.len(), 1);
    let now = &panel.choices[0];
    assert_eq!(now.label, "Call now 📞");
    assert_eq!(now.test_id, "request-call-now");
    assert_eq!(
        now.action,
        RequestAction::Accept {
            slot: None,
            then_call: true
        }
    );
    assert!(now.enabled && panel.pick_today && panel.decline);
}

#[test]
fn a_time_picked_today_lies_ahead_and_before_the_request_lapses() {
    let r = request(ALEX, Pending, vec![], None);
    // 11:30 am local now; the request lapses 12 h after it was made (11:30 pm local).
    assert_eq!(pick_today("20:00", &r, at(60), paris()), Ok(tonight()));
    assert_eq!(
        pick_today("09:00", &r, at(60), paris()),
        Err("That time has passed. Pick a later one.".to_owned())
    );
    assert_eq!(
        pick_today("23:45", &r, at(60), paris()),
        Err("Pick a time before 11:30 pm.".to_owned())
    );
    assert_eq!(
        pick_today("", &r, at(60), paris()),
        Err("Choose a time.".to_owned())
    );
}

#[test]
fn a_scheduled_call_counts_down_live_then_says_it_is_time() {
    let r = request(ALEX, Scheduled, vec![tonight()], Some(tonight()));
    let panel_at = |now| request_panel(&r, ME, ALEX, "Alex", now, paris()).expect("a panel");
    let before = panel_at(tonight() - Duration::minutes(12));
    assert_eq!(before.kind, PanelKind::Scheduled);
    assert_eq!(before.title, "📅 Video call today 8:00 pm");
    assert_eq!(before.countdown.as_deref(), Some("in 12 min"));
    assert!(before.cancel, "either person calls off an agreed time");
    assert!(before.choices.is_empty() && !before.decline);
    assert_eq!(
        panel_at(tonight() - Duration::minutes(11) - Duration::seconds(30))
            .countdown
            .as_deref(),
        Some("in 12 min"),
        "rounded up to whole minutes"
    );
    assert_eq!(
        panel_at(tonight() - Duration::seconds(42))
            .countdown
            .as_deref(),
        Some("in 42 s")
    );
    assert_eq!(panel_at(at(0)).countdown.as_deref(), Some("in 8 h 30 min"));
    let due = panel_at(tonight());
    assert_eq!(due.kind, PanelKind::Due);
    assert_eq!(due.countdown.as_deref(), Some(IT_IS_TIME));
    assert_eq!(due.class(), "request-panel due");
    let later = panel_at(tonight() + Duration::minutes(5));
    assert_eq!(later.countdown.as_deref(), Some("It's time! 💕"));
    assert!(later.cancel);
    // A day ahead it says the day.
    let tomorrow = request(ME, Scheduled, vec![], Some(tonight() + hours(24)));
    let panel = request_panel(&tomorrow, ME, ALEX, "Alex", at(0), paris()).expect("a panel");
    assert_eq!(panel.title, "📅 Video call tomorrow 8:00 pm");
    assert_eq!(panel.countdown.as_deref(), Some("in 1 day"));
    assert!(panel.cancel, "the one who asked may call it off too");
}

#[test]
fn the_scheduled_card_keeps_the_call_button_the_rules_give() {
    let mut c = mutual(2);
    c.call_request = Some(request(ALEX, Scheduled, vec![tonight()], Some(tonight())));
    let view = card_view(&c);
    assert_eq!(view.button.label, "Call Again 💕");
    assert!(view.button.enabled());
    let mut offline = denied(mutual(2), DenyReason::PeerOffline);
    offline.call_request = c.call_request.clone();
    let view = card_view(&offline);
    assert!(!view.button.enabled(), "it's time, but the rules decide");
    assert_eq!(view.button.action, None);
}

#[test]
fn settled_requests_show_no_panel() {
    for status in [Declined, Cancelled, Expired, Done] {
        let r = request(ALEX, status, vec![tonight()], None);
        assert_eq!(
            request_panel(&r, ME, ALEX, "Alex", at(0), paris()),
            None,
            "{status:?}"
        );
    }
}

#[test]
fn request_toasts_say_queued_when_offline() {
    assert_eq!(
        asked_toast("Alex", Delivery::Sent),
        "💌 Call request sent to Alex"
    );
    let queued = asked_toast("Alex", Delivery::Queued);
    assert!(queued.ends_with(QUEUED_NOTE), "{queued}");
    assert!(queued.contains("Queued, sent when you're back online"));
    let accept = RequestAction::Accept {
        slot: None,
        then_call: false,
    };
    assert_eq!(
        answered_toast(RequestAction::Decline, "Alex", Delivery::Sent),
        "You declined Alex's call request"
    );
    assert_eq!(
        answered_toast(RequestAction::Cancel, "Alex", Delivery::Queued),
        format!("Call request cancelled. {QUEUED_NOTE}")
    );
    assert!(answered_toast(accept, "Alex", Delivery::Sent).contains("Alex"));
}

// ---- opening a match from a notification -------------------------------------------------------

#[test]
fn a_clicked_notification_brings_the_match_into_view() {
    let state = signed_in(vec![proposed()])
        .reduce(Action::Navigate(Page::Profile))
        .reduce(Action::OpenMatch(MatchId(7)));
    assert_eq!(state.page, Page::Matches);
    let first = state.highlight.expect("highlighted");
    assert_eq!(first.match_id, MatchId(7));
    // Asked again: a new highlight, so the card scrolls into view again.
    let state = state.reduce(Action::OpenMatch(MatchId(7)));
    let second = state.highlight.expect("highlighted");
    assert_ne!(first.seq, second.seq);
    // The first one's fading no longer clears the second.
    let state = state.reduce(Action::ClearHighlight(first.seq));
    assert_eq!(state.highlight, Some(second));
    let state = state.reduce(Action::ClearHighlight(second.seq));
    assert_eq!(state.highlight, None);
}

#[test]
fn a_changed_card_replaces_its_old_self() {
    let mut off = mutual(2);
    off.view.calls_allowed = false;
    let state = signed_in(vec![mutual(2)]).reduce(Action::CardChanged(Box::new(off.clone())));
    assert_eq!(state.matches, vec![off]);
    let unknown = card(
        99,
        MatchStatus::Proposed,
        Eligibility::FirstCall {
            max_duration_seconds: 60,
        },
        0,
    );
    let state = state.reduce(Action::CardChanged(Box::new(unknown)));
    assert_eq!(state.matches.len(), 1, "only known cards change");
}

#[test]
fn a_request_from_them_is_toasted_and_mine_is_not() {
    let theirs = request(ALEX, Pending, vec![tonight()], None);
    let state = signed_in(vec![proposed()]).reduce(Action::Core(AppEvent::CallRequestUpdated {
        request: theirs,
        peer_name: "Alex".into(),
    }));
    assert_eq!(
        state.toasts.last().map(|t| t.text.as_str()),
        Some("💌 Alex asks for a video call")
    );
    let mine = request(ME, Pending, vec![tonight()], None);
    let before = state.toasts.len();
    let state = state.reduce(Action::Core(AppEvent::CallRequestUpdated {
        request: mine,
        peer_name: "Alex".into(),
    }));
    assert_eq!(state.toasts.len(), before);
}
