package web

import (
	"net/http"

	"confidant/internal/access"
)

// Rules beyond public and signedIn (server.go), for the staff-account and
// admin routes (issue 5).
const (
	// enrolling: signed in, even while two-step sign-in must still be set
	// up (the enrolment pages and sign-out).
	enrolling rule = iota + 100
	// adminOnly: signed in, enrolled, and an admin; anyone else gets 404.
	adminOnly
	// leadOnly: signed in, enrolled, and a safeguarding lead; anyone else
	// gets 404, as for a page that does not exist.
	leadOnly
)

// rotateRoute is the one request that runs with every other write held
// off: while the vault key changes, nothing may be sealed to the old one.
const rotateRoute = "/admin/keys/rotate"

// guard wraps a route's handler in what its rule requires, and every
// state-changing route in the key-rotation gate.
func (s *Server) guard(method, path string, rl rule, h http.Handler) http.Handler {
	switch rl {
	case signedIn:
		h = s.requireUser(s.requireEnrolled(h))
	case enrolling:
		h = s.requireUser(h)
	case adminOnly:
		h = s.requireUser(s.requireEnrolled(s.requireRole(access.Admin, h)))
	case leadOnly:
		h = s.requireUser(s.requireEnrolled(s.requireRole(access.Lead, h)))
	}
	return s.gateWrites(method, path, h)
}

// requireEnrolled keeps a user who must set up two-step sign-in (the admin
// setting) on the enrolment page until they have.
func (s *Server) requireEnrolled(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.App.Staff.NeedsTOTPEnrolment(getCurrent(r).User) {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
				return
			}
			s.renderError(w, r, http.StatusForbidden, "Set up two-step sign-in first",
				"Your organisation requires two-step sign-in. Set it up on the two-step sign-in page before doing anything else.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireRole answers 404 to anyone without the role, as for a page that
// does not exist.
func (s *Server) requireRole(role access.Role, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !getCurrent(r).actor().Has(role) {
			s.notFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// gateWrites lets state-changing requests run together, but never beside a
// key rotation, which takes the gate for itself.
func (s *Server) gateWrites(method, path string, h http.Handler) http.Handler {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return h
	}
	if path == rotateRoute {
		return h // the rotation takes the gate alone, in the application
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer s.App.Writing()()
		h.ServeHTTP(w, r)
	})
}
