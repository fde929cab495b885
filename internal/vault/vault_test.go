package vault

import (
	"bytes"
	"confidant/internal/fault"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func newKeyring(t testing.TB, kt KeyType) (*Keyring, *Identity, *Identity) {
	t.Helper()
	v, err := Generate(kt)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := Generate(kt)
	if err != nil {
		t.Fatal(err)
	}
	k, err := NewKeyring(v, rec.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	return k, v, rec
}

func TestClientCiphertextOpensWithRecoveryIdentityAlone(t *testing.T) {
	for _, kt := range []KeyType{PostQuantum, Classic} {
		t.Run(string(kt), func(t *testing.T) {
			k, _, rec := newKeyring(t, kt)
			rcp, wrapped, err := k.NewClientKey()
			if err != nil {
				t.Fatal(err)
			}
			ct, err := Encrypt([]byte("session note text"), rcp)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(ct, []byte("session note")) {
				t.Fatal("ciphertext holds the plaintext")
			}
			// Disaster recovery: only the recovery identity, no vault key.
			cid, err := UnwrapClientKey(wrapped, rec)
			if err != nil {
				t.Fatalf("recovery identity cannot unwrap the client key: %v", err)
			}
			pt, err := cid.Decrypt(ct)
			if err != nil || string(pt) != "session note text" {
				t.Fatalf("got %q, %v", pt, err)
			}
			if cid.Type() != kt {
				t.Fatalf("client key type %s, want %s", cid.Type(), kt)
			}
		})
	}
}

func TestDefaultKeysArePostQuantum(t *testing.T) {
	id, err := Generate("")
	if err != nil {
		t.Fatal(err)
	}
	if id.Type() != PostQuantum || id.Recipient()[:7] != "age1pq1" {
		t.Fatalf("default key is %s (%s)", id.Type(), id.Recipient()[:8])
	}
}

func TestOtherClientKeyCannotDecrypt(t *testing.T) {
	k, _, _ := newKeyring(t, Classic)
	rcpA, _, _ := k.NewClientKey()
	_, wrappedB, _ := k.NewClientKey()
	ct, _ := Encrypt([]byte("a"), rcpA)
	if _, err := k.Decrypt(wrappedB, ct); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("client B's key opened client A's data: %v", err)
	}
}

func TestRewrapKeepsClientDataReadableUnderNewVaultKey(t *testing.T) {
	k, oldVault, rec := newKeyring(t, Classic)
	rcp, wrapped, _ := k.NewClientKey()
	ct, _ := Encrypt([]byte("kept"), rcp)
	newVault, _ := Generate(Classic)
	rewrapped, err := Rewrap(wrapped, oldVault, newVault.Recipient(), rec.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := NewKeyring(newVault, rec.Recipient())
	pt, err := k2.Decrypt(rewrapped, ct)
	if err != nil || string(pt) != "kept" {
		t.Fatalf("after rewrap: %q %v", pt, err)
	}
	if _, err := UnwrapClientKey(rewrapped, oldVault); err == nil {
		t.Fatal("old vault key still unwraps the rewrapped client key")
	}
}

func TestKeyFileSealedWithPassphrase(t *testing.T) {
	dir := t.TempDir()
	id, _ := Generate(Classic)
	if err := WriteKeyFile(dir, id, "correct horse battery staple"); err != nil {
		t.Fatal(err)
	}
	sealed, err := SealedKeyFile(dir)
	if err != nil || !sealed {
		t.Fatalf("sealed=%v err=%v", sealed, err)
	}
	if _, err := ReadKeyFile(dir, ""); !errors.Is(err, ErrNeedPassphrase) || fault.CodeOf(err) != fault.Invalid {
		t.Fatalf("no passphrase: %v (%s)", err, fault.CodeOf(err))
	}
	// A wrong passphrase is the person's to put right, not a fault of
	// ours: it keeps its words if it reaches a page.
	if _, err := ReadKeyFile(dir, "wrong"); !errors.Is(err, ErrWrongPassphrase) || fault.CodeOf(err) != fault.Unauthorized {
		t.Fatalf("wrong passphrase: %v (%s)", err, fault.CodeOf(err))
	}
	got, err := ReadKeyFile(dir, "correct horse battery staple")
	if err != nil || got.String() != id.String() {
		t.Fatalf("right passphrase: %v", err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	if bytes.Contains(data, []byte("AGE-SECRET-KEY")) {
		t.Fatal("sealed key file holds the identity in clear")
	}
}

func TestKeyFileNeverOverwritten(t *testing.T) {
	dir := t.TempDir()
	id, _ := Generate(Classic)
	if err := WriteKeyFile(dir, id, ""); err != nil {
		t.Fatal(err)
	}
	if err := WriteKeyFile(dir, id, ""); err == nil {
		t.Fatal("second WriteKeyFile overwrote the key")
	}
}

func TestUnattendedKeyFileIsOwnerOnlyAndRefusedWhenWorldReadable(t *testing.T) {
	dir := t.TempDir()
	id, _ := Generate(PostQuantum)
	if err := WriteKeyFile(dir, id, ""); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, KeyFile)
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o", fi.Mode().Perm())
	}
	if _, err := ReadKeyFile(dir, ""); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o644)
	if _, err := ReadKeyFile(dir, ""); err == nil {
		t.Fatal("world-readable key accepted")
	}
}

func TestTamperedKeyFileIsAClearError(t *testing.T) {
	for _, pass := range []string{"", "a passphrase here"} {
		dir := t.TempDir()
		id, _ := Generate(Classic)
		WriteKeyFile(dir, id, pass)
		path := filepath.Join(dir, KeyFile)
		data, _ := os.ReadFile(path)
		data[len(data)-10] ^= 0x55
		os.WriteFile(path, data, 0o600)
		_, err := ReadKeyFile(dir, pass)
		if err == nil {
			t.Fatalf("tampered key file (passphrase %v) opened", pass != "")
		}
		if len(err.Error()) > 200 {
			t.Fatalf("error is not one clear line: %q", err)
		}
	}
}

func TestReplaceKeyFileSwapsAtomically(t *testing.T) {
	dir := t.TempDir()
	a, _ := Generate(Classic)
	b, _ := Generate(Classic)
	WriteKeyFile(dir, a, "")
	if err := ReplaceKeyFile(dir, b, "pass phrase"); err != nil {
		t.Fatal(err)
	}
	got, err := ReadKeyFile(dir, "pass phrase")
	if err != nil || got.String() != b.String() {
		t.Fatalf("%v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFile+".new")); !os.IsNotExist(err) {
		t.Fatal("temporary key file left behind")
	}
}

func benchDecrypt(b *testing.B, kt KeyType) {
	k, _, _ := newKeyring(b, kt)
	rcp, wrapped, _ := k.NewClientKey()
	id, _ := k.ClientIdentity(wrapped)
	ct, _ := Encrypt(bytes.Repeat([]byte("note "), 300), rcp)
	b.ResetTimer()
	for b.Loop() {
		if _, err := id.Decrypt(ct); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecryptPostQuantum is the floor of every page that shows notes:
// one ML-KEM-768+X25519 decapsulation per note.
func BenchmarkDecryptPostQuantum(b *testing.B) { benchDecrypt(b, PostQuantum) }

// BenchmarkDecryptClassic is the same floor with X25519 keys.
func BenchmarkDecryptClassic(b *testing.B) { benchDecrypt(b, Classic) }

func BenchmarkEncryptPostQuantum(b *testing.B) {
	k, _, _ := newKeyring(b, PostQuantum)
	rcp, _, _ := k.NewClientKey()
	pt := bytes.Repeat([]byte("note "), 300)
	for b.Loop() {
		if _, err := Encrypt(pt, rcp); err != nil {
			b.Fatal(err)
		}
	}
}
