package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"confidant/internal/audit"
	"confidant/internal/request"

	"github.com/jmoiron/sqlx"
)

// ExtractDraft is a lead's work in progress on a request's extract.
type ExtractDraft struct {
	RequestID string    `db:"request_id"`
	DraftEnc  []byte    `db:"draft_enc"`
	UpdatedBy string    `db:"updated_by"`
	UpdatedAt time.Time `db:"-"`
	Version   int       `db:"version"`
}

// draftRow is an ExtractDraft as the extract_drafts table holds it.
type draftRow struct {
	ExtractDraft
	UpdatedAt unixColumn `db:"updated_at"`
}

func (r draftRow) draft() ExtractDraft {
	x := r.ExtractDraft
	x.UpdatedAt = time.Time(r.UpdatedAt)
	return x
}

// Extract is one frozen version of a request's extract.
type Extract struct {
	ID          string    `db:"id"`
	RequestID   string    `db:"request_id"`
	Version     int       `db:"version"`
	SHA256      string    `db:"sha256"`
	Summary     string    `db:"summary"`
	CreatedBy   string    `db:"created_by"`
	CreatedAt   time.Time `db:"-"`
	ObjectEnc   []byte    `db:"object_enc"`
	PDFEnc      []byte    `db:"pdf_enc"`
	ManifestEnc []byte    `db:"manifest_enc"`
	NoteIDs     []string  `db:"-"` // the notes it holds, recorded in clear by id
}

// extractRow is an Extract as the extracts table holds it.
type extractRow struct {
	Extract
	CreatedAt unixColumn `db:"created_at"`
}

func rowOfExtract(x Extract) extractRow {
	return extractRow{Extract: x, CreatedAt: unixColumn(x.CreatedAt)}
}

func (r extractRow) extract() Extract {
	x := r.Extract
	x.CreatedAt = time.Time(r.CreatedAt)
	return x
}

const extractCols = `id, request_id, version, sha256, summary, created_by, created_at, object_enc, pdf_enc, manifest_enc`

// DraftByRequest returns the draft (ErrNotFound when none was started).
func (d *DB) DraftByRequest(ctx context.Context, requestID string) (ExtractDraft, error) {
	var r draftRow
	err := d.db.GetContext(ctx, &r, `SELECT request_id, draft_enc, updated_by, updated_at, version FROM extract_drafts WHERE request_id = ?`, requestID)
	return r.draft(), classify(err)
}

// SaveDraft stores the draft if nobody saved it since version (0 for a new
// draft).
func (d *DB) SaveDraft(ctx context.Context, requestID string, version int, enc []byte, actorID string) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		now := d.now().Unix()
		var res sql.Result
		var err error
		if version == 0 {
			res, err = tx.ExecContext(ctx, `INSERT INTO extract_drafts (request_id, draft_enc, updated_by, updated_at, version) VALUES (?, ?, ?, ?, 1) ON CONFLICT(request_id) DO NOTHING`, requestID, enc, actorID, now)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE extract_drafts SET draft_enc = ?, updated_by = ?, updated_at = ?, version = version + 1 WHERE request_id = ? AND version = ?`, enc, actorID, now, requestID, version)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrStale
		}
		return nil
	})
}

// CreateExtract freezes a new version (numbered after the last), moving
// the request to toStatus when it is not already there, in one transaction;
// manifest seals the version's manifest once the transaction has numbered it.
func (d *DB) CreateExtract(ctx context.Context, x *Extract, fromStatus, toStatus request.Status, reqVersion int, manifest func(version int) ([]byte, error)) error {
	x.ID, x.CreatedAt = NewID(), wholeSeconds(d.now())
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		var last sql.NullInt64
		if err := tx.GetContext(ctx, &last, `SELECT max(version) FROM extracts WHERE request_id = ?`, x.RequestID); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		x.Version = int(last.Int64) + 1
		// The manifest names its own version, so it is sealed here, after
		// the number is taken and before anyone else can take it.
		enc, err := manifest(x.Version)
		if err != nil {
			return err
		}
		x.ManifestEnc = enc
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO extracts (`+extractCols+`)
			VALUES (:id, :request_id, :version, :sha256, :summary, :created_by, :created_at, :object_enc, :pdf_enc, :manifest_enc)`, rowOfExtract(*x)); err != nil {
			return err
		}
		for _, n := range x.NoteIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO extract_notes (request_id, version, note_id) VALUES (?, ?, ?)`, x.RequestID, x.Version, n); err != nil {
				return err
			}
		}
		if toStatus != "" && toStatus != fromStatus {
			m := Move{RequestID: x.RequestID, From: fromStatus, To: toStatus, Action: request.ActDraft, By: request.ActorSystem, ActorID: x.CreatedBy, Version: reqVersion}
			if err := moveRequest(ctx, tx, m, x.CreatedAt); err != nil {
				return err
			}
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.ExtractVersion, ActorID: x.CreatedBy, Subject: x.RequestID, Detail: "sha256=" + x.SHA256})
	})
}

// ExtractsByRequest lists a request's versions, newest first, without the
// heavy encrypted columns.
func (d *DB) ExtractsByRequest(ctx context.Context, requestID string) ([]Extract, error) {
	var rs []extractRow
	err := d.db.SelectContext(ctx, &rs, `SELECT id, request_id, version, sha256, summary, created_by, created_at, x'' AS object_enc, x'' AS pdf_enc, x'' AS manifest_enc FROM extracts WHERE request_id = ? ORDER BY version DESC`, requestID)
	xs := make([]Extract, len(rs))
	for i, r := range rs {
		xs[i] = r.extract()
	}
	return xs, classify(err)
}

// ExtractByVersion returns one whole version.
func (d *DB) ExtractByVersion(ctx context.Context, requestID string, version int) (Extract, error) {
	var r extractRow
	err := d.db.GetContext(ctx, &r, `SELECT `+extractCols+` FROM extracts WHERE request_id = ? AND version = ?`, requestID, version)
	return r.extract(), classify(err)
}

// LatestExtract returns the newest version (ErrNotFound when none).
func (d *DB) LatestExtract(ctx context.Context, requestID string) (Extract, error) {
	var r extractRow
	err := d.db.GetContext(ctx, &r, `SELECT `+extractCols+` FROM extracts WHERE request_id = ? ORDER BY version DESC LIMIT 1`, requestID)
	return r.extract(), classify(err)
}

// NoteInActiveExtract reports whether a note is inside an extract of a
// request that is awaiting the client's consent, approved or sent: such a
// note must not change, not even by an addendum.
func (d *DB) NoteInActiveExtract(ctx context.Context, noteID string) (bool, error) {
	var n int
	err := d.db.GetContext(ctx, &n, `SELECT count(*) FROM extract_notes e JOIN requests r ON r.id = e.request_id
		WHERE e.note_id = ? AND r.status IN ('extract_drafted', 'client_consented', 'lead_approved', 'sent')`, noteID)
	return n > 0, classify(err)
}
