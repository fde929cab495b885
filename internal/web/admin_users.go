package web

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/staff"
	"confidant/internal/fault"

	"github.com/gorilla/mux"
)

// roleOption is one role's checkbox.
type roleOption struct {
	Value access.Role
	Label string
}

func roleOptions() []roleOption {
	labels := map[access.Role]string{
		access.Counsellor: "Counsellor: keeps a caseload and writes notes",
		access.Lead:       "Safeguarding lead: handles police requests",
		access.Admin:      "Administrator: manages staff, settings and keys (sees no notes)",
	}
	all := access.AllRoles()
	out := make([]roleOption, len(all))
	for i, r := range all {
		out[i] = roleOption{r, labels[r]}
	}
	return out
}

type adminUsersPage struct {
	Users []staff.Member
	Form  staff.InviteForm
	Roles []roleOption
	Now   time.Time
}

// HasRole reports whether the form as typed ticks role.
func (f adminUsersPage) HasRole(r access.Role) bool {
	for _, x := range f.Form.Roles {
		if x == string(r) {
			return true
		}
	}
	return false
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	s.showAdminUsers(w, r, http.StatusOK, staff.InviteForm{}, nil)
}

func (s *Server) showAdminUsers(w http.ResponseWriter, r *http.Request, status int, f staff.InviteForm, errs map[string]string) {
	cur := getCurrent(r)
	us, err := s.App.Staff.ListStaff(r.Context(), cur.actor())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, adminUsersPage{Users: us, Form: f, Roles: roleOptions(), Now: s.Now()})
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "admin_users", v)
}

type linkPage struct {
	Kind    string
	Email   string
	URL     string
	UserID  string
	Expires time.Time
}

// adminInvite creates an invited account. The link is shown in this
// answer, once: only its hash is stored, so it cannot be shown again.
func (s *Server) adminInvite(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	f := staff.InviteForm{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Roles: r.PostForm["roles"]}
	token, id, err := s.App.Staff.Invite(r.Context(), cur.actor(), f)
	fe := fault.FieldsOf(err)
	if fe != nil {
		s.showAdminUsers(w, r, http.StatusUnprocessableEntity, f, fe)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showLink(w, r, id, staff.InviteTTL, "invite", token)
}

func (s *Server) showLink(w http.ResponseWriter, r *http.Request, userID string, ttl time.Duration, kind, token string) {
	u, err := s.App.Staff.StaffMember(r.Context(), getCurrent(r).actor(), userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_link", s.newView(r, linkPage{
		Kind: kind, Email: u.Email, UserID: userID, Expires: s.Now().Add(ttl),
		URL: s.baseURL(r) + "/set-password?token=" + url.QueryEscape(token),
	}))
}

type adminUserPage struct {
	U       staff.Member
	Roles   []roleOption
	Self    bool
	Now     time.Time
	Pending []pendingGrant // grants for this user waiting for approval
}

// pendingGrant is a grant waiting for approval, and whether the admin
// looking may decide it (the buttons are shown only then).
type pendingGrant struct {
	staff.Grant
	MayDecide bool
}

func (s *Server) adminUser(w http.ResponseWriter, r *http.Request) {
	s.showAdminUser(w, r, http.StatusOK, nil)
}

func (s *Server) showAdminUser(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) {
	cur := getCurrent(r)
	u, err := s.App.Staff.StaffMember(r.Context(), cur.actor(), mux.Vars(r)["id"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	gs, err := s.App.Staff.PendingGrants(r.Context(), cur.actor())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := adminUserPage{U: u, Roles: roleOptions(), Self: u.ID == cur.User.ID, Now: s.Now()}
	for _, g := range gs {
		if g.UserID == u.ID {
			p.Pending = append(p.Pending, pendingGrant{Grant: g, MayDecide: g.DecidableBy(cur.User.ID)})
		}
	}
	v := s.newView(r, p)
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "admin_user", v)
}

// adminResult answers one of the user page's actions: back to the page
// with a confirmation, the page again with the problem (the last admin:
// 409), or the usual failure.
func (s *Server) adminResult(w http.ResponseWriter, r *http.Request, err error, flash string) {
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil && fault.CodeOf(err) == fault.Conflict:
		s.showAdminUser(w, r, http.StatusConflict, fe)
	case fe != nil:
		s.showAdminUser(w, r, http.StatusUnprocessableEntity, fe)
	case errors.Is(err, staff.ErrGrantPending):
		s.redirect(w, r, "/admin/users/"+mux.Vars(r)["id"], "role-pending")
	case errors.Is(err, staff.ErrLastAdmin):
		s.showAdminUser(w, r, http.StatusConflict, map[string]string{"roles": "This is the last active administrator, so they cannot be disabled or lose the administrator role. Make someone else an administrator first."})
	case errors.Is(err, staff.ErrLinkDisabled):
		s.showAdminUser(w, r, http.StatusConflict, map[string]string{"link": "This account is disabled. Re-enable it before sending a link."})
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/admin/users/"+mux.Vars(r)["id"], flash)
	}
}

func (s *Server) adminSetRoles(w http.ResponseWriter, r *http.Request) {
	err := s.App.Staff.SetRoles(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"], r.PostForm["roles"])
	s.adminResult(w, r, err, "roles-changed")
}

// adminDecideGrant is a second administrator's decision on a grant of a
// role that opens notes.
func (s *Server) adminDecideGrant(w http.ResponseWriter, r *http.Request) {
	approve := r.PostForm.Get("decision") == "approve"
	err := s.App.Staff.DecideGrant(r.Context(), getCurrent(r).actor(), mux.Vars(r)["grant"], approve)
	flash := "role-refused"
	if approve {
		flash = "roles-changed"
	}
	s.adminResult(w, r, err, flash)
}

func (s *Server) adminDisable(w http.ResponseWriter, r *http.Request) {
	err := s.App.Staff.SetDisabled(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"], true)
	s.adminResult(w, r, err, "user-disabled")
}

func (s *Server) adminEnable(w http.ResponseWriter, r *http.Request) {
	err := s.App.Staff.SetDisabled(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"], false)
	s.adminResult(w, r, err, "user-enabled")
}

func (s *Server) adminResetTOTP(w http.ResponseWriter, r *http.Request) {
	err := s.App.Staff.ResetTOTP(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"])
	s.adminResult(w, r, err, "totp-reset")
}

func (s *Server) adminEndSessions(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	id := mux.Vars(r)["id"]
	if _, err := s.App.Staff.StaffMember(r.Context(), cur.actor(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	_, err := s.App.Staff.EndSessions(r.Context(), cur.actor(), id, "")
	s.adminResult(w, r, err, "sessions-ended")
}

func (s *Server) adminNewLink(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	token, kind, err := s.App.Staff.NewPasswordLink(r.Context(), getCurrent(r).actor(), id)
	if err != nil {
		s.adminResult(w, r, err, "")
		return
	}
	ttl := staff.ResetTTL
	if kind == "invite" {
		ttl = staff.InviteTTL
	}
	s.showLink(w, r, id, ttl, kind, token)
}

func (s *Server) adminRevokeLink(w http.ResponseWriter, r *http.Request) {
	err := s.App.Staff.RevokeLinks(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"])
	s.adminResult(w, r, err, "link-revoked")
}
