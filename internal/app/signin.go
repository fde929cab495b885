package app

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"time"

	"confidant/internal/audit"
	"confidant/internal/limit"
	"confidant/internal/password"
	"confidant/internal/store"
)

// Limits on guessing. Every password or code check (staff sign-in, portal
// sign-in, authenticator codes, every step-up) reserves an attempt before
// it is evaluated and releases it only when the guess was right, so at most
// AccountAttempts guesses per account are ever evaluated in AttemptWindow,
// however many arrive at once. An address gets more (several staff may
// share an office's address) but not unlimited.
const (
	AttemptWindow   = 15 * time.Minute
	AccountAttempts = 5
	AddressAttempts = 20
	// hashWait is how long a password check waits for a free hashing slot
	// before the server answers 503.
	hashWait = 3 * time.Second
)

var (
	// ErrThrottled means too many wrong guesses for this account or from
	// this address: the action is locked until the window passes.
	ErrThrottled = errors.New("too many attempts: wait 15 minutes and try again")
	// ErrBusy means every password-hashing slot stayed taken: nothing was
	// checked or counted, and the caller may simply try again.
	ErrBusy = limit.ErrBusy
)

type limits struct {
	attempts *limit.Attempts
	hashes   *limit.Gate
}

// newLimits sizes the hashing gate to the cores: argon2id is CPU- and
// memory-bound, so running more at once only multiplies memory (64 MiB
// each) without finishing any sooner.
func newLimits(now func() time.Time) limits {
	return limits{
		attempts: limit.NewAttempts(AttemptWindow, now),
		hashes:   limit.NewGate(runtime.NumCPU(), hashWait),
	}
}

// PasswordHashes is how many password hashes (checks and new hashes) this
// App has computed: a figure for monitoring and for tests that assert a
// burst was cut short.
func (a *App) PasswordHashes() int64 { return a.limits.hashes.Ran() }

// RetryAfter is how long a caller refused with ErrBusy should wait.
func (a *App) RetryAfter() time.Duration { return a.limits.hashes.Wait() }

// PruneAttempts forgets failures older than the window.
func (a *App) PruneAttempts() { a.limits.attempts.Prune() }

type clientAddrKey struct{}

// WithClientAddr records the address a request came from, for the
// per-address limits. The web layer sets it once per request.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddrKey{}, addr)
}

func clientAddr(ctx context.Context) string {
	if s, ok := ctx.Value(clientAddrKey{}).(string); ok && s != "" {
		return s
	}
	return "unknown"
}

// Attempt keys. Emails are hashed so the limiter holds no email in memory.
func staffAccountKey(email string) limit.Key {
	return limit.Key{Name: "staff:" + HashToken(strings.ToLower(strings.TrimSpace(email))), Limit: AccountAttempts}
}

func staffKeys(ctx context.Context, email string) []limit.Key {
	return []limit.Key{staffAccountKey(email), {Name: "staff-addr:" + clientAddr(ctx), Limit: AddressAttempts}}
}

func portalAccountKey(email string) limit.Key {
	return limit.Key{Name: "portal:" + HashToken(strings.ToLower(strings.TrimSpace(email))), Limit: AccountAttempts}
}

func portalKeys(ctx context.Context, email string) []limit.Key {
	return []limit.Key{portalAccountKey(email), {Name: "portal-addr:" + clientAddr(ctx), Limit: AddressAttempts}}
}

// verifyPassword checks pw against hash in a hashing slot.
func (a *App) verifyPassword(ctx context.Context, pw, hash string) (ok bool, err error) {
	err = a.limits.hashes.Do(ctx, func() { ok = password.Verify(pw, hash) })
	return ok, err
}

// hashPassword hashes a new password in a hashing slot.
func (a *App) hashPassword(ctx context.Context, pw string) (h string, err error) {
	if gateErr := a.limits.hashes.Do(ctx, func() { h, err = password.Hash(pw, a.Params) }); gateErr != nil {
		return "", gateErr
	}
	return h, err
}

// dummyHash is checked against when there is no account, so that an
// unknown email costs the same as a wrong password.
func (a *App) dummyHash() string {
	a.dummyMu.Do(func() { a.dummy = password.DummyHash(a.Params) })
	return a.dummy
}

// SignIn checks a staff member's email, password and (when they have one)
// second factor, as one guarded attempt. An unknown email, a wrong
// password and a disabled account give the same ErrBadCredentials after
// the same work, so the answer reveals neither which emails have accounts
// nor whether a disabled account's password was right. A wrong or reused
// authenticator code counts as a failed attempt; a missing one does not
// (the form simply asks for it).
func (a *App) SignIn(ctx context.Context, email, pw, code string) (u store.User, usedRecovery bool, err error) {
	keys := staffKeys(ctx, email)
	res, ok := a.limits.attempts.Reserve(keys...)
	if !ok {
		return store.User{}, false, ErrThrottled
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
		_ = a.DB.Audit(ctx, store.Event{Type: event, ActorID: "anonymous", Subject: subject})
		if locked {
			_ = a.DB.Audit(ctx, store.Event{Type: audit.SignInThrottled, ActorID: "anonymous", Subject: subject})
		}
	}
	found, err := a.DB.UserByEmail(ctx, email)
	hash := found.PasswordHash
	if errors.Is(err, store.ErrNotFound) {
		hash = a.dummyHash()
	} else if err != nil {
		return store.User{}, false, err
	}
	right, err := a.verifyPassword(ctx, pw, hash)
	if err != nil {
		return store.User{}, false, err
	}
	subject := keys[0].Name[len("staff:"):][:16]
	if found.ID != "" {
		subject = found.ID
	}
	if found.ID == "" || !right || found.Disabled {
		fail(subject, "signin.failure")
		return store.User{}, false, ErrBadCredentials
	}
	usedRecovery, err = a.CheckSecondFactor(ctx, found, code)
	switch {
	case errors.Is(err, ErrCodeWrong), errors.Is(err, ErrCodeReused):
		fail(found.ID, "signin.totp_failure")
		return found, false, err
	case err != nil:
		return found, false, err
	}
	settled = true
	res.Release()
	a.limits.attempts.Clear(keys[0])
	if password.NeedsRehash(found.PasswordHash, a.Params) {
		if h, err := a.hashPassword(ctx, pw); err == nil {
			_ = a.DB.UpdatePasswordHash(ctx, found.ID, h)
		}
	}
	return found, usedRecovery, nil
}

// PortalAuthenticate checks a client's email and password as one guarded
// attempt, spending the same work whether or not the account exists or is
// disabled.
func (a *App) PortalAuthenticate(ctx context.Context, email, pw string) (store.PortalAccount, error) {
	keys := portalKeys(ctx, email)
	res, ok := a.limits.attempts.Reserve(keys...)
	if !ok {
		return store.PortalAccount{}, ErrThrottled
	}
	acc, err := a.portalCheck(ctx, email, pw)
	switch {
	case errors.Is(err, ErrBadCredentials):
		if res.Fail() {
			_ = a.DB.Audit(ctx, store.Event{Type: audit.PortalSigninThrottled, ActorID: "anonymous", Subject: keys[0].Name[len("portal:"):][:16]})
		}
		return store.PortalAccount{}, err
	case err != nil:
		res.Release()
		return store.PortalAccount{}, err
	}
	res.Release()
	a.limits.attempts.Clear(keys[0])
	return acc, nil
}

// StepUp checks a signed-in staff member's password again before a grave
// action (approving or sending an extract, changing a password or roles,
// keys, shredding). It is the one step-up: it reads the account afresh (a
// password changed elsewhere counts, a disabled account is refused), and
// it is throttled by the same limiter as sign-in, so a borrowed session
// cannot guess the password: after five wrong passwords in 15 minutes it
// answers ErrThrottled, and the lock is audited. A wrong password is
// ErrBadCredentials.
func (a *App) StepUp(ctx context.Context, u store.User, pw string) error {
	fresh, err := a.DB.UserByID(ctx, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		return ErrBadCredentials
	}
	if err != nil {
		return err
	}
	res, ok := a.limits.attempts.Reserve(staffKeys(ctx, fresh.Email)...)
	if !ok {
		_ = a.DB.Audit(ctx, store.Event{Type: audit.StepupRefused, ActorID: u.ID, Subject: u.ID})
		return ErrThrottled
	}
	if pw == "" {
		res.Release() // nothing typed, nothing guessed
		return ErrBadCredentials
	}
	right, err := a.verifyPassword(ctx, pw, fresh.PasswordHash)
	if err != nil {
		res.Release()
		return err
	}
	if !right || fresh.Disabled {
		locked := res.Fail()
		_ = a.DB.Audit(ctx, store.Event{Type: audit.StepupFailure, ActorID: u.ID, Subject: u.ID})
		if locked {
			_ = a.DB.Audit(ctx, store.Event{Type: audit.StepupThrottled, ActorID: u.ID, Subject: u.ID})
		}
		return ErrBadCredentials
	}
	res.Release()
	return nil
}

// checkCodeGuarded checks an authenticator code from a signed-in user
// (renewing recovery codes) under the same limiter as sign-in.
func (a *App) checkCodeGuarded(ctx context.Context, u store.User, code string) error {
	res, ok := a.limits.attempts.Reserve(staffKeys(ctx, u.Email)...)
	if !ok {
		return ErrThrottled
	}
	_, err := a.CheckSecondFactor(ctx, u, code)
	if errors.Is(err, ErrCodeWrong) || errors.Is(err, ErrCodeReused) {
		if res.Fail() {
			_ = a.DB.Audit(ctx, store.Event{Type: audit.StepupThrottled, ActorID: u.ID, Subject: u.ID})
		}
		return err
	}
	res.Release()
	return err
}

// LimitHashing resizes the hashing gate: n hashes at once, each caller
// waiting up to wait for a slot.
func (a *App) LimitHashing(n int, wait time.Duration) {
	a.limits.hashes = limit.NewGate(n, wait)
}
