-- Call requests of my matches ("Ask for a call"): meetcute_domain::call_requests::CallRequest.
CREATE TABLE call_requests (
    id          INTEGER PRIMARY KEY,
    match_id    INTEGER NOT NULL,
    status      TEXT NOT NULL,
    view_json   TEXT NOT NULL
);
CREATE INDEX call_requests_match ON call_requests(match_id, status);
