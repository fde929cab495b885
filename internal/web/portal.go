package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"confidant/internal/app/core"
	"confidant/internal/app/portal"
	"confidant/internal/app/sessions"
	"confidant/internal/extract"
	"confidant/internal/fault"
	"confidant/internal/secret"
	"confidant/internal/words"

	"github.com/gorilla/mux"
)

// The survivor portal lives under /portal/ with its own cookie, its own
// session table and its own pages: nothing of the staff area is reachable
// from it, and it shows no staff data. Every page carries the quick-exit
// control (templates/portal_layout.html, static/portal.js).
const (
	portalCookie    = "confidant_portal_sid"
	portalPreCookie = "confidant_portal_pre"
	// DefaultExitURL is the neutral site the quick exit goes to.
	DefaultExitURL = sessions.DefaultExitURL
)

type portalCurrent struct {
	Account   core.PortalAccount
	Session   sessions.PortalSession
	TokenHash string
	pre       string
}

type portalKey struct{}

func getPortal(r *http.Request) *portalCurrent {
	c, _ := r.Context().Value(portalKey{}).(*portalCurrent)
	if c == nil {
		return &portalCurrent{}
	}
	return c
}

func (c *portalCurrent) csrf() string {
	if c.TokenHash != "" {
		return c.Session.CSRFToken
	}
	return c.pre
}

// portalCookie sets a cookie scoped to the portal (or, for the officer's
// download page, to /d/), never sent to the staff area.
func (s *Server) portalCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	path := "/portal/"
	if strings.HasPrefix(r.URL.Path, "/d/") {
		path = "/d/"
	}
	s.putCookie(w, r, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge, SameSite: http.SameSiteStrictMode})
}

// loadPortal finds the client's session, ending it when idle or too old.
func (s *Server) loadPortal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cur := &portalCurrent{}
		if c, err := s.readCookie(r, portalCookie); err == nil && len(c.Value) == 43 {
			sess, acc, ok, err := s.App.Sessions.ResumePortalSession(r.Context(), c.Value)
			if err != nil {
				// Not signed out: the session could not be read (a busy
				// database, say), so the answer is that, and no page runs.
				s.portalFail(w, r.WithContext(context.WithValue(r.Context(), portalKey{}, cur)), err)
				return
			}
			if ok {
				cur.Account, cur.Session, cur.TokenHash = acc, sess, sess.TokenHash
			}
		}
		if cur.TokenHash == "" {
			cur.pre = s.preToken(w, r, portalPreCookie, "portal:", s.portalCookie)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), portalKey{}, cur)))
	})
}

func (s *Server) portalCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		if !sameOrigin(r) {
			s.portalError(w, r, http.StatusForbidden, "This did not work", "The form came from another website, so we did not accept it.")
			return
		}
		if getPortal(r).TokenHash == "" && !limitPublicBody(w, r) {
			s.portalError(w, r, http.StatusRequestEntityTooLarge, "Too much to send", "What you sent was too long. Please make it shorter.")
			return
		}
		if err := r.ParseForm(); err != nil {
			s.portalError(w, r, http.StatusRequestEntityTooLarge, "Too much to send", "What you sent was too long. Please make it shorter.")
			return
		}
		want := getPortal(r).csrf()
		if want == "" || !secret.Equal(r.PostForm.Get("csrf_token"), want) {
			s.portalError(w, r, http.StatusForbidden, "This page had expired", "Please go back, reload the page and try again.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) requireClient(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if getPortal(r).TokenHash == "" {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/portal/login", http.StatusSeeOther)
				return
			}
			s.portalError(w, r, http.StatusUnauthorized, "Please sign in again", "You were signed out. Sign in again to carry on.")
			return
		}
		next(w, r)
	})
}

// portalRoutes are the client's pages and the officer's download page.
func (s *Server) portalRoutes() http.Handler {
	r := mux.NewRouter()
	r.Use(recordRoute)
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/d/") {
			s.downloadGone(w, r)
			return
		}
		s.portalError(w, r, http.StatusNotFound, "Page not found", "There is nothing here.")
	})
	pub := func(method, path string, h http.HandlerFunc) { r.Handle(path, h).Methods(method) }
	priv := func(method, path string, h http.HandlerFunc) { r.Handle(path, s.requireClient(h)).Methods(method) }
	pub("GET", "/portal/login", s.portalLoginForm)
	pub("POST", "/portal/login", s.portalLogin)
	pub("GET", "/portal/exit", s.portalExit)
	pub("GET", "/portal/leaving", s.portalLeaving)
	pub("GET", "/portal/rights", s.portalRights)
	pub("GET", "/portal/invite/{token}", s.portalInviteForm)
	pub("POST", "/portal/invite/{token}", s.portalInviteAccept)
	priv("GET", "/portal/", s.portalHome)
	priv("GET", "/portal/requests/{id}", s.portalRequest)
	priv("POST", "/portal/requests/{id}/decision", s.portalDecide)
	priv("POST", "/portal/requests/{id}/messages", s.portalWrite)
	priv("GET", "/portal/requests/{id}/extract.pdf", s.portalExtractPDF)
	priv("GET", "/portal/history", s.portalHistory)
	priv("POST", "/portal/logout", s.portalLogout)
	r.Handle("/portal", http.RedirectHandler("/portal/", http.StatusSeeOther))
	pub("GET", "/d/{token}", s.downloadForm)
	pub("POST", "/d/{token}", s.download)
	return s.loadPortal(s.portalCSRF(r))
}

// portalView is what every portal page gets.
type portalView struct {
	SignedIn bool
	// Name is the portal's neutral name (the service's identity), the
	// only name a client's screen shows.
	Name   string
	CSRF   string
	Errors map[string]string
	Flash  string
	Data   any
}

var portalFlash = map[string]string{
	"agreed":    "Thank you. We have recorded that you agree. You can change your mind until it is sent.",
	"refused":   "Thank you. We have recorded that you said no. Nothing will be shared.",
	"talk":      "Thank you. We have told the service that you want to talk first. Nothing will be shared while you decide.",
	"written":   "Your message was sent. We will answer you here.",
	"withdrawn": "You have taken back your agreement. Nothing will be sent unless you agree again.",
	"welcome":   "Your password is set. Welcome.",
}

func (s *Server) portalRender(w http.ResponseWriter, r *http.Request, status int, page string, data any, errs map[string]string) {
	cur := getPortal(r)
	v := portalView{SignedIn: cur.TokenHash != "", Name: s.App.Identity(r.Context()).PortalName, CSRF: cur.csrf(), Errors: errs, Data: data}
	if v.Errors == nil {
		v.Errors = map[string]string{}
	}
	if c, err := s.readCookie(r, "confidant_portal_flash"); err == nil {
		v.Flash = portalFlash[c.Value]
		s.putCookie(w, r, &http.Cookie{Name: "confidant_portal_flash", Value: "", Path: "/portal/", MaxAge: -1})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderAny(w, status, page, v)
}

func (s *Server) portalRedirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		s.putCookie(w, r, &http.Cookie{Name: "confidant_portal_flash", Value: flash, Path: "/portal/", MaxAge: 10, SameSite: http.SameSiteStrictMode})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) portalError(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	s.portalRender(w, r, status, "portal_error", errorPage{title, msg}, nil)
}

type portalLoginPage struct {
	Email, Message string
}

func (s *Server) portalLoginForm(w http.ResponseWriter, r *http.Request) {
	if getPortal(r).TokenHash != "" {
		http.Redirect(w, r, "/portal/", http.StatusSeeOther)
		return
	}
	s.portalRender(w, r, http.StatusOK, "portal_login", portalLoginPage{}, nil)
}

func (s *Server) portalLogin(w http.ResponseWriter, r *http.Request) {
	email := strings.TrimSpace(r.PostForm.Get("email"))
	pw := r.PostForm.Get("password")
	again := func(status int, msg string) {
		s.portalRender(w, r, status, "portal_login", portalLoginPage{Email: email, Message: msg}, nil)
	}
	if email == "" || pw == "" {
		again(http.StatusUnprocessableEntity, "Enter your email address and your password.")
		return
	}
	acc, err := s.App.Portal.Authenticate(r.Context(), email, pw)
	switch {
	case errors.Is(err, core.ErrThrottled):
		again(http.StatusTooManyRequests, "Too many attempts to sign in. Please wait 15 minutes and try again.")
		return
	case errors.Is(err, core.ErrBusy):
		s.retryAfter(w)
		again(http.StatusServiceUnavailable, "Many people are signing in at this moment. Please wait a few seconds and try again.")
		return
	case errors.Is(err, core.ErrBadCredentials):
		again(http.StatusUnprocessableEntity, "The email address or password is not right. Please try again.")
		return
	}
	if err != nil {
		s.portalFail(w, r, err)
		return
	}
	token, err := s.App.Sessions.StartPortalSession(r.Context(), acc)
	if err != nil {
		s.portalError(w, r, http.StatusInternalServerError, "Something went wrong", "Sorry, something went wrong on our side. Please try again.")
		return
	}
	s.portalCookie(w, r, portalCookie, token, 0)
	s.portalCookie(w, r, portalPreCookie, "", -1)
	http.Redirect(w, r, "/portal/", http.StatusSeeOther)
}

func (s *Server) endPortalSession(w http.ResponseWriter, r *http.Request) {
	if cur := getPortal(r); cur.TokenHash != "" {
		_ = s.App.Sessions.EndPortalSession(r.Context(), cur.Session)
	}
	s.portalCookie(w, r, portalCookie, "", -1)
}

// portalExit is the quick exit: end the session (if any) and go to the
// neutral site. It is a GET so that a plain link works without JavaScript.
func (s *Server) portalExit(w http.ResponseWriter, r *http.Request) {
	s.endPortalSession(w, r)
	// Every portal cookie goes, the pre-sign-in one too, and the browser
	// is asked to drop what it cached of the portal.
	s.portalCookie(w, r, portalPreCookie, "", -1)
	w.Header().Set("Clear-Site-Data", `"cache", "cookies"`)
	http.Redirect(w, r, s.exitURL(r.Context()), http.StatusSeeOther)
}

func (s *Server) exitURL(ctx context.Context) string {
	return s.App.Sessions.PortalExitURL(ctx)
}

func (s *Server) portalLeaving(w http.ResponseWriter, r *http.Request) {
	s.portalRender(w, r, http.StatusOK, "portal_leaving", nil, nil)
}

func (s *Server) portalLogout(w http.ResponseWriter, r *http.Request) {
	s.endPortalSession(w, r)
	http.Redirect(w, r, "/portal/login", http.StatusSeeOther)
}

type inviteForm struct {
	Token string
	Reset bool // a new password for her existing account
}

func (s *Server) portalInviteForm(w http.ResponseWriter, r *http.Request) {
	token := mux.Vars(r)["token"]
	isNew, err := s.App.Portal.InviteValid(r.Context(), token)
	if err != nil {
		s.portalError(w, r, http.StatusNotFound, "This link does not work", portal.ErrInviteInvalid.Message)
		return
	}
	s.portalRender(w, r, http.StatusOK, "portal_invite", inviteForm{token, !isNew}, nil)
}

func (s *Server) portalInviteAccept(w http.ResponseWriter, r *http.Request) {
	token := mux.Vars(r)["token"]
	_, err := s.App.Portal.AcceptInvite(r.Context(), token, r.PostForm.Get("password"), r.PostForm.Get("confirm"))
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		isNew, _ := s.App.Portal.InviteValid(r.Context(), token)
		s.portalRender(w, r, http.StatusUnprocessableEntity, "portal_invite", inviteForm{token, !isNew}, fe)
		return
	case errors.Is(err, portal.ErrInviteInvalid):
		s.portalError(w, r, http.StatusNotFound, "This link does not work", portal.ErrInviteInvalid.Message)
		return
	case err != nil:
		s.portalFail(w, r, err)
		return
	}
	s.portalRedirect(w, r, "/portal/login", "welcome")
}

type portalHomePage struct {
	Requests []clientRequest
}

// clientRequest is one request in the client's words.
type clientRequest struct {
	ID, Reference, Force, Asking, WhatFor, Topic, Law, Stage string
	ReceivedOn                                               string
	Compulsory                                               bool
	Extract                                                  *extract.Layout // what the officer would get, line for line
	ExtractSHA256                                            string
	ExtractSummary                                           string
	HasExtract                                               bool
	Decision                                                 string // agree, refuse, talk, withdraw or ""
	DecisionForCurrent                                       bool
	CanDecide                                                bool
	CanWithdraw                                              bool
	Sent                                                     []clientSent
}

// clientSent is one sending, as the client's history tells it.
type clientSent struct {
	When, To, What string
	Downloaded     bool
	DownloadedOn   string
	Expires        string
}

const lawSentence = "The police can only ask for counselling notes in writing, with a good reason and a senior officer's approval, and they must tell you. We will not share anything without asking you first."
const courtSentence = "A court has ordered these notes. The court can make us share them even if you say no, but we still check what is shared and tell you about it."

// clientRequestOf puts a request into the client's words.
func clientRequestOf(p portal.Request) clientRequest {
	c := clientRequest{ID: p.ID, Reference: p.Reference, Force: p.Force, Asking: p.Requester, WhatFor: p.InformationSought, Topic: p.Topic,
		Law: lawSentence, Stage: p.Status.ForClient(p.Compulsory), ReceivedOn: p.ReceivedOn, Compulsory: p.Compulsory,
		ExtractSHA256: p.ExtractSHA256, ExtractSummary: p.ExtractSummary, HasExtract: p.HasExtract, Decision: p.Decision,
		DecisionForCurrent: p.DecisionForCurrent, CanDecide: p.CanDecide(), CanWithdraw: p.CanWithdraw()}
	if p.Compulsory {
		c.Law = courtSentence
	}
	if p.Extract != nil {
		l := p.Extract.Layout()
		c.Extract = &l
	}
	for _, d := range p.Sent {
		cs := clientSent{When: words.Time(d.At), To: strings.TrimSpace(p.Requester + ", " + p.Force), What: d.Summary, Expires: words.Date(d.Expires)}
		if !d.DownloadedAt.IsZero() {
			cs.Downloaded, cs.DownloadedOn = true, words.Date(d.DownloadedAt)
		}
		c.Sent = append(c.Sent, cs)
	}
	return c
}

// clientRequests lists the client's requests in her words.
func (s *Server) clientRequests(r *http.Request) ([]clientRequest, error) {
	rs, err := s.App.Portal.Requests(r.Context(), getPortal(r).Account)
	if err != nil {
		return nil, err
	}
	out := make([]clientRequest, len(rs))
	for i, p := range rs {
		out[i] = clientRequestOf(p)
	}
	return out, nil
}

func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) {
	rs, err := s.clientRequests(r)
	if err != nil {
		s.portalFail(w, r, err)
		return
	}
	s.portalRender(w, r, http.StatusOK, "portal_home", portalHomePage{rs}, nil)
}

func (s *Server) portalRequest(w http.ResponseWriter, r *http.Request) {
	s.showPortalRequest(w, r, http.StatusOK, nil)
}

// portalRequestPage is one request for the client, with her thread.
type portalRequestPage struct {
	clientRequest
	Thread []portal.Message
}

func (s *Server) showPortalRequest(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) {
	acc := getPortal(r).Account
	p, err := s.App.Portal.RequestDetail(r.Context(), acc, mux.Vars(r)["id"])
	if err != nil {
		s.portalFail(w, r, err)
		return
	}
	t, err := s.App.Portal.Thread(r.Context(), acc, p.ID)
	if err != nil {
		s.portalFail(w, r, err)
		return
	}
	s.portalRender(w, r, status, "portal_request", portalRequestPage{clientRequestOf(p), t}, errs)
}

// portalWrite is the client's own message about a request.
func (s *Server) portalWrite(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	err := s.App.Portal.Write(r.Context(), getPortal(r).Account, id, r.PostForm.Get("message"))
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		s.showPortalRequest(w, r, http.StatusUnprocessableEntity, map[string]string{"write": fe["message"]})
		return
	case err != nil:
		s.portalFail(w, r, err)
		return
	}
	s.portalRedirect(w, r, "/portal/requests/"+id+"#messages", "written")
}

// portalExtractPDF sends the client the very PDF she is asked about.
func (s *Server) portalExtractPDF(w http.ResponseWriter, r *http.Request) {
	pdf, name, err := s.App.Portal.ExtractPDF(r.Context(), getPortal(r).Account, mux.Vars(r)["id"])
	if err != nil {
		s.portalFail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(pdf)
}

func (s *Server) portalDecide(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	decision := r.PostForm.Get("decision")
	err := s.App.Portal.Decide(r.Context(), getPortal(r).Account, id, decision, r.PostForm.Get("extract_sha256"), r.PostForm.Get("message"))
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		s.showPortalRequest(w, r, refusedStatus(err), fe)
		return
	case errors.Is(err, portal.ErrExtractChanged):
		s.showPortalRequest(w, r, http.StatusConflict, map[string]string{"decision": err.Error()})
		return
	case err != nil:
		s.portalFail(w, r, err)
		return
	}
	flash := map[string]string{"agree": "agreed", "refuse": "refused", "talk": "talk", "withdraw": "withdrawn"}[decision]
	s.portalRedirect(w, r, "/portal/requests/"+id, flash)
}

func (s *Server) portalHistory(w http.ResponseWriter, r *http.Request) {
	rs, err := s.clientRequests(r)
	if err != nil {
		s.portalFail(w, r, err)
		return
	}
	s.portalRender(w, r, http.StatusOK, "portal_history", portalHomePage{rs}, nil)
}
