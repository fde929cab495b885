package staff

import (
	"context"
	"errors"
	"fmt"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/casefile"
	"confidant/internal/fault"
	"confidant/internal/password"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// AddUser creates a staff account and returns it; it needs only the
// vault's public keys, so the command line can do it while the server runs.
// It checks no actor (actorID is for the audit log) and does not check the
// email's shape. It fails with Invalid when the password breaks the policy,
// the name is missing or not a name (with a message on the "name" field),
// or a role is unknown or none is given, and Conflict when an account has
// that email already.
func AddUser(ctx context.Context, db *store.DB, p password.Params, email, name, pw string, roles []string, actorID string) (core.StaffUser, error) {
	if err := password.Check(pw); err != nil {
		return core.StaffUser{}, fmt.Errorf("password: %w", err)
	}
	name, problem := casefile.CleanPersonName(name)
	if problem != "" {
		return core.StaffUser{}, fault.InvalidField("name", problem)
	}
	var rs access.Roles
	for _, name := range roles {
		r := access.Role(name)
		if !r.Valid() {
			return core.StaffUser{}, fault.Errorf(fault.Invalid, "unknown role %q (use counsellor, lead or admin)", name)
		}
		rs = rs.With(r)
	}
	if rs.Empty() {
		return core.StaffUser{}, fault.New(fault.Invalid, "give at least one role")
	}
	vr, err := db.GetMeta(ctx, core.MetaVaultRecipient)
	if err != nil {
		return core.StaffUser{}, err
	}
	rr, err := db.GetMeta(ctx, core.MetaRecoveryRecipient)
	if err != nil {
		return core.StaffUser{}, err
	}
	nameEnc, err := vault.Encrypt([]byte(name), vr, rr)
	if err != nil {
		return core.StaffUser{}, fmt.Errorf("seal name: %w", err)
	}
	h, err := password.Hash(pw, p)
	if err != nil {
		return core.StaffUser{}, err
	}
	u := store.User{Email: email, NameEnc: nameEnc, PasswordHash: h, Roles: rs}
	if err := db.CreateUser(ctx, &u, actorID); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return core.StaffUser{}, fault.New(fault.Conflict, "a user with that email already exists")
		}
		return core.StaffUser{}, err
	}
	return core.StaffUserOf(u), nil
}
