package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Job is one message claimed from the outbox: marked sending, durably,
// before the relay hears of it.
type Job struct {
	ID        string
	MessageID string
	// Sealed is the message as stored (ciphertext); Worker.Open opens it.
	Sealed []byte
	// Attempts counts this one.
	Attempts  int
	CreatedAt time.Time
}

// Queue is the durable outbox. Each method is one committed transaction:
// the Worker never holds a transaction open while it talks to the relay.
type Queue interface {
	// RecoverOutbox makes messages left "sending" by a crash due again,
	// keeping their Message-IDs, and says how many there were.
	RecoverOutbox(ctx context.Context, now time.Time) (int, error)
	// ClaimOutbox marks the next message due at now "sending" and returns
	// it; false when none is due.
	ClaimOutbox(ctx context.Context, now time.Time) (Job, bool, error)
	// MarkOutboxSent records that the relay accepted the message.
	MarkOutboxSent(ctx context.Context, id string, at time.Time) error
	// RetryOutbox makes the message due again at next, with the class of
	// the error that stopped it.
	RetryOutbox(ctx context.Context, id string, next time.Time, class string) error
	// FailOutbox gives the message up.
	FailOutbox(ctx context.Context, id string, at time.Time, class string) error
	// NextOutboxDue is when the next pending message falls due.
	NextOutboxDue(ctx context.Context) (time.Time, bool, error)
}

// Backoff is the retry schedule after a temporary failure: First, doubling
// to at most Max, and after GiveUp since the message was queued, no more.
type Backoff struct {
	First, Max, GiveUp time.Duration
}

// DefaultBackoff is 30 s doubling to an hour, for two days: long enough to
// ride out a relay's outage or a weekend with wrong settings.
func DefaultBackoff() Backoff {
	return Backoff{First: 30 * time.Second, Max: time.Hour, GiveUp: 48 * time.Hour}
}

// Delay is the wait after the given number of failed attempts (1 or more).
func (b Backoff) Delay(attempts int) time.Duration {
	d := b.First
	for i := 1; i < attempts && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Worker drains a Queue, one message at a time. Set its fields before Run.
type Worker struct {
	Queue Queue
	// Open turns a Job's sealed bytes into the message (To, Subject, Text).
	Open func(sealed []byte) (Message, error)
	// Config returns the relay's settings, read afresh for every batch so
	// that an administrator's change applies at once. ErrNotConfigured
	// makes the worker wait (messages keep until a relay is set).
	Config func(ctx context.Context) (Config, error)
	// Send is the delivery; Send (this package's) unless a test replaces it.
	Send func(ctx context.Context, cfg Config, m Message) error
	// Backoff is the retry schedule.
	Backoff Backoff
	// Poll is the longest the worker sleeps without being woken.
	Poll time.Duration
	// SendTimeout bounds one delivery; Grace is how long a delivery in
	// progress may go on after Run's ctx ends, so that a shutdown seldom
	// leaves a message whose fate is unknown.
	SendTimeout, Grace time.Duration
	Now                func() time.Time
	Log                *slog.Logger

	wake chan struct{}
	// unrecorded holds outcomes the database refused to record; they are
	// retried before anything new is sent.
	unrecorded []func(context.Context) error
	// waiting is set while messages wait for usable settings (logged once).
	waiting bool
}

// NewWorker returns a Worker with the default schedule.
func NewWorker(q Queue, open func([]byte) (Message, error), config func(context.Context) (Config, error), log *slog.Logger) *Worker {
	return &Worker{
		Queue: q, Open: open, Config: config, Send: Send,
		Backoff: DefaultBackoff(), Poll: time.Minute,
		SendTimeout: 2 * time.Minute, Grace: 10 * time.Second,
		Now: time.Now, Log: log, wake: make(chan struct{}, 1),
	}
}

// Wake asks the worker to look at the outbox now (something was queued or
// the settings changed). It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends, then returns nil. First it makes messages left
// "sending" by a crash due again: the relay may or may not have accepted
// them, and sending again with the same Message-ID is the only way not to
// lose one (a receiving system can tell the two copies are one message).
func (w *Worker) Run(ctx context.Context) error {
	recovered := false
	for {
		if !recovered {
			n, err := w.Queue.RecoverOutbox(ctx, w.Now())
			if err != nil && ctx.Err() == nil {
				w.Log.Error("outbox: recover interrupted messages", "err", err)
			} else if err == nil {
				recovered = true
				if n > 0 {
					w.Log.Warn("outbox: sending again messages interrupted by a stop", "count", n)
				}
			}
		}
		wait := w.Poll
		if recovered && w.drain(ctx) {
			if next, ok, err := w.Queue.NextOutboxDue(ctx); err == nil && ok {
				wait = min(wait, max(next.Sub(w.Now()), time.Millisecond))
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-w.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// drain sends every message due now. It returns false when it stopped
// early (no relay set, or the database failing), so that Run waits a full
// poll rather than spinning on messages it cannot send.
func (w *Worker) drain(ctx context.Context) bool {
	for len(w.unrecorded) > 0 {
		if err := w.unrecorded[0](ctx); err != nil {
			return false
		}
		w.unrecorded = w.unrecorded[1:]
	}
	// Read the settings (and open the password) only when a message is
	// due, not at every poll; waiting for settings is not an attempt.
	next, ok, err := w.Queue.NextOutboxDue(ctx)
	if err != nil || !ok || next.After(w.Now()) {
		return err == nil
	}
	cfg, err := w.Config(ctx)
	if err == nil {
		err = cfg.Validate()
	}
	if err != nil {
		if !w.waiting {
			if errors.Is(err, ErrNotConfigured) {
				w.Log.Warn("outbox: messages are waiting but no mail relay is set up")
			} else {
				w.Log.Error("outbox: the mail settings cannot be used; messages are waiting", "class", Class(err))
			}
		}
		w.waiting = true
		return false
	}
	w.waiting = false
	for ctx.Err() == nil {
		job, ok, err := w.Queue.ClaimOutbox(ctx, w.Now())
		if err != nil {
			if ctx.Err() == nil {
				w.Log.Error("outbox: claim", "err", err)
			}
			return false
		}
		if !ok {
			return true
		}
		w.deliver(ctx, cfg, job)
	}
	return true
}

// deliver sends one claimed message and records what happened.
func (w *Worker) deliver(ctx context.Context, cfg Config, job Job) {
	m, err := w.Open(job.Sealed)
	if err == nil {
		m.MessageID, m.Date = job.MessageID, w.Now()
		sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.SendTimeout)
		stop := context.AfterFunc(ctx, func() { time.AfterFunc(w.Grace, cancel) })
		err = w.Send(sendCtx, cfg, m)
		stop()
		cancel()
	} else {
		// Unreadable: most likely the vault key rotated between the claim
		// and the open; the next attempt reads the re-sealed message.
		err = &Error{Class: "unreadable", Err: err}
	}
	now := w.Now()
	switch {
	case err == nil:
		w.record(ctx, job, "sent", func(ctx context.Context) error { return w.Queue.MarkOutboxSent(ctx, job.ID, now) })
		w.Log.Info("outbox: sent", "id", job.ID, "attempts", job.Attempts)
	case IsPermanent(err):
		class := Class(err)
		w.record(ctx, job, "failed", func(ctx context.Context) error { return w.Queue.FailOutbox(ctx, job.ID, now, class) })
		w.Log.Warn("outbox: refused, not retrying", "id", job.ID, "class", class, "attempts", job.Attempts)
	case now.Sub(job.CreatedAt) >= w.Backoff.GiveUp:
		class := "gave up: " + Class(err)
		w.record(ctx, job, "failed", func(ctx context.Context) error { return w.Queue.FailOutbox(ctx, job.ID, now, class) })
		w.Log.Warn("outbox: gave up", "id", job.ID, "class", class, "attempts", job.Attempts)
	default:
		class := Class(err)
		next := now.Add(w.Backoff.Delay(job.Attempts))
		w.record(ctx, job, "retry", func(ctx context.Context) error { return w.Queue.RetryOutbox(ctx, job.ID, next, class) })
		w.Log.Warn("outbox: will retry", "id", job.ID, "class", class, "attempts", job.Attempts, "next", next.UTC().Format(time.RFC3339))
	}
}

// record writes an outcome, trying for a while even after ctx ends: once
// the relay has answered, losing the answer would mean sending again. If
// the database still refuses, the outcome is kept in memory and retried
// before anything new is sent; if the process dies first, the message is
// still "sending" and goes again at the next start with its Message-ID.
func (w *Worker) record(ctx context.Context, job Job, what string, fn func(context.Context) error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	delay := 20 * time.Millisecond
	for {
		err := fn(rctx)
		if err == nil {
			return
		}
		if rctx.Err() != nil {
			w.Log.Error("outbox: could not record outcome; will try again", "id", job.ID, "outcome", what, "err", err)
			w.unrecorded = append(w.unrecorded, func(ctx context.Context) error {
				if err := fn(ctx); err != nil {
					return fmt.Errorf("record %s for %s: %w", what, job.ID, err)
				}
				return nil
			})
			return
		}
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-rctx.Done():
			t.Stop()
		}
		delay = min(2*delay, time.Second)
	}
}
