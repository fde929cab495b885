-- Police requests. The request record itself (officers' names, the text of
-- the request, the victim's details) is age ciphertext to the client's key;
-- what the dashboard and statistics sort and count on stays clear: kind,
-- force, status, verdict, finding codes and dates.

CREATE TABLE requests (
    id              TEXT PRIMARY KEY,
    client_id       TEXT NOT NULL REFERENCES clients(id),
    reference       TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    force_name      TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    verdict         TEXT NOT NULL,
    suspected_fraud INTEGER NOT NULL DEFAULT 0,
    notify_client   INTEGER NOT NULL DEFAULT 1,
    finding_codes   TEXT NOT NULL DEFAULT '',
    received_on     TEXT NOT NULL,
    period_from     TEXT NOT NULL DEFAULT '',
    period_to       TEXT NOT NULL DEFAULT '',
    record_enc      BLOB NOT NULL,
    created_by      TEXT NOT NULL REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX requests_client ON requests(client_id);
CREATE INDEX requests_status ON requests(status, received_on);

-- Every status change, for the dashboard, the statistics and the client's
-- disclosure history (derived, never kept twice).
CREATE TABLE request_transitions (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES requests(id),
    at          INTEGER NOT NULL,
    actor_id    TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    note_enc    BLOB
);
CREATE INDEX request_transitions_request ON request_transitions(request_id, at);

CREATE TABLE request_attachments (
    id           TEXT PRIMARY KEY,
    request_id   TEXT NOT NULL REFERENCES requests(id),
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    name_enc     BLOB NOT NULL,
    data_enc     BLOB NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX request_attachments_request ON request_attachments(request_id);

-- The call-back to the force's published switchboard.
CREATE TABLE request_verifications (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests(id),
    called_by  TEXT NOT NULL REFERENCES users(id),
    called_on  TEXT NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('confirmed', 'not_confirmed', 'no_answer')),
    detail_enc BLOB NOT NULL,
    created_at INTEGER NOT NULL
);

-- A counsellor's professional view for the lead.
CREATE TABLE request_views (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests(id),
    author_id  TEXT NOT NULL REFERENCES users(id),
    body_enc   BLOB NOT NULL,
    created_at INTEGER NOT NULL
);

-- Letter templates an admin can edit; the defaults live in the code.
CREATE TABLE letter_templates (
    kind       TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
