package keys

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// NewKeyFile is where a rotation writes the next vault key before the
// database switches to it. See finishRotation for how a crash is resolved.
const NewKeyFile = vault.KeyFile + ".new"

// RotateOptions choose how the new vault key is protected.
type RotateOptions struct {
	Dir string
	// With is the identity that can unwrap client keys today: the current
	// vault identity (rotate) or the recovery identity (recover).
	With *vault.Identity
	// Passphrase seals the new key; empty means unattended (0600).
	Passphrase string
	Event      string
	// Next is the new vault identity; nil makes one. A rotation while
	// serving makes it first, so that the running keyring can accept it.
	Next *vault.Identity
	// ActorID is who rotated, for the audit log ("cli" when empty).
	ActorID string
}

// Rotate makes a new vault identity and re-wraps every client identity (and
// every value sealed to the vault) under it, without re-encrypting notes.
//
// The order makes it crash-safe: (1) the new key is written to
// vault.key.new and fsynced; (2) one database transaction re-wraps
// everything and records the new vault recipient; (3) vault.key.new is
// renamed over vault.key. A crash before (2) commits leaves the old key
// and the old wraps; a crash between (2) and (3) is finished at the next
// open, which finds that vault.key.new matches the database.
//
// It checks no actor: the command line and RotateVaultKey call it. It
// fails with NotFound (ErrNoVault) when o.Dir holds no vault database, and
// Unauthorized when o.With does not open the vault's audit key or client
// keys; nothing is changed then.
func Rotate(ctx context.Context, o RotateOptions) (int, error) {
	if _, err := OpenDBOnly(ctx, o.Dir); err != nil {
		return 0, err
	}
	db, err := store.Open(ctx, filepath.Join(o.Dir, store.DBFile))
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if err := FinishRotation(ctx, db, o.Dir, o.Passphrase); err != nil {
		return 0, err
	}
	rec, err := db.GetMeta(ctx, core.MetaRecoveryRecipient)
	if err != nil {
		return 0, err
	}
	kt, _ := db.GetMeta(ctx, core.MetaKeyType)
	next := o.Next
	if next == nil {
		if next, err = vault.Generate(vault.KeyType(kt)); err != nil {
			return 0, err
		}
	}
	actor := o.ActorID
	if actor == "" {
		actor = "cli"
	}
	meta, err := rebindAuditKey(ctx, db, o.With, next)
	if errors.Is(err, errAuditKeyDamaged) {
		return 0, fault.New(fault.Unauthorized, "the key given does not open this vault's audit key; nothing was changed")
	} else if err != nil {
		return 0, err
	}
	_ = os.Remove(filepath.Join(o.Dir, NewKeyFile))
	if err := vault.WriteKeyFileAs(o.Dir, NewKeyFile, next, o.Passphrase); err != nil {
		return 0, err
	}
	rewrap := func(w []byte) ([]byte, error) { return vault.Rewrap(w, o.With, next.Recipient(), rec) }
	reseal := func(c []byte) ([]byte, error) {
		pt, err := o.With.Decrypt(c)
		if err != nil {
			return nil, err
		}
		return vault.Encrypt(pt, next.Recipient(), rec)
	}
	n, err := db.RewrapAll(ctx, rewrap, reseal, next.Recipient(), meta, store.Event{Type: o.Event, ActorID: actor, Subject: "vault", Detail: "keys=" + kt})
	if err != nil {
		os.Remove(filepath.Join(o.Dir, NewKeyFile))
		if errors.Is(err, vault.ErrDecrypt) {
			return 0, fault.New(fault.Unauthorized, "the key given does not open this vault's client keys; nothing was changed")
		}
		return 0, err
	}
	// A TOTP secret halfway through enrolment is not worth re-sealing:
	// dropping it makes the enrolment page show a fresh one.
	_ = db.ClearPendingTOTP(ctx)
	if err := vault.PromoteKeyFile(o.Dir, NewKeyFile); err != nil {
		return n, fmt.Errorf("the database now uses the new key but it could not be put in place (%w); the next start finishes the job", err)
	}
	return n, nil
}

// FinishRotation resolves a rotation that a crash interrupted. The
// database is the source of truth: if it already names the key in
// vault.key.new, that file is promoted to vault.key; otherwise the file is
// left over from a rotation that never committed, and is removed. A file
// that does not open with passphrase is left alone, and is no failure. It
// has no failure of its own.
func FinishRotation(ctx context.Context, db *store.DB, dir, passphrase string) error {
	if _, err := os.Stat(filepath.Join(dir, NewKeyFile)); err != nil {
		return nil
	}
	want, err := db.GetMeta(ctx, core.MetaVaultRecipient)
	if err != nil {
		return err
	}
	next, err := vault.ReadKeyFileAs(dir, NewKeyFile, passphrase)
	if err != nil {
		return nil // unreadable with this passphrase: leave it for a person to look at
	}
	if next.Recipient() == want {
		return vault.PromoteKeyFile(dir, NewKeyFile)
	}
	return os.Remove(filepath.Join(dir, NewKeyFile))
}

// rebindAuditKey opens the audit key with the identity a rotation unwraps
// with, so that the rotation's own entry has a MAC, and returns the
// binding to the next vault key for the rotation to store. A key that was
// not bound to the current vault key keeps its old binding, so that
// verification goes on reporting it; a recovery cannot check the binding
// and trusts the sealed key.
func rebindAuditKey(ctx context.Context, db *store.DB, with, next *vault.Identity) (map[string]string, error) {
	cur, err := db.GetMeta(ctx, core.MetaVaultRecipient)
	if err != nil {
		return nil, err
	}
	key, refused, err := loadAuditKey(ctx, db, with, with.Recipient() == cur)
	if err != nil || key == nil {
		return nil, err // no key yet: the next open makes one
	}
	db.SetAuditKey(key, refused)
	if refused != "" {
		return nil, nil
	}
	return map[string]string{store.MetaAuditKeyBind: audit.Bind(next.DeriveKey(bindPurpose), key)}, nil
}
