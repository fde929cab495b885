package app

import (
	"context"
	"errors"
)

// Mailer queues email durably (the outbox); serve sets it.
type Mailer interface {
	Queue(ctx context.Context, to, subject, body string) error
}

// ErrNoMail is returned when email is needed and none is set up.
var ErrNoMail = errors.New("email is not set up: an administrator must enter the mail relay's details first")

func (a *App) queueMail(ctx context.Context, to, subject, body string) error {
	if a.Mail == nil {
		return ErrNoMail
	}
	return a.Mail.Queue(ctx, to, subject, body)
}
