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
	// AfterPass, if set, is called on Run's goroutine at the end of every
	// pass over the outbox, before the worker waits for a wake or its
	// timer, with what the pass did and found. It is for tests, which wait
	// on it (see mailtest.Watch) instead of sleeping: a pass that is Idle
	// means nothing will be sent until something new is queued. It must
	// return quickly; the worker waits for it. Nil (the default) in
	// production.
	AfterPass func(Pass)

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
		var p Pass
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
			if err != nil {
				p.Err = fmt.Errorf("recover interrupted messages: %w", err)
			}
		}
		wait := w.Poll
		if recovered {
			p = w.drain(ctx)
			if p.Err == nil {
				next, ok, err := w.Queue.NextOutboxDue(ctx)
				switch {
				case err != nil:
					p.Err = err
				case ok:
					p.Next = next
					wait = min(wait, max(next.Sub(w.Now()), time.Millisecond))
				}
			}
		}
		p.Unrecorded = len(w.unrecorded)
		if w.AfterPass != nil {
			w.AfterPass(p)
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

// Pass is what one pass of Run over the outbox did and found, as told to
// Worker.AfterPass.
type Pass struct {
	// Outcomes are the messages the pass tried to send, in order.
	Outcomes []Outcome
	// Err is why the pass stopped with messages possibly left due: no
	// usable relay settings (ErrNotConfigured, or what Config.Validate
	// said), the database failing, or an earlier outcome it still cannot
	// record. Nil when the pass got to the end of what was due.
	Err error
	// Next is when the next pending message falls due (a retry, say);
	// zero when none is pending.
	Next time.Time
	// Unrecorded counts outcomes the database has not yet taken (they
	// are recorded before anything new is sent).
	Unrecorded int
}

// Idle reports whether the pass left the worker nothing to do: nothing
// due or pending later, nothing waiting for settings, nothing unrecorded.
// Until something new is queued (or recovered at the next start), an idle
// worker sends nothing more.
func (p Pass) Idle() bool {
	return p.Err == nil && p.Next.IsZero() && p.Unrecorded == 0
}

// Outcome is what became of one message in a pass: the relay's answer as
// the worker acted on it (recording it may still be under way; see
// Pass.Unrecorded).
type Outcome struct {
	ID string
	// Result is "sent", "failed" (given up, not to be retried) or "retry".
	Result string
	// Class is the error's class, as stored ("" when sent).
	Class string
	// Attempts counts this one.
	Attempts int
}

// Final reports whether the message is done with: sent or given up.
func (o Outcome) Final() bool { return o.Result == "sent" || o.Result == "failed" }

// drain sends every message due now. Its Pass has an Err when it stopped
// early (no relay set, or the database failing), so that Run waits a full
// poll rather than spinning on messages it cannot send.
func (w *Worker) drain(ctx context.Context) (p Pass) {
	for len(w.unrecorded) > 0 {
		if err := w.unrecorded[0](ctx); err != nil {
			p.Err = err
			return p
		}
		w.unrecorded = w.unrecorded[1:]
	}
	// Read the settings (and open the password) only when a message is
	// due, not at every poll; waiting for settings is not an attempt.
	next, ok, err := w.Queue.NextOutboxDue(ctx)
	if err != nil || !ok || next.After(w.Now()) {
		p.Err = err
		return p
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
		p.Err = err
		return p
	}
	w.waiting = false
	for ctx.Err() == nil {
		job, ok, err := w.Queue.ClaimOutbox(ctx, w.Now())
		if err != nil {
			if ctx.Err() == nil {
				w.Log.Error("outbox: claim", "err", err)
			}
			p.Err = err
			return p
		}
		if !ok {
			return p
		}
		p.Outcomes = append(p.Outcomes, w.deliver(ctx, cfg, job))
	}
	return p
}

// deliver sends one claimed message and records what happened.
func (w *Worker) deliver(ctx context.Context, cfg Config, job Job) Outcome {
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
	o := Outcome{ID: job.ID, Attempts: job.Attempts}
	switch {
	case err == nil:
		o.Result = "sent"
		w.record(ctx, job, o.Result, func(ctx context.Context) error { return w.Queue.MarkOutboxSent(ctx, job.ID, now) })
		w.Log.Info("outbox: sent", "id", job.ID, "attempts", job.Attempts)
	case IsPermanent(err):
		o.Result, o.Class = "failed", Class(err)
		w.record(ctx, job, o.Result, func(ctx context.Context) error { return w.Queue.FailOutbox(ctx, job.ID, now, o.Class) })
		w.Log.Warn("outbox: refused, not retrying", "id", job.ID, "class", o.Class, "attempts", job.Attempts)
	case now.Sub(job.CreatedAt) >= w.Backoff.GiveUp:
		o.Result, o.Class = "failed", "gave up: "+Class(err)
		w.record(ctx, job, o.Result, func(ctx context.Context) error { return w.Queue.FailOutbox(ctx, job.ID, now, o.Class) })
		w.Log.Warn("outbox: gave up", "id", job.ID, "class", o.Class, "attempts", job.Attempts)
	default:
		o.Result, o.Class = "retry", Class(err)
		next := now.Add(w.Backoff.Delay(job.Attempts))
		w.record(ctx, job, o.Result, func(ctx context.Context) error { return w.Queue.RetryOutbox(ctx, job.ID, next, o.Class) })
		w.Log.Warn("outbox: will retry", "id", job.ID, "class", o.Class, "attempts", job.Attempts, "next", next.UTC().Format(time.RFC3339))
	}
	return o
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
