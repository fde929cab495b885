package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// The outbox (issue 8). A message goes pending → sending → sent, or back to
// pending with a later next_attempt_at after a temporary failure, or to
// failed. "sending" is committed before the relay hears of the message, so
// a row found "sending" at start-up is one whose fate a crash hid; it is
// sent again with the same Message-ID (RecoverOutbox). *DB implements
// mail.Queue. Times in this table are unix milliseconds.

// Outbox statuses.
const (
	OutboxPending = "pending"
	OutboxSending = "sending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
)

// OutboxItem is a message to queue. The app layer seals the message and
// chooses the Message-ID; the store keeps them.
type OutboxItem struct {
	// ID is set by Enqueue when empty.
	ID        string
	MessageID string
	// Sealed is the message (recipient, subject, body), already encrypted.
	Sealed []byte
	// Purpose and Ref are clear and must be non-personal: a label such as
	// "portal.invite" and the id of what the message is about.
	Purpose string
	Ref     string
}

// OutboxStatus is what may be shown about a queued message.
type OutboxStatus struct {
	ID        string `db:"id"`
	MessageID string `db:"message_id"`
	Purpose   string `db:"purpose"`
	Ref       string `db:"ref"`
	Status    string `db:"status"`
	Attempts  int    `db:"attempts"`
	// LastError is the class of the last failure ("temporary: 421").
	LastError string    `db:"last_error"`
	CreatedAt time.Time `db:"-"`
	// NextAt is when a pending message is next tried.
	NextAt time.Time `db:"-"`
	// SentAt is when the relay accepted the message; zero until then.
	SentAt time.Time `db:"-"`
}

// outboxRow is an OutboxStatus as the outbox table holds it: the times in
// unix milliseconds.
type outboxRow struct {
	OutboxStatus
	CreatedAt milliColumn     `db:"created_at"`
	SentAt    nullMilliColumn `db:"sent_at"`
	NextAt    milliColumn     `db:"next_attempt_at"`
}

func (r outboxRow) status() OutboxStatus {
	s := r.OutboxStatus
	s.CreatedAt, s.NextAt, s.SentAt = time.Time(r.CreatedAt), time.Time(r.NextAt), time.Time(r.SentAt)
	return s
}

func outboxStatuses(rows []outboxRow) []OutboxStatus {
	out := make([]OutboxStatus, len(rows))
	for i, r := range rows {
		out[i] = r.status()
	}
	return out
}

const outboxStatusCols = `id, message_id, purpose, ref, status, attempts, last_error, created_at, sent_at, next_attempt_at`

// EnqueueTx queues a message inside the caller's transaction, so that
// recording an action and queueing its email commit together or not at
// all. For store methods in other files: run it inside d.tx. The worker is
// not woken by this; the caller wakes it after the commit.
func (d *DB) EnqueueTx(ctx context.Context, tx *sqlx.Tx, it *OutboxItem) error {
	if it.ID == "" {
		it.ID = NewID()
	}
	if !wellFormedMessageID(it.MessageID) || len(it.Sealed) == 0 {
		return errors.New("enqueue: a Message-ID and a sealed message are required")
	}
	now := d.now().UnixMilli()
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (id, message_id, message_enc, purpose, ref, status, attempts, next_attempt_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`, it.ID, it.MessageID, it.Sealed, it.Purpose, it.Ref, now, now, now)
	if err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	return nil
}

// Enqueue queues a message on its own, with an audit entry when ev is set.
func (d *DB) Enqueue(ctx context.Context, it *OutboxItem, ev *Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if err := d.EnqueueTx(ctx, tx, it); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, ev)
	})
}

// RecoverOutbox makes every "sending" message due now, keeping its
// Message-ID and attempt count. Run it only at start-up, before any send.
func (d *DB) RecoverOutbox(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'pending', next_attempt_at = ?, updated_at = ?, last_error = 'interrupted'
			WHERE status = 'sending'`, now.UnixMilli(), now.UnixMilli())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// ClaimOutbox marks the message due soonest "sending" and returns it.
// OutboxJob is a claimed message: its sealed bytes and how often it was tried.
type OutboxJob struct {
	ID, MessageID string
	Sealed        []byte
	Attempts      int
	CreatedAt     time.Time
}

// wellFormedMessageID is the store's own check that a Message-ID has the
// shape <local@domain> (the mail package checks it fully before queueing).
func wellFormedMessageID(id string) bool {
	return len(id) > 4 && len(id) <= 250 && strings.HasPrefix(id, "<") && strings.HasSuffix(id, ">") &&
		strings.Count(id, "@") == 1 && !strings.ContainsAny(id[1:len(id)-1], "<> \t\r\n")
}

func (d *DB) ClaimOutbox(ctx context.Context, now time.Time) (OutboxJob, bool, error) {
	var row struct {
		ID        string      `db:"id"`
		MessageID string      `db:"message_id"`
		Sealed    []byte      `db:"message_enc"`
		Attempts  int         `db:"attempts"`
		CreatedAt milliColumn `db:"created_at"`
	}
	found := false
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &row, `SELECT id, message_id, message_enc, attempts, created_at FROM outbox
			WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT 1`, now.UnixMilli())
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		found = true
		row.Attempts++
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET status = 'sending', attempts = ?, updated_at = ? WHERE id = ?`, row.Attempts, now.UnixMilli(), row.ID)
		return err
	})
	if err != nil || !found {
		return OutboxJob{}, false, err
	}
	return OutboxJob{ID: row.ID, MessageID: row.MessageID, Sealed: row.Sealed, Attempts: row.Attempts, CreatedAt: time.Time(row.CreatedAt)}, true, nil
}

// finishOutbox moves a "sending" message on.
func (d *DB) finishOutbox(ctx context.Context, query string, args ...any) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("outbox message not sending: %w", ErrNotFound)
		}
		return nil
	})
}

// MarkOutboxSent records the relay's acceptance and drops the sealed
// message: once sent, it is not ours to keep.
func (d *DB) MarkOutboxSent(ctx context.Context, id string, at time.Time) error {
	return d.finishOutbox(ctx, `UPDATE outbox SET status = 'sent', sent_at = ?, updated_at = ?, last_error = '', message_enc = NULL
		WHERE id = ? AND status = 'sending'`, at.UnixMilli(), at.UnixMilli(), id)
}

// RetryOutbox makes the message due again at next.
func (d *DB) RetryOutbox(ctx context.Context, id string, next time.Time, class string) error {
	return d.finishOutbox(ctx, `UPDATE outbox SET status = 'pending', next_attempt_at = ?, updated_at = ?, last_error = ?
		WHERE id = ? AND status = 'sending'`, next.UnixMilli(), d.now().UnixMilli(), shortClass(class), id)
}

// FailOutbox gives the message up and drops the sealed message.
func (d *DB) FailOutbox(ctx context.Context, id string, at time.Time, class string) error {
	return d.finishOutbox(ctx, `UPDATE outbox SET status = 'failed', updated_at = ?, last_error = ?, message_enc = NULL
		WHERE id = ? AND status = 'sending'`, at.UnixMilli(), shortClass(class), id)
}

// shortClass bounds what goes into last_error (classes are short anyway).
func shortClass(s string) string {
	if len(s) > 80 {
		return s[:80]
	}
	return s
}

// NextOutboxDue is when the pending message due soonest falls due.
func (d *DB) NextOutboxDue(ctx context.Context) (time.Time, bool, error) {
	var next nullMilliColumn
	if err := d.db.GetContext(ctx, &next, `SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'`); err != nil {
		return time.Time{}, false, classify(err)
	}
	return time.Time(next), !time.Time(next).IsZero(), nil
}

// OutboxMessage returns what may be shown about one queued message.
func (d *DB) OutboxMessage(ctx context.Context, id string) (OutboxStatus, error) {
	var r outboxRow
	if err := d.db.GetContext(ctx, &r, `SELECT `+outboxStatusCols+` FROM outbox WHERE id = ?`, id); err != nil {
		return OutboxStatus{}, classify(err)
	}
	return r.status(), nil
}

// OutboxByRef lists the messages about ref, oldest first.
func (d *DB) OutboxByRef(ctx context.Context, ref string) ([]OutboxStatus, error) {
	var rows []outboxRow
	if err := d.db.SelectContext(ctx, &rows, `SELECT `+outboxStatusCols+` FROM outbox WHERE ref = ? ORDER BY created_at`, ref); err != nil {
		return nil, classify(err)
	}
	return outboxStatuses(rows), nil
}

// OutboxSummary is the outbox at a glance, for the admin's mail page.
type OutboxSummary struct {
	Pending, Sending, Sent, Failed int
	// LastSent is the newest acceptance by the relay (zero if none).
	LastSent time.Time
	// Recent are the newest messages not sent, newest first.
	Recent []OutboxStatus
}

// OutboxSummary counts the outbox by status and lists the newest unsent.
func (d *DB) OutboxSummary(ctx context.Context) (OutboxSummary, error) {
	var sum OutboxSummary
	var counts []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := d.db.SelectContext(ctx, &counts, `SELECT status, COUNT(*) AS n FROM outbox GROUP BY status`); err != nil {
		return sum, classify(err)
	}
	for _, c := range counts {
		switch c.Status {
		case OutboxPending:
			sum.Pending = c.N
		case OutboxSending:
			sum.Sending = c.N
		case OutboxSent:
			sum.Sent = c.N
		case OutboxFailed:
			sum.Failed = c.N
		}
	}
	var last nullMilliColumn
	if err := d.db.GetContext(ctx, &last, `SELECT MAX(sent_at) FROM outbox WHERE status = 'sent'`); err != nil {
		return sum, classify(err)
	}
	sum.LastSent = time.Time(last)
	var rows []outboxRow
	if err := d.db.SelectContext(ctx, &rows, `SELECT `+outboxStatusCols+` FROM outbox WHERE status != 'sent' ORDER BY updated_at DESC LIMIT 10`); err != nil {
		return sum, classify(err)
	}
	sum.Recent = outboxStatuses(rows)
	return sum, nil
}

// resealMail re-seals what the mail code sealed to the vault key (queued
// messages and the relay's password), inside a key rotation's transaction.
func resealMail(ctx context.Context, tx *sqlx.Tx, reseal func([]byte) ([]byte, error)) error {
	var rows []struct {
		ID     string `db:"id"`
		Sealed []byte `db:"message_enc"`
	}
	if err := tx.SelectContext(ctx, &rows, `SELECT id, message_enc FROM outbox WHERE message_enc IS NOT NULL`); err != nil {
		return err
	}
	for _, r := range rows {
		b, err := reseal(r.Sealed)
		if err != nil {
			return fmt.Errorf("outbox %s: %w", r.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET message_enc = ? WHERE id = ?`, b, r.ID); err != nil {
			return err
		}
	}
	var pw []byte
	if err := tx.GetContext(ctx, &pw, `SELECT password_enc FROM smtp_settings WHERE one = 1`); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if len(pw) == 0 {
		return nil
	}
	b, err := reseal(pw)
	if err != nil {
		return fmt.Errorf("smtp password: %w", err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE smtp_settings SET password_enc = ? WHERE one = 1`, b)
	return err
}
