package keys

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"

	"confidant/internal/audit"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// The audit key is a random 32-byte key for the audit log's MACs. It is
// made once per vault and never changes, so that checkpoints stay
// verifiable for the vault's whole life:
//
//   - sealed to the vault and recovery recipients in meta (audit_key_sealed),
//     so a rotation reseals it like every other vault-wide secret, a
//     recovery opens it with the recovery identity, and a backup carries it
//     inside the database;
//   - bound to the vault key in meta (audit_key_bind, see audit.Bind), since
//     sealing alone proves nothing: anyone may encrypt to a public
//     recipient. A rotation or recovery rewrites the binding under the new
//     vault key in the same transaction.

// bindPurpose names the secret derived from the vault identity for the
// binding.
const bindPurpose = "audit key binding"

// errAuditKeyDamaged: the sealed audit key does not open with the vault key.
var errAuditKeyDamaged = errors.New("the audit key in the database does not open with the vault key: the database was tampered with, or belongs to another vault")

// loadAuditKey opens the vault's audit key with id (the vault identity, or
// the recovery identity during a recovery). It returns nil when the vault
// has no audit key yet, and why the key is not to be trusted ("" when it is
// bound to id; a recovery identity cannot check the binding and trusts the
// sealed key).
func loadAuditKey(ctx context.Context, db *store.DB, id *vault.Identity, isVault bool) (key []byte, refused string, err error) {
	sealed, err := db.GetMeta(ctx, store.MetaAuditKeySealed)
	if err != nil || sealed == "" {
		return nil, "", err
	}
	ct, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil {
		return nil, "", errAuditKeyDamaged
	}
	key, err = id.Decrypt(ct)
	if err != nil || len(key) != audit.KeySize {
		return nil, "", errAuditKeyDamaged
	}
	if !isVault {
		return key, "", nil
	}
	bind, err := db.GetMeta(ctx, store.MetaAuditKeyBind)
	if err != nil {
		return nil, "", err
	}
	if !audit.ValidBind(id.DeriveKey(bindPurpose), key, bind) {
		return key, "the audit key was not made with this vault's key: someone who could write the database replaced it, so no MAC in the log can be trusted", nil
	}
	return key, "", nil
}

// UseAuditKey gives db the vault's audit key, making one (and keying an
// older log) when the vault has none yet. It fails with Internal when the
// sealed audit key does not open with the vault key (a database tampered
// with, or another vault's).
func UseAuditKey(ctx context.Context, db *store.DB, keys *vault.Keyring) error {
	for range 2 {
		key, refused, err := loadAuditKey(ctx, db, keys.Vault(), true)
		if err != nil {
			return err
		}
		if key != nil {
			db.SetAuditKey(key, refused)
			return db.SealPendingAudit(ctx)
		}
		key = make([]byte, audit.KeySize)
		if _, err := rand.Read(key); err != nil {
			return err
		}
		ct, err := keys.SealToVault(key)
		if err != nil {
			return fmt.Errorf("seal audit key: %w", err)
		}
		ok, err := db.InstallAuditKey(ctx, key, base64.StdEncoding.EncodeToString(ct), audit.Bind(keys.Vault().DeriveKey(bindPurpose), key))
		if err != nil || ok {
			return err
		}
		// Another process installed one first: use theirs.
	}
	return errors.New("could not install the audit key")
}
