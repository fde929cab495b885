// Package app is Confidant's application layer: it joins the store, the
// vault and the domain rules into the operations that the web handlers and
// the command line call (sign in, add a client, write a note, read a case
// file). Personal data is encrypted here before it reaches the store and
// decrypted here after it leaves it, so neither the store nor the web layer
// ever handles keys.
package app

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"confidant/internal/access"
	"confidant/internal/casefile"
	"confidant/internal/password"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// App is the running application.
type App struct {
	DB      *store.DB
	Keys    *vault.Keyring
	Params  password.Params
	Now     func() time.Time
	dummy   string
	dummyMu sync.Once
	// Mail queues email; nil until serve sets it.
	Mail Mailer
	// BaseURL is the public address links in emails are built from (serve
	// sets it; never taken from a request's Host header).
	BaseURL string

	// settings are cached here and changed only through SaveSettings
	// (settings.go); read them with Settings().
	settings settingsBox
	// keyOps serialises live key operations (rotation, passphrase change);
	// dir and passphrase are what they need, set by Open.
	keyOps     sync.Mutex
	dir        string
	passphrase string
	// limits bound password guessing and hashing (signin.go).
	limits limits
}

// New makes an App with the default settings; Open loads the stored ones.
func New(db *store.DB, keys *vault.Keyring) *App {
	a := &App{DB: db, Keys: keys, Params: password.Default, Now: time.Now}
	a.limits = newLimits(func() time.Time { return a.Now() })
	a.settings.set(DefaultSettings())
	return a
}

// Errors with a meaning for the web layer.
var (
	// ErrNotFound means the thing does not exist or the actor may not see
	// it: the two are deliberately indistinguishable.
	ErrNotFound = errors.New("not found")
	// ErrBadCredentials is the one answer to a wrong email or password.
	ErrBadCredentials = errors.New("the email or password is not right")
)

// Actor builds the access actor for a user.
func Actor(u store.User) access.Actor {
	return access.Actor{UserID: u.ID, Roles: u.RoleList()}
}

// UserName decrypts a staff member's display name.
func (a *App) UserName(u store.User) string {
	if a.Keys == nil {
		return ""
	}
	b, err := a.Keys.OpenFromVault(u.NameEnc)
	if err != nil {
		return "(name unavailable)"
	}
	return string(b)
}

// AddUser creates a staff account; it needs only the vault's public keys,
// so the command line can do it while the server runs.
func AddUser(ctx context.Context, db *store.DB, p password.Params, email, name, pw string, roles []string, actorID string) (store.User, error) {
	if err := password.Check(pw); err != nil {
		return store.User{}, fmt.Errorf("password: %w", err)
	}
	name, problem := casefile.CleanPersonName(name)
	if problem != "" {
		return store.User{}, fmt.Errorf("name: %s", problem)
	}
	for _, r := range roles {
		if !access.ValidRole(r) {
			return store.User{}, fmt.Errorf("unknown role %q (use counsellor, lead or admin)", r)
		}
	}
	if len(roles) == 0 {
		return store.User{}, errors.New("give at least one role")
	}
	vr, err := db.GetMeta(ctx, MetaVaultRecipient)
	if err != nil {
		return store.User{}, err
	}
	rr, err := db.GetMeta(ctx, MetaRecoveryRecipient)
	if err != nil {
		return store.User{}, err
	}
	nameEnc, err := vault.Encrypt([]byte(name), vr, rr)
	if err != nil {
		return store.User{}, fmt.Errorf("seal name: %w", err)
	}
	h, err := password.Hash(pw, p)
	if err != nil {
		return store.User{}, err
	}
	u := store.User{Email: email, NameEnc: nameEnc, PasswordHash: h, Roles: joinRoles(roles)}
	if err := db.CreateUser(ctx, &u, actorID); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return store.User{}, errors.New("a user with that email already exists")
		}
		return store.User{}, err
	}
	return u, nil
}

func joinRoles(rs []string) string {
	out := ""
	seen := map[string]bool{}
	for _, r := range access.Roles {
		for _, x := range rs {
			if x == r && !seen[r] {
				if out != "" {
					out += ","
				}
				out += r
				seen[r] = true
			}
		}
	}
	return out
}

// Meta keys.
const (
	MetaVaultRecipient    = "vault_recipient"
	MetaRecoveryRecipient = "recovery_recipient"
	MetaKeyType           = "key_type"
	MetaCreatedAt         = "created_at"
)

// parallel runs fn(i) for i in [0,n) on every core; decryption is CPU-bound
// and independent per item.
func parallel(n int, fn func(i int)) {
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
