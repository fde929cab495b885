-- Each audit entry carries a MAC (HMAC-SHA-256 under the vault's audit key,
-- over its chain hash). Entries written before this migration keep an empty
-- MAC: the first keyed open appends an audit.keyed entry whose MAC vouches
-- for all of them (see internal/audit).
ALTER TABLE audit_log ADD COLUMN mac TEXT NOT NULL DEFAULT '';

-- Entries written by a command that has no vault key (user add, backup on
-- a passphrase-sealed vault) wait here, in the same transaction as the
-- change they record, until the next writer with the key appends them to
-- the log with MACs.
CREATE TABLE audit_pending (
    n        INTEGER PRIMARY KEY AUTOINCREMENT,
    at       INTEGER NOT NULL,
    event    TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    subject  TEXT NOT NULL,
    detail   TEXT NOT NULL
);
