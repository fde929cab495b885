package vault

import "testing"

func TestKeyringAcceptsBothKeysDuringARotationAndOnlyTheNewAfter(t *testing.T) {
	old, _ := Generate(Classic)
	rec, _ := Generate(Classic)
	k, err := NewKeyring(old, rec.Recipient())
	if err != nil {
		t.Fatal(err)
	}
	_, wrappedOld, _ := k.NewClientKey()
	sealedOld, _ := k.SealToVault([]byte("staff name"))
	if _, err := k.ClientIdentity(wrappedOld); err != nil {
		t.Fatal(err)
	}

	next, _ := Generate(Classic)
	k.ReplaceVault(next)
	if k.VaultRecipient() != next.Recipient() {
		t.Fatal("new data is not sealed to the new key")
	}
	_, wrappedNew, _ := k.NewClientKey()
	for name, w := range map[string][]byte{"old": wrappedOld, "new": wrappedNew} {
		if _, err := k.ClientIdentity(w); err != nil {
			t.Errorf("during rotation a client key wrapped to the %s vault key does not open: %v", name, err)
		}
	}
	if pt, err := k.OpenFromVault(sealedOld); err != nil || string(pt) != "staff name" {
		t.Errorf("during rotation a value sealed to the old key does not open: %v", err)
	}

	k.DropPrevious(next) // not the retired key: no effect
	if _, err := k.ClientIdentity(wrappedOld); err != nil {
		t.Error("dropping a key that is not the retired one dropped it")
	}
	k.DropPrevious(old)
	if _, err := k.ClientIdentity(wrappedOld); err == nil {
		t.Error("after rotation the retired key still opens (from the cache?)")
	}
	if _, err := k.OpenFromVault(sealedOld); err == nil {
		t.Error("after rotation the retired key still opens sealed values")
	}
	if _, err := k.ClientIdentity(wrappedNew); err != nil {
		t.Error(err)
	}
	if k.Vault() != next {
		t.Error("Vault() is not the new identity")
	}
}
