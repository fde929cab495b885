// Package web serves Confidant's staff web app: routes (gorilla/mux stays in
// here), middleware for security headers, sessions, CSRF and throttling,
// and one file of handlers per resource. Handlers parse, validate, call the
// app layer, then render or redirect; access decisions come from
// internal/access through the app layer.
package web

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"confidant/internal/app"
	"confidant/internal/fault"
	"confidant/static"

	"github.com/gorilla/mux"
)

// Server is the HTTP side of Confidant. Its dependencies are fields.
type Server struct {
	App     *app.App
	Public  Public // how the world reaches us (publicurl.go); set before serving
	Log     *slog.Logger
	Now     func() time.Time
	pages   *pages
	csrfKey []byte
	handler http.Handler
}

// MaxBody is the largest request body accepted from a signed-in user;
// larger ones get 413.
const MaxBody = 1 << 20

// MaxUpload is the limit for forms that carry a file (a request's original
// document, up to requests.MaxAttachment, plus the form). Only uploadRoutes
// take one, and only after sign-in.
const MaxUpload = 11 << 20

// MaxPublicBody is the limit for forms sent without a session (sign-in,
// setting a password, accepting an invitation, the officer's release
// code): a few fields, never a file.
const MaxPublicBody = 8 << 10

// uploadRoutes are the only paths that accept multipart bodies (POST).
var uploadRoutes = map[string]bool{"/requests": true, "/requests/new/read": true}

// New builds a Server with its routes.
func New(a *app.App, log *slog.Logger) (*Server, error) {
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	s := &Server{App: a, Log: log, Now: a.Now, pages: p, csrfKey: key}
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// access rules for routes: the single table of who may reach what. Finer
// rules (whose client) are decided by internal/access in the app layer.
type rule int

const (
	public   rule = iota // anyone
	signedIn             // any staff member with a session
)

func (s *Server) routes() http.Handler {
	r := mux.NewRouter()
	r.Use(recordRoute)
	r.NotFoundHandler = http.HandlerFunc(s.notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusMethodNotAllowed, "Not allowed", "That action is not available here.")
	})
	handle := func(method, path string, rl rule, h http.HandlerFunc) {
		r.Handle(path, s.guard(method, path, rl, h)).Methods(method)
	}
	r.PathPrefix("/static/").Handler(http.StripPrefix("/static/", staticHandler()))
	handle("GET", "/healthz", public, s.healthz)
	handle("GET", "/login", public, s.loginForm)
	handle("POST", "/login", public, s.login)
	handle("POST", "/logout", enrolling, s.logout)
	s.staffRoutes(handle)
	handle("GET", "/", signedIn, s.home)
	handle("GET", "/clients", counsellorOnly, s.clientList)
	handle("GET", "/clients/new", counsellorOnly, s.clientList)
	handle("POST", "/clients", counsellorOnly, s.clientCreate)
	handle("POST", "/clients/search", counsellorOnly, s.clientSearch)
	handle("GET", "/clients/{id}", signedIn, s.clientShow)
	handle("GET", "/clients/{id}/notes/new", signedIn, s.clientShow)
	handle("POST", "/clients/{id}/notes", signedIn, s.noteCreate)
	handle("GET", "/clients/{id}/notes/{note}/edit", signedIn, s.noteEdit)
	handle("POST", "/clients/{id}/notes/{note}", signedIn, s.noteUpdate)
	handle("POST", "/clients/{id}/notes/{note}/sign", signedIn, s.noteSign)
	handle("POST", "/clients/{id}/notes/{note}/addenda", signedIn, s.addendumCreate)
	handle("POST", "/clients/{id}/requests/{request}/views", signedIn, s.requestViewCreate)
	handle("GET", "/requests", leadOnly, s.requestList)
	handle("GET", "/requests/new", leadOnly, s.requestNew)
	handle("POST", "/requests/new/read", leadOnly, s.requestRead)
	handle("POST", "/requests", leadOnly, s.requestCreate)
	handle("GET", "/requests/{id}", leadOnly, s.requestShow)
	handle("POST", "/requests/{id}/status", leadOnly, s.requestTransition)
	handle("POST", "/requests/{id}/verifications", leadOnly, s.requestVerify)
	handle("GET", "/requests/{id}/attachment", leadOnly, s.requestAttachment)
	handle("GET", "/requests/{id}/letters/{kind}", leadOnly, s.requestLetter)
	handle("GET", "/requests/{id}/extract", leadOnly, s.extractBuilder)
	handle("POST", "/requests/{id}/extract/notes", leadOnly, s.extractChoose)
	handle("GET", "/requests/{id}/extract/notes/{note}", leadOnly, s.extractNote)
	handle("POST", "/requests/{id}/extract/notes/{note}/decisions", leadOnly, s.extractDecide)
	handle("POST", "/requests/{id}/extract/notes/{note}/spans", leadOnly, s.extractAddSpan)
	handle("POST", "/requests/{id}/extract/notes/{note}/spans/remove", leadOnly, s.extractRemoveSpan)
	handle("GET", "/requests/{id}/extract/preview", leadOnly, s.extractPreview)
	handle("POST", "/requests/{id}/extract/versions", leadOnly, s.extractBuild)
	handle("GET", "/requests/{id}/extract/versions/{version}/{file}", leadOnly, s.extractDownload)
	handle("GET", "/clients/{id}/portal-invite", signedIn, s.portalInviteNew)
	handle("POST", "/clients/{id}/portal-invite", signedIn, s.portalInviteSend)
	handle("POST", "/clients/{id}/portal-reset", signedIn, s.portalResetSend)
	handle("POST", "/clients/{id}/portal-email", signedIn, s.portalEmailChange)
	handle("POST", "/clients/{id}/portal-email/decision", signedIn, s.portalEmailDecide)
	handle("POST", "/requests/{id}/approve", leadOnly, s.requestApprove)
	handle("POST", "/requests/{id}/send", leadOnly, s.requestSend)
	handle("POST", "/requests/{id}/lift-hold", leadOnly, s.requestLiftHold)
	handle("POST", "/requests/{id}/consult", leadOnly, s.requestConsult)
	handle("POST", "/requests/{id}/messages", signedIn, s.requestReply)
	handle("GET", "/letters", adminOnly, s.letterTemplates)
	handle("POST", "/letters/{kind}", adminOnly, s.letterTemplateSave)
	handle("GET", "/admin/smtp", adminOnly, s.smtpSettings) // smtp.go
	handle("POST", "/admin/smtp", adminOnly, s.smtpSave)
	handle("POST", "/admin/smtp/test", adminOnly, s.smtpTest)
	s.monitoringRoutes(handle) // monitoring.go, rights.go
	// Outermost first: headers on everything, then body limits, recovery,
	// the session, and CSRF on every state-changing request.
	staff := s.loadSession(s.checkCSRF(r))
	portal := s.portalRoutes()
	// The survivor portal and the officer's download page have their own
	// sessions and never see the staff session.
	split := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if strings.HasPrefix(req.URL.Path, "/portal") || strings.HasPrefix(req.URL.Path, "/d/") {
			portal.ServeHTTP(w, req)
			return
		}
		staff.ServeHTTP(w, req)
	})
	return s.logRequests(s.front(s.secureHeaders(s.recoverPanics(s.limitBody(s.withClientAddr(split))))))
}

func staticHandler() http.Handler {
	fs := http.FileServerFS(static.FS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fs.ServeHTTP(w, r)
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.App.Sessions.Ping(r.Context()); err != nil {
		// Busy is for now, so the monitor may ask again soon; anything
		// else is a fault the operator must see in the log.
		s.logFailure(r, err)
		if fault.CodeOf(err) == fault.Unavailable {
			s.retryAfter(w)
		}
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// Serve answers on ln until ctx ends, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go s.sweep(ctx)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// sweep removes expired sessions and old throttling records.
func (s *Server) sweep(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = s.App.Sessions.SweepSessions(ctx)
			s.App.PruneAttempts()
		}
	}
}
