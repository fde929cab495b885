-- Confidant's first schema. Everything personal is age ciphertext (*_enc);
-- what the database sorts or joins on (ids, dates, statuses) stays clear.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name_enc      BLOB NOT NULL,
    password_hash TEXT NOT NULL,
    roles         TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    totp_enc      BLOB,
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    device     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE clients (
    id              TEXT PRIMARY KEY,
    counsellor_id   TEXT NOT NULL REFERENCES users(id),
    recipient       TEXT NOT NULL,
    wrapped_key     BLOB,
    name_enc        BLOB,
    contact_enc     BLOB,
    reference       TEXT NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    last_session_on TEXT NOT NULL DEFAULT '',
    shredded_at     INTEGER
);
CREATE INDEX clients_counsellor ON clients(counsellor_id);

CREATE TABLE notes (
    id           TEXT PRIMARY KEY,
    client_id    TEXT NOT NULL REFERENCES clients(id),
    author_id    TEXT NOT NULL REFERENCES users(id),
    session_date TEXT NOT NULL,
    body_enc     BLOB NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'signed')),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    signed_at    INTEGER
);
CREATE INDEX notes_client_order ON notes(client_id, session_date DESC, created_at DESC);

-- A signed note is immutable: the database refuses to change its body.
CREATE TRIGGER notes_signed_immutable BEFORE UPDATE ON notes
WHEN OLD.status = 'signed'
BEGIN
    SELECT RAISE(ABORT, 'signed notes are immutable');
END;

CREATE TABLE addenda (
    id         TEXT PRIMARY KEY,
    note_id    TEXT NOT NULL REFERENCES notes(id),
    author_id  TEXT NOT NULL REFERENCES users(id),
    body_enc   BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX addenda_note ON addenda(note_id, created_at);

-- The audit log: append-only, each entry chained to the previous by SHA-256.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    at        INTEGER NOT NULL,
    event     TEXT NOT NULL,
    actor_id  TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_event ON audit_log(event, at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The chain's head, kept in step with the log so that deleting the newest
-- entries is detected too.
CREATE TABLE audit_head (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
