// Package vault is Confidant's key hierarchy over age, and the only package
// that imports filippo.io/age.
//
// The hierarchy (DESIGN.md):
//
//	recovery identity   printed once at init, kept offline by the provider
//	  └ vault identity  DATA/vault.key, sealed with a passphrase (age scrypt)
//	      │             or, for unattended starts, readable only by its owner (0600)
//	      └ client identity   one per client, wrapped to the vault AND recovery recipients
//	          └ note bodies, addenda, names, contact details, extracts, attachments
//
// Every client's data is encrypted to that client's own recipient, so deleting
// the wrapped client identity makes all of it unreadable (crypto-shredding),
// and rotating the vault key only re-wraps client identities. Because client
// identities are also wrapped to the recovery recipient, the recovery identity
// alone opens everything: that is the disaster-recovery path.
//
// Post-quantum hybrid keys (ML-KEM-768 + X25519, age v1.3) are the default;
// classic X25519 keys are an option for interoperability with older tools.
// age refuses to mix the two in one file, so a vault uses one kind throughout.
package vault

import (
	"bytes"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"filippo.io/age"
)

// KeyType names the kind of age keys a vault uses.
type KeyType string

const (
	// PostQuantum is the ML-KEM-768 + X25519 hybrid (age1pq1… recipients).
	PostQuantum KeyType = "pq"
	// Classic is X25519 (age1… recipients).
	Classic KeyType = "x25519"
)

// ErrDecrypt is returned when ciphertext cannot be opened with the keys at
// hand: wrong key, shredded client, or tampered data. It deliberately says no
// more than that.
var ErrDecrypt = errors.New("cannot decrypt: wrong key or damaged data")

// Identity is a private key, with its public recipient.
type Identity struct {
	id  age.Identity
	rcp age.Recipient
	str string
}

// Generate makes a new identity of the given type.
func Generate(t KeyType) (*Identity, error) {
	switch t {
	case PostQuantum, "":
		k, err := age.GenerateHybridIdentity()
		if err != nil {
			return nil, fmt.Errorf("generate post-quantum key: %w", err)
		}
		return &Identity{id: k, rcp: k.Recipient(), str: k.String()}, nil
	case Classic:
		k, err := age.GenerateX25519Identity()
		if err != nil {
			return nil, fmt.Errorf("generate X25519 key: %w", err)
		}
		return &Identity{id: k, rcp: k.Recipient(), str: k.String()}, nil
	}
	return nil, fmt.Errorf("unknown key type %q", t)
}

// ParseIdentity reads an identity from its age secret-key string
// (AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…). Comment lines are ignored.
func ParseIdentity(s string) (*Identity, error) {
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		switch {
		case strings.HasPrefix(line, "AGE-SECRET-KEY-PQ-1"):
			k, err := age.ParseHybridIdentity(line)
			if err != nil {
				return nil, errors.New("malformed post-quantum identity")
			}
			return &Identity{id: k, rcp: k.Recipient(), str: k.String()}, nil
		case strings.HasPrefix(line, "AGE-SECRET-KEY-1"):
			k, err := age.ParseX25519Identity(line)
			if err != nil {
				return nil, errors.New("malformed X25519 identity")
			}
			return &Identity{id: k, rcp: k.Recipient(), str: k.String()}, nil
		default:
			return nil, errors.New("not an age identity")
		}
	}
	return nil, errors.New("no identity found")
}

// String is the secret key in age's text form. Handle with care.
func (i *Identity) String() string { return i.str }

// Recipient is the public key in age's text form.
func (i *Identity) Recipient() string { return recipientString(i.rcp) }

// Type reports whether the identity is post-quantum or classic.
func (i *Identity) Type() KeyType {
	if strings.HasPrefix(i.str, "AGE-SECRET-KEY-PQ-") {
		return PostQuantum
	}
	return Classic
}

// Decrypt opens ciphertext encrypted to this identity.
func (i *Identity) Decrypt(ciphertext []byte) ([]byte, error) {
	return decrypt(ciphertext, i.id)
}

func recipientString(r age.Recipient) string {
	if s, ok := r.(fmt.Stringer); ok {
		return s.String()
	}
	return ""
}

// ParseRecipient reads a public key (age1… or age1pq1…).
func ParseRecipient(s string) (age.Recipient, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "age1pq1") {
		r, err := age.ParseHybridRecipient(s)
		if err != nil {
			return nil, errors.New("malformed post-quantum recipient")
		}
		return r, nil
	}
	r, err := age.ParseX25519Recipient(s)
	if err != nil {
		return nil, errors.New("malformed recipient")
	}
	return r, nil
}

// Encrypt encrypts plaintext to the given recipients (age text form).
func Encrypt(plaintext []byte, recipients ...string) ([]byte, error) {
	rs := make([]age.Recipient, 0, len(recipients))
	for _, s := range recipients {
		r, err := ParseRecipient(s)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return encrypt(plaintext, rs...)
}

func encrypt(plaintext []byte, rs ...age.Recipient) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(plaintext) + 512)
	w, err := age.Encrypt(&buf, rs...)
	if err != nil {
		return nil, fmt.Errorf("encrypt: %w", err)
	}
	if _, err := w.Write(plaintext); err != nil {
		return nil, fmt.Errorf("encrypt: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encrypt: %w", err)
	}
	return buf.Bytes(), nil
}

func decrypt(ciphertext []byte, ids ...age.Identity) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(ciphertext), ids...)
	if err != nil {
		return nil, ErrDecrypt
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, ErrDecrypt
	}
	return out, nil
}

// EncryptStream encrypts everything from src to dst for the recipients; used
// for backups, which may be larger than memory should hold.
func EncryptStream(dst io.Writer, src io.Reader, recipients ...string) error {
	rs := make([]age.Recipient, 0, len(recipients))
	for _, s := range recipients {
		r, err := ParseRecipient(s)
		if err != nil {
			return err
		}
		rs = append(rs, r)
	}
	w, err := age.Encrypt(dst, rs...)
	if err != nil {
		return fmt.Errorf("encrypt: %w", err)
	}
	if _, err := io.Copy(w, src); err != nil {
		return fmt.Errorf("encrypt: %w", err)
	}
	return w.Close()
}

// DecryptStream opens an age stream with the identity.
func DecryptStream(src io.Reader, id *Identity) (io.Reader, error) {
	r, err := age.Decrypt(src, id.id)
	if err != nil {
		return nil, ErrDecrypt
	}
	return r, nil
}

// Keyring is the unlocked vault at run time: the vault identity and the
// recovery recipient, with a cache of unwrapped client identities so that a
// page of one client's notes costs one unwrap, not one per note.
type Keyring struct {
	recovery string

	mu sync.Mutex
	// vault is replaced while serving when an admin rotates the key; during
	// the rotation previous (the key being retired) is still accepted for
	// opening, so that pages keep working while the database switches.
	vault    *Identity
	previous *Identity
	cache    map[string]*Identity // wrapped-key hash → identity
	order    []string
}

// cacheSize bounds the unwrapped client identities held in memory.
const cacheSize = 4096

// NewKeyring makes a keyring from the unlocked vault identity and the
// recovery recipient.
func NewKeyring(vaultID *Identity, recoveryRecipient string) (*Keyring, error) {
	if _, err := ParseRecipient(recoveryRecipient); err != nil {
		return nil, fmt.Errorf("recovery recipient: %w", err)
	}
	return &Keyring{vault: vaultID, recovery: recoveryRecipient, cache: map[string]*Identity{}}, nil
}

// keys returns the current vault identity and, during a rotation, the one
// being retired.
func (k *Keyring) keys() (cur, prev *Identity) {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.vault, k.previous
}

// openers lists the identities that may open vault-sealed data now.
func (k *Keyring) openers() []*Identity {
	cur, prev := k.keys()
	if prev == nil {
		return []*Identity{cur}
	}
	return []*Identity{cur, prev}
}

// Vault is the current vault identity (for a rotation to unwrap with).
func (k *Keyring) Vault() *Identity {
	cur, _ := k.keys()
	return cur
}

// ReplaceVault makes next the vault identity that new data is sealed to,
// keeping the old one for opening until DropPrevious, and forgets every
// cached client identity. A rotation while serving calls it before the
// database switches to next, then DropPrevious once it has.
func (k *Keyring) ReplaceVault(next *Identity) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.previous, k.vault = k.vault, next
	k.cache, k.order = map[string]*Identity{}, nil
}

// DropPrevious stops accepting the retired vault identity id (if it is
// still the one kept; a later rotation may have replaced it) and forgets
// the cache.
func (k *Keyring) DropPrevious(id *Identity) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.previous != id {
		return
	}
	k.previous = nil
	k.cache, k.order = map[string]*Identity{}, nil
}

// VaultRecipient is the public key client identities are wrapped to.
func (k *Keyring) VaultRecipient() string { return k.Vault().Recipient() }

// RecoveryRecipient is the offline recovery public key.
func (k *Keyring) RecoveryRecipient() string { return k.recovery }

// Type is the vault's key type, which new client identities share.
func (k *Keyring) Type() KeyType { return k.Vault().Type() }

// SealToVault encrypts small vault-wide secrets (staff names, TOTP secrets,
// SMTP passwords) to the vault and recovery recipients.
func (k *Keyring) SealToVault(plaintext []byte) ([]byte, error) {
	return Encrypt(plaintext, k.VaultRecipient(), k.recovery)
}

// OpenFromVault opens what SealToVault sealed.
func (k *Keyring) OpenFromVault(ciphertext []byte) ([]byte, error) {
	var err error
	for _, id := range k.openers() {
		var pt []byte
		if pt, err = id.Decrypt(ciphertext); err == nil {
			return pt, nil
		}
	}
	return nil, err
}

// NewClientKey makes a client identity and returns its recipient (stored in
// clear: it is public) and the identity wrapped to the vault and recovery
// recipients (stored in the database).
func (k *Keyring) NewClientKey() (recipient string, wrapped []byte, err error) {
	id, err := Generate(k.Type())
	if err != nil {
		return "", nil, err
	}
	wrapped, err = Encrypt([]byte(id.String()), k.VaultRecipient(), k.recovery)
	if err != nil {
		return "", nil, fmt.Errorf("wrap client key: %w", err)
	}
	return id.Recipient(), wrapped, nil
}

// ClientIdentity unwraps a client's identity, from the cache when it can.
func (k *Keyring) ClientIdentity(wrapped []byte) (*Identity, error) {
	key := string(wrapped)
	k.mu.Lock()
	if id, ok := k.cache[key]; ok {
		k.mu.Unlock()
		return id, nil
	}
	k.mu.Unlock()
	var id *Identity
	var err error
	for _, with := range k.openers() {
		if id, err = UnwrapClientKey(wrapped, with); err == nil {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	if _, ok := k.cache[key]; !ok {
		k.cache[key] = id
		k.order = append(k.order, key)
		if len(k.order) > cacheSize {
			delete(k.cache, k.order[0])
			k.order = k.order[1:]
		}
	}
	k.mu.Unlock()
	return id, nil
}

// Forget drops every cached client identity (after a shred or rotation).
func (k *Keyring) Forget() {
	k.mu.Lock()
	k.cache = map[string]*Identity{}
	k.order = nil
	k.mu.Unlock()
}

// UnwrapClientKey opens a wrapped client identity with the vault or the
// recovery identity.
func UnwrapClientKey(wrapped []byte, with *Identity) (*Identity, error) {
	pt, err := with.Decrypt(wrapped)
	if err != nil {
		return nil, err
	}
	return ParseIdentity(string(pt))
}

// Rewrap re-wraps a client identity to a new vault recipient (rotation and
// recovery): the client identity and everything encrypted to it stay the same.
func Rewrap(wrapped []byte, with *Identity, newVaultRecipient, recoveryRecipient string) ([]byte, error) {
	id, err := UnwrapClientKey(wrapped, with)
	if err != nil {
		return nil, err
	}
	return Encrypt([]byte(id.String()), newVaultRecipient, recoveryRecipient)
}

// Decrypt is a convenience: open ciphertext encrypted to a client.
func (k *Keyring) Decrypt(wrapped, ciphertext []byte) ([]byte, error) {
	id, err := k.ClientIdentity(wrapped)
	if err != nil {
		return nil, err
	}
	return id.Decrypt(ciphertext)
}

// DeriveKey derives a 32-byte secret from the identity's private key for
// one named purpose (HKDF-SHA-256). It proves possession of the vault key
// where age cannot: anyone may encrypt to a public recipient, but only the
// holder of the identity can compute this. The audit log binds its key
// with it, so that a key sealed to the vault by someone else is refused.
func (i *Identity) DeriveKey(purpose string) []byte {
	k, err := hkdf.Key(sha256.New, []byte(i.str), nil, "confidant "+purpose, 32)
	if err != nil {
		panic("hkdf: " + err.Error()) // only for lengths HKDF cannot give
	}
	return k
}
