package keys

import (
	"context"
	"os"
	"path/filepath"

	"confidant/internal/fault"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// ErrNoVault is returned when a command is pointed at a directory without one.
var ErrNoVault = fault.New(fault.NotFound, "No vault in this directory (run confidant init first).")

// HasVault reports whether dir holds a vault.
func HasVault(dir string) bool {
	_, err1 := os.Stat(filepath.Join(dir, vault.KeyFile))
	_, err2 := os.Stat(filepath.Join(dir, store.DBFile))
	return err1 == nil && err2 == nil
}

// OpenDB opens a vault's database without its key (user add, audit verify).
// It fails with NotFound (ErrNoVault) when dir holds no vault.
func OpenDB(ctx context.Context, dir string) (*store.DB, error) {
	if !HasVault(dir) {
		return nil, ErrNoVault
	}
	return store.Open(ctx, filepath.Join(dir, store.DBFile))
}

// OpenDBOnly checks that dir holds a vault database (the key may be lost)
// and returns its path; used by key recovery. It fails with NotFound
// (ErrNoVault) when there is no database there.
func OpenDBOnly(ctx context.Context, dir string) (string, error) {
	path := filepath.Join(dir, store.DBFile)
	if _, err := os.Stat(path); err != nil {
		return "", ErrNoVault
	}
	return path, nil
}
