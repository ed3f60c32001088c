//! Unmatch, block and report, natively: which menu items each match offers (the domain's
//! rule), the dialogs' words, the report form's checks, and the toast once done.

mod support;

use meetcute_domain::app::{AppError, AppEvent, Delivery, MatchCard, QueuedAction};
use meetcute_domain::calls::DenyReason;
use meetcute_domain::matching::MatchChange;
use meetcute_domain::profile::clean_text;
use meetcute_domain::{
    ClosedReason, Decision, Eligibility, ErrorCode, MatchEvent, MatchId, MatchStatus, Timings,
};
use meetcute_ui::state::{Action, State};
use meetcute_ui::vm::match_actions::{
    CardAction, REPORT_DETAILS_MAX_CHARS, REPORT_DONE_TOAST, REPORT_REASON_MAX_CHARS, ReportForm,
    ReportReason, confirm_view, done_toast, menu_actions, menu_button_label, report_view,
};
use meetcute_ui::vm::messages::Tone;
use std::rc::Rc;
use support::*;
use yew::Reducible;

use CardAction::{Block, CallsOff, CallsOn, Report, Unmatch};

fn closed(reason: Option<ClosedReason>) -> MatchCard {
    let mut c = card(
        9,
        MatchStatus::Closed,
        Eligibility::Denied {
            reason: DenyReason::Closed,
        },
        1,
    );
    c.view.closed_reason = reason;
    c
}

fn offered(c: &MatchCard) -> Vec<CardAction> {
    menu_actions(&c.view, ME)
}

#[test]
fn only_a_mutual_match_offers_unmatch() {
    assert_eq!(offered(&mutual(2)), [CallsOff, Unmatch, Block, Report]);
    assert_eq!(offered(&proposed()), [CallsOff, Block, Report]);
    assert_eq!(offered(&deciding(None)), [CallsOff, Block, Report]);
    assert_eq!(
        offered(&deciding(Some(Decision::Like))),
        [CallsOff, Block, Report]
    );
}

#[test]
fn closed_matches_can_still_be_blocked_and_reported_but_not_blocked_twice() {
    for reason in [
        None,
        Some(ClosedReason::Passed),
        Some(ClosedReason::Expired),
        Some(ClosedReason::Unmatched),
    ] {
        assert_eq!(offered(&closed(reason)), [Block, Report], "{reason:?}");
    }
    assert_eq!(offered(&closed(Some(ClosedReason::Blocked))), [Report]);
}

#[test]
fn the_calls_switch_follows_my_choice_for_live_matches_only() {
    let mut off = mutual(2);
    off.view.calls_allowed = false;
    assert_eq!(offered(&off), [CallsOn, Unmatch, Block, Report]);
    assert_eq!(CallsOff.label(), "No calls from this match for now");
    assert_eq!(CallsOn.label(), "Allow calls from this match again");
    assert_eq!(CallsOff.calls_allowed(), Some(false));
    assert_eq!(CallsOn.calls_allowed(), Some(true));
    assert_eq!(Block.calls_allowed(), None);
    for action in [CallsOff, CallsOn] {
        assert!(!action.opens_dialog(), "{action:?} acts at once");
        assert!(!action.is_dangerous());
        assert_eq!(confirm_view(action, "Alex"), None);
    }
    assert!(Report.opens_dialog() && Block.opens_dialog() && Unmatch.opens_dialog());
    assert_eq!(
        [CallsOff, CallsOn, Unmatch, Block, Report].map(CardAction::key),
        ["calls-off", "calls-on", "unmatch", "block", "report"]
    );
    assert_eq!(
        done_toast(CallsOff, "Alex", false),
        "📵 No calls from Alex for now"
    );
    assert_eq!(
        done_toast(CallsOn, "Alex", false),
        "📞 Alex can call you again"
    );
    let mut closed_off = closed(Some(ClosedReason::Passed));
    closed_off.view.calls_allowed = false;
    assert!(
        !offered(&closed_off).contains(&CallsOn),
        "nothing to switch"
    );
}

/// The menu follows the domain's rule for every status, whatever that rule becomes.
#[test]
fn the_menu_is_the_domain_rule_for_every_status() {
    let statuses = [
        (MatchStatus::Proposed, None),
        (MatchStatus::Deciding, None),
        (MatchStatus::Matched, None),
        (MatchStatus::Closed, Some(ClosedReason::Passed)),
        (MatchStatus::Closed, Some(ClosedReason::Unmatched)),
        (MatchStatus::Closed, Some(ClosedReason::Blocked)),
        (MatchStatus::Closed, Some(ClosedReason::Expired)),
    ];
    for (status, closed_reason) in statuses {
        let mut c = mutual(1);
        c.view.status = status;
        c.view.closed_reason = closed_reason;
        let record = c.view.record(ME);
        let apply = |event| record.apply(event, &Timings::default());
        let changes = |event| matches!(apply(event), Ok(MatchChange::Changed(_)));
        let menu = offered(&c);
        assert_eq!(
            menu.contains(&Unmatch),
            changes(MatchEvent::Unmatch { by: ME }),
            "{status:?} {closed_reason:?}"
        );
        assert_eq!(menu.contains(&Block), changes(MatchEvent::Block { by: ME }));
        assert_eq!(
            menu.contains(&Report),
            apply(MatchEvent::Block { by: ME }).is_ok()
        );
    }
}

#[test]
fn the_menu_button_and_the_confirmations_name_the_person() {
    assert_eq!(menu_button_label("Alex"), "More actions for Alex");
    let unmatch = confirm_view(Unmatch, "Jordan").expect("unmatch asks first");
    assert_eq!(unmatch.title, "Unmatch Jordan?");
    assert_eq!(
        unmatch.text,
        "You won't be able to call each other anymore."
    );
    assert_eq!(unmatch.confirm_label, "Unmatch");
    assert_eq!(unmatch.cancel_label, "Cancel");
    let block = confirm_view(Block, "Alex").expect("block asks first");
    assert_eq!(block.title, "Block Alex?");
    assert_eq!(block.text, "They won't see you or be able to call you.");
    assert_eq!(block.confirm_label, "Block");
    assert_eq!(
        confirm_view(Report, "Alex"),
        None,
        "report has its own form"
    );
    assert!(Unmatch.needs_confirmation() && Block.needs_confirmation());
    assert!(!Report.needs_confirmation());
}

#[test]
fn the_report_dialog_names_the_person_and_the_block() {
    let view = report_view("Jordan");
    assert_eq!(view.title, "Report Jordan");
    assert_eq!(view.block_label, "Also block Jordan");
    assert!(view.block_hint.contains("Jordan"), "{}", view.block_hint);
}

#[test]
fn every_reason_is_one_the_server_accepts() {
    let mut seen = std::collections::HashSet::new();
    for reason in ReportReason::ALL {
        let wire = reason.wire();
        assert!(seen.insert(wire), "{wire} twice");
        assert_eq!(
            clean_text("reason", wire, REPORT_REASON_MAX_CHARS, true).as_deref(),
            Ok(wire)
        );
        assert_eq!(ReportReason::from_wire(wire), Some(reason));
        assert!(!reason.label().is_empty());
    }
    assert_eq!(ReportReason::from_wire(""), None, "the placeholder");
}

#[test]
fn a_report_needs_a_reason() {
    let errors = ReportForm::default().validate().expect_err("no reason");
    assert_eq!(errors.reason.as_deref(), Some("Choose a reason."));
    assert_eq!(errors.details, None);
    assert!(!errors.is_empty());
}

#[test]
fn a_report_sends_the_reason_and_the_trimmed_details() {
    let form = ReportForm {
        reason: Some(ReportReason::FakeProfile),
        details: "  Photos are of someone else\n".into(),
    };
    let request = form.validate().expect("a valid report");
    assert_eq!(request.reason, "fake_profile");
    assert_eq!(request.details, "Photos are of someone else");
    let no_details = ReportForm {
        reason: Some(ReportReason::Spam),
        details: String::new(),
    };
    assert_eq!(
        no_details.validate().map(|r| r.details),
        Ok(String::new()),
        "details are optional"
    );
}

#[test]
fn too_long_details_are_refused_with_the_limit_and_nothing_is_sent() {
    let at_limit = ReportForm {
        reason: Some(ReportReason::Harassment),
        details: "x".repeat(REPORT_DETAILS_MAX_CHARS),
    };
    assert!(at_limit.validate().is_ok());
    assert_eq!(at_limit.details_error(), None);
    // Spaces around do not count (the server trims), characters do (not bytes).
    let padded = ReportForm {
        details: format!("  {}  ", "é".repeat(REPORT_DETAILS_MAX_CHARS)),
        ..at_limit.clone()
    };
    assert!(padded.validate().is_ok());

    let too_long = ReportForm {
        details: "x".repeat(REPORT_DETAILS_MAX_CHARS + 1),
        ..at_limit
    };
    let errors = too_long.validate().expect_err("too long");
    assert_eq!(
        errors.details.as_deref(),
        Some("Details can be at most 2000 characters (2001 now).")
    );
    assert_eq!(errors.reason, None);
    assert_eq!(too_long.details_error(), errors.details);
    assert_eq!(too_long.details_counter(), "2001 / 2000 characters");
}

#[test]
fn control_characters_in_details_are_refused() {
    let form = ReportForm {
        reason: Some(ReportReason::Other),
        details: "bad\u{0007}bell".into(),
    };
    let errors = form.validate().expect_err("a control character");
    assert_eq!(
        errors.details.as_deref(),
        Some("Details can't contain control characters.")
    );
}

#[test]
fn done_toasts_say_what_happened_and_when_it_waits() {
    assert_eq!(done_toast(Unmatch, "Alex", false), "You unmatched Alex");
    assert_eq!(done_toast(Block, "Alex", false), "Alex is blocked");
    assert_eq!(done_toast(Report, "Alex", false), REPORT_DONE_TOAST);
    assert_eq!(REPORT_DONE_TOAST, "Thanks — we'll review your report");
    let waiting = done_toast(Block, "Alex", true);
    assert!(waiting.starts_with("Alex is blocked"), "{waiting}");
    assert!(waiting.contains("when you're back online"), "{waiting}");
}

// ---- reducer -------------------------------------------------------------------------------

fn signed_in_with(cards: Vec<MatchCard>) -> Rc<State> {
    Rc::new(State::default())
        .reduce(Action::SessionChecked(Some(me())))
        .reduce(Action::MatchesLoaded(cards))
}

fn done(action: CardAction, delivery: Delivery) -> Action {
    Action::MatchActionDone {
        action,
        peer_name: "Alex".into(),
        delivery,
    }
}

fn last_toast(state: &State) -> Option<(Tone, &str)> {
    state.toasts.last().map(|t| (t.tone, t.text.as_str()))
}

#[test]
fn a_done_action_toasts_and_leaves_the_list_to_the_cores_refresh() {
    let before = signed_in_with(vec![mutual(2)]);
    let after = Rc::clone(&before).reduce(done(Unmatch, Delivery::Sent));
    assert_eq!(
        last_toast(&after),
        Some((Tone::Success, "You unmatched Alex"))
    );
    assert_eq!(after.matches, before.matches, "the refreshed list decides");
    let after = after.reduce(done(Report, Delivery::Sent));
    assert_eq!(
        last_toast(&after),
        Some((Tone::Success, "Thanks — we'll review your report"))
    );
}

#[test]
fn a_queued_action_says_it_will_be_sent_when_back_online() {
    let said = signed_in_with(vec![mutual(2)]).reduce(done(Block, Delivery::Queued));
    let (tone, text) = last_toast(&said).expect("a toast");
    assert_eq!(tone, Tone::Info);
    assert_eq!(text, done_toast(Block, "Alex", true));
    let sent = signed_in_with(vec![mutual(2)]).reduce(done(Block, Delivery::Sent));
    assert_eq!(last_toast(&sent), Some((Tone::Success, "Alex is blocked")));
}

#[test]
fn a_queued_action_refused_later_names_the_person_and_the_reason() {
    let refused = |match_id| {
        Action::Core(AppEvent::QueuedActionRefused {
            action: QueuedAction::Unmatch,
            match_id,
            error: AppError {
                code: ErrorCode::NotMatched,
                message: "not matched".into(),
            },
        })
    };
    let state = signed_in_with(vec![mutual(2)]).reduce(refused(Some(MatchId(7))));
    let (tone, text) = last_toast(&state).expect("a toast");
    assert_eq!(tone, Tone::Error);
    assert!(
        text.starts_with("Unmatching Alex couldn't be sent."),
        "{text}"
    );
    assert!(
        text.contains("Only a mutual match can be unmatched"),
        "{text}"
    );
    let unknown = signed_in_with(vec![]).reduce(refused(Some(MatchId(9))));
    assert!(
        last_toast(&unknown)
            .expect("a toast")
            .1
            .starts_with("Your unmatch couldn't be sent."),
    );
}
