//! A card's "⋯" menu: "No calls from this match for now" (or "Allow calls from this match
//! again"), unmatch, block and report: which of them a card offers, what the confirmation and
//! report dialogs say, the report form's checks, and the toast once done. Pure.
//!
//! Whether an action is offered is the domain's verdict: the card's match is handed to
//! [`MatchRecord::apply`] (the same rule the server and the core run), and an action is offered
//! only when the rules accept it. Nothing here re-decides a rule.

use meetcute_domain::matching::MatchChange;
use meetcute_domain::profile::clean_text;
use meetcute_domain::wire::{MatchView, ReportRequest};
use meetcute_domain::{MatchEvent, MatchRecord, MatchStatus, Timings, UserId};

/// The "⋯" button's text; its accessible name is [`menu_button_label`].
pub const MENU_BUTTON_TEXT: &str = "⋯";
/// The confirm button's text while its command runs.
pub const BUSY_LABEL: &str = "…";
pub const CANCEL_LABEL: &str = "Cancel";
pub const REPORT_DONE_TOAST: &str = "Thanks — we'll review your report";

pub use meetcute_domain::report::{REPORT_DETAILS_MAX_CHARS, REPORT_REASON_MAX_CHARS};

/// What a person can do to a match from its card's menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardAction {
    /// "No calls from this match for now".
    CallsOff,
    /// "Allow calls from this match again".
    CallsOn,
    Unmatch,
    Block,
    Report,
}

impl CardAction {
    /// The menu item's text.
    pub fn label(self) -> &'static str {
        match self {
            CardAction::CallsOff => "No calls from this match for now",
            CardAction::CallsOn => "Allow calls from this match again",
            CardAction::Unmatch => "Unmatch",
            CardAction::Block => "Block",
            CardAction::Report => "Report",
        }
    }

    /// The menu item's `data-action`.
    pub fn key(self) -> &'static str {
        match self {
            CardAction::CallsOff => "calls-off",
            CardAction::CallsOn => "calls-on",
            CardAction::Unmatch => "unmatch",
            CardAction::Block => "block",
            CardAction::Report => "report",
        }
    }

    /// Unmatch and block ask "are you sure?" first; report opens its own form; the calls
    /// switch acts at once (it is undone as easily).
    pub fn needs_confirmation(self) -> bool {
        matches!(self, CardAction::Unmatch | CardAction::Block)
    }

    /// Whether it opens a dialog (a confirmation or the report form) before anything is sent.
    pub fn opens_dialog(self) -> bool {
        self.needs_confirmation() || self == CardAction::Report
    }

    /// The per-match calls switch: `Some(allowed)` for its two items.
    pub fn calls_allowed(self) -> Option<bool> {
        match self {
            CardAction::CallsOff => Some(false),
            CardAction::CallsOn => Some(true),
            CardAction::Unmatch | CardAction::Block | CardAction::Report => None,
        }
    }

    /// Destructive items are shown in red.
    pub fn is_dangerous(self) -> bool {
        matches!(self, CardAction::Block | CardAction::Report)
    }
}

/// Whether the rules would change the match for `event` (an idempotent repeat is not offered).
fn changes(record: &MatchRecord, event: MatchEvent) -> bool {
    matches!(
        record.apply(event, &Timings::default()),
        Ok(MatchChange::Changed(_))
    )
}

/// The actions a card's menu offers, in menu order, as the domain rules allow them:
/// - the calls switch, on a live (not closed) match, from my `calls_allowed`;
/// - Unmatch: only where the rules close the match as unmatched (a mutual match);
/// - Block: wherever a block still changes something (not once already blocked);
/// - Report: wherever the rules accept a block at all (the server records a report with a
///   block), so someone who blocked me, or whom I blocked, can still be reported.
pub fn menu_actions(view: &MatchView, me: UserId) -> Vec<CardAction> {
    let record = view.record(me);
    let mut actions = Vec::with_capacity(4);
    if view.status != MatchStatus::Closed {
        actions.push(if view.calls_allowed {
            CardAction::CallsOff
        } else {
            CardAction::CallsOn
        });
    }
    if changes(&record, MatchEvent::Unmatch { by: me }) {
        actions.push(CardAction::Unmatch);
    }
    if changes(&record, MatchEvent::Block { by: me }) {
        actions.push(CardAction::Block);
    }
    if record
        .apply(MatchEvent::Block { by: me }, &Timings::default())
        .is_ok()
    {
        actions.push(CardAction::Report);
    }
    actions
}

/// "More actions for Alex": the accessible name of a card's "⋯" button.
pub fn menu_button_label(name: &str) -> String {
    format!("More actions for {name}")
}

/// What a confirmation dialog says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmView {
    /// "Unmatch Alex?"
    pub title: String,
    /// "You won't be able to call each other anymore."
    pub text: String,
    /// The dangerous choice: "Unmatch" / "Block".
    pub confirm_label: String,
    /// The safe choice, focused when the dialog opens.
    pub cancel_label: String,
}

/// The confirmation before unmatching or blocking `name`; `None` for an action without one.
pub fn confirm_view(action: CardAction, name: &str) -> Option<ConfirmView> {
    let (title, text) = match action {
        CardAction::Unmatch => (
            format!("Unmatch {name}?"),
            "You won't be able to call each other anymore.".to_owned(),
        ),
        CardAction::Block => (
            format!("Block {name}?"),
            "They won't see you or be able to call you.".to_owned(),
        ),
        CardAction::Report | CardAction::CallsOff | CardAction::CallsOn => return None,
    };
    Some(ConfirmView {
        title,
        text,
        confirm_label: action.label().to_owned(),
        cancel_label: CANCEL_LABEL.to_owned(),
    })
}

/// Why someone is reported. The API takes any short non-empty text as `reason`; these are the
/// values this app sends (snake_case, like every other wire value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportReason {
    Harassment,
    Inappropriate,
    FakeProfile,
    Spam,
    Underage,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 6] = [
        ReportReason::Harassment,
        ReportReason::Inappropriate,
        ReportReason::FakeProfile,
        ReportReason::Spam,
        ReportReason::Underage,
        ReportReason::Other,
    ];

    /// The value sent as `ReportRequest::reason`.
    pub fn wire(self) -> &'static str {
        match self {
            ReportReason::Harassment => "harassment",
            ReportReason::Inappropriate => "inappropriate",
            ReportReason::FakeProfile => "fake_profile",
            ReportReason::Spam => "spam",
            ReportReason::Underage => "underage",
            ReportReason::Other => "other",
        }
    }

    /// The option's text.
    pub fn label(self) -> &'static str {
        match self {
            ReportReason::Harassment => "Harassment or threats",
            ReportReason::Inappropriate => "Inappropriate behaviour on a call",
            ReportReason::FakeProfile => "Fake profile or scam",
            ReportReason::Spam => "Spam or advertising",
            ReportReason::Underage => "They seem to be under 18",
            ReportReason::Other => "Something else",
        }
    }

    /// The reason for a `<select>` value (`""` is the "Choose a reason" placeholder).
    pub fn from_wire(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.wire() == value)
    }
}

/// The report dialog's fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportForm {
    pub reason: Option<ReportReason>,
    pub details: String,
}

/// What is wrong with a report form, per field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportErrors {
    pub reason: Option<String>,
    pub details: Option<String>,
}

impl ReportErrors {
    pub fn is_empty(&self) -> bool {
        self.reason.is_none() && self.details.is_none()
    }
}

pub const CHOOSE_REASON: &str = "Choose a reason";

impl ReportForm {
    /// The details' length as the server counts it (characters, trimmed).
    pub fn details_chars(&self) -> usize {
        self.details.trim().chars().count()
    }

    /// "12 / 2000 characters", under the details field.
    pub fn details_counter(&self) -> String {
        format!(
            "{} / {REPORT_DETAILS_MAX_CHARS} characters",
            self.details_chars()
        )
    }

    /// The details' error alone, shown as soon as it is typed.
    pub fn details_error(&self) -> Option<String> {
        match clean_text("details", &self.details, REPORT_DETAILS_MAX_CHARS, false) {
            Ok(_) => None,
            Err(_) if self.details_chars() > REPORT_DETAILS_MAX_CHARS => Some(format!(
                "Details can be at most {REPORT_DETAILS_MAX_CHARS} characters ({} now).",
                self.details_chars()
            )),
            Err(_) => Some("Details can't contain control characters.".to_owned()),
        }
    }

    /// The request to send, or what to fix first. The checks are the domain's `clean_text`,
    /// with the limits the server applies, so a form that passes is not refused.
    pub fn validate(&self) -> Result<ReportRequest, ReportErrors> {
        let details = clean_text("details", &self.details, REPORT_DETAILS_MAX_CHARS, false);
        match (self.reason, details) {
            (Some(reason), Ok(details)) => Ok(ReportRequest {
                reason: reason.wire().to_owned(),
                details,
            }),
            (reason, _) => Err(ReportErrors {
                reason: reason.is_none().then(|| format!("{CHOOSE_REASON}.")),
                details: self.details_error(),
            }),
        }
    }
}

/// What the report dialog says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportView {
    /// "Report Alex"
    pub title: String,
    pub text: String,
    /// "Also block Alex": always on, because the server blocks whoever is reported.
    pub block_label: String,
    pub block_hint: String,
    pub submit_label: String,
    pub cancel_label: String,
}

pub fn report_view(name: &str) -> ReportView {
    ReportView {
        title: format!("Report {name}"),
        text: "Tell us what happened. Only our team sees your report.".to_owned(),
        block_label: format!("Also block {name}"),
        block_hint: format!("A report always blocks too, so {name} can't see or call you."),
        submit_label: "Send report".to_owned(),
        cancel_label: CANCEL_LABEL.to_owned(),
    }
}

/// The toast once an action went through. `pending`: the core queued it in its outbox
/// (offline) and sends it when the connection is back.
pub fn done_toast(action: CardAction, name: &str, pending: bool) -> String {
    let done = match action {
        CardAction::CallsOff => format!("📵 No calls from {name} for now"),
        CardAction::CallsOn => format!("📞 {name} can call you again"),
        CardAction::Unmatch => format!("You unmatched {name}"),
        CardAction::Block => format!("{name} is blocked"),
        CardAction::Report => REPORT_DONE_TOAST.to_owned(),
    };
    if pending {
        format!("{done}. {}", super::messages::SENT_WHEN_ONLINE)
    } else {
        done
    }
}
