-- Live delivery between instances (crates/server/src/live/postgres.rs). Unlogged: what these hold
-- is only true while the instances run, and a crash that empties them loses nothing (sync heals a
-- lost event; an instance re-registers its people when it starts).

-- Each running instance, seen within the last seconds.
CREATE UNLOGGED TABLE live_instances (
    id      UUID PRIMARY KEY,
    seen_at TIMESTAMPTZ NOT NULL
);

-- Who has a socket open on which instance ("is this person connected anywhere?").
CREATE UNLOGGED TABLE live_presence (
    user_id  BIGINT NOT NULL,
    instance UUID NOT NULL REFERENCES live_instances(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, instance)
);

-- Messages too large for a notification's payload (SDP offers with many candidates), sent by
-- reference; kept a minute.
CREATE UNLOGGED TABLE live_payloads (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
