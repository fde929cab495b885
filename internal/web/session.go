package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/app/sessions"
	"confidant/internal/secret"
)

// Cookie names. The session cookie holds a random token whose SHA-256 is
// the key of the server-side session row; the pre-session cookie carries
// the CSRF secret for the sign-in form, before there is a session.
const (
	sessionCookie    = "confidant_session"
	preSessionCookie = "confidant_presession"
)

type ctxKey int

const currentKey ctxKey = 0

// current is who is signed in on this request, if anyone.
type current struct {
	User      core.StaffUser
	Name      string
	Session   sessions.StaffSession
	TokenHash string
	preCSRF   string
}

func (c *current) actor() access.Actor { return core.Actor(c.User) }

func getCurrent(r *http.Request) *current {
	c, _ := r.Context().Value(currentKey).(*current)
	return c
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	s.putCookie(w, r, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, SameSite: http.SameSiteLaxMode})
}

// loadSession finds the signed-in user from the session cookie, ending
// sessions that are idle or past their absolute limit, or whose user was
// disabled.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cur := &current{}
		if c, err := s.readCookie(r, sessionCookie); err == nil && c.Value != "" && len(c.Value) < 100 {
			sess, u, ok, err := s.App.Sessions.ResumeStaffSession(r.Context(), c.Value)
			if err != nil {
				// Not signed out: the session could not be read (a busy
				// database, say), so the answer is that, and no page runs.
				s.fail(w, r.WithContext(context.WithValue(r.Context(), currentKey, cur)), err)
				return
			}
			if ok {
				cur.User, cur.Session, cur.TokenHash = u, sess, sess.TokenHash
				cur.Name = u.Name
			}
		}
		if cur.TokenHash == "" && r.URL.Path != "/healthz" {
			cur.preCSRF = s.preSessionToken(w, r)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), currentKey, cur)))
	})
}

// preSessionToken gives a visitor without a session a CSRF token bound to a
// random cookie, so that the sign-in form is protected too.
func (s *Server) preSessionToken(w http.ResponseWriter, r *http.Request) string {
	return s.preToken(w, r, preSessionCookie, "", s.setCookie)
}

// preToken reads (or sets, with set) the pre-session cookie name and returns
// the CSRF token bound to it by HMAC; label keeps the staff and portal
// tokens apart.
func (s *Server) preToken(w http.ResponseWriter, r *http.Request, name, label string, set func(http.ResponseWriter, *http.Request, string, string, int)) string {
	v := ""
	if c, err := s.readCookie(r, name); err == nil && len(c.Value) == 43 {
		v = c.Value
	} else {
		v = secret.Token()
		set(w, r, name, v, 0)
	}
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte(label + v))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfToken is the token forms on this request must carry.
func (cur *current) csrfToken() string {
	if cur.TokenHash != "" {
		return cur.Session.CSRFToken
	}
	return cur.preCSRF
}

// checkCSRF refuses state-changing requests that come from another origin
// or lack the form's token (compared in constant time).
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if !sameOrigin(r) {
			s.renderError(w, r, http.StatusForbidden, "Request refused", "This form was sent from another site, so it was refused.")
			return
		}
		cur := getCurrent(r)
		if cur.TokenHash == "" && !limitPublicBody(w, r) {
			s.tooLarge(w, r)
			return
		}
		var err error
		if isMultipart(r) {
			err = r.ParseMultipartForm(MaxUpload)
		} else {
			err = r.ParseForm()
		}
		if err != nil {
			s.formError(w, r, err)
			return
		}
		want := cur.csrfToken()
		got := r.PostForm.Get("csrf_token")
		if want == "" || !secret.Equal(got, want) {
			s.renderError(w, r, http.StatusForbidden, "Request refused", "The form had expired or was not ours. Go back, reload the page and try again.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sameOrigin accepts a request whose Origin (or, failing that, Referer)
// names this host; browsers send one of them on every form POST.
func sameOrigin(r *http.Request) bool {
	src := r.Header.Get("Origin")
	if src == "" || src == "null" {
		src = r.Header.Get("Referer")
	}
	if src == "" {
		// Non-browser clients send neither; the token still protects them.
		return true
	}
	u, err := url.Parse(src)
	if err != nil {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}

// requireUser sends visitors without a session to the sign-in page.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if getCurrent(r).TokenHash == "" {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login", http.StatusSeeOther)
				return
			}
			s.renderError(w, r, http.StatusUnauthorized, "Please sign in", "Your session has ended. Sign in again to continue.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// startSession signs a user in on a fresh token (never reusing one the
// browser already had) and returns the cookie value.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u core.StaffUser) error {
	token, err := s.App.Sessions.StartStaffSession(r.Context(), u, deviceLabel(r.UserAgent()))
	if err != nil {
		return err
	}
	s.setCookie(w, r, sessionCookie, token, 0)
	s.setCookie(w, r, preSessionCookie, "", -1)
	return nil
}

// deviceLabel keeps a coarse description of the browser, not the full
// user-agent string.
func deviceLabel(ua string) string {
	browser, osName := "Browser", "unknown system"
	for _, b := range []string{"Firefox", "Edg", "Chrome", "Safari"} {
		if strings.Contains(ua, b) {
			browser = map[string]string{"Edg": "Edge"}[b]
			if browser == "" {
				browser = b
			}
			break
		}
	}
	for _, o := range []string{"Windows", "Mac OS", "Android", "iPhone", "Linux"} {
		if strings.Contains(ua, o) {
			osName = o
			break
		}
	}
	return browser + " on " + osName
}
