package web

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"confidant/internal/app"
	"confidant/internal/app/core"
	"confidant/internal/app/disclosure"
	"confidant/internal/app/portal"
	"confidant/internal/app/staff"
	"confidant/internal/fault"
)

// Every kind of failure gets the status the handlers and their tests rely
// on, wrapped or not, and what the page says is the failure's own words,
// except for an internal fault, whose cause never reaches the page.
func TestEachFaultCodeAnswersItsStatus(t *testing.T) {
	leak := errors.New("sqlite3: database disk image is malformed at /srv/confidant/confidant.db")
	cases := []struct {
		name   string
		err    error
		status int
	}{
		{"stale form", fmt.Errorf("move: %w", app.ErrStale), http.StatusConflict},
		{"signed note", app.ErrSigned, http.StatusConflict},
		{"last admin", staff.ErrLastAdmin, http.StatusConflict},
		{"settings changed", core.ErrSettingsChanged, http.StatusConflict},
		{"not found", core.ErrNotFound, http.StatusNotFound},
		{"link gone", disclosure.ErrLinkGone, http.StatusNotFound},
		{"invite used", portal.ErrInviteInvalid, http.StatusNotFound},
		{"form fields", fault.InvalidFields(core.FieldErrors{"email": "Enter an email address."}), http.StatusUnprocessableEntity},
		{"bad credentials", core.ErrBadCredentials, http.StatusUnprocessableEntity},
		{"wrong code", staff.ErrCodeWrong, http.StatusUnprocessableEntity},
		{"throttled", core.ErrThrottled, http.StatusTooManyRequests},
		{"hashing busy", core.ErrBusy, http.StatusServiceUnavailable},
		{"database busy", fmt.Errorf("%w: %v", app.ErrDBBusy, leak), http.StatusServiceUnavailable},
		{"disk full", fmt.Errorf("%w: %v", app.ErrFull, leak), http.StatusInsufficientStorage},
		{"read-only", app.ErrReadOnly, http.StatusInsufficientStorage},
		{"internal", fmt.Errorf("list clients: %w", leak), http.StatusInternalServerError},
	}
	for _, c := range cases {
		for _, who := range []audience{forStaff, forClient} {
			a := answerTo(c.err, who)
			if a.status != c.status {
				t.Errorf("%s: status %d, want %d", c.name, a.status, c.status)
			}
			if a.title == "" || a.message == "" {
				t.Errorf("%s: empty page %+v", c.name, a)
			}
			if strings.Contains(a.message, "sqlite3") || strings.Contains(a.message, "/srv/") {
				t.Errorf("%s: the page shows the cause: %q", c.name, a.message)
			}
		}
	}
	if got := answerTo(staff.ErrLastAdmin, forStaff).message; !strings.Contains(got, "last active administrator") {
		t.Errorf("a refusal's own words are not on the page: %q", got)
	}
}

// Only what an operator must put right is logged: a refusal is an answer
// to the person, not a fault.
func TestOnlyInternalFaultsAndAFullDiskAreLogged(t *testing.T) {
	cases := []struct {
		err    error
		logged bool
	}{
		{app.ErrStale, false},
		{core.ErrNotFound, false},
		{fault.InvalidField("body", "Write the note before saving it."), false},
		{core.ErrBadCredentials, false},
		{core.ErrThrottled, false},
		{app.ErrDBBusy, false},
		{app.ErrFull, true},
		{errors.New("boom"), true},
	}
	for _, c := range cases {
		var buf bytes.Buffer
		s := &Server{Log: slog.New(slog.NewTextHandler(&buf, nil))}
		s.logFailure(httptest.NewRequest("GET", "/", nil), c.err)
		if got := buf.Len() > 0; got != c.logged {
			t.Errorf("%v: logged %t, want %t: %s", c.err, got, c.logged, buf.String())
		}
	}
}
