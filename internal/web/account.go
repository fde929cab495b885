package web

import (
	"net/http"

	"confidant/internal/access"
	"confidant/internal/app/staff"
	"confidant/internal/fault"
)

// The account page: a signed-in user's own two-step sign-in, sessions and
// password.

type accountPage struct {
	Email    string
	Roles    []access.Role
	TOTP     staff.SecondFactor
	Sessions []staff.Session
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	s.showAccount(w, r, http.StatusOK, nil)
}

// showAccount renders the account page; errs are shown beside the fields
// of whichever form failed. Passwords are never put back into a form.
func (s *Server) showAccount(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) {
	cur := getCurrent(r)
	st, err := s.App.Staff.SecondFactor(r.Context(), cur.actor(), cur.User.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ss, err := s.App.Staff.Sessions(r.Context(), cur.actor(), cur.User.ID, cur.TokenHash)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, accountPage{Email: cur.User.Email, Roles: cur.User.Roles.List(), TOTP: st, Sessions: ss})
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "account", v)
}

// endOtherSessions signs the user out everywhere but here.
func (s *Server) endOtherSessions(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	if _, err := s.App.Staff.EndSessions(r.Context(), cur.actor(), cur.User.ID, cur.TokenHash); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account#sessions", "sessions-ended")
}

// endAllSessions signs the user out everywhere, here included.
func (s *Server) endAllSessions(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	if _, err := s.App.Staff.EndSessions(r.Context(), cur.actor(), cur.User.ID, ""); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setCookie(w, r, sessionCookie, "", -1)
	s.redirect(w, r, "/login", "signed-out-everywhere")
}

// changePassword: the current password, then the new one twice.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	f := r.PostForm
	err := s.App.Staff.ChangePassword(r.Context(), cur.User, f.Get("current_password"), f.Get("password"), f.Get("password_confirm"), cur.TokenHash)
	fe := fault.FieldsOf(err)
	if fe != nil {
		s.showAccount(w, r, http.StatusUnprocessableEntity, fe)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/account", "password-changed")
}
