// Package apptest is the one test harness of the application: a real vault
// (age keys, a real SQLite file in the test's temporary directory) opened
// as a running App, with argon2id made cheap so tests stay fast. The app,
// web and command-line tests all build on it; nothing in it is a mock.
package apptest

import (
	"context"
	"path/filepath"
	"testing"

	"confidant/internal/app"
	"confidant/internal/app/core"
	"confidant/internal/app/staff"
	"confidant/internal/password"
	"confidant/internal/vault"
)

// FastParams keeps argon2id cheap in tests; production uses
// password.Default.
var FastParams = password.Params{Memory: 1024, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

// Password is every test account's password (long enough for the rules).
const Password = "plum kettle orbit seven"

// AdminEmail is the administrator Init creates.
const AdminEmail = "admin@example.org"

// Init makes a new, unattended vault in a fresh temporary directory and
// returns the directory.
func Init(tb testing.TB, kt vault.KeyType) string {
	tb.Helper()
	dir, _ := InitWith(tb, kt, "")
	return dir
}

// InitWith makes a new vault sealed with passphrase ("" for unattended) in
// a fresh temporary directory, and returns the directory and the recovery
// identity that init prints once.
func InitWith(tb testing.TB, kt vault.KeyType, passphrase string) (dir, recovery string) {
	tb.Helper()
	dir = filepath.Join(tb.TempDir(), "data")
	recovery, err := app.Init(context.Background(), app.InitOptions{Dir: dir, AdminEmail: AdminEmail, AdminPass: Password, Passphrase: passphrase, KeyType: kt, Params: FastParams})
	if err != nil {
		tb.Fatal(err)
	}
	return dir, recovery
}

// Open opens the vault in dir as a running App with cheap password hashing,
// closed when the test ends.
func Open(tb testing.TB, dir, passphrase string) *app.App {
	tb.Helper()
	a, err := app.Open(context.Background(), dir, passphrase)
	if err != nil {
		tb.Fatal(err)
	}
	a.SetPasswordParams(FastParams)
	tb.Cleanup(func() { a.Close() })
	return a
}

// New is Init then Open with classic keys: a running App on a new vault.
func New(tb testing.TB) (*app.App, string) {
	tb.Helper()
	dir := Init(tb, vault.Classic)
	return Open(tb, dir, ""), dir
}

// AddUser adds a staff account with the test password, as the command line
// does.
func AddUser(tb testing.TB, a *app.App, email, name string, roles ...string) core.StaffUser {
	tb.Helper()
	u, err := staff.AddUser(context.Background(), a.Store(), FastParams, email, name, Password, roles, "test")
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// Staff is the staff account with email as the application hands it out
// (core.StaffUser), read now from the store; a missing account fails the
// test.
func Staff(tb testing.TB, a *app.App, email string) core.StaffUser {
	tb.Helper()
	u, err := a.Store().UserByEmail(context.Background(), email)
	if err != nil {
		tb.Fatalf("staff account %s: %v", email, err)
	}
	return core.StaffUserOf(u)
}

// Keyring reads the vault key from dir (unattended) and the recovery
// recipient from the database, independently of the running App: tests use
// it to check what was stored, the way an auditor with the key would.
func Keyring(tb testing.TB, a *app.App, dir string) *vault.Keyring {
	tb.Helper()
	id, err := vault.ReadKeyFile(dir, "")
	if err != nil {
		tb.Fatal(err)
	}
	rr, err := a.Store().GetMeta(context.Background(), core.MetaRecoveryRecipient)
	if err != nil {
		tb.Fatal(err)
	}
	k, err := vault.NewKeyring(id, rr)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}
