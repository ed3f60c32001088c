-- meetcute-core's local cache (one SQLite file per app data dir: one person per profile).
-- Wire objects are kept whole as JSON (`view_json`), with the columns the queries need beside
-- them; times used for ordering are Unix milliseconds.

-- The signed-in person (at most one row). The token is NOT here: it lives in its own 0600 file.
CREATE TABLE account (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    user_id       INTEGER NOT NULL,
    email         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    profile_json  TEXT                      -- last known wire::Profile
);

-- The people I am matched with, as last seen in any match.
CREATE TABLE peers (
    id            INTEGER PRIMARY KEY,
    display_name  TEXT NOT NULL,
    age           INTEGER NOT NULL,
    bio           TEXT NOT NULL,
    interests     TEXT NOT NULL             -- JSON array
);

-- My matches: wire::MatchView as the server last sent it (or as an offline action left it),
-- with the completed calls of the match kept up to date beside it (so listing 1,000 matches
-- does not aggregate 10,000 calls).
CREATE TABLE matches (
    id                  INTEGER PRIMARY KEY,
    peer_id             INTEGER NOT NULL,
    status              TEXT NOT NULL,
    updated_ms          INTEGER NOT NULL,
    view_json           TEXT NOT NULL,
    completed_calls     INTEGER NOT NULL DEFAULT 0,
    last_call_ms        INTEGER,
    last_completed_json TEXT             -- the latest completed session (for "Call Again")
);

-- Call sessions of my matches: wire::SessionView.
CREATE TABLE call_sessions (
    id            TEXT PRIMARY KEY,
    match_id      INTEGER NOT NULL,
    status        TEXT NOT NULL,
    created_ms    INTEGER NOT NULL,
    ended_ms      INTEGER,
    view_json     TEXT NOT NULL
);
CREATE INDEX call_sessions_match ON call_sessions(match_id, status, ended_ms);
CREATE INDEX call_sessions_live ON call_sessions(status) WHERE status IN ('ringing', 'active');
CREATE INDEX call_sessions_created ON call_sessions(created_ms);

-- Where `GET /api/sync?cursor=` continues from.
CREATE TABLE sync_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    cursor        INTEGER NOT NULL
);
INSERT INTO sync_state (id, cursor) VALUES (1, 0);

-- Actions that can wait, replayed in order (seq) with their idempotency key until acknowledged.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    method          TEXT NOT NULL,          -- POST | PUT
    path            TEXT NOT NULL,
    body            TEXT NOT NULL,          -- JSON
    created_ms      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT
);
