package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// setIdentity has an admin save the service's details.
func setIdentity(t *testing.T, e *testEnv, form url.Values) {
	t.Helper()
	admin := e.browser()
	admin.signIn("admin@example.org")
	admin.get("/admin/identity")
	if form.Get("version") == "" {
		form.Set("version", "0")
	}
	if code, loc, page := admin.post("/admin/identity", form); code != http.StatusSeeOther || loc != "/admin/identity" {
		t.Fatalf("save identity: %d %s\n%s", code, loc, page)
	}
}

func northtown() url.Values {
	return url.Values{"name": {"Northtown Rape Crisis"}, "address": {"1 Example Street\nNorthtown\nNT1 1AA"},
		"phone": {"01632 960 000"}, "email": {"office@example.org"}, "signature": {"Safeguarding lead"}, "portal_name": {"Appointments"}}
}

func TestServiceDetailsAppearOnStaffPagesAndLettersButNotThePortal(t *testing.T) {
	e := newTestEnv(t)
	setIdentity(t, e, northtown())
	_, lead, _, req := setupRequest(t, e, compliantRequest)
	if _, page := lead.get("/requests"); !strings.Contains(page, "Northtown Rape Crisis") {
		t.Error("the staff footer does not name the service")
	}
	_, letter := lead.get(req + "/letters/acknowledgement")
	for _, want := range []string{"Northtown Rape Crisis", "1 Example Street", "01632 960 000", "office@example.org"} {
		if !strings.Contains(letter, want) {
			t.Errorf("the letter lacks %q", want)
		}
	}
	anon := e.browser()
	_, login := anon.get("/portal/login")
	if strings.Contains(login, "Rape Crisis") || !strings.Contains(login, "<title>Sign in – Appointments</title>") {
		t.Errorf("the portal names the service or lacks its neutral name:\n%s", login)
	}
}

func TestServiceDetailsAreValidatedAndVersioned(t *testing.T) {
	e := newTestEnv(t)
	admin := e.browser()
	admin.signIn("admin@example.org")
	admin.get("/admin/identity")
	bad := northtown()
	bad.Set("name", " ")
	bad.Set("email", "not an address")
	bad.Set("version", "0")
	code, _, page := admin.post("/admin/identity", bad)
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Enter the service") || !strings.Contains(page, "like office@example.org") {
		t.Fatalf("bad details: %d", code)
	}
	setIdentity(t, e, northtown())
	stale := northtown()
	stale.Set("version", "0")
	if code, _, page := admin.post("/admin/identity", stale); code != http.StatusConflict || !strings.Contains(page, "Another administrator") {
		t.Fatalf("stale save: %d", code)
	}
	lead := e.browser()
	lead.signIn("lead@example.org")
	if code, _ := lead.get("/admin/identity"); code != http.StatusNotFound {
		t.Errorf("a lead reached the identity page: %d", code)
	}
	_, audit := admin.get("/admin/audit")
	if !strings.Contains(audit, "settings.identity") && !strings.Contains(audit, "service's details") {
		t.Error("the change is not in the audit log")
	}
}
