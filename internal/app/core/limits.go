package core

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"time"

	"confidant/internal/audit"
	"confidant/internal/fault"
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
	ErrThrottled = fault.New(fault.Throttled, "Too many attempts: wait 15 minutes and try again.")
	// ErrBusy means every password-hashing slot stayed taken: nothing was
	// checked or counted, and the caller may simply try again.
	ErrBusy = limit.ErrBusy
)

// Limits are the limiter of guesses (per account and per address) and the
// gate on concurrent password hashing.
type Limits struct {
	Attempts *limit.Attempts
	Hashes   *limit.Gate
}

// newLimits sizes the hashing gate to the cores: argon2id is CPU- and
// memory-bound, so running more at once only multiplies memory (64 MiB
// each) without finishing any sooner.
func newLimits(now func() time.Time) Limits {
	return Limits{
		Attempts: limit.NewAttempts(AttemptWindow, now),
		Hashes:   limit.NewGate(runtime.NumCPU(), hashWait),
	}
}

// PasswordHashes is how many password hashes (checks and new hashes) this
// service has computed: a figure for monitoring and for tests that assert a
// burst was cut short.
func (a *Core) PasswordHashes() int64 { return a.Limits.Hashes.Ran() }

// RetryAfter is how long a caller refused with ErrBusy should wait.
func (a *Core) RetryAfter() time.Duration { return a.Limits.Hashes.Wait() }

// PruneAttempts forgets failures older than the window.
func (a *Core) PruneAttempts() { a.Limits.Attempts.Prune() }

type clientAddrKey struct{}

// WithClientAddr records the address a request came from, for the
// per-address limits. The web layer sets it once per request.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddrKey{}, addr)
}

// ClientAddr is the address WithClientAddr recorded, or "unknown".
func ClientAddr(ctx context.Context) string {
	if s, ok := ctx.Value(clientAddrKey{}).(string); ok && s != "" {
		return s
	}
	return "unknown"
}

// Attempt keys. Emails are hashed so the limiter holds no email in memory.
func staffAccountKey(email string) limit.Key {
	return limit.Key{Name: "staff:" + HashToken(strings.ToLower(strings.TrimSpace(email))), Limit: AccountAttempts}
}

// StaffKeys are the attempt counters a staff sign-in or step-up spends:
// the account's and the address's.
func StaffKeys(ctx context.Context, email string) []limit.Key {
	return []limit.Key{staffAccountKey(email), {Name: "staff-addr:" + ClientAddr(ctx), Limit: AddressAttempts}}
}

func portalAccountKey(email string) limit.Key {
	return limit.Key{Name: "portal:" + HashToken(strings.ToLower(strings.TrimSpace(email))), Limit: AccountAttempts}
}

// PortalKeys are the attempt counters a portal sign-in spends.
func PortalKeys(ctx context.Context, email string) []limit.Key {
	return []limit.Key{portalAccountKey(email), {Name: "portal-addr:" + ClientAddr(ctx), Limit: AddressAttempts}}
}

// VerifyPassword checks pw against hash in a hashing slot; a wrong
// password is ok false, not an error. It fails with Unavailable (ErrBusy)
// when no slot frees in time, and with the context's error when it ends
// first.
func (a *Core) VerifyPassword(ctx context.Context, pw, hash string) (ok bool, err error) {
	err = a.Limits.Hashes.Do(ctx, func() { ok = password.Verify(pw, hash) })
	return ok, err
}

// HashPassword hashes a new password in a hashing slot. It fails with
// Unavailable (ErrBusy) when no slot frees in time, with the context's
// error when it ends first, and Internal when hashing fails.
func (a *Core) HashPassword(ctx context.Context, pw string) (h string, err error) {
	if gateErr := a.Limits.Hashes.Do(ctx, func() { h, err = password.Hash(pw, a.Params) }); gateErr != nil {
		return "", gateErr
	}
	return h, err
}

// DummyHash is checked against when there is no account, so that an
// unknown email costs the same as a wrong password.
func (a *Core) DummyHash() string {
	a.dummyMu.Do(func() { a.dummy = password.DummyHash(a.Params) })
	return a.dummy
}

// StepUp checks a signed-in staff member's password again before a grave
// action (approving an extract, changing one's own password, rotating the
// vault key, changing the vault passphrase, shredding: the list in
// docs/security.md). An admin's changes to other accounts (roles, disabling,
// second factor, password links) do not ask for it: a role that opens notes
// waits for a second administrator instead. It is the one step-up: it
// reads the account afresh (a password changed elsewhere counts, a disabled
// account is refused), and it is throttled by the same limiter as sign-in,
// so a borrowed session cannot guess the password: after five wrong
// passwords in 15 minutes it answers ErrThrottled, and the lock is audited.
// It fails with Unauthorized (ErrBadCredentials) for a wrong or empty
// password, a disabled or deleted account, Throttled (ErrThrottled) while
// locked, and Unavailable (ErrBusy) when the password cannot be checked for
// load.
func (a *Core) StepUp(ctx context.Context, u StaffUser, pw string) error {
	fresh, err := a.DB.UserByID(ctx, u.ID)
	if errors.Is(err, store.ErrNotFound) {
		return ErrBadCredentials
	}
	if err != nil {
		return err
	}
	res, ok := a.Limits.Attempts.Reserve(StaffKeys(ctx, fresh.Email)...)
	if !ok {
		_ = a.DB.Audit(ctx, store.Event{Type: audit.StepupRefused, ActorID: u.ID, Subject: u.ID})
		return ErrThrottled
	}
	if pw == "" {
		res.Release() // nothing typed, nothing guessed
		return ErrBadCredentials
	}
	right, err := a.VerifyPassword(ctx, pw, fresh.PasswordHash)
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

// LimitHashing resizes the hashing gate: n hashes at once, each caller
// waiting up to wait for a slot.
func (a *Core) LimitHashing(n int, wait time.Duration) {
	a.Limits.Hashes = limit.NewGate(n, wait)
}
