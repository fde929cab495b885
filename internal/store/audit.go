package store

import (
	"context"
	"fmt"

	"confidant/internal/audit"

	"github.com/jmoiron/sqlx"
)

// Event is an audit entry to write in the same transaction as the change it
// records, so that the log and the data never disagree.
type Event struct {
	Type    string
	ActorID string // user id, "system" or "cli"
	Subject string // the id the event is about
	Detail  string // non-personal detail (e.g. a role, a status)
}

func (d *DB) appendAudit(ctx context.Context, tx *sqlx.Tx, ev *Event) error {
	if ev == nil {
		return nil
	}
	var head struct {
		Seq  int64  `db:"seq"`
		Hash string `db:"hash"`
	}
	err := tx.GetContext(ctx, &head, `SELECT seq, hash FROM audit_head WHERE one = 1`)
	if err != nil {
		head.Seq, head.Hash = 0, audit.Genesis
	}
	e := audit.Entry{
		Seq: head.Seq + 1, ID: NewID(), AtUnix: d.now().Unix(), Event: ev.Type,
		ActorID: ev.ActorID, Subject: ev.Subject, Detail: ev.Detail, PrevHash: head.Hash,
	}
	e.Hash = audit.ComputeHash(e)
	if _, err := tx.NamedExecContext(ctx, `INSERT INTO audit_log (seq, id, at, event, actor_id, subject, detail, prev_hash, hash)
		VALUES (:seq, :id, :at, :event, :actor_id, :subject, :detail, :prev_hash, :hash)`, e); err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_head (one, seq, hash) VALUES (1, ?, ?)
		ON CONFLICT(one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`, e.Seq, e.Hash)
	return err
}

// Audit writes one audit entry on its own.
func (d *DB) Audit(ctx context.Context, ev Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error { return d.appendAudit(ctx, tx, &ev) })
}

// VerifyAudit walks the whole chain in order. It returns the number of
// entries checked and the first problem, if any.
func (d *DB) VerifyAudit(ctx context.Context) (int, *audit.Problem, error) {
	rows, err := d.db.QueryxContext(ctx, `SELECT seq, id, at, event, actor_id, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, nil, classify(err)
	}
	defer rows.Close()
	v := audit.NewVerifier()
	for rows.Next() {
		var e audit.Entry
		if err := rows.StructScan(&e); err != nil {
			return 0, nil, err
		}
		if p := v.Add(e); p != nil {
			return v.Count(), p, nil
		}
	}
	if err := rows.Err(); err != nil {
		return 0, nil, err
	}
	var head struct {
		Seq  int64  `db:"seq"`
		Hash string `db:"hash"`
	}
	if err := d.db.GetContext(ctx, &head, `SELECT seq, hash FROM audit_head WHERE one = 1`); err != nil {
		head.Seq = 0
	}
	return v.Count(), v.Finish(head.Seq, head.Hash), nil
}

// AuditFilter selects audit entries for the admin screens.
type AuditFilter struct {
	Event   string
	ActorID string
	UserID  string // as actor or as subject
	Since   int64  // unix seconds, inclusive; 0 for no bound
	Until   int64  // unix seconds, exclusive; 0 for no bound
	Limit   int
	Offset  int
}

// ListAudit returns entries newest first.
func (d *DB) ListAudit(ctx context.Context, f AuditFilter) ([]audit.Entry, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := `SELECT seq, id, at, event, actor_id, subject, detail, prev_hash, hash FROM audit_log WHERE 1=1`
	var args []any
	if f.Event != "" {
		q += ` AND event = ?`
		args = append(args, f.Event)
	}
	if f.ActorID != "" {
		q += ` AND actor_id = ?`
		args = append(args, f.ActorID)
	}
	if f.UserID != "" {
		q += ` AND (actor_id = ? OR subject = ?)`
		args = append(args, f.UserID, f.UserID)
	}
	if f.Since != 0 {
		q += ` AND at >= ?`
		args = append(args, f.Since)
	}
	if f.Until != 0 {
		q += ` AND at < ?`
		args = append(args, f.Until)
	}
	q += ` ORDER BY seq DESC LIMIT ? OFFSET ?`
	args = append(args, f.Limit, f.Offset)
	var es []audit.Entry
	err := d.db.SelectContext(ctx, &es, q, args...)
	return es, classify(err)
}

// AuditEventTypes lists the event types present in the log, for the admin
// screen's filter.
func (d *DB) AuditEventTypes(ctx context.Context) ([]string, error) {
	var ts []string
	err := d.db.SelectContext(ctx, &ts, `SELECT DISTINCT event FROM audit_log ORDER BY event`)
	return ts, classify(err)
}
