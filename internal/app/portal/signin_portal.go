package portal

import (
	"context"
	"errors"

	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/store"
)

// Authenticate checks a client's email and password as one guarded
// attempt, spending the same work whether or not the account exists or is
// disabled. It fails with Unauthorized (core.ErrBadCredentials) for an
// unknown email, a wrong password, a disabled or shredded account,
// Throttled (core.ErrThrottled) after too many wrong tries, and Unavailable
// (core.ErrBusy) when the password cannot be checked for load.
func (a *Service) Authenticate(ctx context.Context, email, pw string) (core.PortalAccount, error) {
	keys := core.PortalKeys(ctx, email)
	res, ok := a.core.Limits.Attempts.Reserve(keys...)
	if !ok {
		return core.PortalAccount{}, core.ErrThrottled
	}
	acc, err := a.portalCheck(ctx, email, pw)
	switch {
	case errors.Is(err, core.ErrBadCredentials):
		if res.Fail() {
			_ = a.core.DB.Audit(ctx, store.Event{Type: audit.PortalSigninThrottled, ActorID: "anonymous", Subject: keys[0].Name[len("portal:"):][:16]})
		}
		return core.PortalAccount{}, err
	case err != nil:
		res.Release()
		return core.PortalAccount{}, err
	}
	res.Release()
	a.core.Limits.Attempts.Clear(keys[0])
	return core.PortalAccountOf(acc), nil
}
