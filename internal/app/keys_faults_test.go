package app_test

import (
	"context"
	"testing"

	"confidant/internal/app/keys"
	"confidant/internal/fault"
	"confidant/internal/vault"
)

// The command line's passphrase change refuses a key file that belongs to
// another vault as a Conflict a person can read, not as a fault of ours,
// and leaves the key file as it was.
func TestChangePassphraseRefusesAnotherVaultsKeyAsAConflict(t *testing.T) {
	dir := withAnotherVaultsKey(t)
	err := keys.ChangePassphrase(context.Background(), dir, "", "a long enough passphrase for this")
	if fault.CodeOf(err) != fault.Conflict {
		t.Fatalf("another vault's key: %q %v", fault.CodeOf(err), err)
	}
	if _, err := vault.ReadKeyFile(dir, ""); err != nil {
		t.Fatalf("the key file was changed: %v", err)
	}
}
