package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"confidant/internal/access"
	"confidant/internal/app/requests"
	"confidant/internal/extract"
	"confidant/internal/request"
	"confidant/internal/words"
	"confidant/templates"
)

// pages are the templates, parsed once at start: each page is the layout
// plus its own file.
type pages struct {
	byName map[string]*template.Template
}

var funcs = template.FuncMap{
	"add":           func(a, b int) int { return a + b },
	"sub":           func(a, b int) int { return a - b },
	"field":         formField,
	"fieldOpts":     formFieldOpts,
	"verdictLabel":  words.Verdict,
	"statusLabel":   statusLabel,
	"reasonLabel":   extract.ReasonLabel,
	"decisionLabel": words.Answer,
	"longDate":      words.Time,
	// The words package: codes into plain English, dates in words.
	"kindLabel":     words.Kind,
	"followUpLabel": words.FollowUp,
	"channelLabel":  words.Channel,
	"noticeLabel":   words.Notice,
	"noticeToLabel": words.NoticeTo,
	"groundLabel":   words.Ground,
	"findingTitle":  words.Finding,
	"roleLabel":     roleLabel,
	"eventLabel":    words.EventName,
	"redactionKind": words.Redaction,
	"day":           words.Day,
	"period":        words.Period,
	"when":          words.Time,
	"date":          words.Date,
	"plural":        words.Plural,
	"findingURL":    requests.FindingURL,
	"callOutcome":   words.CallOutcome,
	"lower":         strings.ToLower,
	"staffName":     words.StaffName,
}

// statusLabel is a request's status in words, for the templates.
func statusLabel(s request.Status) string { return words.Status(string(s)) }

// roleLabel is a staff role's name, for the templates.
func roleLabel(r access.Role) string { return words.Role(string(r)) }

// formInput is what the form-field templates need for one field.
type formInput struct {
	Name, Label, Value, Help, Err string
	Options                       []request.Option
}

func formField(v view, name, label, value, help string) formInput {
	return formInput{Name: name, Label: label, Value: value, Help: help, Err: v.Errors[name]}
}

func formFieldOpts(v view, name, label, value string, opts []request.Option, help string) formInput {
	f := formField(v, name, label, value, help)
	f.Options = opts
	return f
}

func loadPages() (*pages, error) {
	names, err := fs.Glob(templates.FS, "*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range names {
		if n == "layout.html" || n == "portal_layout.html" {
			continue
		}
		// Portal pages have their own layout: the quick exit on every
		// page, and nothing of the staff area.
		layout := "layout.html"
		if strings.HasPrefix(n, "portal_") {
			layout = "portal_layout.html"
		}
		t, err := template.New(n).Funcs(funcs).ParseFS(templates.FS, layout, n)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", n, err)
		}
		p.byName[strings.TrimSuffix(n, ".html")] = t
	}
	return p, nil
}

// userView is what the layout knows of the signed-in user.
type userView struct {
	ID         string
	Name       string
	Counsellor bool
	Lead       bool
	Admin      bool
}

// view is the data every page gets; Data is the page's own typed struct.
type view struct {
	User   *userView
	CSRF   string
	Flash  string
	Errors map[string]string
	Data   any
	// Service is the service's name for the page footer.
	Service string
}

func (s *Server) newView(r *http.Request, data any) view {
	v := view{Data: data, Errors: map[string]string{}}
	cur := getCurrent(r)
	if cur == nil {
		return v
	}
	if cur.TokenHash != "" {
		v.Service = s.App.Identity(r.Context()).Name
	}
	v.CSRF = cur.csrfToken()
	if cur.TokenHash != "" {
		a := cur.actor()
		v.User = &userView{ID: cur.User.ID, Name: cur.Name, Counsellor: a.Has(access.Counsellor), Lead: a.Has(access.Lead), Admin: a.Has(access.Admin)}
	}
	if c, err := s.readCookie(r, "confidant_flash"); err == nil {
		v.Flash = flashMessages[c.Value]
	}
	return v
}

// flashMessages are the confirmations a redirect may carry; the cookie
// holds only the key, never user content.
var flashMessages = map[string]string{
	"client-added":           "Client added.",
	"note-saved":             "Draft note saved.",
	"note-signed":            "Note signed. It can no longer be changed; add an addendum to correct it.",
	"addendum":               "Addendum added.",
	"signed-out":             "You have signed out.",
	"request-recorded":       "Request recorded and checked.",
	"request-moved":          "Request status updated.",
	"verification-recorded":  "Call-back recorded.",
	"view-sent":              "Your view has been passed to the safeguarding lead.",
	"letter-saved":           "Letter template saved.",
	"rights-saved":           "Rights leaflet saved. Clients now see the new text.",
	"threshold-saved":        "Small-number threshold saved.",
	"extract-saved":          "Saved.",
	"invite-sent":            "Invitation sent. The link works once and expires in 3 days.",
	"approved":               "Extract approved. You can now send it.",
	"hold-lifted":            "The serious-harm hold is lifted. The client sees the request once you choose to consult her.",
	"client-consulted":       "The client can now see this request in her portal. She has been sent a neutral message.",
	"reply-sent":             "Your reply is in the client's portal. She has been sent a neutral message.",
	"reset-sent":             "A link to set a new password was sent to the address the client gave for her portal.",
	"email-change-requested": "The change of address waits for a second safeguarding lead to approve it.",
	"email-changed":          "The client's portal address was changed. Her old address was told.",
	"extract-built":          "A new extract version was built. Any consent or approval of an earlier version no longer counts.",
	// Staff accounts and the key lifecycle (issue 5).
	"recovery-code-used":    "You signed in with a recovery code. It will not work again; check below how many you have left.",
	"sessions-ended":        "Signed out of the other sessions.",
	"signed-out-everywhere": "You have signed out everywhere.",
	"password-changed":      "Password changed. Your other sessions have ended.",
	"password-set":          "Your password is set. Sign in with it now.",
	"roles-changed":         "Roles changed. Every administrator has been emailed about any role that opens clients' notes.",
	"role-pending":          "Saved. A role that opens clients' notes waits for another administrator's approval; every administrator has been emailed.",
	"role-refused":          "The role was not granted.",
	"user-disabled":         "Account disabled. Every session of theirs has ended.",
	"user-enabled":          "Account re-enabled.",
	"totp-reset":            "Two-step sign-in reset. Their sessions have ended; they set it up again at their next sign-in.",
	"link-revoked":          "The link no longer works.",
	"settings-saved":        "Settings saved.",
	"smtp-saved":            "Mail settings saved. Messages waiting in the outbox are being sent now.",
	"smtp-test-queued":      "Test email queued. It should arrive within a minute; if not, the outbox below shows the last problem.",
	"key-rotated":           "The vault key was rotated: every client key is now wrapped to the new key.",
	"passphrase-changed":    "The vault passphrase was changed. Use the new one the next time the server starts.",
	"client-shredded":       "The client's records were shredded. Their notes can no longer be read by anyone.",
}

// redirect answers 303 with an optional confirmation.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		s.putCookie(w, r, &http.Cookie{Name: "confidant_flash", Value: flash, Path: "/", MaxAge: 10, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	t, ok := s.pages.byName[page]
	if !ok {
		s.Log.Error("unknown template", "page", page)
		http.Error(w, "Something went wrong.", http.StatusInternalServerError)
		return
	}
	if v.Flash != "" {
		s.putCookie(w, r, &http.Cookie{Name: "confidant_flash", Value: "", Path: "/", MaxAge: -1})
	}
	s.execute(w, status, t, page, v)
}

// renderAny renders a page with any data (the portal and download pages,
// which have their own view types).
func (s *Server) renderAny(w http.ResponseWriter, status int, page string, data any) {
	t, ok := s.pages.byName[page]
	if !ok {
		s.Log.Error("unknown template", "page", page)
		http.Error(w, "Something went wrong.", http.StatusInternalServerError)
		return
	}
	s.execute(w, status, t, page, data)
}

func (s *Server) execute(w http.ResponseWriter, status int, t *template.Template, page string, data any) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.Log.Error("render", "page", page, "err", err)
		http.Error(w, "Something went wrong.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type errorPage struct{ Title, Message string }

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	if getCurrent(r) == nil {
		// Before the session middleware: render without user data.
		r = r.WithContext(r.Context())
	}
	s.render(w, r, status, "error", s.newView(r, errorPage{title, msg}))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotFound, "Page not found", "There is nothing here, or you do not have access to it.")
}

// formError answers a body that could not be read: too large is 413.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.renderError(w, r, http.StatusRequestEntityTooLarge, "Too much to send", "What you sent is too large. Shorten it and try again.")
		return
	}
	s.renderError(w, r, http.StatusBadRequest, "Could not read the form", "The form could not be read. Reload the page and try again.")
}
