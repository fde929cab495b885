package delivery

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"confidant/internal/app/core"
	"confidant/internal/mail"
	"confidant/internal/store"
)

// Outbox is the running side of email: it implements core.Mailer (Queue)
// and owns the worker that sends. Make one with Service.NewOutbox, give it
// to App.SetMailer, and Start it; tests may tune Worker (Backoff, Poll)
// before Start.
type Outbox struct {
	svc     *Service
	Worker  *mail.Worker
	started atomic.Bool
}

// outboxQueue is the store's outbox as the mail worker's queue: the store
// knows nothing of mail, so its claimed rows become mail jobs here.
type outboxQueue struct{ *store.DB }

// ClaimOutbox claims the next message due, as the worker's queue. It has
// no failure of its own.
func (q outboxQueue) ClaimOutbox(ctx context.Context, now time.Time) (mail.Job, bool, error) {
	j, ok, err := q.DB.ClaimOutbox(ctx, now)
	return mail.Job{ID: j.ID, MessageID: j.MessageID, Sealed: j.Sealed, Attempts: j.Attempts, CreatedAt: j.CreatedAt}, ok, err
}

// NewOutbox makes the outbox, logging to log.
func (a *Service) NewOutbox(log *slog.Logger) *Outbox {
	w := mail.NewWorker(outboxQueue{a.core.DB}, a.core.OpenEmail, a.smtpConfig, log)
	w.Now = func() time.Time { return a.core.Now() }
	return &Outbox{svc: a, Worker: w}
}

// Queue queues an email with no purpose or reference (the core.Mailer
// interface). It checks no actor: its callers are the application's own.
// It fails with Invalid (core.ErrBadEmail) when the address, subject or
// text cannot be sent as they are (a header injection, say).
func (o *Outbox) Queue(ctx context.Context, to, subject, body string) error {
	_, err := o.svc.core.QueueEmail(ctx, core.Email{To: to, Subject: subject, Text: body}, nil)
	o.Wake()
	return err
}

// Wake asks the worker to look at the outbox now. It never blocks.
func (o *Outbox) Wake() { o.Worker.Wake() }

// Start runs the worker until ctx ends or stop is called; stop waits for
// it to finish the message in hand (within the worker's grace period).
// Only one worker may run on a database: it is what makes a message found
// "sending" at start-up one that a crash interrupted; a second Start
// panics. Failures to send are the worker's to retry and log; none is
// returned.
func (o *Outbox) Start(ctx context.Context) (stop func()) {
	if !o.started.CompareAndSwap(false, true) {
		panic("delivery: Outbox.Start called twice")
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		o.Worker.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}
