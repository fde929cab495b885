package web

import (
	"net/http"
	"net/url"
	"testing"
)

// The route table, not the handlers, keeps each role's pages from the
// others: a signed-in member of staff without the role gets 404, as for a
// page that does not exist, whatever the handler would have done.
func TestRoleRoutesAnswerNotFoundToOtherRoles(t *testing.T) {
	e := newTestEnv(t)
	counsellor := e.browser()
	counsellor.signIn("counsellor@example.org")
	lead := e.browser()
	lead.signIn("lead@example.org")
	cases := []struct {
		who    *browser
		whoIs  string
		method string
		path   string
	}{
		{lead, "lead", "GET", "/clients"},
		{lead, "lead", "POST", "/clients"},
		{lead, "lead", "POST", "/clients/search"},
		{counsellor, "counsellor", "GET", "/requests"},
		{counsellor, "counsellor", "GET", "/letters"},
		{lead, "lead", "GET", "/letters"},
		{lead, "lead", "POST", "/letters/acknowledgement"},
		{lead, "lead", "GET", "/rights/edit"},
		{lead, "lead", "POST", "/rights/edit"},
		{lead, "lead", "POST", "/monitoring/threshold"},
		{counsellor, "counsellor", "GET", "/admin/users"},
	}
	for _, c := range cases {
		var code int
		if c.method == "GET" {
			code, _ = c.who.get(c.path)
		} else {
			code, _, _ = c.who.post(c.path, url.Values{"name": {"Rowan Example"}, "body": {"x"}, "threshold": {"10"}, "version": {"1"}})
		}
		if code != http.StatusNotFound {
			t.Errorf("%s %s as a %s: %d, want 404", c.method, c.path, c.whoIs, code)
		}
	}
	// And the role's own page still opens.
	if code, _ := counsellor.get("/clients"); code != http.StatusOK {
		t.Errorf("GET /clients as a counsellor: %d", code)
	}
}
