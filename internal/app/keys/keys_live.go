package keys

import (
	"context"
	"errors"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/password"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// ErrNoKeyDir means the app was not opened from a data directory (tests
// that build an App by hand), so there is no key file to rotate.
var ErrNoKeyDir = fault.New(fault.Conflict, "This server was not started from a data directory; rotate with the command line.")

// ErrUnattended: the web form changes a passphrase but does not add one to
// a vault that starts unattended (the next start would then need it).
var ErrUnattended = fault.New(fault.Conflict, "This vault starts unattended (no passphrase); add one with confidant keys passphrase while the server is stopped.")

// RotateVaultKey is key rotation while serving, for an admin who has just
// re-entered their password. It runs the same crash-safe Rotate as the
// command line, and swaps the running keyring around it: the new key is
// accepted for opening before the database switches to it, and the old
// one is dropped only after, so pages keep working throughout. The caller
// must hold off other writes (the web layer does) so that nothing is
// sealed to the old key while the database switches. It fails with
// NotFound when u may not manage keys, Unauthorized (core.ErrBadCredentials)
// when the password is not right, Throttled after too many wrong passwords
// (the step-up's limiter), Conflict (ErrNoKeyDir) when the server was not
// started from a data directory, and otherwise as Rotate does.
func (a *Service) RotateVaultKey(ctx context.Context, u core.StaffUser, pw string) (int, error) {
	if !access.CanManageKeys(core.Actor(u)) {
		return 0, core.ErrNotFound
	}
	if err := a.core.StepUp(ctx, u, pw); err != nil {
		return 0, err
	}
	a.core.KeyOps.Lock()
	defer a.core.KeyOps.Unlock()
	if a.core.Dir == "" {
		return 0, ErrNoKeyDir
	}
	// No write may seal to the old key while it is replaced.
	defer a.core.Rotating()()
	old := a.core.Keys.Vault()
	next, err := vault.Generate(old.Type())
	if err != nil {
		return 0, err
	}
	a.core.Keys.ReplaceVault(next)
	n, err := Rotate(ctx, RotateOptions{Dir: a.core.Dir, With: old, Next: next, Passphrase: a.core.Passphrase, Event: "key.rotate", ActorID: u.ID})
	if err != nil {
		// The database decides: if it already names the new key (the
		// file rename failed after the commit), keep the new key.
		if want, gerr := a.core.DB.GetMeta(ctx, core.MetaVaultRecipient); gerr == nil && want == next.Recipient() {
			a.retireLater(old)
			return n, err
		}
		a.core.Keys.ReplaceVault(old)
		a.core.Keys.DropPrevious(next)
		return 0, err
	}
	a.retireLater(old)
	return n, nil
}

// rotationGrace is how long the retired vault key is still accepted for
// opening after a rotation commits: a request that read a client's key
// wrapped to the old one just before the commit can still finish.
// Requests time out well within it.
const rotationGrace = 2 * time.Minute

func (a *Service) retireLater(old *vault.Identity) {
	time.AfterFunc(rotationGrace, func() { a.core.Keys.DropPrevious(old) })
}

// ChangeVaultPassphrase re-seals the vault key under a new passphrase: a
// cheap operation (the key itself does not change, nothing is re-wrapped).
// The key file is replaced atomically. It fails with NotFound when u may
// not manage keys, Invalid (with field messages) when the password is not
// right, the new passphrase breaks the password policy or the two typed
// differ, Throttled after too many wrong passwords (the step-up's limiter),
// and Conflict when the server was not started from a data directory
// (ErrNoKeyDir) or the vault starts unattended (ErrUnattended).
func (a *Service) ChangeVaultPassphrase(ctx context.Context, u core.StaffUser, pw, next, confirm string) error {
	if !access.CanManageKeys(core.Actor(u)) {
		return core.ErrNotFound
	}
	if err := a.core.StepUp(ctx, u, pw); errors.Is(err, core.ErrBadCredentials) {
		return fault.InvalidFields(core.FieldErrors{"password": "Your password is not right."})
	} else if err != nil {
		return err
	}
	if err := password.Check(next); err != nil {
		return fault.InvalidFields(core.FieldErrors{"passphrase": "The passphrase: " + core.PasswordMessage(err)})
	}
	if next != confirm {
		return fault.InvalidFields(core.FieldErrors{"passphrase_confirm": "The two passphrases are not the same."})
	}
	a.core.KeyOps.Lock()
	defer a.core.KeyOps.Unlock()
	if a.core.Dir == "" {
		return ErrNoKeyDir
	}
	if a.core.Passphrase == "" {
		return ErrUnattended
	}
	if err := vault.ReplaceKeyFile(a.core.Dir, a.core.Keys.Vault(), next); err != nil {
		return err
	}
	a.core.Passphrase = next
	return a.core.DB.Audit(ctx, store.Event{Type: audit.KeyPassphrase, ActorID: u.ID, Subject: "vault"})
}

// VaultSealed reports whether the running vault's key is sealed with a
// passphrase (false for an unattended vault).
func (a *Service) VaultSealed() bool {
	a.core.KeyOps.Lock()
	defer a.core.KeyOps.Unlock()
	return a.core.Passphrase != ""
}

// errKeyNotThisVault: the key file beside the database is another vault's.
var errKeyNotThisVault = fault.New(fault.Conflict, "the vault key does not belong to this database; nothing was changed")

// ChangePassphrase is the command line's passphrase change, with the
// server stopped: current opens the key file ("" for an unattended one),
// next seals it ("" makes it unattended, 0600). It checks no actor: it is
// for whoever runs the command on the server. It fails with NotFound
// (ErrNoVault) when dir holds no vault, Invalid (vault.ErrNeedPassphrase)
// when the key is sealed and current is empty, Unauthorized
// (vault.ErrWrongPassphrase) when current does not open it, and Conflict
// when the key file is another vault's.
func ChangePassphrase(ctx context.Context, dir, current, next string) error {
	db, err := OpenDB(ctx, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := FinishRotation(ctx, db, dir, current); err != nil {
		return err
	}
	id, err := vault.ReadKeyFile(dir, current)
	if err != nil {
		return err
	}
	want, err := db.GetMeta(ctx, core.MetaVaultRecipient)
	if err != nil {
		return err
	}
	if want != id.Recipient() {
		return errKeyNotThisVault
	}
	key, refused, err := loadAuditKey(ctx, db, id, true)
	if err != nil {
		return err
	}
	if key != nil {
		db.SetAuditKey(key, refused)
	}
	if err := vault.ReplaceKeyFile(dir, id, next); err != nil {
		return err
	}
	detail := "sealed"
	if next == "" {
		detail = "unattended"
	}
	return db.Audit(ctx, store.Event{Type: audit.KeyPassphrase, ActorID: "cli", Subject: "vault", Detail: detail})
}
