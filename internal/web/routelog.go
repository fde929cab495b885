package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gorilla/mux"
)

// Logs name a request by its route pattern ("/d/{token}"), never by its
// path: a path can hold a download or invitation token, and a log is read
// by more people, and kept longer, than the links were meant for.

type routeKey struct{}

// routeSlot is filled in by the router once it has matched, so that
// middleware outside the router (the request log, the panic log) can name
// the route too.
type routeSlot struct{ pattern string }

// logRequests is the outermost middleware: it makes the slot, and logs one
// line per request with the route pattern, the status and the time taken.
// No address, query string or path is logged.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		slot := &routeSlot{}
		r = r.WithContext(context.WithValue(r.Context(), routeKey{}, slot))
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(sw, r)
		s.Log.Info("request", "method", r.Method, "route", routeName(r), "status", sw.status, "ms", time.Since(start).Milliseconds())
	})
}

// recordRoute is router middleware: it runs after a match and records the
// matched route's template.
func recordRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if slot, ok := r.Context().Value(routeKey{}).(*routeSlot); ok {
			if rt := mux.CurrentRoute(r); rt != nil {
				if tpl, err := rt.GetPathTemplate(); err == nil {
					slot.pattern = tpl
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// routeName is the matched route's pattern, safe to log; "(no route)" when
// nothing matched (the path is not logged even then).
func routeName(r *http.Request) string {
	if slot, ok := r.Context().Value(routeKey{}).(*routeSlot); ok && slot.pattern != "" {
		return slot.pattern
	}
	return "(no route)"
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
