-- Meetcute server schema (SQLite). Plain SQL that PostgreSQL also accepts where the rules need it;
-- timestamps are RFC 3339 UTC text, ids of users/matches are integers, session ids 16-byte UUIDs.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    email          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    birthdate      TEXT NOT NULL,
    gender         TEXT NOT NULL,
    interested_in  TEXT NOT NULL,          -- comma-separated genders
    bio            TEXT NOT NULL DEFAULT '',
    interests      TEXT NOT NULL DEFAULT '', -- comma-separated lower-case tags
    age_min        INTEGER NOT NULL DEFAULT 18,
    age_max        INTEGER NOT NULL DEFAULT 99,
    city           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    last_active_at TEXT NOT NULL
);

CREATE TABLE auth_tokens (
    token_hash   TEXT PRIMARY KEY,              -- SHA-256 of the bearer token, hex
    user_id      INTEGER NOT NULL REFERENCES users(id),
    device_name  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX auth_tokens_user ON auth_tokens(user_id);

-- One global, monotonic change sequence: every change to a match or a session takes the next value,
-- so a client catches up with "everything after cursor C".
CREATE TABLE change_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO change_counter (id, value) VALUES (1, 0);

CREATE TABLE matches (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    user_a           INTEGER NOT NULL REFERENCES users(id),
    user_b           INTEGER NOT NULL REFERENCES users(id),
    status           TEXT NOT NULL,
    closed_reason    TEXT,
    decision_a       TEXT,
    decision_b       TEXT,
    score            INTEGER NOT NULL,
    shared_interests TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    change_seq       INTEGER NOT NULL,
    CHECK (user_a < user_b),
    UNIQUE (user_a, user_b)
);
CREATE INDEX matches_user_a ON matches(user_a, change_seq);
CREATE INDEX matches_user_b ON matches(user_b, change_seq);

CREATE TABLE call_sessions (
    id                   BLOB PRIMARY KEY,
    match_id             INTEGER NOT NULL REFERENCES matches(id),
    caller_id            INTEGER NOT NULL REFERENCES users(id),
    callee_id            INTEGER NOT NULL REFERENCES users(id),
    status               TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    started_at           TEXT,
    ended_at             TEXT,
    end_reason           TEXT,
    max_duration_seconds INTEGER,
    change_seq           INTEGER NOT NULL
);
CREATE INDEX call_sessions_match ON call_sessions(match_id, created_at);
CREATE INDEX call_sessions_caller ON call_sessions(caller_id, change_seq);
CREATE INDEX call_sessions_callee ON call_sessions(callee_id, change_seq);
-- The database itself refuses a second live session in one match.
CREATE UNIQUE INDEX call_sessions_one_live_per_match
    ON call_sessions(match_id) WHERE status IN ('ringing', 'active');

CREATE TABLE idempotency_keys (
    user_id       INTEGER NOT NULL REFERENCES users(id),
    key           TEXT NOT NULL,
    response_body TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    match_id    INTEGER NOT NULL REFERENCES matches(id),
    reporter_id INTEGER NOT NULL REFERENCES users(id),
    reported_id INTEGER NOT NULL REFERENCES users(id),
    reason      TEXT NOT NULL,
    details     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
