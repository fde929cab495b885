-- Disclosure extracts. The lead's working draft (chosen notes, decisions on
-- each suggested span, manual spans) is one encrypted object per request;
-- each built version is frozen with its rendered PDF, manifest and SHA-256.
-- The hash and counts are clear (they identify nobody); everything else is
-- ciphertext to the client's key.

CREATE TABLE extract_drafts (
    request_id TEXT PRIMARY KEY REFERENCES requests(id),
    draft_enc  BLOB NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE extracts (
    id           TEXT PRIMARY KEY,
    request_id   TEXT NOT NULL REFERENCES requests(id),
    version      INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    summary      TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    object_enc   BLOB NOT NULL,
    pdf_enc      BLOB NOT NULL,
    manifest_enc BLOB NOT NULL,
    UNIQUE (request_id, version)
);
