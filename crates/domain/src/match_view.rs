//! A match as one participant sees it (`MatchView`), read by the rules from that side.

use crate::error::ErrorCode;
use crate::ids::UserId;
use crate::matching::{MatchChange, MatchEvent, MatchRecord};
use crate::timings::Timings;
use crate::wire::MatchView;

impl MatchView {
    /// The rules' view of this match from my side (I am `user_a`). The other person's
    /// decision is not part of a view, so `decision_b` is unknown.
    pub fn record(&self, me: UserId) -> MatchRecord {
        MatchRecord {
            id: self.id,
            user_a: me,
            user_b: self.peer.id,
            status: self.status,
            closed_reason: self.closed_reason,
            decision_a: self.my_decision,
            decision_b: None,
            created_at: self.created_at,
        }
    }

    /// This view after an action of mine, by the rules, before the server has heard of it
    /// (an offline action waiting in the outbox). `Ok(None)`: the action changes nothing.
    pub fn after_my_action(
        &self,
        me: UserId,
        event: MatchEvent,
    ) -> Result<Option<MatchView>, ErrorCode> {
        match self.record(me).apply(event, &Timings::default())? {
            MatchChange::Unchanged => Ok(None),
            MatchChange::Changed(after) => Ok(Some(MatchView {
                status: after.status,
                closed_reason: after.closed_reason,
                my_decision: after.decision_a,
                ..self.clone()
            })),
        }
    }
}
