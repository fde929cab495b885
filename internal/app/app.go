// Package app is Confidant's application layer: it joins the store, the
// vault and the domain rules into the operations that the web handlers and
// the command line call (sign in, add a client, write a note, read a case
// file). Personal data is encrypted here before it reaches the store and
// decrypted here after it leaves it, so neither the store nor the web layer
// ever handles keys.
//
// The operations are the services' (App.Clients, App.Requests ...), each
// documented in its own package. App's own exported functions end their
// comments with the fault codes they return and when; any that reads or
// writes the database may also fail with Unavailable when it is busy, Full
// when the disk is full or read-only, and Internal for a fault of ours
// (a database or encryption failure), which are not listed each time.
package app

import (
	"confidant/internal/app/admin"
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
	"confidant/internal/app/delivery"
	"confidant/internal/app/disclosure"
	"confidant/internal/app/keys"
	"confidant/internal/app/portal"
	"confidant/internal/app/requests"
	"confidant/internal/app/sessions"
	"confidant/internal/app/staff"
	"confidant/internal/password"
	"confidant/internal/store"
	"confidant/internal/vault"
	"context"
	"time"
)

// App is the running application: the services the web handlers and the
// command line call, over one shared core.
type App struct {
	core *core.Core

	Staff      *staff.Service
	Sessions   *sessions.Service
	Admin      *admin.Service
	Vault      *keys.Service
	Delivery   *delivery.Service
	Clients    *clients.Service
	Requests   *requests.Service
	Disclosure *disclosure.Service
	Portal     *portal.Service
}

// New makes an App with the default settings; Open loads the stored ones.
func New(db *store.DB, ring *vault.Keyring) *App {
	c := core.New(db, ring)
	a := &App{core: c, Staff: staff.New(c), Sessions: sessions.New(c), Admin: admin.New(c), Vault: keys.New(c), Delivery: delivery.New(c)}
	a.Clients = clients.New(c)
	a.Requests = requests.New(c, a.Clients)
	a.Disclosure = disclosure.New(c, a.Requests, a.Clients)
	a.Portal = portal.New(c, a.Clients, a.Disclosure)
	return a
}

// Close closes the database. Its only failure is Internal.
func (a *App) Close() error { return a.core.DB.Close() }

// Store is the database handle, for the command line's maintenance
// commands (audit verification, doctor) and for tests that look at what was
// stored. The web layer never calls it: internal/arch checks that.
func (a *App) Store() *store.DB { return a.core.DB }

// Settings are the settings in force.
func (a *App) Settings() core.Settings { return a.core.Settings() }

// SetSettings puts settings in force without saving them (tests; admins
// save through Admin.SaveSettings).
func (a *App) SetSettings(s core.Settings) { a.core.SetSettings(s) }

// Identity is the service's name and address as letters and emails show
// it. It cannot fail: what cannot be read is shown empty or as the default.
func (a *App) Identity(ctx context.Context) core.Identity { return a.core.Identity(ctx) }

// ProviderName is the service's name.
func (a *App) ProviderName(ctx context.Context) string { return a.core.ProviderName(ctx) }

// UserName reads and decrypts a staff member's display name; "" for no
// such user, or when it cannot be read. It cannot fail.
func (a *App) UserName(ctx context.Context, userID string) string {
	u, err := a.core.DB.UserByID(ctx, userID)
	if err != nil {
		return ""
	}
	return a.core.UserName(u)
}

// VaultRecipient is the vault's public key, shown to admins.
func (a *App) VaultRecipient() string { return a.core.Keys.VaultRecipient() }

// BaseURL is the public address links in emails are built from.
func (a *App) BaseURL() string { return a.core.BaseURL }

// SetBaseURL sets the public address (serve does, once, from its flags;
// never from a request's Host header).
func (a *App) SetBaseURL(u string) { a.core.BaseURL = u }

// SetMailer sets the running outbox that queued email wakes.
func (a *App) SetMailer(m core.Mailer) { a.core.Mail = m }

// Now is the application's clock.
func (a *App) Now() time.Time { return a.core.Now() }

// SetClock replaces the clock (tests).
func (a *App) SetClock(now func() time.Time) { a.core.Now = now }

// SetPasswordParams sets the argon2id cost of new password hashes (tests
// make it cheap).
func (a *App) SetPasswordParams(p password.Params) { a.core.Params = p }

// PasswordHashes is how many password hashes have been computed.
func (a *App) PasswordHashes() int64 { return a.core.PasswordHashes() }

// RetryAfter is how long a caller refused as busy should wait.
func (a *App) RetryAfter() time.Duration { return a.core.RetryAfter() }

// PruneAttempts forgets failed guesses older than the window.
func (a *App) PruneAttempts() { a.core.PruneAttempts() }

// LimitHashing resizes the password-hashing gate.
func (a *App) LimitHashing(n int, wait time.Duration) { a.core.LimitHashing(n, wait) }

// Writing holds off a vault key rotation until release is called: every
// state-changing request takes it, because a request may seal data to the
// vault key (the rotation itself takes the gate alone, inside
// Vault.RotateVaultKey).
func (a *App) Writing() (release func()) { return a.core.Writing() }
