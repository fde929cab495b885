package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// RetentionRow is what the admin's retention list shows of a client: ids,
// the reference and dates, never the name.
type RetentionRow struct {
	ID            string `db:"id"`
	Reference     string `db:"reference"`
	CounsellorID  string `db:"counsellor_id"`
	LastSessionOn string `db:"last_session_on"`
	CreatedAt     int64  `db:"created_at"`
}

const retentionCols = `id, reference, counsellor_id, last_session_on, created_at`

// retentionWhere selects clients not shredded whose last session was
// before cutoffDate (YYYY-MM-DD) or, with no session, who were created
// before cutoffUnix.
const retentionWhere = `shredded_at IS NULL AND ((last_session_on != '' AND last_session_on < ?) OR (last_session_on = '' AND created_at < ?))`

// ClientsPastRetention lists clients past the retention period, oldest first.
func (d *DB) ClientsPastRetention(ctx context.Context, cutoffDate string, cutoffUnix int64) ([]RetentionRow, error) {
	var rs []RetentionRow
	err := d.db.SelectContext(ctx, &rs, `SELECT `+retentionCols+` FROM clients WHERE `+retentionWhere+`
		ORDER BY CASE WHEN last_session_on = '' THEN date(created_at, 'unixepoch') ELSE last_session_on END, id`, cutoffDate, cutoffUnix)
	return rs, classify(err)
}

// ClientPastRetention finds one client past the retention period;
// anything else is ErrNotFound.
func (d *DB) ClientPastRetention(ctx context.Context, id, cutoffDate string, cutoffUnix int64) (RetentionRow, error) {
	var r RetentionRow
	err := d.db.GetContext(ctx, &r, `SELECT `+retentionCols+` FROM clients WHERE id = ? AND `+retentionWhere, id, cutoffDate, cutoffUnix)
	return r, classify(err)
}

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
