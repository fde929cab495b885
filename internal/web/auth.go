package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/app/staff"
)

// withClientAddr gives the app layer the request's client address.
func (s *Server) withClientAddr(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(core.WithClientAddr(r.Context(), clientAddr(r))))
	})
}

// retryAfter tells a client refused for load when to come back.
func (s *Server) retryAfter(w http.ResponseWriter) {
	w.Header().Set("Retry-After", strconv.Itoa(int(s.App.RetryAfter().Seconds()+0.5)))
}

type loginPage struct {
	Email   string
	Message string
	// NeedCode marks the authenticator-code field as the problem.
	NeedCode bool
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if getCurrent(r).TokenHash != "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", s.newView(r, loginPage{}))
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	email := strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
	pw := r.PostForm.Get("password")
	again := func(status int, msg string) {
		s.render(w, r, status, "login", s.newView(r, loginPage{Email: email, Message: msg}))
	}
	if email == "" || pw == "" {
		again(http.StatusUnprocessableEntity, "Enter your email address and password.")
		return
	}
	u, usedRecovery, err := s.App.Staff.SignIn(r.Context(), email, pw, r.PostForm.Get("code"))
	switch {
	case errors.Is(err, core.ErrThrottled):
		again(http.StatusTooManyRequests, "Too many attempts to sign in. Wait 15 minutes and try again, or ask your administrator.")
		return
	case errors.Is(err, core.ErrBusy):
		s.retryAfter(w)
		again(http.StatusServiceUnavailable, "Many people are signing in at this moment. Wait a few seconds and try again.")
		return
	case errors.Is(err, core.ErrBadCredentials):
		// A disabled account gets this same answer: see app.SignIn.
		again(http.StatusUnprocessableEntity, "The email address or password is not right.")
		return
	case errors.Is(err, staff.ErrCodeNeeded), errors.Is(err, staff.ErrCodeWrong), errors.Is(err, staff.ErrCodeReused):
		s.secondFactorFailed(w, r, err, email)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	if usedRecovery {
		s.redirect(w, r, "/account", "recovery-code-used")
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	if err := s.App.Sessions.EndStaffSession(r.Context(), cur.Session); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setCookie(w, r, sessionCookie, "", -1)
	s.redirect(w, r, "/login", "signed-out")
}

// homePage is the signed-in home: what needs attention, then the areas.
type homePage struct {
	Attention []attentionLine
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	items, err := s.App.Attention(r.Context(), cur.actor())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(items) == 0 && cur.actor().Has(access.Counsellor) && !cur.actor().Has(access.Lead) && !cur.actor().Has(access.Admin) {
		http.Redirect(w, r, "/clients", http.StatusSeeOther)
		return
	}
	var p homePage
	for _, it := range items {
		if l, ok := attentionLineOf(it); ok {
			p.Attention = append(p.Attention, l)
		}
	}
	s.render(w, r, http.StatusOK, "home", s.newView(r, p))
}
