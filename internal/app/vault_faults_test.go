package app_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/fault"
	"confidant/internal/vault"
)

// withAnotherVaultsKey is a vault whose key file was replaced by another
// vault's.
func withAnotherVaultsKey(t *testing.T) string {
	t.Helper()
	dir := apptest.Init(t, vault.Classic)
	foreign, err := os.ReadFile(filepath.Join(apptest.Init(t, vault.Classic), vault.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, vault.KeyFile), foreign, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Opening a vault with another vault's key file is a Conflict the operator
// can read, not a fault of ours.
func TestOpenRefusesAnotherVaultsKeyAsAConflict(t *testing.T) {
	dir := withAnotherVaultsKey(t)
	a, err := app.Open(context.Background(), dir, "")
	if err == nil {
		a.Close()
	}
	if fault.CodeOf(err) != fault.Conflict {
		t.Fatalf("another vault's key: %q %v", fault.CodeOf(err), err)
	}
}

// An admin password that is not strong enough is Invalid: the operator can
// choose another, and nothing is created.
func TestInitRefusesAWeakAdminPasswordAsInvalid(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	_, err := app.Init(context.Background(), app.InitOptions{Dir: dir, AdminEmail: apptest.AdminEmail, AdminPass: "short", KeyType: vault.Classic, Params: apptest.FastParams})
	if fault.CodeOf(err) != fault.Invalid {
		t.Fatalf("weak admin password: %q %v", fault.CodeOf(err), err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("a refused init made the directory: %v", err)
	}
}
