//! Reaching each other rendered to HTML natively (Yew SSR): the card's presence line, "Ask for
//! a call 💌", the request panel with its `data-testid`s (for the end-to-end tests), the ask
//! dialog, the calls switch in the "⋯" menu, the availability section and the history lines.

mod support;

use chrono::Duration;
use meetcute_domain::availability::Availability;
use meetcute_domain::call_requests::CallRequestStatus::{Pending, Scheduled};
use meetcute_domain::calls::DenyReason;
use meetcute_domain::history::CallHistory;
use meetcute_domain::presence::{LastSeen, PresenceStatus};
use meetcute_domain::{MatchId, MatchStatus};
use meetcute_ui::components::ask_dialog::{AskDialog, AskDialogProps};
use meetcute_ui::components::availability_settings::{
    AvailabilitySettings, AvailabilitySettingsProps,
};
use meetcute_ui::components::history::{HistoryTable, HistoryTableProps};
use meetcute_ui::components::match_menu::{MatchMenu, MatchMenuProps};
use meetcute_ui::services::clock;
use meetcute_ui::vm::ask::{AskForm, AskMode};
use meetcute_ui::vm::history::history_view;
use meetcute_ui::vm::match_actions::menu_actions;
use support::render::{assert_every_button_is_named, render, render_app};
use support::*;
use yew::prelude::*;

/// The opening tag of the element with `data-testid="{id}"`.
fn tag<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let at = html.find(&format!(r#"data-testid="{id}""#))?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    Some(&html[start..end])
}

/// The text right after the opening tag of `data-testid="{id}"`, up to the next tag.
fn text<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let at = html.find(&format!(r#"data-testid="{id}""#))?;
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find('<')? + start;
    Some(rest[start..end].trim())
}

/// Every `<input id=…>` has its `<label for=…>`.
fn assert_every_input_is_labelled(html: &str) {
    for input in html.split("<input").skip(1) {
        let attrs = input.split('>').next().unwrap_or_default();
        let id = attrs
            .split(r#"id=""#)
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("an input without an id: {attrs}"));
        assert!(
            html.contains(&format!(r#"<label for="{id}""#)),
            "no label for {id}"
        );
    }
}

#[tokio::test]
async fn a_live_card_shows_whether_they_are_around() {
    let online = with_presence(proposed(), PresenceStatus::Online, Some(LastSeen::Now));
    let html = render_app(vec![online]).await;
    assert_eq!(text(&html, "presence"), Some("🟢 Online now"), "{html}");
    assert!(tag(&html, "presence").is_some_and(|t| t.contains(r#"class="presence online""#)));

    let away = with_presence(mutual(1), PresenceStatus::Away, Some(LastSeen::ThisWeek));
    let html = render_app(vec![away]).await;
    assert_eq!(text(&html, "presence"), Some("Active this week"));

    let hidden = with_presence(mutual(1), PresenceStatus::Hidden, None);
    let html = render_app(vec![hidden]).await;
    assert!(tag(&html, "presence").is_none(), "{html}");
}

#[tokio::test]
async fn an_offline_peer_gets_ask_for_a_call_instead_of_a_dead_button() {
    let html = render_app(vec![denied(proposed(), DenyReason::PeerOffline)]).await;
    let ask = tag(&html, "ask-for-call").expect("the ask button");
    assert!(ask.contains(r#"class="call-button ask""#), "{ask}");
    assert!(!ask.contains("disabled"), "{ask}");
    assert!(
        ask.contains(r#"aria-label="Ask for a call 💌 with Alex""#),
        "{ask}"
    );
    assert_eq!(text(&html, "ask-for-call"), Some("Ask for a call 💌"));
    assert!(
        html.contains("They&#x27;re not online right now")
            || html.contains("They're not online right now")
    );
    assert!(tag(&html, "call-button").is_none(), "no dead call button");
    assert!(tag(&html, "ask-for-call-link").is_none());
    assert_every_button_is_named(&html);

    let html = render_app(vec![denied(mutual(2), DenyReason::Unavailable)]).await;
    assert!(tag(&html, "ask-for-call").is_some());
    assert!(
        html.contains("They&#x27;re not taking calls right now")
            || html.contains("They're not taking calls right now")
    );
}

#[tokio::test]
async fn a_callable_card_offers_ask_for_a_call_as_a_secondary_link() {
    let html = render_app(vec![mutual(2)]).await;
    assert!(tag(&html, "call-button").is_some());
    let link = tag(&html, "ask-for-call-link").expect("the link");
    assert!(link.contains(r#"class="link""#), "{link}");
    assert_eq!(text(&html, "ask-for-call-link"), Some("Ask for a call"));
}

#[tokio::test]
async fn their_request_shows_a_button_per_time_and_decline() {
    let soon = clock::now() + Duration::hours(2);
    let mut c = mutual(2);
    c.call_request = Some(request(
        ALEX,
        Pending,
        vec![soon, soon + Duration::hours(24), soon + Duration::hours(48)],
        None,
    ));
    let html = render_app(vec![c]).await;
    let panel = tag(&html, "request-panel").expect("the panel");
    assert!(panel.contains("request-panel received"), "{panel}");
    assert!(html.contains("💌 Alex asks for a video call"), "{html}");
    for i in 0..3 {
        let accept = tag(&html, &format!("request-accept-{i}")).expect("a time");
        assert!(!accept.contains("disabled"), "{accept}");
        assert!(accept.contains("for the video call with Alex"), "{accept}");
    }
    assert!(tag(&html, "request-decline").is_some());
    assert!(tag(&html, "request-cancel").is_none());
    assert!(
        tag(&html, "ask-for-call-link").is_none(),
        "one request at a time"
    );
    assert_every_button_is_named(&html);
}

#[tokio::test]
async fn their_any_time_request_offers_call_now_and_a_time_today() {
    let mut c = proposed();
    let mut r = request(ALEX, Pending, vec![], None);
    r.expires_at = clock::now() + Duration::hours(6);
    c.call_request = Some(r);
    let html = render_app(vec![c]).await;
    assert_eq!(text(&html, "request-call-now"), Some("Call now 📞"));
    let pick = tag(&html, "request-pick-today").expect("pick a time");
    assert!(pick.contains(r#"aria-expanded="false""#), "{pick}");
    assert!(tag(&html, "request-decline").is_some());
}

#[tokio::test]
async fn my_pending_request_waits_with_cancel() {
    let soon = clock::now() + Duration::hours(2);
    let mut c = proposed();
    c.call_request = Some(request(ME, Pending, vec![soon], None));
    let html = render_app(vec![c]).await;
    assert!(
        html.contains("Call request sent · waiting for Alex"),
        "{html}"
    );
    let cancel = tag(&html, "request-cancel").expect("cancel");
    assert!(cancel.contains(r#"aria-label="Cancel the call request with Alex""#));
    assert!(tag(&html, "request-decline").is_none());
    assert!(tag(&html, "request-accept-0").is_none());
}

#[tokio::test]
async fn a_scheduled_call_counts_down_with_cancel() {
    let at = clock::now() + Duration::minutes(12) + Duration::seconds(30);
    let mut c = mutual(2);
    c.call_request = Some(request(ALEX, Scheduled, vec![at], Some(at)));
    let html = render_app(vec![c]).await;
    assert!(html.contains("📅 Video call"), "{html}");
    let countdown = tag(&html, "request-countdown").expect("the countdown");
    assert!(countdown.contains(r#"role="timer""#), "{countdown}");
    assert_eq!(text(&html, "request-countdown"), Some("in 13 min"));
    assert!(tag(&html, "request-cancel").is_some());
    assert!(
        tag(&html, "call-button").is_some(),
        "the rules' call button stays"
    );

    let now = clock::now() - Duration::minutes(1);
    let mut due = mutual(2);
    due.call_request = Some(request(ALEX, Scheduled, vec![now], Some(now)));
    let html = render_app(vec![due]).await;
    assert!(tag(&html, "request-panel").is_some_and(|t| t.contains("request-panel due")));
    let text = text(&html, "request-countdown").expect("the countdown");
    assert!(
        text == "It&#x27;s time! 💕" || text == "It's time! 💕",
        "{text}"
    );
}

#[tokio::test]
async fn the_menu_offers_no_calls_from_this_match_first() {
    let card = mutual(2);
    let props = MatchMenuProps {
        match_id: card.view.id,
        name: "Alex".into(),
        actions: menu_actions(&card.view, ME),
        open: true,
        on_toggle: Callback::noop(),
        on_pick: Callback::noop(),
    };
    let html = render::<MatchMenu>(props).await;
    let at = html
        .find(r#"data-action="calls-off""#)
        .expect("the calls-off item");
    let off = &html[html[..at].rfind('<').unwrap_or(0)..at];
    assert!(off.contains(r#"role="menuitem""#), "{off}");
    assert!(html.contains(">No calls from this match for now</button>"));
    assert!(
        html.find("No calls from this match") < html.find(">Unmatch<"),
        "first in the menu"
    );
    let mut allowed_off = mutual(2);
    allowed_off.view.calls_allowed = false;
    let props = MatchMenuProps {
        match_id: MatchId(7),
        name: "Alex".into(),
        actions: menu_actions(&allowed_off.view, ME),
        open: true,
        on_toggle: Callback::noop(),
        on_pick: Callback::noop(),
    };
    let html = render::<MatchMenu>(props).await;
    assert!(html.contains(r#"data-action="calls-on""#), "{html}");
    assert!(html.contains(">Allow calls from this match again</button>"));
}

fn ask(initial: AskForm, busy: bool) -> AskDialogProps {
    AskDialogProps {
        name: "Alex".into(),
        status: MatchStatus::Matched,
        initial,
        busy,
        on_submit: Callback::noop(),
        on_cancel: Callback::noop(),
    }
}

#[tokio::test]
async fn the_ask_dialog_has_quick_picks_a_local_time_and_any_time_today() {
    let html = render::<AskDialog>(ask(AskForm::default(), false)).await;
    let dialog = tag(&html, "ask-dialog").expect("the dialog");
    assert!(dialog.contains(r#"role="dialog""#), "{dialog}");
    assert!(dialog.contains(r#"aria-modal="true""#));
    assert!(html.contains(">Ask Alex for a call</h2>"), "{html}");
    let first = tag(&html, "ask-quick-0").expect("a quick pick");
    assert!(first.contains(r#"aria-pressed="false""#), "{first}");
    assert!(html.contains("In 1 hour"));
    assert!(html.contains("Tomorrow 8 pm"));
    let custom = tag(&html, "ask-custom-time").expect("the time input");
    assert!(custom.contains(r#"type="datetime-local""#), "{custom}");
    assert!(
        custom.contains("min=") && custom.contains("max="),
        "{custom}"
    );
    assert!(tag(&html, "ask-any-time").is_some_and(|t| t.contains(r#"type="radio""#)));
    assert!(
        html.contains("Whenever you&#x27;re free today")
            || html.contains("Whenever you're free today")
    );
    assert_eq!(text(&html, "ask-count"), Some("0 of 3 times picked"));
    let send = tag(&html, "ask-send").expect("send");
    assert!(send.contains(r#"type="submit""#), "{send}");
    assert!(tag(&html, "ask-cancel").is_some());
    assert!(!html.contains(r#"role="alert""#), "no error before sending");
    assert_every_button_is_named(&html);
    assert_every_input_is_labelled(&html);
}

#[tokio::test]
async fn picked_times_are_listed_and_removable_and_a_full_form_takes_no_more() {
    let now = clock::now();
    let slots = vec![
        now + Duration::hours(2),
        now + Duration::hours(26),
        now + Duration::hours(50),
    ];
    let form = AskForm {
        mode: AskMode::Times,
        slots,
        custom: String::new(),
    };
    let html = render::<AskDialog>(ask(form, false)).await;
    assert_eq!(text(&html, "ask-count"), Some("3 of 3 times picked"));
    for i in 0..3 {
        let remove = tag(&html, &format!("ask-remove-{i}")).expect("a remove button");
        assert!(remove.contains("aria-label=\"Remove "), "{remove}");
    }
    assert!(tag(&html, "ask-custom-time").is_some_and(|t| t.contains("disabled")));
    assert!(tag(&html, "ask-add-time").is_some_and(|t| t.contains("disabled")));

    let busy = render::<AskDialog>(ask(AskForm::default(), true)).await;
    let send = tag(&busy, "ask-send").expect("send");
    assert!(send.contains("disabled"), "{send}");
    assert_eq!(text(&busy, "ask-send"), Some("…"));
}

#[tokio::test]
async fn whenever_you_are_free_hides_the_times() {
    let form = AskForm {
        mode: AskMode::AnyTimeToday,
        ..AskForm::default()
    };
    let html = render::<AskDialog>(ask(form, false)).await;
    assert!(tag(&html, "ask-any-time").is_some_and(|t| t.contains("checked")));
    assert!(tag(&html, "ask-quick-0").is_none());
    assert!(tag(&html, "ask-custom-time").is_none());
}

fn settings(initial: Option<Availability>, autostart: Option<bool>) -> AvailabilitySettingsProps {
    AvailabilitySettingsProps {
        initial,
        initial_autostart: autostart,
    }
}

#[tokio::test]
async fn the_call_settings_load_first() {
    let html = render::<AvailabilitySettings>(settings(None, None)).await;
    assert!(html.contains("Loading your call settings…"), "{html}");
    assert!(tag(&html, "availability-switch").is_none());
}

#[tokio::test]
async fn available_for_calls_is_a_labelled_switch_with_off_until_tomorrow_morning() {
    let on = Availability::default();
    let html = render::<AvailabilitySettings>(settings(Some(on), Some(true))).await;
    let switch = tag(&html, "availability-switch").expect("the switch");
    assert!(switch.contains(r#"role="switch""#), "{switch}");
    assert!(switch.contains(r#"type="checkbox""#));
    assert!(switch.contains("checked"), "{switch}");
    assert!(html.contains(r#"<label for="availability-switch">Available for calls</label>"#));
    assert_eq!(
        text(&html, "availability-summary"),
        Some("Your matches can call you.")
    );
    assert!(html.contains("Off until tomorrow morning"));
    assert!(tag(&html, "availability-until-morning").is_some());
    assert!(
        html.contains(r#"<label for="hide-presence">Hide when I&#x27;m online</label>"#)
            || html.contains(r#"<label for="hide-presence">Hide when I'm online</label>"#)
    );
    let autostart = tag(&html, "autostart").expect("start at login");
    assert!(
        autostart.contains("checked") && !autostart.contains("disabled"),
        "{autostart}"
    );
    assert!(html.contains(r#"<label for="autostart">Start Meetcute when I log in</label>"#));
    assert_every_input_is_labelled(&html);
    assert_every_button_is_named(&html);
}

#[tokio::test]
async fn calls_off_offers_how_long_and_says_so() {
    let off = Availability {
        available: false,
        until: None,
        hide_presence: true,
    };
    let html = render::<AvailabilitySettings>(settings(Some(off), None)).await;
    let switch = tag(&html, "availability-switch").expect("the switch");
    assert!(!switch.contains("checked"), "{switch}");
    assert!(tag(&html, "availability-off-open").is_some_and(|t| t.contains("checked")));
    assert!(tag(&html, "availability-off-morning").is_some_and(|t| !t.contains("checked")));
    assert!(tag(&html, "hide-presence").is_some_and(|t| t.contains("checked")));
    assert!(
        tag(&html, "autostart").is_some_and(|t| t.contains("disabled")),
        "start at login waits for the shell"
    );
    assert!(text(&html, "availability-summary").is_some_and(|t| t.starts_with("Calls are off.")));
    assert_every_input_is_labelled(&html);
}

#[tokio::test]
async fn history_rows_mark_calls_and_requests() {
    let calls = CallHistory {
        match_id: MatchId(7),
        is_mutual_match: true,
        total_calls: 0,
        calls: vec![],
    };
    let wednesday = at(0) + Duration::hours(56) + Duration::minutes(30);
    let requests = [request(ME, Scheduled, vec![wednesday], Some(wednesday))];
    let view = history_view(&calls, &requests, ME, "Alex", at(0), paris());
    let html = render::<HistoryTable>(HistoryTableProps {
        view,
        peer: "Alex".into(),
    })
    .await;
    let row = tag(&html, "history-row").expect("a row");
    assert!(row.contains(r#"data-kind="request""#), "{row}");
    assert!(row.contains(r#"class="scheduled""#), "{row}");
    assert!(html.contains("<td>Call request</td>"), "{html}");
    assert!(html.contains("Scheduled for Wed 8:00 pm"), "{html}");
    assert!(html.contains(">Scheduled</td>"));
    assert!(html.contains("<td>You asked</td>"));
    assert!(html.contains(r#"<th scope="col">Details</th>"#));
}
