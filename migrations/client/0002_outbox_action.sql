-- What each queued request is for, so a refusal that comes later can be told to the person
-- ("your like for Ben could not be sent"). Rows queued before this migration have neither.
ALTER TABLE outbox ADD COLUMN action TEXT;
ALTER TABLE outbox ADD COLUMN match_id INTEGER;
