package sessions

import (
	"context"
	"errors"
	"strings"
	"time"

	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/secret"
	"confidant/internal/store"
)

// Sessions, staff and portal alike, are an application service with one
// resume policy: a session ends when it is past its absolute limit or idle
// too long, and opens nothing for a disabled account. The web layer holds
// only the cookie; everything it knows of a session comes from here.

// StaffSession is a staff member's session as the web layer carries it for
// the length of a request.
type StaffSession struct {
	TokenHash string // identifies "this device" among the user's sessions
	UserID    string
	CSRFToken string
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
	Device    string
}

func staffSessionOf(s store.Session) StaffSession {
	return StaffSession{TokenHash: s.TokenHash, UserID: s.UserID, CSRFToken: s.CSRFToken,
		CreatedAt: s.CreatedAt, LastSeen: s.LastSeen, ExpiresAt: s.ExpiresAt, Device: s.Device}
}

// PortalSession is a client's portal session.
type PortalSession struct {
	TokenHash string
	AccountID string
	CSRFToken string
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
}

func portalSessionOf(s store.PortalSession) PortalSession {
	return PortalSession{TokenHash: s.TokenHash, AccountID: s.AccountID, CSRFToken: s.CSRFToken,
		CreatedAt: s.CreatedAt, LastSeen: s.LastSeen, ExpiresAt: s.ExpiresAt}
}

// Portal session limits: shorter than staff ones, because a survivor may be
// on a shared or watched device.
const (
	PortalIdle     = 20 * time.Minute
	PortalAbsolute = 8 * time.Hour
)

// touchEvery is how often a session's last activity is written: at most
// once a minute, in the background, so a busy database never holds up a
// page for it.
const touchEvery = 60

// ResumeStaffSession finds the session a cookie's token opens, ending it
// when it is idle or too old; ok is false for no usable session (unknown,
// ended, or its user disabled or gone). A database that cannot answer is not
// "no session", which would sign the person out: it is an error (Unavailable
// when busy), and ok is false with it.
func (a *Service) ResumeStaffSession(ctx context.Context, token string) (sess StaffSession, u core.StaffUser, ok bool, err error) {
	th := secret.Hash(token)
	row, err := a.core.DB.SessionByTokenHash(ctx, th)
	if errors.Is(err, store.ErrNotFound) {
		return StaffSession{}, core.StaffUser{}, false, nil
	}
	if err != nil {
		return StaffSession{}, core.StaffUser{}, false, err
	}
	sess = staffSessionOf(row)
	now, set := a.core.Now(), a.core.Settings()
	if core.SessionExpired(now, sess.CreatedAt, sess.LastSeen, sess.ExpiresAt, set.IdleTimeout, set.AbsoluteTimeout) {
		_ = a.core.DB.DeleteSession(ctx, th, nil)
		return sess, core.StaffUser{}, false, nil
	}
	user, err := a.core.DB.UserByID(ctx, sess.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return sess, core.StaffUser{}, false, nil
	}
	if err != nil {
		return StaffSession{}, core.StaffUser{}, false, err
	}
	if user.Disabled {
		return sess, core.StaffUserOf(user), false, nil
	}
	if now.Unix()-sess.LastSeen.Unix() >= touchEvery {
		go func() { _ = a.core.DB.TouchSession(context.Background(), th, now) }()
	}
	return sess, a.core.StaffUserWithName(user), true, nil
}

// StartStaffSession signs a user in on a fresh token (never one the browser
// already had) and returns the token for the cookie. It trusts that u has
// just signed in. It has no failure of its own.
func (a *Service) StartStaffSession(ctx context.Context, u core.StaffUser, device string) (string, error) {
	token, now := secret.Token(), a.core.Now()
	sess := store.Session{
		TokenHash: secret.Hash(token), UserID: u.ID, CSRFToken: secret.Token(),
		CreatedAt: now, LastSeen: now,
		ExpiresAt: now.Add(a.core.Settings().AbsoluteTimeout),
		Device:    device,
	}
	if err := a.core.DB.CreateSession(ctx, sess, &store.Event{Type: audit.SignIn, ActorID: u.ID, Subject: u.ID}); err != nil {
		return "", err
	}
	return token, nil
}

// EndStaffSession signs a staff member out of one session; one already
// ended is no failure. It has no failure of its own.
func (a *Service) EndStaffSession(ctx context.Context, sess StaffSession) error {
	return a.core.DB.DeleteSession(ctx, sess.TokenHash, &store.Event{Type: audit.SignOut, ActorID: sess.UserID, Subject: sess.UserID})
}

// ResumePortalSession is ResumeStaffSession for the client's portal: ok is
// false for no usable session, and a database that cannot answer is an
// error (Unavailable when busy), never "no session".
func (a *Service) ResumePortalSession(ctx context.Context, token string) (sess PortalSession, acc core.PortalAccount, ok bool, err error) {
	th := secret.Hash(token)
	row, err := a.core.DB.PortalSessionByTokenHash(ctx, th)
	if errors.Is(err, store.ErrNotFound) {
		return PortalSession{}, core.PortalAccount{}, false, nil
	}
	if err != nil {
		return PortalSession{}, core.PortalAccount{}, false, err
	}
	sess = portalSessionOf(row)
	now := a.core.Now()
	if core.SessionExpired(now, sess.CreatedAt, sess.LastSeen, sess.ExpiresAt, PortalIdle, PortalAbsolute) {
		_ = a.core.DB.DeletePortalSession(ctx, th)
		return sess, core.PortalAccount{}, false, nil
	}
	account, err := a.core.DB.PortalAccountByID(ctx, sess.AccountID)
	if errors.Is(err, store.ErrNotFound) {
		return sess, core.PortalAccount{}, false, nil
	}
	if err != nil {
		return PortalSession{}, core.PortalAccount{}, false, err
	}
	if account.Disabled {
		return sess, core.PortalAccountOf(account), false, nil
	}
	if now.Unix()-sess.LastSeen.Unix() >= touchEvery {
		go func() { _ = a.core.DB.TouchPortalSession(context.Background(), th, now) }()
	}
	return sess, core.PortalAccountOf(account), true, nil
}

// StartPortalSession signs a client in on a fresh token. It trusts that acc
// has just signed in. It has no failure of its own.
func (a *Service) StartPortalSession(ctx context.Context, acc core.PortalAccount) (string, error) {
	token, now := secret.Token(), a.core.Now()
	sess := store.PortalSession{TokenHash: secret.Hash(token), AccountID: acc.ID, CSRFToken: secret.Token(),
		CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(PortalAbsolute)}
	if err := a.core.DB.CreatePortalSession(ctx, sess); err != nil {
		return "", err
	}
	return token, nil
}

// EndPortalSession ends one portal session; one already ended is no
// failure. It has no failure of its own.
func (a *Service) EndPortalSession(ctx context.Context, sess PortalSession) error {
	return a.core.DB.DeletePortalSession(ctx, sess.TokenHash)
}

// SweepSessions removes sessions past their end. It has no failure of its
// own.
func (a *Service) SweepSessions(ctx context.Context) error {
	return a.core.DB.DeleteExpiredSessions(ctx, a.core.Now())
}

// Ping checks the database answers, for the health check. It has no
// failure of its own: a busy database is Unavailable, and one that cannot
// be read at all Internal.
func (a *Service) Ping(ctx context.Context) error { return a.core.DB.Ping(ctx) }

// DefaultExitURL is where the quick exit goes unless a setting says
// otherwise: a neutral page.
const DefaultExitURL = "https://www.bbc.co.uk/weather"

// PortalExitURL is the neutral site the quick exit leads to:
// DefaultExitURL when none is set, it is not https, or it cannot be read.
func (a *Service) PortalExitURL(ctx context.Context) string {
	if v, err := a.core.DB.GetMeta(ctx, "portal_exit_url"); err == nil && strings.HasPrefix(v, "https://") {
		return v
	}
	return DefaultExitURL
}
