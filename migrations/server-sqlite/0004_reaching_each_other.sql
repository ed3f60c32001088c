-- Reaching each other (issue 18): availability for calls, hidden presence, calls switched off per
-- match, and call requests ("Ask for a call").

-- Calls may ring me (when 0 and available_until is set: not before then).
ALTER TABLE users ADD COLUMN available INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN available_until TEXT;
ALTER TABLE users ADD COLUMN hide_presence INTEGER NOT NULL DEFAULT 0;

-- "No calls from this match for now", for user_a and user_b.
ALTER TABLE matches ADD COLUMN calls_off_a INTEGER NOT NULL DEFAULT 0;
ALTER TABLE matches ADD COLUMN calls_off_b INTEGER NOT NULL DEFAULT 0;

-- A request changes its match's change_seq, so a sync carries it with the match.
CREATE TABLE call_requests (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    match_id       INTEGER NOT NULL REFERENCES matches(id),
    from_user_id   INTEGER NOT NULL REFERENCES users(id),
    to_user_id     INTEGER NOT NULL REFERENCES users(id),
    slots          TEXT NOT NULL,            -- JSON array of RFC 3339 times
    any_time_today INTEGER NOT NULL,
    status         TEXT NOT NULL,
    scheduled_at   TEXT,
    expires_at     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    reminders_sent INTEGER NOT NULL DEFAULT 0,
    due_at         TEXT                      -- when the server looks at it next; NULL: never
);
CREATE INDEX call_requests_match ON call_requests(match_id, created_at);
CREATE INDEX call_requests_open_from ON call_requests(from_user_id) WHERE status IN ('pending', 'scheduled');
CREATE INDEX call_requests_due ON call_requests(due_at) WHERE due_at IS NOT NULL;
