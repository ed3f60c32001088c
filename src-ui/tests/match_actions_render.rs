//! Unmatch, block and report rendered to HTML natively (Yew SSR): the card's "⋯" button, its
//! open menu, the confirmation alert dialog and the labelled report form.

mod support;

use meetcute_domain::app::MatchCard;
use meetcute_domain::{MatchId, MatchStatus};
use meetcute_ui::components::confirm_dialog::{ConfirmDialog, ConfirmDialogProps};
use meetcute_ui::components::match_menu::{MatchMenu, MatchMenuProps};
use meetcute_ui::components::report_dialog::{ReportDialog, ReportDialogProps};
use meetcute_ui::vm::match_actions::{
    CardAction, REPORT_DETAILS_MAX_CHARS, ReportForm, ReportReason, confirm_view, menu_actions,
};
use support::render::{assert_every_button_is_named, render, render_app};
use support::*;
use yew::prelude::*;

fn menu(card: &MatchCard, open: bool) -> MatchMenuProps {
    MatchMenuProps {
        match_id: card.view.id,
        name: "Alex".into(),
        actions: menu_actions(&card.view, ME),
        open,
        on_toggle: Callback::noop(),
        on_pick: Callback::noop(),
    }
}

/// The `<button …>` tag whose text is `label`.
fn button_tag<'a>(html: &'a str, label: &str) -> Option<&'a str> {
    let end = html.find(&format!(">{label}</button>"))?;
    let start = html[..end].rfind("<button")?;
    Some(&html[start..end])
}

#[tokio::test]
async fn each_card_has_a_closed_more_actions_button() {
    let html = render_app(vec![mutual(2)]).await;
    let button = button_tag(&html, "⋯").expect("the ⋯ button");
    assert!(
        button.contains(r#"aria-label="More actions for Alex""#),
        "{button}"
    );
    assert!(button.contains(r#"aria-expanded="false""#), "{button}");
    assert!(button.contains(r#"aria-haspopup="menu""#), "{button}");
    assert!(button.contains(r#"type="button""#), "{button}");
    assert!(!html.contains(r#"role="menu""#), "closed until pressed");
    assert!(!html.contains("role=\"alertdialog\""));
    assert_every_button_is_named(&html);
}

#[tokio::test]
async fn the_open_menu_of_a_mutual_match_offers_unmatch_block_and_report() {
    let html = render::<MatchMenu>(menu(&mutual(2), true)).await;
    let button = button_tag(&html, "⋯").expect("the ⋯ button");
    assert!(button.contains(r#"aria-expanded="true""#), "{button}");
    assert!(
        button.contains(r#"aria-controls="match-7-menu""#),
        "{button}"
    );
    assert!(
        html.contains(r#"role="menu" id="match-7-menu""#)
            || (html.contains(r#"role="menu""#) && html.contains(r#"id="match-7-menu""#)),
        "{html}"
    );
    for label in ["Unmatch", "Block", "Report"] {
        let item = button_tag(&html, label).unwrap_or_else(|| panic!("{label} in {html}"));
        assert!(item.contains(r#"role="menuitem""#), "{item}");
    }
    assert!(
        html.find(">Unmatch<") < html.find(">Block<")
            && html.find(">Block<") < html.find(">Report<")
    );
}

#[tokio::test]
async fn a_proposed_match_cannot_be_unmatched_only_blocked_or_reported() {
    let html = render::<MatchMenu>(menu(&proposed(), true)).await;
    assert!(button_tag(&html, "Unmatch").is_none(), "{html}");
    assert!(button_tag(&html, "Block").is_some());
    assert!(button_tag(&html, "Report").is_some());
}

#[tokio::test]
async fn a_menu_without_actions_is_not_shown() {
    let mut props = menu(&mutual(1), false);
    props.actions = vec![];
    assert_eq!(render::<MatchMenu>(props).await.trim(), "");
}

fn confirm(action: CardAction, busy: bool) -> ConfirmDialogProps {
    ConfirmDialogProps {
        view: confirm_view(action, "Alex").expect("a confirmation"),
        busy,
        on_confirm: Callback::noop(),
        on_cancel: Callback::noop(),
    }
}

#[tokio::test]
async fn the_unmatch_confirmation_is_an_alert_dialog_with_cancel_first() {
    let html = render::<ConfirmDialog>(confirm(CardAction::Unmatch, false)).await;
    assert!(html.contains(r#"role="alertdialog""#), "{html}");
    assert!(html.contains(r#"aria-modal="true""#));
    assert!(html.contains(r#"aria-labelledby="confirm-title""#));
    assert!(html.contains(r#"aria-describedby="confirm-text""#));
    assert!(html.contains(">Unmatch Alex?</h2>"), "{html}");
    assert!(
        html.contains("You won&#x27;t be able to call each other anymore.")
            || html.contains("You won't be able to call each other anymore."),
        "{html}"
    );
    let cancel = button_tag(&html, "Cancel").expect("cancel");
    assert!(cancel.contains("autofocus"), "the safe choice: {cancel}");
    assert!(!cancel.contains("disabled"), "{cancel}");
    let ok = button_tag(&html, "Unmatch").expect("unmatch");
    assert!(!ok.contains("disabled"), "{ok}");
    assert!(html.find(">Cancel<") < html.find(">Unmatch<"));
}

#[tokio::test]
async fn the_block_confirmation_says_what_blocking_does() {
    let html = render::<ConfirmDialog>(confirm(CardAction::Block, false)).await;
    assert!(html.contains(r#"role="alertdialog""#));
    assert!(html.contains(">Block Alex?</h2>"), "{html}");
    assert!(
        html.contains("They won&#x27;t see you or be able to call you.")
            || html.contains("They won't see you or be able to call you."),
        "{html}"
    );
    assert!(button_tag(&html, "Block").is_some());
    assert!(button_tag(&html, "Cancel").is_some());
}

#[tokio::test]
async fn while_the_command_runs_the_confirm_button_is_disabled_with_an_ellipsis() {
    let html = render::<ConfirmDialog>(confirm(CardAction::Block, true)).await;
    let ok = button_tag(&html, "…").expect("the busy button");
    assert!(ok.contains("disabled"), "{ok}");
    assert!(ok.contains(r#"aria-label="Block: in progress""#), "{ok}");
    assert!(button_tag(&html, "Block").is_none(), "{html}");
    assert!(html.contains(r#"aria-busy="true""#));
    assert_every_button_is_named(&html);
}

fn report(initial: ReportForm, busy: bool) -> ReportDialogProps {
    ReportDialogProps {
        name: "Alex".into(),
        initial,
        busy,
        on_submit: Callback::noop(),
        on_cancel: Callback::noop(),
    }
}

#[tokio::test]
async fn the_report_dialog_has_labelled_fields_and_the_block_choice() {
    let html = render::<ReportDialog>(report(ReportForm::default(), false)).await;
    assert!(html.contains(r#"role="dialog""#), "{html}");
    assert!(html.contains(r#"aria-modal="true""#));
    assert!(html.contains(">Report Alex</h2>"), "{html}");
    assert!(html.contains(r#"<label for="report-reason">Reason</label>"#));
    assert!(html.contains(r#"<select id="report-reason""#), "{html}");
    assert!(html.contains(r#"<label for="report-details">Details (optional)</label>"#));
    assert!(html.contains(r#"<textarea id="report-details""#), "{html}");
    assert!(html.contains(r#"<label for="report-block">Also block Alex</label>"#));
    assert!(html.contains(r#"id="report-block""#));
    assert!(html.contains(r#"type="checkbox""#));
    assert!(html.contains("0 / 2000 characters"));
    for reason in ReportReason::ALL {
        assert!(
            html.contains(&format!(r#"value="{}""#, reason.wire())),
            "{reason:?}"
        );
    }
    assert!(html.contains(">Choose a reason<") || html.contains("Choose a reason"));
    let submit = button_tag(&html, "Send report").expect("submit");
    assert!(submit.contains(r#"type="submit""#), "{submit}");
    assert!(button_tag(&html, "Cancel").is_some());
    assert!(
        !html.contains(r#"role="alert""#),
        "no error before anything is typed"
    );
    assert_every_button_is_named(&html);
}

#[tokio::test]
async fn too_long_report_details_show_the_error_on_the_field() {
    let form = ReportForm {
        reason: Some(ReportReason::Harassment),
        details: "x".repeat(REPORT_DETAILS_MAX_CHARS + 5),
    };
    let html = render::<ReportDialog>(report(form, false)).await;
    assert!(
        html.contains("Details can be at most 2000 characters (2005 now)."),
        "{html}"
    );
    assert!(html.contains(r#"role="alert""#));
    let textarea_start = html.find("<textarea").expect("the textarea");
    let textarea = &html[textarea_start
        ..html[textarea_start..]
            .find('>')
            .map_or(html.len(), |e| textarea_start + e)];
    assert!(textarea.contains(r#"aria-invalid="true""#), "{textarea}");
    assert!(textarea.contains("report-details-error"), "{textarea}");
}

#[tokio::test]
async fn while_a_report_is_sent_its_button_is_disabled() {
    let form = ReportForm {
        reason: Some(ReportReason::Spam),
        details: String::new(),
    };
    let html = render::<ReportDialog>(report(form, true)).await;
    let submit = button_tag(&html, "…").expect("the busy button");
    assert!(submit.contains("disabled"), "{submit}");
    assert!(button_tag(&html, "Send report").is_none());
}

#[tokio::test]
async fn a_closed_blocked_card_still_has_its_menu_for_a_report() {
    let mut c = card(
        9,
        MatchStatus::Closed,
        meetcute_domain::Eligibility::Denied {
            reason: meetcute_domain::calls::DenyReason::Closed,
        },
        1,
    );
    c.view.closed_reason = Some(meetcute_domain::ClosedReason::Blocked);
    let html = render::<MatchMenu>(menu(&c, true)).await;
    assert_eq!(c.view.id, MatchId(9));
    assert!(button_tag(&html, "Report").is_some(), "{html}");
    assert!(button_tag(&html, "Block").is_none());
    assert!(button_tag(&html, "Unmatch").is_none());
}
