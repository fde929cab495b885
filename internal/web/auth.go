package web

import (
	"errors"
	"net/http"
	"strings"

	"confidant/internal/app"
	"confidant/internal/store"
)

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
	addr := clientAddr(r)
	account := hashToken(email) // the throttle keeps no email in memory either
	again := func(status int, msg string) {
		s.render(w, r, status, "login", s.newView(r, loginPage{Email: email, Message: msg}))
	}
	if s.throttle.blocked(account, addr) {
		_ = s.App.DB.Audit(r.Context(), store.Event{Type: "signin.throttled", ActorID: "anonymous", Subject: account[:16]})
		again(http.StatusTooManyRequests, "Too many attempts to sign in. Wait 15 minutes and try again, or ask your administrator.")
		return
	}
	if email == "" || pw == "" {
		again(http.StatusUnprocessableEntity, "Enter your email address and password.")
		return
	}
	u, err := s.App.Authenticate(r.Context(), email, pw)
	switch {
	case errors.Is(err, app.ErrBadCredentials), errors.Is(err, app.ErrDisabled):
		s.throttle.failed(account, addr)
		subject := account[:16]
		if u.ID != "" {
			subject = u.ID
		}
		_ = s.App.DB.Audit(r.Context(), store.Event{Type: "signin.failure", ActorID: "anonymous", Subject: subject})
		msg := "The email address or password is not right."
		if errors.Is(err, app.ErrDisabled) {
			msg = err.Error()
		}
		again(http.StatusUnprocessableEntity, msg)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	usedRecovery, err := s.App.CheckSecondFactor(r.Context(), u, r.PostForm.Get("code"))
	if err != nil {
		s.secondFactorFailed(w, r, u, err, email, account, addr)
		return
	}
	s.throttle.succeeded(account)
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
	if err := s.App.DB.DeleteSession(r.Context(), cur.TokenHash, &store.Event{Type: "signout", ActorID: cur.User.ID, Subject: cur.User.ID}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setCookie(w, r, sessionCookie, "", -1)
	s.redirect(w, r, "/login", "signed-out")
}

// homePage is the signed-in home: what needs attention, then the areas.
type homePage struct {
	Attention []app.AttentionItem
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	items, err := s.App.Attention(r.Context(), cur.actor())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(items) == 0 && cur.actor().Has("counsellor") && !cur.actor().Has("lead") && !cur.actor().Has("admin") {
		http.Redirect(w, r, "/clients", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "home", s.newView(r, homePage{items}))
}
