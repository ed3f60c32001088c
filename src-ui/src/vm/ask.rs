//! The "Ask for a call" dialog: up to three proposed times (quick picks such as "In 1 hour",
//! "Tonight 8 pm", "Tomorrow 8 pm", or a date and time typed in local time), or "Whenever
//! you're free today". Pure: `now` and the local offset are parameters.
//!
//! The form checks what is typed as it is typed; the request it sends is checked by the
//! domain's `propose` (the rule the core and the server apply), so a form that passes is not
//! refused for its times.

use super::messages::error_message;
use super::words::{capitalized, when};
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, NaiveTime, TimeZone, Utc};
use meetcute_domain::app::AppError;
use meetcute_domain::call_requests::{
    MAX_DAYS_AHEAD, MAX_SLOTS, NewCallRequest, OpenRequests, Refusal, propose,
};
use meetcute_domain::{MatchStatus, Timings};

/// The evening hour of "Tonight 8 pm" and "Tomorrow 8 pm" (local).
pub const EVENING_HOUR: u32 = 20;
/// "Tonight" is offered only while it is at least this far ahead.
const TONIGHT_MARGIN_MINUTES: i64 = 30;
/// "In 1 hour" rounds up to this many minutes.
const ROUND_TO_MINUTES: i64 = 5;
/// The `datetime-local` input's format.
const INPUT_FORMAT: &str = "%Y-%m-%dT%H:%M";

pub const ANY_TIME_LABEL: &str = "Whenever you're free today";
pub const SEND_LABEL: &str = "Send request 💌";

/// A ready-made time to propose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickPick {
    /// "In 1 hour", "Tonight 8 pm", "Tomorrow 8 pm"
    pub label: &'static str,
    pub at: DateTime<Utc>,
    /// When it is, in local time: "today 3:10 pm".
    pub when: String,
    /// Shown under a label that does not say the time itself ("In 1 hour"): "Today 3:10 pm".
    pub hint: Option<String>,
}

/// The quick picks at `now`: in an hour (rounded up to five minutes), tonight at 8 pm while
/// that is still half an hour away, and tomorrow at 8 pm.
pub fn quick_picks(now: DateTime<Utc>, offset: FixedOffset) -> Vec<QuickPick> {
    let pick = |label, at, relative: bool| {
        let when = when(at, now, offset);
        QuickPick {
            label,
            at,
            hint: relative.then(|| capitalized(&when)),
            when,
        }
    };
    let mut picks = vec![pick("In 1 hour", round_up(now + Duration::hours(1)), true)];
    let today = now.with_timezone(&offset).date_naive();
    let evening = NaiveTime::from_hms_opt(EVENING_HOUR, 0, 0).unwrap_or_default();
    if let Some(tonight) = local(today.and_time(evening), offset)
        && tonight > now + Duration::minutes(TONIGHT_MARGIN_MINUTES)
    {
        picks.push(pick("Tonight 8 pm", tonight, false));
    }
    if let Some(tomorrow) = today
        .succ_opt()
        .and_then(|day| local(day.and_time(evening), offset))
    {
        picks.push(pick("Tomorrow 8 pm", tomorrow, false));
    }
    picks
}

fn round_up(at: DateTime<Utc>) -> DateTime<Utc> {
    let step = ROUND_TO_MINUTES * 60;
    let seconds = at.timestamp();
    let rounded = (seconds + step - 1).div_euclid(step) * step;
    DateTime::from_timestamp(rounded, 0).unwrap_or(at)
}

fn local(at: NaiveDateTime, offset: FixedOffset) -> Option<DateTime<Utc>> {
    offset
        .from_local_datetime(&at)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// A `datetime-local` value (`2024-01-15T20:00`, local) → the instant.
pub fn parse_local(text: &str, offset: FixedOffset) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(text.trim(), INPUT_FORMAT)
        .ok()
        .and_then(|at| local(at, offset))
}

/// An instant as a `datetime-local` value (its `min` and `max`).
pub fn input_value(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset).format(INPUT_FORMAT).to_string()
}

/// Specific times, or "whenever you're free today".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AskMode {
    #[default]
    Times,
    AnyTimeToday,
}

/// The dialog's fields as chosen and typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AskForm {
    pub mode: AskMode,
    /// The proposed times, earliest first, at most [`MAX_SLOTS`].
    pub slots: Vec<DateTime<Utc>>,
    /// The `datetime-local` input's text.
    pub custom: String,
}

impl AskForm {
    pub fn is_full(&self) -> bool {
        self.slots.len() >= MAX_SLOTS
    }

    pub fn has(&self, at: DateTime<Utc>) -> bool {
        self.slots.contains(&at)
    }

    /// Proposes `at`, or takes it back if it was proposed.
    pub fn toggle(&mut self, at: DateTime<Utc>) -> Result<(), String> {
        if let Some(i) = self.slots.iter().position(|s| *s == at) {
            self.slots.remove(i);
            return Ok(());
        }
        self.add(at)
    }

    pub fn remove(&mut self, index: usize) {
        if index < self.slots.len() {
            self.slots.remove(index);
        }
    }

    fn add(&mut self, at: DateTime<Utc>) -> Result<(), String> {
        if self.is_full() {
            return Err(full_message());
        }
        self.slots.push(at);
        self.slots.sort();
        self.mode = AskMode::Times;
        Ok(())
    }

    /// Proposes the typed date and time: it must lie ahead, within a week, and not twice.
    pub fn add_custom(&mut self, now: DateTime<Utc>, offset: FixedOffset) -> Result<(), String> {
        let at = parse_local(&self.custom, offset)
            .ok_or_else(|| "Choose a date and a time.".to_owned())?;
        if at <= now {
            return Err("Pick a time in the future.".to_owned());
        }
        if at > now + Duration::days(MAX_DAYS_AHEAD) {
            return Err(format!(
                "Pick a time within the next {MAX_DAYS_AHEAD} days."
            ));
        }
        if self.has(at) {
            return Err("You've already picked that time.".to_owned());
        }
        self.add(at)?;
        self.custom.clear();
        Ok(())
    }

    /// The request to send for a match of `status`, or what to fix first.
    pub fn to_request(
        &self,
        status: MatchStatus,
        now: DateTime<Utc>,
    ) -> Result<NewCallRequest, String> {
        let request = match self.mode {
            AskMode::AnyTimeToday => NewCallRequest {
                slots: Vec::new(),
                any_time_today: true,
            },
            AskMode::Times if self.slots.is_empty() => {
                return Err(format!(
                    "Pick at least one time, or choose “{ANY_TIME_LABEL}”."
                ));
            }
            AskMode::Times => NewCallRequest {
                slots: self.slots.clone(),
                any_time_today: false,
            },
        };
        let nothing_open = OpenRequests {
            mine: 0,
            in_match: 0,
        };
        match propose(&request, status, nothing_open, now, &Timings::default()) {
            Ok(_) => Ok(request),
            Err(Refusal::Invalid(invalid)) => Err(format!("{}.", capitalized(&invalid.message))),
            Err(Refusal::Rule(code)) => Err(error_message(&AppError {
                code,
                message: code.to_string(),
            })),
        }
    }

    /// The proposed times as listed in the dialog: "Today 8:00 pm".
    pub fn slot_labels(&self, now: DateTime<Utc>, offset: FixedOffset) -> Vec<String> {
        self.slots
            .iter()
            .map(|slot| capitalized(&when(*slot, now, offset)))
            .collect()
    }
}

fn full_message() -> String {
    format!("You can propose up to {MAX_SLOTS} times.")
}

/// What the dialog says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskView {
    /// "Ask Alex for a call"
    pub title: String,
    pub text: String,
}

pub fn ask_view(name: &str) -> AskView {
    AskView {
        title: format!("Ask {name} for a call"),
        text: format!(
            "Propose up to {MAX_SLOTS} times, in your local time. {name} picks one, and we'll remind you both."
        ),
    }
}
