//! The durations the rules depend on. Defaults are the product's; tests shrink them.

use chrono::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timings {
    /// An unanswered ring becomes `missed` after this long.
    pub ring_timeout: Duration,
    /// A first call (started while `proposed`) is cut after this long.
    pub first_call_cap: Duration,
    /// An active call whose participant dropped is completed after this long without them.
    pub disconnect_grace: Duration,
    /// A `proposed` match with no completed call expires after this long.
    pub proposal_ttl: Duration,
    /// The window in which unanswered rings are counted for the ring limit.
    pub ring_limit_window: Duration,
    /// Unanswered rings (`missed` or `declined`) allowed per caller, match and window.
    pub ring_limit: usize,
    /// A scheduled call is reminded this long before its time (and again at the time).
    pub call_request_reminder_lead: Duration,
    /// A call this long after an agreed time still fulfils it; after that it was missed. An
    /// unanswered request lapses this long after its last proposed time.
    pub call_request_window: Duration,
    /// How long "whenever you're free today" stays open.
    pub any_time_window: Duration,
}

impl Timings {
    pub const FIRST_CALL_CAP_SECONDS: i64 = 60;

    pub fn first_call_cap_seconds(&self) -> u32 {
        u32::try_from(self.first_call_cap.num_seconds()).unwrap_or(u32::MAX)
    }
}

impl Default for Timings {
    fn default() -> Self {
        Self {
            ring_timeout: Duration::seconds(30),
            first_call_cap: Duration::seconds(Self::FIRST_CALL_CAP_SECONDS),
            disconnect_grace: Duration::seconds(15),
            proposal_ttl: Duration::days(7),
            ring_limit_window: Duration::hours(24),
            ring_limit: 3,
            call_request_reminder_lead: Duration::minutes(5),
            call_request_window: Duration::minutes(15),
            any_time_window: Duration::hours(12),
        }
    }
}
