package core

import (
	"context"
)

// Mailer is the running outbox (serve sets Core.Mail); the app only needs
// to wake it after queueing. Messages are queued in the database whether or
// not it runs, and wait there until it can send them.
type Mailer interface {
	Queue(ctx context.Context, to, subject, body string) error
}

// QueueMail queues an email durably with a non-personal purpose label and
// the id of what it concerns. It fails as QueueEmail does.
func (a *Core) QueueMail(ctx context.Context, to, subject, body, purpose, ref string) error {
	_, err := a.QueueEmail(ctx, Email{To: to, Subject: subject, Text: body, Purpose: purpose, Ref: ref}, nil)
	return err
}
