package app_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"confidant/internal/app/apptest"
	"confidant/internal/app/keys"
	"confidant/internal/fault"
	"confidant/internal/vault"
)

// The command line's passphrase change refuses a key file that belongs to
// another vault as a Conflict a person can read, not as a fault of ours,
// and leaves the key file as it was.
func TestChangePassphraseRefusesAnotherVaultsKeyAsAConflict(t *testing.T) {
	dir := apptest.Init(t, vault.Classic)
	other := apptest.Init(t, vault.Classic)
	foreign, err := os.ReadFile(filepath.Join(other, vault.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, vault.KeyFile), foreign, 0o600); err != nil {
		t.Fatal(err)
	}
	err = keys.ChangePassphrase(context.Background(), dir, "", "a long enough passphrase for this")
	if fault.CodeOf(err) != fault.Conflict {
		t.Fatalf("another vault's key: %q %v", fault.CodeOf(err), err)
	}
	if _, err := vault.ReadKeyFile(dir, ""); err != nil {
		t.Fatalf("the key file was changed: %v", err)
	}
}
