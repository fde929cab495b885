package staff

import (
	"context"
	"errors"

	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/password"
	"confidant/internal/store"
)

// SignIn checks a staff member's email, password and (when they have one)
// second factor, as one guarded attempt. An unknown email, a wrong
// password and a disabled account give the same core.ErrBadCredentials after
// the same work, so the answer reveals neither which emails have accounts
// nor whether a disabled account's password was right. A wrong or reused
// authenticator code counts as a failed attempt; a missing one does not
// (the form simply asks for it). It fails with Throttled after too many
// failed attempts for the email or the address, Unauthorized
// (core.ErrBadCredentials) for an unknown email, a wrong password or a
// disabled account, and Unauthorized (ErrCodeNeeded, ErrCodeWrong,
// ErrCodeReused) when the second factor is missing, wrong or used before.
func (a *Service) SignIn(ctx context.Context, email, pw, code string) (u core.StaffUser, usedRecovery bool, err error) {
	keys := core.StaffKeys(ctx, email)
	res, ok := a.core.Limits.Attempts.Reserve(keys...)
	if !ok {
		return core.StaffUser{}, false, core.ErrThrottled
	}
	settled := false
	defer func() {
		if !settled {
			res.Release() // nothing was evaluated (busy, database error)
		}
	}()
	fail := func(subject, event string) {
		settled = true
		locked := res.Fail()
		_ = a.core.DB.Audit(ctx, store.Event{Type: event, ActorID: "anonymous", Subject: subject})
		if locked {
			_ = a.core.DB.Audit(ctx, store.Event{Type: audit.SignInThrottled, ActorID: "anonymous", Subject: subject})
		}
	}
	found, err := a.core.DB.UserByEmail(ctx, email)
	hash := found.PasswordHash
	if errors.Is(err, store.ErrNotFound) {
		hash = a.core.DummyHash()
	} else if err != nil {
		return core.StaffUser{}, false, err
	}
	right, err := a.core.VerifyPassword(ctx, pw, hash)
	if err != nil {
		return core.StaffUser{}, false, err
	}
	subject := keys[0].Name[len("staff:"):][:16]
	if found.ID != "" {
		subject = found.ID
	}
	if found.ID == "" || !right || found.Disabled {
		fail(subject, "signin.failure")
		return core.StaffUser{}, false, core.ErrBadCredentials
	}
	u = core.StaffUserOf(found)
	usedRecovery, err = a.CheckSecondFactor(ctx, u, code)
	switch {
	case errors.Is(err, ErrCodeWrong), errors.Is(err, ErrCodeReused):
		fail(found.ID, "signin.totp_failure")
		return u, false, err
	case err != nil:
		return u, false, err
	}
	settled = true
	res.Release()
	a.core.Limits.Attempts.Clear(keys[0])
	if password.NeedsRehash(found.PasswordHash, a.core.Params) {
		if h, err := a.core.HashPassword(ctx, pw); err == nil {
			_ = a.core.DB.UpdatePasswordHash(ctx, found.ID, h)
		}
	}
	return u, usedRecovery, nil
}

// checkCodeGuarded checks an authenticator code from a signed-in user
// (renewing recovery codes) under the same limiter as sign-in.
func (a *Service) checkCodeGuarded(ctx context.Context, u core.StaffUser, code string) error {
	res, ok := a.core.Limits.Attempts.Reserve(core.StaffKeys(ctx, u.Email)...)
	if !ok {
		return core.ErrThrottled
	}
	_, err := a.CheckSecondFactor(ctx, u, code)
	if errors.Is(err, ErrCodeWrong) || errors.Is(err, ErrCodeReused) {
		if res.Fail() {
			_ = a.core.DB.Audit(ctx, store.Event{Type: audit.StepupThrottled, ActorID: u.ID, Subject: u.ID})
		}
		return err
	}
	res.Release()
	return err
}
