-- Rate limits shared by every instance (crates/server/src/ratelimit.rs): one row per limited key
-- (an account's sign-ins, an address's sign-ups), holding its theoretical arrival time (GCRA, as the
-- governor crate counts in one process). Unlogged: losing them in a crash only forgives a few
-- attempts.
CREATE UNLOGGED TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tat TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_limits_tat ON rate_limits(tat);
