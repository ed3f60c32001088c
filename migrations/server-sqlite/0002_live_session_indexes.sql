-- Start-call looks at live sessions and recent unanswered rings only. Without these it read every
-- session of both people (and of the match), a history that grows with every call. Partial indexes
-- hold just the few rows those checks need; PostgreSQL accepts the same statements.
CREATE INDEX call_sessions_live_caller ON call_sessions(caller_id) WHERE status IN ('ringing', 'active');
CREATE INDEX call_sessions_live_callee ON call_sessions(callee_id) WHERE status IN ('ringing', 'active');
CREATE INDEX call_sessions_unanswered ON call_sessions(match_id, created_at)
    WHERE status IN ('missed', 'declined');
