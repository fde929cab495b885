package app_test

import (
	"context"
	"encoding/base64"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/app/keys"
	"confidant/internal/store"
	"confidant/internal/vault"

	"github.com/pquerna/otp/totp"
)

func TestRotationWhileServingKeepsPagesReadable(t *testing.T) {
	ctx := context.Background()
	dir, _, actor, id := newVault(t, "")
	a := apptest.Open(t, dir, "")
	for i := 0; i < 20; i++ {
		if _, err := a.Clients.CreateClient(ctx, actor, "Reader Client", ""); err != nil {
			t.Fatal(err)
		}
	}
	admin := apptest.Staff(t, a, apptest.AdminEmail)
	if _, err := a.Vault.RotateVaultKey(ctx, admin, "wrong password"); !errors.Is(err, core.ErrBadCredentials) {
		t.Fatalf("rotation with a wrong password: %v", err)
	}

	var failures atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				c, _, err := a.Clients.Client(ctx, actor, id)
				ns, _, nerr := a.Clients.Notes(ctx, actor, id, 20, 0)
				if err != nil || nerr != nil || c.Name != "Rowan Example" || len(ns) != 1 || ns[0].Body != "kept note" {
					failures.Add(1)
				}
				cs, err := a.Clients.ListClients(ctx, actor, "")
				for _, c := range cs {
					if c.Name == "" { // not decrypted
						failures.Add(1)
					}
				}
				if err != nil {
					failures.Add(1)
				}
			}
		}()
	}
	old := a.Core().Keys.VaultRecipient()
	n, err := a.Vault.RotateVaultKey(ctx, admin, apptest.Password)
	close(stop)
	wg.Wait()
	if err != nil || n != 21 {
		t.Fatalf("rotate: %d %v", n, err)
	}
	if f := failures.Load(); f != 0 {
		t.Fatalf("%d reads failed during the rotation", f)
	}
	if a.Core().Keys.VaultRecipient() == old {
		t.Fatal("the running keyring kept the old key")
	}
	onDisk, err := vault.ReadKeyFile(dir, "")
	if err != nil || onDisk.Recipient() != a.Core().Keys.VaultRecipient() {
		t.Fatalf("the key file does not match the running keyring (%v)", err)
	}
	readNote(t, dir, "", actor, id)
}

func TestVaultPassphraseChangeIsCheapAndKeepsTheKey(t *testing.T) {
	ctx := context.Background()
	dir, _, actor, id := newVault(t, "the first passphrase")
	a := apptest.Open(t, dir, "the first passphrase")
	before := a.Core().Keys.VaultRecipient()
	admin := apptest.Staff(t, a, apptest.AdminEmail)
	var fe core.FieldErrors
	if err := a.Vault.ChangeVaultPassphrase(ctx, admin, apptest.Password, "short", "short"); !asFields(err, &fe) || fe["passphrase"] == "" {
		t.Fatalf("short passphrase: %v", err)
	}
	if err := a.Vault.ChangeVaultPassphrase(ctx, admin, apptest.Password, "the second passphrase", "the second passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := vault.ReadKeyFile(dir, "the first passphrase"); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("the old passphrase still opens the key: %v", err)
	}
	id2, err := vault.ReadKeyFile(dir, "the second passphrase")
	if err != nil || id2.Recipient() != before {
		t.Fatalf("the key changed or does not open: %v", err)
	}
	readNote(t, dir, "the second passphrase", actor, id)

	// The command line's version, with the server stopped: to unattended.
	if err := keys.ChangePassphrase(ctx, dir, "the second passphrase", ""); err != nil {
		t.Fatal(err)
	}
	if sealed, _ := vault.SealedKeyFile(dir); sealed {
		t.Fatal("still sealed after changing to unattended")
	}
	readNote(t, dir, "", actor, id)
}

// Everything sealed to the vault key anywhere in the database (client
// keys, staff names, TOTP secrets, and whatever later work adds) must open
// with the new key after a rotation: otherwise it is lost once the old key
// is gone. The scan is generic, so it also catches a new sealed column that
// rotation forgot.
func TestRotationResealsEverythingSealedToTheVault(t *testing.T) {
	ctx := context.Background()
	dir, _, actor, _ := newVault(t, "")
	a := apptest.Open(t, dir, "")
	u := apptest.Staff(t, a, "c@example.org")
	en, err := a.Staff.BeginTOTP(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Staff.ConfirmTOTP(ctx, u, mustCode(t, en.Secret, a.Now()), ""); err != nil {
		t.Fatal(err)
	}
	admin := apptest.Staff(t, a, apptest.AdminEmail)
	if _, err := a.Staff.BeginTOTP(ctx, admin); err != nil { // left pending
		t.Fatal(err)
	}
	if _, err := a.Clients.CreateClient(ctx, actor, "Second Client", "contact"); err != nil {
		t.Fatal(err)
	}
	old := a.Core().Keys.Vault()
	sealedBefore := 0
	for _, b := range sealedValues(t, dir) {
		if _, err := old.Decrypt(b); err == nil {
			sealedBefore++
		}
	}
	if sealedBefore < 5 {
		t.Fatalf("only %d values sealed to the vault before rotating", sealedBefore)
	}
	if _, err := a.Vault.RotateVaultKey(ctx, admin, apptest.Password); err != nil {
		t.Fatal(err)
	}
	next, _ := vault.ReadKeyFile(dir, "")
	for _, b := range sealedValues(t, dir) {
		if _, err := old.Decrypt(b); err != nil {
			continue
		}
		if _, err := next.Decrypt(b); err != nil {
			t.Errorf("a value sealed to the old vault key was not re-sealed: %.40q…", b)
		}
	}
	if _, err := a.Staff.CheckSecondFactor(ctx, u, mustCode(t, en.Secret, a.Now().Add(30*time.Second))); err != nil {
		t.Fatalf("TOTP after rotation: %v", err)
	}
}

// sealedValues is every BLOB in the database plus every meta value that is
// base64 of age ciphertext.
func sealedValues(t *testing.T, dir string) [][]byte {
	t.Helper()
	out := allBlobs(t, dir)
	db, err := store.Open(context.Background(), filepath.Join(dir, store.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, k := range []string{"portal_pepper_sealed"} {
		if v, _ := db.GetMeta(context.Background(), k); v != "" {
			if b, err := base64.StdEncoding.DecodeString(v); err == nil {
				out = append(out, b)
			}
		}
	}
	return out
}

func mustCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
