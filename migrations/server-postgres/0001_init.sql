-- Meetcute server schema (PostgreSQL): the same tables as migrations/server-sqlite, in native types
-- (timestamptz, date, uuid, bigint).
--
-- No change counter row: a sync cursor is the id of the transaction that last changed a row (see
-- crates/server/src/db/postgres/changes.rs), so writers on several instances never queue on one
-- hot row.

CREATE TABLE users (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    birthdate      DATE NOT NULL,
    gender         TEXT NOT NULL,
    interested_in  TEXT NOT NULL,             -- comma-separated genders
    bio            TEXT NOT NULL DEFAULT '',
    interests      TEXT NOT NULL DEFAULT '',  -- comma-separated lower-case tags
    age_min        BIGINT NOT NULL DEFAULT 18,
    age_max        BIGINT NOT NULL DEFAULT 99,
    city           TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    last_active_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX users_last_active ON users(last_active_at);

CREATE TABLE auth_tokens (
    token_hash   TEXT PRIMARY KEY,            -- SHA-256 of the bearer token, hex
    user_id      BIGINT NOT NULL REFERENCES users(id),
    device_name  TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX auth_tokens_user ON auth_tokens(user_id);

CREATE TABLE matches (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_a           BIGINT NOT NULL REFERENCES users(id),
    user_b           BIGINT NOT NULL REFERENCES users(id),
    status           TEXT NOT NULL,
    closed_reason    TEXT,
    decision_a       TEXT,
    decision_b       TEXT,
    score            BIGINT NOT NULL,
    shared_interests TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    change_seq       BIGINT NOT NULL,
    closed_by        BIGINT REFERENCES users(id),
    CHECK (user_a < user_b),
    UNIQUE (user_a, user_b)
);
CREATE INDEX matches_user_a ON matches(user_a, change_seq);
CREATE INDEX matches_user_b ON matches(user_b, change_seq);
CREATE INDEX matches_proposed ON matches(created_at) WHERE status = 'proposed';

CREATE TABLE call_sessions (
    id                   UUID PRIMARY KEY,
    match_id             BIGINT NOT NULL REFERENCES matches(id),
    caller_id            BIGINT NOT NULL REFERENCES users(id),
    callee_id            BIGINT NOT NULL REFERENCES users(id),
    status               TEXT NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    started_at           TIMESTAMPTZ,
    ended_at             TIMESTAMPTZ,
    end_reason           TEXT,
    max_duration_seconds BIGINT,
    change_seq           BIGINT NOT NULL
);
CREATE INDEX call_sessions_match ON call_sessions(match_id, created_at);
CREATE INDEX call_sessions_caller ON call_sessions(caller_id, change_seq);
CREATE INDEX call_sessions_callee ON call_sessions(callee_id, change_seq);
-- The database itself refuses a second live session in one match.
CREATE UNIQUE INDEX call_sessions_one_live_per_match
    ON call_sessions(match_id) WHERE status IN ('ringing', 'active');
CREATE INDEX call_sessions_live_caller ON call_sessions(caller_id) WHERE status IN ('ringing', 'active');
CREATE INDEX call_sessions_live_callee ON call_sessions(callee_id) WHERE status IN ('ringing', 'active');
CREATE INDEX call_sessions_unanswered ON call_sessions(match_id, created_at)
    WHERE status IN ('missed', 'declined');

CREATE TABLE idempotency_keys (
    user_id       BIGINT NOT NULL REFERENCES users(id),
    key           TEXT NOT NULL,
    response_body TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE reports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    match_id    BIGINT NOT NULL REFERENCES matches(id),
    reporter_id BIGINT NOT NULL REFERENCES users(id),
    reported_id BIGINT NOT NULL REFERENCES users(id),
    reason      TEXT NOT NULL,
    details     TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
