package web

import (
	"net/http"
	"runtime/debug"
	"strings"
)

// csp allows only our own scripts and styles: no inline script at all.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		// Pages may show personal data: never cache them. Static assets
		// override this.
		h.Set("Cache-Control", "no-store")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=63072000")
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps every body before anything reads it: multipart only on
// the routes that take a file, MaxBody elsewhere. The sessions' CSRF
// checks tighten this to MaxPublicBody for anyone not signed in
// (limitPublicBody), before the form is parsed.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		upload := r.Method == http.MethodPost && uploadRoutes[r.URL.Path]
		limit := int64(MaxBody)
		if upload && isMultipart(r) {
			limit = MaxUpload
		}
		if r.ContentLength > limit {
			s.tooLarge(w, r)
			return
		}
		if isMultipart(r) && !upload {
			s.renderError(w, r, http.StatusUnsupportedMediaType, "Form not accepted", "This form cannot carry a file. Reload the page and try again.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(strings.ToLower(r.Header.Get("Content-Type")), "multipart/")
}

func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusRequestEntityTooLarge, "Too much to send", "What you sent is too large. Shorten it and try again.")
}

// limitPublicBody holds a request without a session to MaxPublicBody and
// no file: whoever is not signed in has only a few fields to send. It
// reports false when it has already answered.
func limitPublicBody(w http.ResponseWriter, r *http.Request) (ok bool) {
	if isMultipart(r) || r.ContentLength > MaxPublicBody {
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxPublicBody)
	return true
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.Error("panic", "route", routeName(r), "panic", v, "stack", string(debug.Stack()))
				s.renderError(w, r, http.StatusInternalServerError, "Something went wrong", "Sorry, something went wrong on our side. Nothing you saved has been lost. Try again.")
			}
		}()
		next.ServeHTTP(w, r)
	})
}
