//! The stable error codes every layer agrees on (wire name = snake_case variant).

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // 400
    #[error("the request body is not valid JSON of the expected shape")]
    InvalidJson,
    #[error("a field has an invalid value")]
    Validation,
    // 401, 403, 404
    #[error("sign in first")]
    Unauthorized,
    #[error("you are not allowed to do that")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The person is not part of the match (the server answers `not_found` to hide it).
    #[error("you are not part of this match")]
    NotParticipant,
    // 409: rule conflicts (RULES.md)
    #[error("you can call again once you both like each other")]
    AwaitingDecision,
    #[error("this match is closed")]
    Closed,
    #[error("you are already in a call")]
    AlreadyInCall,
    #[error("they are in another call right now")]
    PeerBusy,
    #[error("you have already decided on this match")]
    DecisionAlreadyMade,
    #[error("video first: you can like someone after your first call")]
    FirstCallRequired,
    #[error("only a mutual match can be unmatched")]
    NotMatched,
    #[error("this call has already ended")]
    SessionEnded,
    #[error("only the person being called can answer")]
    NotCallee,
    #[error("the call is not in a state that allows this")]
    InvalidTransition,
    #[error("the email address is already registered")]
    EmailTaken,
    #[error("wrong email or password")]
    InvalidCredentials,
    /// The callee switched calls off, for everyone or for this match.
    #[error("they are not taking calls right now; ask for a call instead")]
    Unavailable,
    /// The callee has no device connected: nothing would ring.
    #[error("they are not online; ask for a call instead")]
    PeerOffline,
    /// This match already has an open call request.
    #[error("there is already an open call request in this match")]
    RequestOpen,
    // 429
    #[error("too many unanswered calls; try again tomorrow")]
    RingLimit,
    #[error("too many attempts; slow down")]
    RateLimited,
    #[error("you have too many open call requests; wait for an answer first")]
    TooManyRequests,
    // client side (core) and server side
    #[error("you are offline")]
    Offline,
    /// The call's camera, microphone or video engine could not start (client side only).
    #[error("the camera or microphone could not start")]
    MediaUnavailable,
    #[error("the body is too large")]
    PayloadTooLarge,
    /// The server is at a limit it set itself (password hashes in flight, open sockets); the
    /// answer says when to try again (`Retry-After`).
    #[error("the server is busy; try again in a moment")]
    ServerBusy,
    #[error("something went wrong on our side")]
    Internal,
}

impl ErrorCode {
    /// The HTTP status that carries this code.
    pub fn http_status(self) -> u16 {
        use ErrorCode::*;
        match self {
            InvalidJson | Validation => 400,
            Unauthorized | InvalidCredentials => 401,
            Forbidden => 403,
            NotFound | NotParticipant => 404,
            AwaitingDecision | Closed | AlreadyInCall | PeerBusy | DecisionAlreadyMade
            | FirstCallRequired | NotMatched | SessionEnded | NotCallee | InvalidTransition
            | EmailTaken | Unavailable | PeerOffline | RequestOpen => 409,
            PayloadTooLarge => 413,
            RingLimit | RateLimited | TooManyRequests => 429,
            Offline | MediaUnavailable | ServerBusy => 503,
            Internal => 500,
        }
    }

    /// The code as it appears on the wire, e.g. `"ring_limit"`.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            InvalidJson => "invalid_json",
            Validation => "validation",
            Unauthorized => "unauthorized",
            Forbidden => "forbidden",
            NotFound => "not_found",
            NotParticipant => "not_participant",
            AwaitingDecision => "awaiting_decision",
            Closed => "closed",
            AlreadyInCall => "already_in_call",
            PeerBusy => "peer_busy",
            DecisionAlreadyMade => "decision_already_made",
            FirstCallRequired => "first_call_required",
            NotMatched => "not_matched",
            SessionEnded => "session_ended",
            NotCallee => "not_callee",
            InvalidTransition => "invalid_transition",
            EmailTaken => "email_taken",
            InvalidCredentials => "invalid_credentials",
            Unavailable => "unavailable",
            PeerOffline => "peer_offline",
            RequestOpen => "request_open",
            RingLimit => "ring_limit",
            RateLimited => "rate_limited",
            TooManyRequests => "too_many_requests",
            Offline => "offline",
            MediaUnavailable => "media_unavailable",
            PayloadTooLarge => "payload_too_large",
            ServerBusy => "server_busy",
            Internal => "internal",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_name_matches_serde_name() {
        for code in [
            ErrorCode::InvalidJson,
            ErrorCode::RingLimit,
            ErrorCode::AwaitingDecision,
            ErrorCode::DecisionAlreadyMade,
            ErrorCode::PayloadTooLarge,
            ErrorCode::MediaUnavailable,
            ErrorCode::ServerBusy,
            ErrorCode::Unavailable,
            ErrorCode::PeerOffline,
            ErrorCode::RequestOpen,
            ErrorCode::TooManyRequests,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn rule_conflicts_are_409_and_limits_429() {
        assert_eq!(ErrorCode::AwaitingDecision.http_status(), 409);
        assert_eq!(ErrorCode::PeerBusy.http_status(), 409);
        assert_eq!(ErrorCode::RingLimit.http_status(), 429);
        assert_eq!(ErrorCode::NotParticipant.http_status(), 404);
        assert_eq!(ErrorCode::InvalidJson.http_status(), 400);
        assert_eq!(ErrorCode::ServerBusy.http_status(), 503);
        assert_eq!(ErrorCode::Unavailable.http_status(), 409);
        assert_eq!(ErrorCode::PeerOffline.http_status(), 409);
        assert_eq!(ErrorCode::TooManyRequests.http_status(), 429);
    }
}
