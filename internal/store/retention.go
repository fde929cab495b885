package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
)

// RetentionRow is what the admin's retention list shows of a client: ids,
// the reference and dates, never the name.
type RetentionRow struct {
	ID            string    `db:"id"`
	Reference     string    `db:"reference"`
	CounsellorID  string    `db:"counsellor_id"`
	LastSessionOn string    `db:"last_session_on"`
	CreatedAt     time.Time `db:"-"`
}

// retentionRow is a RetentionRow as the clients table holds it.
type retentionRow struct {
	RetentionRow
	CreatedAt unixColumn `db:"created_at"`
}

func (r retentionRow) row() RetentionRow {
	out := r.RetentionRow
	out.CreatedAt = time.Time(r.CreatedAt)
	return out
}

const retentionCols = `id, reference, counsellor_id, last_session_on, created_at`

// retentionWhere selects clients not shredded whose last session was
// before the cutoff's date (YYYY-MM-DD, in UTC) or, with no session, who
// were created before the cutoff.
const retentionWhere = `shredded_at IS NULL AND ((last_session_on != '' AND last_session_on < ?) OR (last_session_on = '' AND created_at < ?))`

// ClientsPastRetention lists clients past the retention period (last
// session, or creation when there was none, before cutoff), oldest first.
func (d *DB) ClientsPastRetention(ctx context.Context, cutoff time.Time) ([]RetentionRow, error) {
	var rs []retentionRow
	if err := d.db.SelectContext(ctx, &rs, `SELECT `+retentionCols+` FROM clients WHERE `+retentionWhere+`
		ORDER BY CASE WHEN last_session_on = '' THEN date(created_at, 'unixepoch') ELSE last_session_on END, id`, cutoffDay(cutoff), cutoff.Unix()); err != nil {
		return nil, classify(err)
	}
	out := make([]RetentionRow, len(rs))
	for i, r := range rs {
		out[i] = r.row()
	}
	return out, nil
}

// ClientPastRetention finds one client past the retention period;
// anything else is ErrNotFound.
func (d *DB) ClientPastRetention(ctx context.Context, id string, cutoff time.Time) (RetentionRow, error) {
	var r retentionRow
	err := d.db.GetContext(ctx, &r, `SELECT `+retentionCols+` FROM clients WHERE id = ? AND `+retentionWhere, id, cutoffDay(cutoff), cutoff.Unix())
	return r.row(), classify(err)
}

// cutoffDay is the cutoff as a session date column compares it.
func cutoffDay(cutoff time.Time) string { return cutoff.UTC().Format("2006-01-02") }

// ShredClient crypto-shreds a client: their wrapped identity, encrypted
// name and contact details and last-session date are removed, so every
// record of theirs left in the database (notes, addenda, requests) is
// ciphertext that no key in existence opens. The row stays, with ids and
// shredded_at, so that the audit log and foreign keys still resolve.
//
// secure_delete is switched on for the transaction's connection so that
// SQLite overwrites the freed bytes instead of leaving them in free space,
// and the WAL is checkpointed and truncated afterwards so that no older copy
// of the page stays in the -wal file. Backups taken before the shred still
// hold the wrapped identity (docs/operations.md).
func (d *DB) ShredClient(ctx context.Context, id string, ev Event) error {
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE clients SET wrapped_key = NULL, name_enc = NULL, contact_enc = NULL, last_session_on = '', shredded_at = ?
			WHERE id = ? AND shredded_at IS NULL`, d.now().Unix(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		return d.appendAudit(ctx, tx, &ev)
	})
	if err != nil {
		return err
	}
	// Best effort: a reader holding an old snapshot can delay the
	// checkpoint; the next one (SQLite's automatic checkpoints) finishes it.
	_, _ = d.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return nil
}
