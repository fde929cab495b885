package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"confidant/internal/app/core"
	"confidant/internal/app/keys"
	"confidant/internal/app/staff"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/password"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// InitOptions are the choices made when a vault is created.
type InitOptions struct {
	Dir        string
	AdminEmail string
	AdminName  string
	AdminPass  string
	Passphrase string // empty means unattended (key protected by 0600 only)
	KeyType    vault.KeyType
	Params     password.Params
}

// errKeyNotThisDB refuses a key file that belongs to another vault.
var errKeyNotThisDB = fault.New(fault.Conflict, "the vault key does not belong to this database")

// ErrVaultExists is returned when init is pointed at a directory in use.
var ErrVaultExists = fault.New(fault.Conflict, "The directory is not empty; init never touches an existing vault.")

// Init creates a new vault and its first admin, and returns the recovery
// identity, which the caller prints once and never stores. It fails with
// Invalid when the admin's password is not strong enough or the admin's
// email or name is not right (staff.AddUser), Conflict (ErrVaultExists)
// when the directory is not empty, and Internal when the directory, the
// key files or the database cannot be made.
func Init(ctx context.Context, o InitOptions) (recovery string, err error) {
	if err := password.Check(o.AdminPass); err != nil {
		return "", fmt.Errorf("admin password: %w", err)
	}
	if entries, err := os.ReadDir(o.Dir); err == nil && len(entries) > 0 {
		return "", ErrVaultExists
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("read %s: %w", o.Dir, err)
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return "", fmt.Errorf("create data directory: %w", err)
	}
	rec, err := vault.Generate(o.KeyType)
	if err != nil {
		return "", err
	}
	vid, err := vault.Generate(o.KeyType)
	if err != nil {
		return "", err
	}
	if err := vault.WriteRecoveryRecipient(o.Dir, rec.Recipient()); err != nil {
		return "", err
	}
	if err := vault.WriteKeyFile(o.Dir, vid, o.Passphrase); err != nil {
		return "", err
	}
	db, err := store.Open(ctx, filepath.Join(o.Dir, store.DBFile))
	if err != nil {
		return "", err
	}
	defer db.Close()
	for k, v := range map[string]string{
		core.MetaVaultRecipient:    vid.Recipient(),
		core.MetaRecoveryRecipient: rec.Recipient(),
		core.MetaKeyType:           string(vid.Type()),
		core.MetaCreatedAt:         strconv.FormatInt(db.Now().Unix(), 10),
	} {
		if err := db.SetMeta(ctx, k, v, nil); err != nil {
			return "", err
		}
	}
	ring, err := vault.NewKeyring(vid, rec.Recipient())
	if err != nil {
		return "", err
	}
	if err := keys.UseAuditKey(ctx, db, ring); err != nil {
		return "", err
	}
	if err := db.Audit(ctx, store.Event{Type: audit.VaultCreated, ActorID: "cli", Subject: "vault", Detail: "keys=" + string(vid.Type())}); err != nil {
		return "", err
	}
	name := o.AdminName
	if name == "" {
		name = "Administrator"
	}
	if _, err := staff.AddUser(ctx, db, o.Params, o.AdminEmail, name, o.AdminPass, []string{"admin"}, "cli"); err != nil {
		return "", err
	}
	return rec.String(), nil
}

// Open unlocks a vault: reads the key (with the passphrase if sealed),
// opens the database and checks that the two belong together. It fails
// with NotFound (keys.ErrNoVault) when dir holds no vault, Invalid
// (vault.ErrNeedPassphrase) when the key is sealed and no passphrase was
// given, Unauthorized (vault.ErrWrongPassphrase) when the passphrase does
// not open it, Conflict when the key file belongs to another vault's
// database, and Internal when the key file is missing or damaged, a
// rotation cannot be finished or the audit key does not open.
func Open(ctx context.Context, dir, passphrase string) (*App, error) {
	if !keys.HasVault(dir) {
		return nil, keys.ErrNoVault
	}
	db, err := store.Open(ctx, filepath.Join(dir, store.DBFile))
	if err != nil {
		return nil, err
	}
	if err := keys.FinishRotation(ctx, db, dir, passphrase); err != nil {
		db.Close()
		return nil, err
	}
	vid, err := vault.ReadKeyFile(dir, passphrase)
	if err != nil {
		db.Close()
		return nil, err
	}
	want, err := db.GetMeta(ctx, core.MetaVaultRecipient)
	if err != nil {
		db.Close()
		return nil, err
	}
	if want != vid.Recipient() {
		db.Close()
		return nil, errKeyNotThisDB
	}
	rr, err := db.GetMeta(ctx, core.MetaRecoveryRecipient)
	if err != nil {
		db.Close()
		return nil, err
	}
	ring, err := vault.NewKeyring(vid, rr)
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := keys.UseAuditKey(ctx, db, ring); err != nil {
		db.Close()
		return nil, err
	}
	a := New(db, ring)
	a.core.Dir, a.core.Passphrase = dir, passphrase
	if err := a.core.LoadSettings(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}
