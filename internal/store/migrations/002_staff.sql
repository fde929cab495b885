-- Staff accounts and the key lifecycle (issue 5): two-factor sign-in,
-- invitations, settings an admin can change, and crypto-shredding.

-- A TOTP secret being enrolled is kept (sealed to the vault) until a valid
-- code confirms it; only then does it move to totp_enc. totp_last_step is
-- the newest 30-second time step a code was accepted for, so that a code is
-- never accepted twice. pending marks an invited account whose invitation
-- has not been accepted yet (its password hash is of a random secret).
ALTER TABLE users ADD COLUMN totp_pending_enc BLOB;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;

-- Single-use recovery codes: only the SHA-256 of each (80-bit) code.
CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER,
    PRIMARY KEY (user_id, code_hash)
);

-- Invitations and password-reset links: single use, expiring, and only the
-- SHA-256 of the token in the link is kept.
CREATE TABLE password_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX password_tokens_user ON password_tokens(user_id);

-- Settings an admin edits. One version number covers them all, so that two
-- admins saving at once cannot silently overwrite each other.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE settings_version (
    one        INTEGER PRIMARY KEY CHECK (one = 1),
    version    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
);
INSERT INTO settings_version (one, version, updated_at, updated_by) VALUES (1, 1, 0, 'system');

CREATE INDEX clients_retention ON clients(shredded_at, last_session_on);

-- The admin's audit view filters by user (as actor or subject) and date.
CREATE INDEX audit_actor ON audit_log(actor_id, seq);
CREATE INDEX audit_subject ON audit_log(subject, seq);
CREATE INDEX audit_at ON audit_log(at);
