package delivery

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/emails"
	"confidant/internal/fault"
	"confidant/internal/mail"
	"confidant/internal/store"
)

// smtpConfig is the relay as the worker needs it, the password opened. It
// checks no actor, so it is unexported: only the outbox's worker (its
// Config) reaches it, never a page. It fails with Conflict
// (mail.ErrNotConfigured) until an admin has saved a relay.
func (a *Service) smtpConfig(ctx context.Context) (mail.Config, error) {
	s, err := a.core.DB.SMTPSettings(ctx)
	if err != nil {
		return mail.Config{}, err
	}
	if s.Host == "" {
		return mail.Config{}, mail.ErrNotConfigured
	}
	c := mail.Config{Host: s.Host, Port: s.Port, Security: mail.Security(s.Security), Username: s.Username, From: s.From, HeloName: s.HeloName}
	if len(s.PasswordEnc) > 0 {
		pw, err := a.core.Keys.OpenFromVault(s.PasswordEnc)
		if err != nil {
			return mail.Config{}, fmt.Errorf("open the relay's password: %w", err)
		}
		c.Password = string(pw)
	}
	return c, nil
}

// SMTPForm is the mail settings page's input, as typed. Password is never
// filled from the store: blank keeps the stored one.
type SMTPForm struct {
	Host, Port, Security, Username, Password, From, HeloName, Version string
}

// Relay is the mail relay as saved, without its password: whether one is
// stored is all that leaves the service.
type Relay struct {
	Host        string // "" until an admin has saved a relay
	Port        int
	Security    mail.Security
	Username    string
	HasPassword bool
	From        string
	HeloName    string
	// Version is what a save must name, so that two admins' saves do not
	// overwrite each other unseen.
	Version   int64
	UpdatedAt time.Time // zero if never saved
}

// Configured reports whether a relay has been saved.
func (r Relay) Configured() bool { return r.Host != "" }

// Form is the settings form filled with the saved values; the password
// is left blank, which keeps the stored one.
func (r Relay) Form() SMTPForm {
	return SMTPForm{Host: r.Host, Port: strconv.Itoa(r.Port), Security: string(r.Security), Username: r.Username,
		From: r.From, HeloName: r.HeloName, Version: strconv.FormatInt(r.Version, 10)}
}

// Relay reads the mail relay's settings (admins only). It fails with
// NotFound when the actor may not change settings.
func (a *Service) Relay(ctx context.Context, actor access.Actor) (Relay, error) {
	if !access.CanChangeSettings(actor) {
		return Relay{}, core.ErrNotFound
	}
	s, err := a.core.DB.SMTPSettings(ctx)
	if err != nil {
		return Relay{}, err
	}
	return Relay{Host: s.Host, Port: s.Port, Security: mail.Security(s.Security), Username: s.Username, HasPassword: len(s.PasswordEnc) > 0,
		From: s.From, HeloName: s.HeloName, Version: s.Version, UpdatedAt: s.UpdatedAt}, nil
}

// SaveSMTPSettings validates and stores the relay's settings, sealing a
// new password to the vault; a blank password keeps the stored one, and a
// blank user name removes both. It fails with NotFound when the actor may
// not change settings, Invalid (with field messages) when a setting is
// wrong, a user name has no password stored or typed, or the form's version
// is missing, and Conflict (core.ErrSettingsChanged) when another
// administrator saved since the form was read.
func (a *Service) SaveSMTPSettings(ctx context.Context, actor access.Actor, f SMTPForm) error {
	if !access.CanChangeSettings(actor) {
		return core.ErrNotFound
	}
	cur, err := a.core.DB.SMTPSettings(ctx)
	if err != nil {
		return err
	}
	f.Host, f.Username, f.From, f.HeloName = strings.TrimSpace(f.Host), strings.TrimSpace(f.Username), strings.TrimSpace(f.From), strings.TrimSpace(f.HeloName)
	c := mail.Config{Host: f.Host, Security: mail.Security(f.Security), Username: f.Username, Password: f.Password, From: f.From, HeloName: f.HeloName}
	if strings.TrimSpace(f.Port) == "" && c.Security.Valid() {
		c.Port = c.Security.DefaultPort()
	} else if c.Port, err = strconv.Atoi(strings.TrimSpace(f.Port)); err != nil {
		c.Port = -1
	}
	keep := f.Password == "" && f.Username != ""
	errs := core.FieldErrors(c.Problems())
	if keep && len(cur.PasswordEnc) == 0 {
		errs["password"] = "Enter the password for this user name."
	}
	version, verr := strconv.ParseInt(f.Version, 10, 64)
	if verr != nil || version < 1 {
		errs["version"] = "The form is out of date; reload the page."
	}
	if len(errs) > 0 {
		return fault.InvalidFields(errs)
	}
	next := store.SMTPSettings{Host: c.Host, Port: c.Port, Security: string(c.Security), Username: c.Username, From: c.From, HeloName: c.HeloName}
	if !keep && c.Username != "" {
		if next.PasswordEnc, err = a.core.Keys.SealToVault([]byte(c.Password)); err != nil {
			return fmt.Errorf("seal the relay's password: %w", err)
		}
	}
	// The audit entry names the fields changed, never their values.
	var changed []string
	for _, x := range []struct {
		name     string
		old, new string
	}{
		{"host", cur.Host, next.Host}, {"port", strconv.Itoa(cur.Port), strconv.Itoa(next.Port)}, {"security", cur.Security, next.Security},
		{"username", cur.Username, next.Username}, {"from", cur.From, next.From}, {"helo_name", cur.HeloName, next.HeloName},
	} {
		if x.old != x.new {
			changed = append(changed, x.name)
		}
	}
	switch {
	case c.Username == "" && len(cur.PasswordEnc) > 0:
		changed = append(changed, "password removed")
	case !keep && c.Username != "":
		changed = append(changed, "password")
	}
	detail := "changed=" + strings.Join(changed, ",")
	_, err = a.core.DB.SaveSMTPSettings(ctx, next, keep, version, store.Event{Type: audit.SMTPChange, ActorID: actor.UserID, Subject: "smtp", Detail: detail})
	if errors.Is(err, store.ErrSettingsChanged) {
		return core.ErrSettingsChanged
	}
	if err != nil {
		return err
	}
	// Messages waiting for a relay can go now.
	a.core.WakeOutbox()
	return nil
}

// SendTestEmail queues a neutral test message to the address an admin
// typed, and returns its outbox id. It fails with NotFound when the actor
// may not change settings, Invalid (with a message on the "test_to" field)
// when to is not one email address, and Conflict (with a message on the
// "test_to" field) when no relay has been saved yet.
func (a *Service) SendTestEmail(ctx context.Context, actor access.Actor, to string) (string, error) {
	if !access.CanChangeSettings(actor) {
		return "", core.ErrNotFound
	}
	addr, err := mail.ParseAddress(to)
	if err != nil {
		return "", fault.InvalidFields(core.FieldErrors{"test_to": "Enter one email address, like name@example.org."})
	}
	if s, err := a.core.DB.SMTPSettings(ctx); err != nil {
		return "", err
	} else if s.Host == "" {
		// Not what was typed: the step is not possible yet.
		return "", &fault.Error{Code: fault.Conflict, Fields: core.FieldErrors{"test_to": "Save the relay's settings first."}}
	}
	m := emails.RelayTest()
	e := core.Email{To: addr, Subject: m.Subject, Text: m.Text, Purpose: "smtp.test"}
	it, err := a.core.SealEmail(ctx, e)
	if err != nil {
		return "", err
	}
	if err := a.core.DB.Enqueue(ctx, &it, &store.Event{Type: audit.SMTPTest, ActorID: actor.UserID, Subject: it.ID}); err != nil {
		return "", err
	}
	a.core.WakeOutbox()
	return it.ID, nil
}

// OutboxSummary is the state of the outbox: counts by state, the last
// delivery, and the newest messages not yet sent (purposes and ids only:
// nothing personal).
type OutboxSummary struct {
	Pending, Sending, Sent, Failed int
	LastSent                       time.Time // zero if nothing was ever sent
	Recent                         []OutboxMessage
}

// OutboxMessage is one queued message's delivery state.
type OutboxMessage struct {
	ID, MessageID, Purpose, Ref, Status string
	Attempts                            int
	LastError                           string // the class of the last failure ("temporary: 421")
	CreatedAt, NextAt                   time.Time
	SentAt                              time.Time // zero until sent
}

// OutboxSummary reads the state of the outbox (admins only). It fails with
// NotFound when the actor may not change settings.
func (a *Service) OutboxSummary(ctx context.Context, actor access.Actor) (OutboxSummary, error) {
	if !access.CanChangeSettings(actor) {
		return OutboxSummary{}, core.ErrNotFound
	}
	sum, err := a.core.DB.OutboxSummary(ctx)
	out := OutboxSummary{Pending: sum.Pending, Sending: sum.Sending, Sent: sum.Sent, Failed: sum.Failed, LastSent: sum.LastSent}
	for _, m := range sum.Recent {
		out.Recent = append(out.Recent, OutboxMessage(m))
	}
	return out, err
}
