package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"confidant/internal/vault"
)

func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestKeysPassphraseResealsTheSameKey(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "data")
	first, second := filepath.Join(tmp, "first"), filepath.Join(tmp, "second")
	os.WriteFile(first, []byte("the first vault passphrase\n"), 0o600)
	os.WriteFile(second, []byte("the second vault passphrase\n"), 0o600)
	if code, _, stderr := runIn(t, "plum kettle orbit seven\n", "init", "--data", dir, "--admin-email", "admin@example.org", "--passphrase-file", first, "--classic-keys"); code != 0 {
		t.Fatalf("init: %d %s", code, stderr)
	}
	before, err := vault.ReadKeyFile(dir, "the first vault passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runIn(t, "", "keys", "passphrase", "--data", dir, "--passphrase-file", first); code != 2 {
		t.Fatalf("no choice of new protection: exit %d, want 2", code)
	}
	if code, _, stderr := runIn(t, "", "keys", "passphrase", "--data", dir, "--passphrase-file", second, "--new-passphrase-file", second); code == 0 || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("wrong current passphrase: exit %d, stderr %q", code, stderr)
	}
	code, stdout, stderr := runIn(t, "", "keys", "passphrase", "--data", dir, "--passphrase-file", first, "--new-passphrase-file", second)
	if code != 0 || !strings.Contains(stdout, "new passphrase") {
		t.Fatalf("change: exit %d %q %q", code, stdout, stderr)
	}
	after, err := vault.ReadKeyFile(dir, "the second vault passphrase")
	if err != nil || after.Recipient() != before.Recipient() {
		t.Fatalf("the key changed or does not open with the new passphrase: %v", err)
	}
	if _, err := vault.ReadKeyFile(dir, "the first vault passphrase"); err == nil {
		t.Fatal("the old passphrase still opens the key")
	}
	if code, _, stderr := runIn(t, "", "audit", "verify", "--data", dir); code != 0 {
		t.Fatalf("audit verify after the change: %d %s", code, stderr)
	}
}
