package web

import (
	"errors"
	"net/http"

	"confidant/internal/app/core"
	"confidant/internal/fault"
)

// Invitation and password-reset links: /set-password?token=… . The token
// rides in the query, not the path, so that it never reaches the logs
// (they record paths only), and Referrer-Policy: no-referrer keeps it off
// other sites. Unknown, used and expired links all get the same 404 page.

type setPasswordPage struct {
	Token string
	Kind  string
	Email string
}

func (s *Server) linkNotValid(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotFound, "This link does not work",
		"The link is not valid: it may have expired or already been used. Ask your administrator for a new one.")
}

func (s *Server) setPasswordForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	info, err := s.App.Staff.PasswordLink(r.Context(), token)
	if errors.Is(err, core.ErrNotFound) {
		s.linkNotValid(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "set_password", s.newView(r, setPasswordPage{Token: token, Kind: info.Kind, Email: info.Email}))
}

func (s *Server) setPassword(w http.ResponseWriter, r *http.Request) {
	token := r.PostForm.Get("token")
	info, err := s.App.Staff.PasswordLink(r.Context(), token)
	if errors.Is(err, core.ErrNotFound) {
		s.linkNotValid(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.App.Staff.UsePasswordLink(r.Context(), token, r.PostForm.Get("password"), r.PostForm.Get("password_confirm"))
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		v := s.newView(r, setPasswordPage{Token: token, Kind: info.Kind, Email: info.Email})
		for k, m := range fe {
			v.Errors[k] = m
		}
		s.render(w, r, http.StatusUnprocessableEntity, "set_password", v)
		return
	case errors.Is(err, core.ErrNotFound):
		s.linkNotValid(w, r)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/login", "password-set")
}
