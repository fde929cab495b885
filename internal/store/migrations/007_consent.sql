-- The client's word is the only consent (issue 12).

-- client_visible now means "a lead chose to consult the client"; the
-- serious-harm hold is its own flag, lifted only by a lead. The portal
-- shows a request only when it is visible, not held, and neither suspected
-- fraud nor recorded in error.
ALTER TABLE requests ADD COLUMN harm_hold INTEGER NOT NULL DEFAULT 0;
UPDATE requests SET harm_hold = 1 WHERE notify_client = 0 AND client_visible = 0;
UPDATE requests SET client_visible = 0
 WHERE status IN ('received', 'checked', 'awaiting_clarification', 'verified', 'fraud_suspected');

-- A thread per request between the client and the service, each message
-- encrypted to the client's key. sender is who wrote it; author_id the
-- staff user or "client:<portal account>".
CREATE TABLE portal_messages (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests(id),
    sender     TEXT NOT NULL CHECK (sender IN ('client', 'service')),
    author_id  TEXT NOT NULL,
    decision   TEXT NOT NULL DEFAULT '',
    has_text   INTEGER NOT NULL DEFAULT 1,
    body_enc   BLOB,
    created_at INTEGER NOT NULL
);
CREATE INDEX portal_messages_request ON portal_messages(request_id, created_at);

-- An invitation sets up a new account; a reset link (to the address on
-- file) sets only a new password. A newer link voids every earlier one.
ALTER TABLE portal_invites ADD COLUMN purpose TEXT NOT NULL DEFAULT 'invite' CHECK (purpose IN ('invite', 'reset'));
ALTER TABLE portal_invites ADD COLUMN voided_at INTEGER;

-- A change of a client's portal address, waiting for a second lead.
CREATE TABLE portal_email_changes (
    id           TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES clients(id),
    email_enc    BLOB NOT NULL,
    requested_by TEXT NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    decided_by   TEXT REFERENCES users(id),
    decided_at   INTEGER,
    outcome      TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'approved', 'refused'))
);

-- A grant of a role that opens notes, waiting for a second admin.
CREATE TABLE role_grants (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    role         TEXT NOT NULL,
    requested_by TEXT NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    decided_by   TEXT REFERENCES users(id),
    decided_at   INTEGER,
    outcome      TEXT NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'approved', 'refused'))
);

-- Which notes each extract version holds (ids only, nothing personal), so
-- that a note inside an extract awaiting consent, approved or sent cannot
-- be changed, not even by an addendum.
CREATE TABLE extract_notes (
    request_id TEXT NOT NULL REFERENCES requests(id),
    version    INTEGER NOT NULL,
    note_id    TEXT NOT NULL,
    PRIMARY KEY (request_id, version, note_id)
);
CREATE INDEX extract_notes_note ON extract_notes(note_id);
