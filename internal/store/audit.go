package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"confidant/internal/audit"

	"github.com/jmoiron/sqlx"
)

// Meta keys of the audit key. The sealed key's _sealed suffix makes a key
// rotation reseal it with everything else sealed to the vault; the binding
// is rewritten by the rotation itself (RewrapAll's meta).
const (
	MetaAuditKeySealed = "audit_key_sealed"
	MetaAuditKeyBind   = "audit_key_bind"
)

// auditKey is what the store knows of the audit key. It is set once, before
// the DB is shared between goroutines, and read without a lock after.
type auditKey struct {
	key []byte
	// refused says why the key in the database is not to be trusted (it
	// is not bound to the vault key); entries are still written with it,
	// and every verification reports the reason.
	refused string
}

// Event is an audit entry to write in the same transaction as the change it
// records, so that the log and the data never disagree.
type Event struct {
	Type    string
	ActorID string // user id, "system" or "cli"
	Subject string // the id the event is about
	Detail  string // non-personal detail (e.g. a role, a status)
}

// SetAuditKey gives the store the vault's audit key, so that entries are
// written with MACs. refused is "" for a key bound to the vault key, else
// why it is not. Without a key (a command run without the vault key),
// entries wait in audit_pending until a writer with the key seals them.
func (d *DB) SetAuditKey(key []byte, refused string) {
	d.audit = auditKey{key: key, refused: refused}
}

func (d *DB) appendAudit(ctx context.Context, tx *sqlx.Tx, ev *Event) error {
	if ev == nil {
		return nil
	}
	if d.audit.key == nil {
		_, err := tx.ExecContext(ctx, `INSERT INTO audit_pending (at, event, actor_id, subject, detail) VALUES (?, ?, ?, ?, ?)`,
			unixColumn(d.now()), ev.Type, ev.ActorID, ev.Subject, ev.Detail)
		if err != nil {
			return fmt.Errorf("append audit: %w", err)
		}
		return nil
	}
	if err := d.sealPending(ctx, tx); err != nil {
		return err
	}
	return d.appendEntry(ctx, tx, d.now(), *ev)
}

// entryRow is an audit.Entry as the audit_log table holds it: the time in
// unix seconds.
type entryRow struct {
	audit.Entry
	At unixColumn `db:"at"`
}

func rowOfEntry(e audit.Entry) entryRow { return entryRow{Entry: e, At: unixColumn(e.At)} }

func (r entryRow) entry() audit.Entry {
	e := r.Entry
	e.At = time.Time(r.At)
	return e
}

// appendEntry adds one entry to the chain with its MAC.
func (d *DB) appendEntry(ctx context.Context, tx *sqlx.Tx, at time.Time, ev Event) error {
	var head struct {
		Seq  int64  `db:"seq"`
		Hash string `db:"hash"`
	}
	err := tx.GetContext(ctx, &head, `SELECT seq, hash FROM audit_head WHERE one = 1`)
	if errors.Is(err, sql.ErrNoRows) {
		head.Seq, head.Hash = 0, audit.Genesis
	} else if err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	e := audit.Entry{
		Seq: head.Seq + 1, ID: NewID(), At: wholeSeconds(at), Event: ev.Type,
		ActorID: ev.ActorID, Subject: ev.Subject, Detail: ev.Detail, PrevHash: head.Hash,
	}
	e.Hash = audit.ComputeHash(e)
	e.MAC = audit.ComputeMAC(d.audit.key, e.Hash)
	if _, err := tx.NamedExecContext(ctx, `INSERT INTO audit_log (seq, id, at, event, actor_id, subject, detail, prev_hash, hash, mac)
		VALUES (:seq, :id, :at, :event, :actor_id, :subject, :detail, :prev_hash, :hash, :mac)`, rowOfEntry(e)); err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_head (one, seq, hash) VALUES (1, ?, ?)
		ON CONFLICT(one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`, e.Seq, e.Hash)
	return err
}

// sealPending moves the entries written without the key into the log.
// Only the command line writes without the key, so an entry there from any
// other actor was put there by someone else: it is dropped, and the log
// says how many were.
func (d *DB) sealPending(ctx context.Context, tx *sqlx.Tx) error {
	var ps []struct {
		N  int64      `db:"n"`
		At unixColumn `db:"at"`
		Event
	}
	if err := tx.SelectContext(ctx, &ps, `SELECT n, at, event AS type, actor_id AS actorid, subject, detail FROM audit_pending ORDER BY n`); err != nil {
		return fmt.Errorf("seal pending audit entries: %w", err)
	}
	if len(ps) == 0 {
		return nil
	}
	refused := 0
	for _, p := range ps {
		if p.ActorID != "cli" {
			refused++
			continue
		}
		if err := d.appendEntry(ctx, tx, time.Time(p.At), p.Event); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM audit_pending`); err != nil {
		return fmt.Errorf("seal pending audit entries: %w", err)
	}
	if refused > 0 {
		return d.appendEntry(ctx, tx, d.now(), Event{Type: audit.AuditPendingRefused, ActorID: "system", Subject: "audit", Detail: fmt.Sprintf("entries=%d", refused)})
	}
	return nil
}

// SealPendingAudit appends the entries written without the key (needs
// SetAuditKey first; does nothing without it).
func (d *DB) SealPendingAudit(ctx context.Context) error {
	if d.audit.key == nil {
		return nil
	}
	return d.tx(ctx, func(tx *sqlx.Tx) error { return d.sealPending(ctx, tx) })
}

// PendingAudit counts the entries waiting for a writer with the key.
func (d *DB) PendingAudit(ctx context.Context) (int, error) {
	var n int
	err := d.db.GetContext(ctx, &n, `SELECT count(*) FROM audit_pending`)
	return n, classify(err)
}

// InstallAuditKey stores a new audit key (sealed, and its binding to the
// vault key) unless the vault already has one, and starts using it. A log
// written before it had a key gets an audit.keyed entry first, whose MAC
// vouches for every entry before it. It reports false, changing nothing,
// when another process installed a key first.
func (d *DB) InstallAuditKey(ctx context.Context, key []byte, sealed, bind string) (bool, error) {
	installed := false
	prev := d.audit
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM meta WHERE key = ?`, MetaAuditKeySealed); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		for k, v := range map[string]string{MetaAuditKeySealed: sealed, MetaAuditKeyBind: bind} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`, k, v); err != nil {
				return err
			}
		}
		d.audit = auditKey{key: key}
		var legacy int64
		if err := tx.GetContext(ctx, &legacy, `SELECT count(*) FROM audit_log`); err != nil {
			return err
		}
		if legacy > 0 {
			if err := d.appendEntry(ctx, tx, d.now(), Event{Type: audit.Keyed, ActorID: "system", Subject: "audit", Detail: fmt.Sprintf("unkeyed_entries=%d", legacy)}); err != nil {
				return err
			}
		}
		installed = true
		return d.sealPending(ctx, tx)
	})
	if err != nil || !installed {
		d.audit = prev
	}
	return installed, err
}

// Audit writes one audit entry on its own.
func (d *DB) Audit(ctx context.Context, ev Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error { return d.appendAudit(ctx, tx, &ev) })
}

// AuditAll appends several events in one transaction, in order.
func (d *DB) AuditAll(ctx context.Context, evs []Event) error {
	if len(evs) == 0 {
		return nil
	}
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		for i := range evs {
			if err := d.appendAudit(ctx, tx, &evs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// VerifyAudit walks the whole chain in order, checking every MAC when the
// store has the audit key. It returns the number of entries checked and the
// first problem, if any.
func (d *DB) VerifyAudit(ctx context.Context) (int, *audit.Problem, error) {
	return d.VerifyAuditAgainst(ctx, nil)
}

// VerifyAuditAgainst is VerifyAudit that also requires the log to hold,
// unchanged, the head that checkpoint cp witnessed (nil for none).
func (d *DB) VerifyAuditAgainst(ctx context.Context, cp *audit.Checkpoint) (int, *audit.Problem, error) {
	if d.audit.refused != "" {
		return 0, &audit.Problem{ID: "(audit key)", Reason: d.audit.refused}, nil
	}
	v := audit.NewVerifier()
	if d.audit.key != nil {
		v = audit.NewKeyedVerifier(d.audit.key)
		if cp != nil && cp.MAC != "" && !cp.Authentic(d.audit.key) {
			return 0, &audit.Problem{ID: cp.ID, Seq: cp.Seq, Reason: "the checkpoint's MAC was not made with this vault's audit key: it is forged, or from another vault"}, nil
		}
	}
	if cp != nil {
		v.Against(cp)
	}
	rows, err := d.db.QueryxContext(ctx, `SELECT `+auditCols+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, nil, classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r entryRow
		if err := rows.StructScan(&r); err != nil {
			return 0, nil, err
		}
		if p := v.Add(r.entry()); p != nil {
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

// AuditHead is the newest entry in the log (ErrNotFound when it is empty),
// what a checkpoint witnesses.
func (d *DB) AuditHead(ctx context.Context) (audit.Entry, error) {
	var r entryRow
	err := d.db.GetContext(ctx, &r, `SELECT `+auditCols+` FROM audit_log ORDER BY seq DESC LIMIT 1`)
	return r.entry(), classify(err)
}

const auditCols = `seq, id, at, event, actor_id, subject, detail, prev_hash, hash, mac`

// AuditFilter selects audit entries for the admin screens.
type AuditFilter struct {
	Event   string
	ActorID string
	UserID  string    // as actor or as subject
	Since   time.Time // inclusive, to the second; zero for no bound
	Until   time.Time // exclusive, to the second; zero for no bound
	Limit   int
	Offset  int
}

// ListAudit returns entries newest first.
func (d *DB) ListAudit(ctx context.Context, f AuditFilter) ([]audit.Entry, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := `SELECT ` + auditCols + ` FROM audit_log WHERE 1=1`
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
	if !f.Since.IsZero() {
		q += ` AND at >= ?`
		args = append(args, f.Since.Unix())
	}
	if !f.Until.IsZero() {
		q += ` AND at < ?`
		args = append(args, f.Until.Unix())
	}
	q += ` ORDER BY seq DESC LIMIT ? OFFSET ?`
	args = append(args, f.Limit, f.Offset)
	var rs []entryRow
	err := d.db.SelectContext(ctx, &rs, q, args...)
	if rs == nil {
		return nil, classify(err)
	}
	es := make([]audit.Entry, len(rs))
	for i, r := range rs {
		es[i] = r.entry()
	}
	return es, classify(err)
}

// AuditEventTypes lists the event types present in the log, for the admin
// screen's filter.
func (d *DB) AuditEventTypes(ctx context.Context) ([]string, error) {
	var ts []string
	err := d.db.SelectContext(ctx, &ts, `SELECT DISTINCT event FROM audit_log ORDER BY event`)
	return ts, classify(err)
}
