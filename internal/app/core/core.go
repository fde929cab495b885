// Package core is what every application service shares: the store, the
// keyring, the clock, the settings in force, the service's identity, the
// sealed mail queue, the limits on guessing (with step-up) and the gate
// that keeps writes off the vault key while it rotates. It imports no
// service; the services stand on it (docs/architecture.md).
//
// Each exported method that can fail ends its comment with the fault codes
// it returns and when. Any method that reads or writes the database may
// also fail with Unavailable when it is busy, Full when the disk is full or
// read-only, and Internal for a fault of ours (a database or encryption
// failure); those are not listed each time.
package core

import (
	"runtime"
	"sync"
	"time"

	"confidant/internal/access"
	"confidant/internal/fault"
	"confidant/internal/password"
	"confidant/internal/store"
	"confidant/internal/vault"
	"confidant/internal/words"
)

// Core is what every application service shares: the store, the keys, the
// clock, the settings, the mail queue and the limits on guessing.
type Core struct {
	DB      *store.DB
	Keys    *vault.Keyring
	Params  password.Params
	Now     func() time.Time
	dummy   string
	dummyMu sync.Once
	// pepperMu makes the portal pepper once (email.go).
	pepperMu sync.Mutex
	// Mail queues email; nil until serve sets it.
	Mail Mailer
	// BaseURL is the public address links in emails are built from (serve
	// sets it; never taken from a request's Host header).
	BaseURL string

	// settings are cached here and changed only through SaveSettings
	// (settings.go); read them with Settings().
	settings settingsBox
	// KeyOps serialises live key operations (rotation, passphrase change);
	// Dir and Passphrase are what they need, set by Open.
	KeyOps     sync.Mutex
	Dir        string
	Passphrase string
	// Limits bound password guessing and hashing (limits.go).
	Limits Limits
	// writes keeps sealing off the vault key while it changes (Writing,
	// Rotating).
	writes sync.RWMutex
}

// Writing holds off a key rotation while the caller may seal data to the
// vault and store it; call the release it returns when done. Every
// state-changing request holds it (the web takes it once per request, so a
// use case never needs to), and so must any other writer in the process.
func (a *Core) Writing() (release func()) {
	a.writes.RLock()
	return a.writes.RUnlock
}

// Rotating waits for every Writing to finish and holds off new ones, so
// that nothing is sealed to a key that is being replaced. Only the key
// operations (internal/app/keys) take it.
func (a *Core) Rotating() (release func()) {
	a.writes.Lock()
	return a.writes.Unlock
}

// New makes a Core with the default settings; Open loads the stored ones.
func New(db *store.DB, keys *vault.Keyring) *Core {
	a := &Core{DB: db, Keys: keys, Params: password.Default, Now: time.Now}
	a.Limits = newLimits(func() time.Time { return a.Now() })
	a.settings.set(DefaultSettings())
	return a
}

// Errors with a meaning for the web layer.
var (
	// ErrNotFound means the thing does not exist or the actor may not see
	// it: the two are deliberately indistinguishable.
	ErrNotFound = store.ErrNotFound
	// ErrBadCredentials is the one answer to a wrong email or password.
	ErrBadCredentials = fault.New(fault.Unauthorized, "The email or password is not right.")
)

// Actor builds the access actor for a user.
func Actor(u StaffUser) access.Actor {
	return access.Actor{UserID: u.ID, Roles: u.Roles}
}

// UserName decrypts a staff member's display name, words.NameUnavailable
// when it cannot be read (for the staff and admin services, which still
// hand out worded names).
func (a *Core) UserName(u store.User) string {
	if a.Keys == nil {
		return ""
	}
	n, ok := a.staffName(u.NameEnc)
	if !ok {
		return words.NameUnavailable
	}
	return n
}

// staffName decrypts a sealed staff name; false when it cannot be read.
func (a *Core) staffName(enc []byte) (string, bool) {
	if a.Keys == nil {
		return "", false
	}
	b, err := a.Keys.OpenFromVault(enc)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// Meta keys.
const (
	MetaVaultRecipient    = "vault_recipient"
	MetaRecoveryRecipient = "recovery_recipient"
	MetaKeyType           = "key_type"
	MetaCreatedAt         = "created_at"
)

// Parallel runs fn(i) for i in [0,n) on every core; decryption is CPU-bound
// and independent per item.
func Parallel(n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < 4 || workers < 2 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	if workers > n {
		workers = n
	}
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
