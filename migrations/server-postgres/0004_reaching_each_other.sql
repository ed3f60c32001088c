-- Reaching each other (issue 18): availability for calls, hidden presence, calls switched off per
-- match, and call requests ("Ask for a call").

-- Calls may ring me (when false and available_until is set: not before then).
ALTER TABLE users ADD COLUMN available BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE users ADD COLUMN available_until TIMESTAMPTZ;
ALTER TABLE users ADD COLUMN hide_presence BOOLEAN NOT NULL DEFAULT false;

-- "No calls from this match for now", for user_a and user_b.
ALTER TABLE matches ADD COLUMN calls_off_a BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE matches ADD COLUMN calls_off_b BOOLEAN NOT NULL DEFAULT false;

-- A request changes its match's change_seq, so a sync carries it with the match.
CREATE TABLE call_requests (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    match_id       BIGINT NOT NULL REFERENCES matches(id),
    from_user_id   BIGINT NOT NULL REFERENCES users(id),
    to_user_id     BIGINT NOT NULL REFERENCES users(id),
    slots          TEXT NOT NULL,            -- JSON array of RFC 3339 times
    any_time_today BOOLEAN NOT NULL,
    status         TEXT NOT NULL,
    scheduled_at   TIMESTAMPTZ,
    expires_at     TIMESTAMPTZ NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    reminders_sent BIGINT NOT NULL DEFAULT 0,
    due_at         TIMESTAMPTZ               -- when the server looks at it next; NULL: never
);
CREATE INDEX call_requests_match ON call_requests(match_id, created_at);
CREATE INDEX call_requests_open_from ON call_requests(from_user_id) WHERE status IN ('pending', 'scheduled');
CREATE INDEX call_requests_due ON call_requests(due_at) WHERE due_at IS NOT NULL;
