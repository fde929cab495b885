package core

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	"confidant/internal/fault"
	"confidant/internal/mail"
	"confidant/internal/store"
)

// Email is a message for the outbox. Subjects must be neutral ("You have a
// new message"): they are sealed like the rest, but a recipient's mail
// provider, and anyone looking over their shoulder, sees them.
type Email struct {
	To, Subject, Text string
	// Purpose is a short non-personal label kept in clear for the log and
	// the admin page, e.g. "portal.invite" ([a-z0-9._-], at most 40).
	Purpose string
	// Ref is the id of what the email is about (a request, a disclosure),
	// kept in clear so that its delivery can be shown; "" for none.
	Ref string
}

// sealedEmail is what the outbox keeps, as one ciphertext.
type sealedEmail struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
}

// SealEmail checks e, gives it an id and a Message-ID, and seals it to the
// vault, ready to be queued with store.DB.EnqueueTx inside a transaction of
// the caller's own, so that an action and its email commit together. Wake
// the worker after the commit (WakeOutbox). QueueEmail does all of this for
// an email on its own. It fails with Invalid (ErrBadEmail, wrapping a
// short reason) when the address, subject or text cannot be sent, or the
// purpose or ref is malformed, and Internal when sealing fails.
func (a *Core) SealEmail(ctx context.Context, e Email) (store.OutboxItem, error) {
	m, err := mail.Message{To: e.To, Subject: e.Subject, Text: e.Text}.Check()
	if err != nil {
		return store.OutboxItem{}, fmt.Errorf("%w: %s", ErrBadEmail, mail.Class(err))
	}
	if !purposeRE.MatchString(e.Purpose) || (e.Ref != "" && !store.ValidID(e.Ref)) {
		return store.OutboxItem{}, fmt.Errorf("%w: purpose or ref", ErrBadEmail)
	}
	b, err := json.Marshal(sealedEmail{To: m.To, Subject: m.Subject, Text: m.Text})
	if err != nil {
		return store.OutboxItem{}, err
	}
	sealed, err := a.Keys.SealToVault(b)
	if err != nil {
		return store.OutboxItem{}, fmt.Errorf("seal email: %w", err)
	}
	// The Message-ID is fixed now, for good: a resend after a crash must
	// carry the same one.
	domain := ""
	if s, err := a.DB.SMTPSettings(ctx); err == nil {
		domain = mail.DomainOf(s.From)
	}
	return store.OutboxItem{ID: store.NewID(), MessageID: mail.NewMessageID(domain), Sealed: sealed, Purpose: e.Purpose, Ref: e.Ref}, nil
}

// QueueEmail queues e durably (with the audit entry ev, if any, in the
// same transaction) and wakes the worker. It returns the outbox id, for
// EmailStatus. Queueing works whether or not a relay is set up or the
// worker runs: the message waits in the database until it can go. It
// fails as SealEmail does.
func (a *Core) QueueEmail(ctx context.Context, e Email, ev *store.Event) (string, error) {
	it, err := a.SealEmail(ctx, e)
	if err != nil {
		return "", err
	}
	if err := a.DB.Enqueue(ctx, &it, ev); err != nil {
		return "", err
	}
	a.WakeOutbox()
	return it.ID, nil
}

// WakeOutbox asks the running worker, if any, to look at the outbox now.
func (a *Core) WakeOutbox() {
	if w, ok := a.Mail.(interface{ Wake() }); ok {
		w.Wake()
	}
}

// EmailStatus is what is known of a queued email's delivery. It checks no
// actor (its callers do). It fails with NotFound when there is no such
// email in the outbox.
func (a *Core) EmailStatus(ctx context.Context, id string) (store.OutboxStatus, error) {
	s, err := a.DB.OutboxMessage(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return s, ErrNotFound
	}
	return s, err
}

// OpenEmail opens what SealEmail sealed. Its only failure is Internal:
// what does not open.
func (a *Core) OpenEmail(sealed []byte) (mail.Message, error) {
	b, err := a.Keys.OpenFromVault(sealed)
	if err != nil {
		return mail.Message{}, err
	}
	var e sealedEmail
	if err := json.Unmarshal(b, &e); err != nil {
		return mail.Message{}, fmt.Errorf("open email: %w", err)
	}
	return mail.Message{To: e.To, Subject: e.Subject, Text: e.Text}, nil
}

// ErrBadEmail means an email cannot be queued as it is (no valid address,
// an empty or multi-line subject ...); it wraps a short reason.
var ErrBadEmail = fault.New(fault.Invalid, "This email cannot be sent")

var purposeRE = regexp.MustCompile(`^[a-z0-9._-]{0,40}$`)
