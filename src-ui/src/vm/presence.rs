//! The card's presence line: "🟢 Online now", "Active today", "Active this week", "Active a
//! while ago". Coarse on purpose (the server only ever sends buckets), and nothing at all when
//! the person hides it or the match is closed. Pure.

use meetcute_domain::MatchStatus;
use meetcute_domain::presence::{LastSeen, Presence, PresenceStatus};

pub const ONLINE_NOW: &str = "🟢 Online now";
pub const ACTIVE_TODAY: &str = "Active today";
pub const ACTIVE_THIS_WEEK: &str = "Active this week";
pub const ACTIVE_A_WHILE_AGO: &str = "Active a while ago";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresenceLine {
    pub text: &'static str,
    /// Online now (the line is styled green).
    pub online: bool,
}

impl PresenceLine {
    pub fn class(&self) -> &'static str {
        if self.online {
            "presence online"
        } else {
            "presence"
        }
    }
}

/// What a card says of the other person's presence, if anything.
pub fn presence_line(status: MatchStatus, presence: Option<Presence>) -> Option<PresenceLine> {
    if status == MatchStatus::Closed {
        return None;
    }
    let presence = presence?;
    let text = match (presence.status, presence.last_seen) {
        (PresenceStatus::Online, _) => ONLINE_NOW,
        (PresenceStatus::Hidden, _) | (PresenceStatus::Away, None) => return None,
        // Not connected, but around in the last minutes: still "today", never finer.
        (PresenceStatus::Away, Some(LastSeen::Now | LastSeen::Today)) => ACTIVE_TODAY,
        (PresenceStatus::Away, Some(LastSeen::ThisWeek)) => ACTIVE_THIS_WEEK,
        (PresenceStatus::Away, Some(LastSeen::Earlier)) => ACTIVE_A_WHILE_AGO,
    };
    Some(PresenceLine {
        text,
        online: presence.status == PresenceStatus::Online,
    })
}
