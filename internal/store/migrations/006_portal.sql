-- The survivor portal, consent, approval and sending.

-- A client's portal account. The email is looked up by a keyed hash
-- (HMAC with a secret sealed to the vault), and kept encrypted to the
-- client's key for sending.
CREATE TABLE portal_accounts (
    id            TEXT PRIMARY KEY,
    client_id     TEXT NOT NULL UNIQUE REFERENCES clients(id),
    email_hash    TEXT NOT NULL UNIQUE,
    email_enc     BLOB NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE portal_invites (
    token_hash TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL REFERENCES clients(id),
    email_enc  BLOB NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

CREATE TABLE portal_sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES portal_accounts(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

-- Whether the portal may show a request: false while notice is withheld on
-- the serious-harm ground, until a lead lifts the hold.
ALTER TABLE requests ADD COLUMN client_visible INTEGER NOT NULL DEFAULT 1;

-- The client's decisions, append-only: the newest row for a request is
-- the decision in force. Each is bound to one extract's hash.
CREATE TABLE consents (
    id             TEXT PRIMARY KEY,
    request_id     TEXT NOT NULL REFERENCES requests(id),
    extract_sha256 TEXT NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('agree', 'refuse', 'talk', 'withdraw')),
    message_enc    BLOB,
    created_at     INTEGER NOT NULL
);
CREATE INDEX consents_request ON consents(request_id, created_at);

CREATE TABLE approvals (
    id             TEXT PRIMARY KEY,
    request_id     TEXT NOT NULL REFERENCES requests(id),
    extract_sha256 TEXT NOT NULL,
    approved_by    TEXT NOT NULL REFERENCES users(id),
    created_at     INTEGER NOT NULL
);

-- What was sent: a one-time link whose token and release code are kept
-- only as hashes.
CREATE TABLE disclosures (
    id              TEXT PRIMARY KEY,
    request_id      TEXT NOT NULL REFERENCES requests(id),
    extract_version INTEGER NOT NULL,
    extract_sha256  TEXT NOT NULL,
    recipient_enc   BLOB NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('link', 'age')),
    token_hash      TEXT NOT NULL UNIQUE,
    code_hash       TEXT NOT NULL,
    package_enc     BLOB NOT NULL,
    expires_at      INTEGER NOT NULL,
    downloads_left  INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    created_by      TEXT NOT NULL REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    downloaded_at   INTEGER
);

CREATE TABLE download_attempts (
    id            TEXT PRIMARY KEY,
    disclosure_id TEXT NOT NULL REFERENCES disclosures(id),
    at            INTEGER NOT NULL,
    ok            INTEGER NOT NULL
);
