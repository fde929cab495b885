package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

// openTestDB opens a new, empty store in a temporary directory, closed
// when the test ends.
func openTestDB(tb testing.TB) *DB {
	tb.Helper()
	d, err := Open(context.Background(), filepath.Join(tb.TempDir(), DBFile))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	return d
}

func TestEnqueueTxCommitsOrRollsBackWithTheCallersTransaction(t *testing.T) {
	ctx := context.Background()
	d := openTestDB(t)
	boom := errors.New("the caller's own write failed")
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		if err := d.EnqueueTx(ctx, tx, &OutboxItem{MessageID: "<a@example.org>", Sealed: []byte("x")}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if _, ok, _ := d.NextOutboxDue(ctx); ok {
		t.Fatal("the email was queued although the caller's transaction rolled back")
	}
	it := OutboxItem{MessageID: "<b@example.org>", Sealed: []byte("x"), Purpose: "p"}
	if err := d.tx(ctx, func(tx *sqlx.Tx) error { return d.EnqueueTx(ctx, tx, &it) }); err != nil {
		t.Fatal(err)
	}
	if s, err := d.OutboxMessage(ctx, it.ID); err != nil || s.Status != OutboxPending || s.MessageID != "<b@example.org>" {
		t.Fatalf("%+v %v", s, err)
	}
	if err := d.Enqueue(ctx, &OutboxItem{MessageID: "<b@example.org>", Sealed: []byte("y")}, nil); !errors.Is(err, ErrConflict) {
		t.Fatalf("a Message-ID used twice: %v", err)
	}
	if err := d.Enqueue(ctx, &OutboxItem{MessageID: "b@example.org", Sealed: []byte("y")}, nil); err == nil {
		t.Fatal("a malformed Message-ID was queued")
	}
}

func TestOutboxMovesOnlyFromSending(t *testing.T) {
	ctx := context.Background()
	d := openTestDB(t)
	// A moment after the item is queued (its first attempt is due at the
	// moment it is queued, to the millisecond).
	now := time.Now().Add(time.Second)
	it := OutboxItem{MessageID: "<c@example.org>", Sealed: []byte("x")}
	if err := d.Enqueue(ctx, &it, nil); err != nil {
		t.Fatal(err)
	}
	// Not yet claimed: nothing may mark it sent.
	if err := d.MarkOutboxSent(ctx, it.ID, now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("sent while pending: %v", err)
	}
	job, ok, err := d.ClaimOutbox(ctx, now)
	if err != nil || !ok || job.ID != it.ID || job.Attempts != 1 || string(job.Sealed) != "x" {
		t.Fatalf("claim %+v %v %v", job, ok, err)
	}
	if _, ok, _ := d.ClaimOutbox(ctx, now); ok {
		t.Fatal("claimed twice")
	}
	if err := d.RetryOutbox(ctx, it.ID, now.Add(time.Minute), "temporary: 421"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := d.ClaimOutbox(ctx, now); ok {
		t.Fatal("claimed before it was due")
	}
	if next, ok, _ := d.NextOutboxDue(ctx); !ok || next.UnixMilli() != now.Add(time.Minute).UnixMilli() {
		t.Fatalf("next due %v %v", next, ok)
	}
	if job, ok, _ = d.ClaimOutbox(ctx, now.Add(time.Minute)); !ok || job.Attempts != 2 {
		t.Fatalf("second claim %+v %v", job, ok)
	}
	// A crash here leaves it sending; recovery makes it due at once.
	if n, err := d.RecoverOutbox(ctx, now); err != nil || n != 1 {
		t.Fatalf("recover %d %v", n, err)
	}
	if job, ok, _ = d.ClaimOutbox(ctx, now); !ok || job.Attempts != 3 || job.MessageID != "<c@example.org>" {
		t.Fatalf("claim after recovery %+v %v", job, ok)
	}
	if err := d.MarkOutboxSent(ctx, it.ID, now); err != nil {
		t.Fatal(err)
	}
	if err := d.FailOutbox(ctx, it.ID, now, "x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("failed after sent: %v", err)
	}
	s, _ := d.OutboxMessage(ctx, it.ID)
	if s.Status != OutboxSent || s.SentAt.IsZero() || s.LastError != "" || s.Attempts != 3 {
		t.Fatalf("%+v", s)
	}
}

// The outbox keeps milliseconds: a message's times read back to the
// millisecond, an unsent message has no SentAt, and the summary's last
// delivery is zero until something is sent.
func TestOutboxTimesReadBackToTheMillisecond(t *testing.T) {
	ctx := context.Background()
	d := openTestDB(t)
	now := time.Date(2026, 3, 4, 10, 11, 12, 345_000_000, time.UTC)
	d.SetClock(func() time.Time { return now })
	it := OutboxItem{MessageID: "<m@example.org>", Sealed: []byte("x"), Purpose: "p", Ref: "r"}
	if err := d.Enqueue(ctx, &it, nil); err != nil {
		t.Fatal(err)
	}
	s, err := d.OutboxMessage(ctx, it.ID)
	if err != nil || !s.CreatedAt.Equal(now) || !s.NextAt.Equal(now) || !s.SentAt.IsZero() {
		t.Fatalf("queued: %+v (%v)", s, err)
	}
	if sum, err := d.OutboxSummary(ctx); err != nil || !sum.LastSent.IsZero() || sum.Pending != 1 {
		t.Fatalf("summary before sending: %+v (%v)", sum, err)
	}
	if _, ok, err := d.ClaimOutbox(ctx, now); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	sent := now.Add(1500 * time.Millisecond)
	if err := d.MarkOutboxSent(ctx, it.ID, sent); err != nil {
		t.Fatal(err)
	}
	if s, err = d.OutboxMessage(ctx, it.ID); err != nil || !s.SentAt.Equal(sent) {
		t.Fatalf("sent: %+v (%v)", s, err)
	}
	if sum, err := d.OutboxSummary(ctx); err != nil || !sum.LastSent.Equal(sent) {
		t.Fatalf("summary after sending: %+v (%v)", sum, err)
	}
}

// The relay's settings were never saved until an admin saves them: the
// zero time, not 1970; then the time of the save, to the second.
func TestSMTPSettingsUpdatedAtIsZeroUntilSaved(t *testing.T) {
	ctx := context.Background()
	d := openTestDB(t)
	now := time.Date(2026, 3, 4, 10, 11, 12, 345_000_000, time.UTC)
	d.SetClock(func() time.Time { return now })
	s, err := d.SMTPSettings(ctx)
	if err != nil || !s.UpdatedAt.IsZero() {
		t.Fatalf("before any save: UpdatedAt %v (%v)", s.UpdatedAt, err)
	}
	s.Host = "smtp.example.org"
	if _, err := d.SaveSMTPSettings(ctx, s, true, s.Version, Event{Type: "smtp.change", ActorID: "test"}); err != nil {
		t.Fatal(err)
	}
	if s, err = d.SMTPSettings(ctx); err != nil || s.UpdatedAt.Unix() != now.Unix() || s.Host != "smtp.example.org" {
		t.Fatalf("after a save: %+v (%v)", s, err)
	}
}
