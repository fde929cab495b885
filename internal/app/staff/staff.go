package staff

import (
	"context"
	"errors"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/casefile"
	"confidant/internal/emails"
	"confidant/internal/fault"
	"confidant/internal/password"
	"confidant/internal/secret"
	"confidant/internal/store"
)

// How long links stay good. An invitation may wait over a weekend; a
// password reset is for now.
const (
	InviteTTL = 72 * time.Hour
	ResetTTL  = 24 * time.Hour
)

// Errors of the admin screens.
var (
	// ErrLastAdmin refuses to leave the vault without an active admin.
	ErrLastAdmin = store.ErrLastAdmin
	// ErrLinkDisabled: no link for a disabled account; re-enable it first.
	ErrLinkDisabled = fault.New(fault.Conflict, "This account is disabled: re-enable it before sending a link.")
)

// Member is one staff account as an administrator knows it: who, with
// which roles, in what state, and its newest invitation or reset link.
type Member struct {
	ID       string
	Email    string
	Name     string
	Roles    access.Roles
	Disabled bool
	Pending  bool
	HasTOTP  bool
	Sessions int
	// The newest invitation or reset link, if any: its kind ("" for
	// none), when it stops working, and whether it still works now.
	LinkKind    string
	LinkExpires time.Time
	LinkLive    bool
	CreatedAt   time.Time
}

// ListStaff lists every staff account for an admin. It fails with NotFound
// when the actor may not manage users.
func (a *Service) ListStaff(ctx context.Context, actor access.Actor) ([]Member, error) {
	if !access.CanManageUsers(actor) {
		return nil, core.ErrNotFound
	}
	ss, err := a.core.DB.ListStaff(ctx)
	if err != nil {
		return nil, err
	}
	counts, err := a.core.DB.SessionCounts(ctx)
	if err != nil {
		return nil, err
	}
	links, err := a.core.DB.LatestPasswordTokens(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Member, len(ss))
	for i, s := range ss {
		out[i] = a.member(s, counts[s.ID], links[s.ID])
	}
	return out, nil
}

// StaffMember is one account for an admin. It fails with NotFound when the
// actor may not manage users or there is no such account.
func (a *Service) StaffMember(ctx context.Context, actor access.Actor, id string) (Member, error) {
	if !access.CanManageUsers(actor) || !store.ValidID(id) {
		return Member{}, core.ErrNotFound
	}
	s, err := a.core.DB.StaffByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Member{}, core.ErrNotFound
	}
	if err != nil {
		return Member{}, err
	}
	counts, err := a.core.DB.SessionCounts(ctx)
	if err != nil {
		return Member{}, err
	}
	links, err := a.core.DB.LatestPasswordTokens(ctx)
	if err != nil {
		return Member{}, err
	}
	return a.member(s, counts[s.ID], links[s.ID]), nil
}

func (a *Service) member(s store.StaffMember, sessions int, link store.PasswordToken) Member {
	r := Member{
		ID: s.ID, Email: s.Email, Name: a.core.UserName(s.User), Roles: s.Roles,
		Disabled: s.Disabled, Pending: s.Pending, HasTOTP: s.HasTOTP, Sessions: sessions,
		CreatedAt: s.CreatedAt,
	}
	if link.TokenHash != "" {
		r.LinkKind = link.Kind
		r.LinkExpires = link.ExpiresAt
		r.LinkLive = link.UsedAt.IsZero() && a.core.Now().Before(r.LinkExpires)
	}
	return r
}

// InviteForm is the invitation form as typed.
type InviteForm struct {
	Email string
	Name  string
	Roles []string
}

// cleanStaff validates an email, a name and roles.
func cleanStaff(f InviteForm) (InviteForm, access.Roles, core.FieldErrors) {
	errs := core.FieldErrors{}
	if email, ok := core.CleanEmail(strings.ToLower(f.Email)); ok {
		f.Email = email
	} else {
		errs["email"] = "Enter an email address, like name@example.org."
	}
	name, problem := casefile.CleanPersonName(f.Name)
	switch problem {
	case "":
		f.Name = name
	case casefile.NameMissing:
		errs["name"] = "Enter the person's name."
	default:
		errs["name"] = problem
	}
	roles, roleErr := parseRoles(f.Roles)
	if roleErr != "" {
		errs["roles"] = roleErr
	}
	if len(errs) > 0 {
		return f, roles, errs
	}
	return f, roles, nil
}

// parseRoles reads the roles ticked on a form; the message says what is
// wrong with them, "" for nothing.
func parseRoles(names []string) (access.Roles, string) {
	if len(names) == 0 {
		return access.Roles{}, "Choose at least one role."
	}
	var rs access.Roles
	for _, name := range names {
		r := access.Role(name)
		if !r.Valid() {
			return access.Roles{}, "Choose roles from the list."
		}
		rs = rs.With(r)
	}
	return rs, ""
}

// newLinkToken returns a token for a link (256 random bits) and the SHA-256
// that is all the database keeps of it.
func newLinkToken() (token, hash string) {
	token = secret.Token()
	return token, secret.Hash(token)
}

// HashLinkToken is how a link's token is looked up.
func HashLinkToken(token string) string { return secret.Hash(token) }

// Invite creates a pending account and returns the token for its
// invitation link, which the admin passes on (email comes later). The
// account cannot sign in until the link is used to set a password. It
// fails with NotFound when the actor may not manage users, and Invalid (with
// field messages) when the email, name or roles are wrong or an account has
// that email already.
func (a *Service) Invite(ctx context.Context, actor access.Actor, f InviteForm) (token, userID string, err error) {
	if !access.CanManageUsers(actor) {
		return "", "", core.ErrNotFound
	}
	f, roles, errs := cleanStaff(f)
	if errs != nil {
		return "", "", fault.InvalidFields(errs)
	}
	if _, err := a.core.DB.UserByEmail(ctx, f.Email); err == nil {
		return "", "", fault.InvalidFields(core.FieldErrors{"email": "A user with that email address already exists."})
	}
	nameEnc, err := a.core.Keys.SealToVault([]byte(f.Name))
	if err != nil {
		return "", "", err
	}
	// The password hash is of a random secret that is thrown away, so a
	// pending account costs a sign-in attempt the same argon2 work as any.
	unusable, _ := newLinkToken()
	ph, err := a.core.HashPassword(ctx, unusable)
	if err != nil {
		return "", "", err
	}
	token, hash := newLinkToken()
	now := a.core.Now()
	u := store.User{Email: f.Email, NameEnc: nameEnc, PasswordHash: ph, Roles: roles}
	t := store.PasswordToken{TokenHash: hash, Kind: store.TokenInvite, CreatedBy: actor.UserID, CreatedAt: now, ExpiresAt: now.Add(InviteTTL)}
	err = a.core.DB.InviteUser(ctx, &u, t, store.Event{Type: audit.UserInvite, ActorID: actor.UserID, Detail: "roles=" + u.Roles.String()})
	if errors.Is(err, store.ErrConflict) {
		return "", "", fault.InvalidFields(core.FieldErrors{"email": "A user with that email address already exists."})
	}
	if err != nil {
		return "", "", err
	}
	return token, u.ID, nil
}

// NewPasswordLink issues a fresh link for an account: a new invitation for
// one still pending, else a password reset. Earlier unused links stop
// working. Using a reset link ends every session of the user. It fails with
// NotFound when the actor may not manage users or there is no such account,
// and Conflict (ErrLinkDisabled) when the account is disabled.
func (a *Service) NewPasswordLink(ctx context.Context, actor access.Actor, userID string) (token, kind string, err error) {
	s, err := a.StaffMember(ctx, actor, userID)
	if err != nil {
		return "", "", err
	}
	if s.Disabled {
		return "", "", ErrLinkDisabled
	}
	kind, ttl := store.TokenReset, ResetTTL
	if s.Pending {
		kind, ttl = store.TokenInvite, InviteTTL
	}
	token, hash := newLinkToken()
	now := a.core.Now()
	t := store.PasswordToken{TokenHash: hash, UserID: userID, Kind: kind, CreatedBy: actor.UserID, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if err := a.core.DB.AddPasswordToken(ctx, t, store.Event{Type: audit.UserLink, ActorID: actor.UserID, Subject: userID, Detail: "kind=" + kind}); err != nil {
		return "", "", err
	}
	return token, kind, nil
}

// RevokeLinks voids a user's unused invitation or reset links. It fails
// with NotFound when the actor may not manage users or there is no such
// account.
func (a *Service) RevokeLinks(ctx context.Context, actor access.Actor, userID string) error {
	if _, err := a.StaffMember(ctx, actor, userID); err != nil {
		return err
	}
	return a.core.DB.VoidPasswordTokens(ctx, userID, store.Event{Type: audit.UserLinkRevoke, ActorID: actor.UserID, Subject: userID})
}

// Link is a live invitation or reset link: its kind ("invite" or
// "reset") and the email address of the account it sets a password for.
type Link struct {
	Kind  string
	Email string
}

// PasswordLink looks up a live link. Unknown, used and expired links are
// all core.ErrNotFound, so the page cannot be used to probe which existed.
// It checks no actor: the token is the right to use the link. It fails with
// NotFound for a link that is malformed, unknown, used or expired.
func (a *Service) PasswordLink(ctx context.Context, token string) (Link, error) {
	if token == "" || len(token) > 100 {
		return Link{}, core.ErrNotFound
	}
	t, err := a.core.DB.LivePasswordToken(ctx, HashLinkToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return Link{}, core.ErrNotFound
	}
	if err != nil {
		return Link{}, err
	}
	u, err := a.core.DB.UserByID(ctx, t.UserID)
	if err != nil {
		return Link{}, err
	}
	return Link{Kind: t.Kind, Email: u.Email}, nil
}

// checkNewPassword applies the password policy to a new password typed
// twice; errors are keyed by the form's field names.
func checkNewPassword(pw, confirm string) core.FieldErrors {
	if err := password.Check(pw); err != nil {
		return core.FieldErrors{"password": core.PasswordMessage(err)}
	}
	if pw != confirm {
		return core.FieldErrors{"password_confirm": "The two passwords are not the same."}
	}
	return nil
}

// UsePasswordLink sets the password of the link's account, activating an
// invited account, and ends every session the account had. It checks no
// actor: the token is the right to use the link. It fails with NotFound for
// a link that is malformed, unknown, used or expired (also when it was used
// meanwhile), and Invalid (with field messages) when the new password breaks
// the policy or the two typed differ.
func (a *Service) UsePasswordLink(ctx context.Context, token, pw, confirm string) error {
	if _, err := a.PasswordLink(ctx, token); err != nil {
		return err
	}
	if errs := checkNewPassword(pw, confirm); errs != nil {
		return fault.InvalidFields(errs)
	}
	h, err := a.core.HashPassword(ctx, pw)
	if err != nil {
		return err
	}
	_, err = a.core.DB.UsePasswordToken(ctx, HashLinkToken(token), h, store.Event{Type: audit.UserPasswordSet})
	if errors.Is(err, store.ErrNotFound) {
		return core.ErrNotFound
	}
	return err
}

// ChangePassword lets a signed-in user change their own password after
// typing the current one; their other sessions end. It fails with Invalid
// (with field messages) when the current password is not right, the new one
// breaks the policy or the two typed differ, and Throttled after too many
// wrong passwords (the step-up's limiter, shared with sign-in).
func (a *Service) ChangePassword(ctx context.Context, u core.StaffUser, current, pw, confirm, keepSession string) error {
	if err := a.core.StepUp(ctx, u, current); errors.Is(err, core.ErrBadCredentials) {
		return fault.InvalidFields(core.FieldErrors{"current_password": "Your current password is not right."})
	} else if err != nil {
		return err
	}
	if errs := checkNewPassword(pw, confirm); errs != nil {
		return fault.InvalidFields(errs)
	}
	h, err := a.core.HashPassword(ctx, pw)
	if err != nil {
		return err
	}
	return a.core.DB.ChangePassword(ctx, u.ID, h, keepSession, store.Event{Type: audit.UserPasswordChange, ActorID: u.ID, Subject: u.ID})
}

// SetDisabled disables or re-enables an account. Disabling ends all its
// sessions and voids its links; the last active admin cannot be disabled.
// It fails with NotFound when the actor may not manage users or there is no
// such account, and Conflict (ErrLastAdmin) when it would leave no active
// administrator.
func (a *Service) SetDisabled(ctx context.Context, actor access.Actor, userID string, disabled bool) error {
	if _, err := a.StaffMember(ctx, actor, userID); err != nil {
		return err
	}
	ev := store.Event{Type: audit.UserEnable, ActorID: actor.UserID, Subject: userID}
	if disabled {
		ev.Type = audit.UserDisable
	}
	return a.core.DB.SetUserDisabled(ctx, userID, disabled, ev)
}

// SetRoles replaces an account's roles with those ticked on the form; the
// last active admin keeps theirs. A newly ticked role that opens notes
// waits for a second administrator when there is one: the other roles are
// saved and it returns ErrGrantPending (Conflict), which says so rather than
// reports a failure. It fails with NotFound when the actor may not manage
// users or there is no such account, Invalid (with a message on the "roles"
// field) when no role or an unknown one is ticked or the actor gives
// themself a role that opens notes, and Conflict (ErrLastAdmin) when it
// would leave no active administrator.
func (a *Service) SetRoles(ctx context.Context, actor access.Actor, userID string, ticked []string) error {
	if _, err := a.StaffMember(ctx, actor, userID); err != nil {
		return err
	}
	roles, msg := parseRoles(ticked)
	if msg != "" {
		return fault.InvalidFields(core.FieldErrors{"roles": msg})
	}
	u, err := a.core.DB.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	// A role that opens clients' notes is never self-granted, and where a
	// second administrator exists it waits for their approval.
	var now access.Roles
	var waiting []access.Role
	for _, r := range roles.List() {
		if !opensNotes(r) || u.HasRole(r) {
			now = now.With(r)
			continue
		}
		if userID == actor.UserID {
			if n, err := a.core.DB.OtherActiveAdmins(ctx, userID); err == nil && n == 0 && u.HasRole(access.Admin) && !roles.Has(access.Admin) {
				return ErrLastAdmin
			}
			_ = a.core.DB.Audit(ctx, store.Event{Type: audit.UserRoleRefused, ActorID: actor.UserID, Subject: userID, Detail: "role=" + string(r) + " self-grant"})
			return fault.InvalidFields(core.FieldErrors{"roles": "You cannot give yourself a role that opens clients' notes. Ask another administrator."})
		}
		waiting = append(waiting, r)
	}
	// A second administrator is one who is neither the proposer nor the
	// grantee (who may be an administrator too).
	others, err := a.core.DB.OtherActiveAdmins(ctx, actor.UserID)
	if err != nil {
		return err
	}
	if u.HasRole(access.Admin) && !u.Disabled {
		others--
	}
	if others <= 0 {
		now, waiting = now.With(waiting...), nil
	}
	if err := a.core.DB.SetUserRoles(ctx, userID, now, store.Event{Type: audit.UserRoles, ActorID: actor.UserID, Subject: userID, Detail: "roles=" + now.String()}); err != nil {
		return err
	}
	for _, r := range waiting {
		if err := a.core.DB.ProposeGrant(ctx, &store.RoleGrant{UserID: userID, Role: r, RequestedBy: actor.UserID}); err != nil {
			return err
		}
	}
	for _, r := range roles.List() {
		if opensNotes(r) && !u.HasRole(r) {
			a.notifyAdmins(ctx, u, r, len(waiting) > 0)
		}
	}
	if len(waiting) > 0 {
		return ErrGrantPending
	}
	return nil
}

// ErrGrantPending says a grant was recorded and waits for a second
// administrator.
var ErrGrantPending = fault.New(fault.Conflict, "The role waits for another administrator's approval.")

// opensNotes reports whether a role lets its holder read clients' notes.
func opensNotes(role access.Role) bool { return role == access.Counsellor || role == access.Lead }

// notifyAdmins emails every administrator that a role opening notes was
// granted or proposed: nothing personal, a link to the user's page.
func (a *Service) notifyAdmins(ctx context.Context, grantee store.User, role access.Role, pending bool) {
	us, err := a.core.DB.ListUsers(ctx)
	if err != nil {
		return
	}
	m := emails.RoleGranted(role, pending, emails.Link(a.core.BaseURL, "/admin/users/"+grantee.ID), a.core.ProviderName(ctx))
	for _, u := range us {
		if !u.Disabled && u.HasRole(access.Admin) {
			_ = a.core.QueueMail(ctx, u.Email, m.Subject, m.Text, "role.grant", grantee.ID)
		}
	}
}

// Grant is a role that opens notes, proposed for a staff account and
// waiting for a second administrator: RequestedBy is the proposer's name,
// RequestedByID their id.
type Grant struct {
	ID, UserID                 string
	RequestedByID, RequestedBy string
	Role                       access.Role
	At                         time.Time
}

// DecidableBy reports whether userID may approve or refuse the grant:
// anyone but its proposer and its grantee (the store enforces it again).
func (g Grant) DecidableBy(userID string) bool {
	return g.RequestedByID != userID && g.UserID != userID
}

// PendingGrants lists the grants waiting for a second administrator. It
// fails with NotFound when the actor may not manage users.
func (a *Service) PendingGrants(ctx context.Context, actor access.Actor) ([]Grant, error) {
	if !access.CanManageUsers(actor) {
		return nil, core.ErrNotFound
	}
	gs, err := a.core.DB.PendingGrants(ctx)
	if err != nil {
		return nil, err
	}
	names := a.core.NameCache(ctx)
	out := make([]Grant, 0, len(gs))
	for _, g := range gs {
		out = append(out, Grant{ID: g.ID, UserID: g.UserID, Role: g.Role, RequestedByID: g.RequestedBy, RequestedBy: names(g.RequestedBy), At: g.CreatedAt})
	}
	return out, nil
}

// DecideGrant is a second administrator's approval or refusal of a grant;
// neither its proposer nor its grantee may decide it. It fails with
// NotFound when the actor may not manage users or there is no such grant,
// and Conflict (with a message on the "roles" field) when the actor proposed
// it or is its grantee, or it was decided already.
func (a *Service) DecideGrant(ctx context.Context, actor access.Actor, grantID string, approve bool) error {
	if !access.CanManageUsers(actor) || !store.ValidID(grantID) {
		return core.ErrNotFound
	}
	g, err := a.core.DB.GrantByID(ctx, grantID)
	if err != nil {
		return err // store.ErrNotFound is NotFound already
	}
	err = a.core.DB.DecideGrant(ctx, grantID, actor.UserID, approve)
	if errors.Is(err, store.ErrStale) {
		return &fault.Error{Code: fault.Conflict, Fields: core.FieldErrors{"roles": "Another administrator must decide this (not the one who proposed it, nor its holder), and only once."}}
	}
	if err != nil {
		return err
	}
	if approve {
		if u, err := a.core.DB.UserByID(ctx, g.UserID); err == nil {
			a.notifyAdmins(ctx, u, g.Role, false)
		}
	}
	return nil
}

// EndSessions signs a user out everywhere: the user themself, or an admin
// for anyone. except keeps one session (the caller's own) alive; "" ends
// them all. It returns how many ended. It fails with NotFound when the
// actor is neither the user nor may manage users, or the id is malformed.
func (a *Service) EndSessions(ctx context.Context, actor access.Actor, userID, except string) (int, error) {
	if actor.UserID != userID && !access.CanManageUsers(actor) {
		return 0, core.ErrNotFound
	}
	if !store.ValidID(userID) {
		return 0, core.ErrNotFound
	}
	return a.core.DB.DeleteUserSessions(ctx, userID, except, store.Event{Type: audit.SessionsEnd, ActorID: actor.UserID, Subject: userID})
}

// Session is one of a user's live sessions: the browser it is, when it
// began and was last used, and whether it is the one asking.
type Session struct {
	Device   string
	Started  time.Time
	LastSeen time.Time
	Current  bool
}

// Sessions lists a user's own live sessions; currentHash marks the one
// asking. It fails with NotFound when userID is not the actor's own (not
// even an administrator sees another's devices).
func (a *Service) Sessions(ctx context.Context, actor access.Actor, userID, currentHash string) ([]Session, error) {
	if actor.UserID == "" || actor.UserID != userID {
		return nil, core.ErrNotFound
	}
	ss, err := a.core.DB.SessionsByUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	set := a.core.Settings()
	now := a.core.Now()
	out := make([]Session, 0, len(ss))
	for _, s := range ss {
		last, started := s.LastSeen, s.CreatedAt
		if s.TokenHash != currentHash && core.SessionExpired(now, started, last, s.ExpiresAt, set.IdleTimeout, set.AbsoluteTimeout) {
			continue // timed out; removed at its next use
		}
		out = append(out, Session{Device: s.Device, Started: started, LastSeen: last, Current: s.TokenHash == currentHash})
	}
	return out, nil
}
