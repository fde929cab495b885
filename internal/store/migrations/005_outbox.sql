-- Email (issue 8): a durable outbox that a background worker drains, and
-- the SMTP relay's settings.
--
-- A queued message (recipient, subject and body together) is one age
-- ciphertext sealed to the vault and recovery keys, kept only until the
-- message is sent or given up, then set to NULL. What stays clear is what
-- the worker schedules on and an admin diagnoses with: the status, the
-- attempts, the times (unix MILLISECONDS, unlike the other tables, so that
-- tests can run a retry schedule in milliseconds), the Message-ID (random),
-- a non-personal purpose ("portal.invite") and reference id, and the class
-- of the last error ("temporary: 421 4.4.2"), never the relay's own words,
-- which often quote the address.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    message_id      TEXT NOT NULL UNIQUE,
    message_enc     BLOB,
    purpose         TEXT NOT NULL DEFAULT '',
    ref             TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_ref ON outbox(ref, created_at);

-- The relay. The password is sealed to the vault and recovery keys and
-- never shown back; one version number guards against two admins saving
-- at once.
CREATE TABLE smtp_settings (
    one          INTEGER PRIMARY KEY CHECK (one = 1),
    host         TEXT NOT NULL DEFAULT '',
    port         INTEGER NOT NULL DEFAULT 587,
    security     TEXT NOT NULL DEFAULT 'starttls' CHECK (security IN ('starttls', 'tls', 'none')),
    username     TEXT NOT NULL DEFAULT '',
    password_enc BLOB,
    from_addr    TEXT NOT NULL DEFAULT '',
    helo_name    TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    updated_by   TEXT NOT NULL
);
INSERT INTO smtp_settings (one, version, updated_at, updated_by) VALUES (1, 1, 0, 'system');
