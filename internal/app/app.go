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

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/casefile"
	"confidant/internal/password"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// App is the running application: the services the web handlers and the
// command line call, over one shared core.
type App struct {
	*core.Core
}

// New makes an App with the default settings; Open loads the stored ones.
func New(db *store.DB, keys *vault.Keyring) *App {
	return &App{Core: core.New(db, keys)}
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
	vr, err := db.GetMeta(ctx, core.MetaVaultRecipient)
	if err != nil {
		return store.User{}, err
	}
	rr, err := db.GetMeta(ctx, core.MetaRecoveryRecipient)
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
	u := store.User{Email: email, NameEnc: nameEnc, PasswordHash: h, Roles: core.JoinRoles(roles)}
	if err := db.CreateUser(ctx, &u, actorID); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return store.User{}, errors.New("a user with that email already exists")
		}
		return store.User{}, err
	}
	return u, nil
}
