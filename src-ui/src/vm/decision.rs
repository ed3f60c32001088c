//! The decision screen after a first call: the question, then the outcome. Pure.

use crate::state::DecisionState;
use meetcute_domain::app::MatchCard;
use meetcute_domain::{Decision, MatchStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Like ❤️ / Pass not chosen yet.
    Asking,
    /// I liked; they have not decided yet.
    Waiting,
    /// Both liked.
    Mutual,
    /// I passed.
    Passed,
    /// They passed (or the match closed otherwise).
    NotAMatch,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionView {
    pub outcome: Outcome,
    pub heading: String,
    pub text: String,
}

/// `card` is the match as the cache knows it now (it follows `match.updated` events).
pub fn decision_view(decision: &DecisionState, card: Option<&MatchCard>) -> DecisionView {
    let peer = &decision.peer_name;
    let status = card.map(|c| c.view.status);
    let mine = decision.sent.or(card.and_then(|c| c.view.my_decision));
    let outcome = match (status, mine) {
        (Some(MatchStatus::Matched), _) => Outcome::Mutual,
        (_, Some(Decision::Pass)) => Outcome::Passed,
        (Some(MatchStatus::Closed), _) => Outcome::NotAMatch,
        (_, Some(Decision::Like)) => Outcome::Waiting,
        (_, None) => Outcome::Asking,
    };
    let (heading, text) = match outcome {
        Outcome::Asking => (
            format!("Did you feel a spark with {peer}?"),
            "Like to see them again; they'll never know if you pass.".to_owned(),
        ),
        Outcome::Waiting => (
            format!("You liked {peer} ❤️"),
            format!("We'll tell you as soon as {peer} decides."),
        ),
        Outcome::Mutual => (
            "🎉 Mutual Match!".to_owned(),
            format!("You and {peer} like each other. Call again anytime."),
        ),
        Outcome::Passed => (
            "You passed".to_owned(),
            "This match is closed. New matches are on their way.".to_owned(),
        ),
        Outcome::NotAMatch => (
            "Not a match this time".to_owned(),
            "No worries: new matches are on their way.".to_owned(),
        ),
    };
    DecisionView {
        outcome,
        heading,
        text,
    }
}
