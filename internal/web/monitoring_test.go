package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"confidant/internal/pdftest"
	"confidant/internal/store"
)

const monitoringQuery = "?from=2026-01&to=2026-06"

// fetch GETs a path and returns the status, content type and body.
func (b *browser) fetch(path string) (int, string, []byte) {
	b.e.t.Helper()
	resp, err := b.c.Get(b.e.ts.URL + path)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), body
}

// move takes a request through the given statuses, with a note on each.
func (b *browser) move(req string, note string, to ...string) {
	b.e.t.Helper()
	for _, st := range to {
		_, page := b.get(req)
		version := between(page, `name="version" value="`, `"`)
		path := req + "/status"
		if st == "client_consulted" {
			path = req + "/consult"
		}
		if code, _, body := b.post(path, url.Values{"to": {st}, "version": {version}, "note": {note}}); code != http.StatusSeeOther {
			b.e.t.Fatalf("move to %s: %d\n%s", st, code, body)
		}
	}
}

func TestMonitoringIsForLeadsAndAdminsOnly(t *testing.T) {
	e := newTestEnv(t)
	counsellor, lead, _, _ := setupRequest(t, e, compliantRequest)
	for _, p := range []string{"/monitoring", "/monitoring.csv" + monitoringQuery, "/monitoring.pdf" + monitoringQuery} {
		if code, _ := counsellor.get(p); code != http.StatusNotFound {
			t.Errorf("counsellor GET %s: %d, want 404", p, code)
		}
		if code, _, _ := lead.fetch(p); code != http.StatusOK {
			t.Errorf("lead GET %s: %d", p, code)
		}
	}
	admin := e.browser()
	admin.signIn("admin@example.org")
	if code, _ := admin.get("/monitoring"); code != http.StatusOK {
		t.Errorf("admin GET /monitoring: %d", code)
	}
	lead.get("/monitoring")
	if code, _, _ := lead.post("/monitoring/threshold", url.Values{"threshold": {"3"}}); code != http.StatusNotFound {
		t.Errorf("a lead changed the threshold: %d", code)
	}
	counsellor.get("/clients")
	if code, _, _ := counsellor.post("/monitoring/threshold", url.Values{"threshold": {"3"}}); code != http.StatusNotFound {
		t.Errorf("a counsellor changed the threshold: %d", code)
	}
	_, home := counsellor.get("/clients")
	if strings.Contains(home, `href="/monitoring"`) {
		t.Error("a counsellor's menu links to monitoring")
	}
	if _, page := lead.get("/requests"); !strings.Contains(page, `href="/monitoring"`) {
		t.Error("a lead's menu lacks monitoring")
	}
}

func TestMonitoringPageDrawsAccessibleChartsWithTheirNumbers(t *testing.T) {
	e := newTestEnv(t)
	_, lead, _, _ := setupRequest(t, e, compliantRequest)
	code, page := lead.get("/monitoring" + monitoringQuery)
	if code != http.StatusOK {
		t.Fatalf("monitoring page: %d", code)
	}
	for _, want := range []string{
		`role="img" aria-labelledby="kind-t kind-d"`,
		`<title id="kind-t">Requests by kind</title>`,
		`<desc id="kind-d">Bar chart of requests by kind, January 2026 to June 2026. Victim information request: 1;`,
		`<caption class="visually-hidden">Requests by force: the numbers in the chart</caption>`,
		"X Force", "Compliant", "Still open", "January 2026 to June 2026",
		`href="/monitoring.pdf?from=2026-01&amp;to=2026-06"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The Content-Security-Policy forbids inline styles and scripts.
	if regexp.MustCompile(`\sstyle=`).MatchString(page) || strings.Contains(page, "<script>") || strings.Contains(page, "<style") {
		t.Error("the page uses an inline style or script")
	}
}

func TestMonitoringRefusesABadPeriodWith422AndKeepsIt(t *testing.T) {
	e := newTestEnv(t)
	_, lead, _, _ := setupRequest(t, e, compliantRequest)
	for _, q := range []string{"?from=2026-13&to=2026-01", "?from=2026-05&to=2026-01", "?from=2020-01&to=2026-01"} {
		code, page := lead.get("/monitoring" + q)
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "There is a problem") {
			t.Errorf("%s: %d", q, code)
		}
		if code, _, _ := lead.fetch("/monitoring.csv" + q); code != http.StatusUnprocessableEntity {
			t.Errorf("CSV %s: %d", q, code)
		}
	}
	_, page := lead.get("/monitoring?from=2026-13&to=2026-01")
	if !strings.Contains(page, `value="2026-13"`) {
		t.Error("the chooser lost what was typed")
	}
}

func TestAdminSetsTheSmallNumberThreshold(t *testing.T) {
	e := newTestEnv(t)
	_, lead, _, _ := setupRequest(t, e, compliantRequest)
	admin := e.browser()
	admin.signIn("admin@example.org")
	_, page := admin.get("/monitoring")
	if !strings.Contains(page, `name="csrf_token"`) || !strings.Contains(page, `action="/monitoring/threshold"`) {
		t.Fatal("no threshold form for the admin")
	}
	if code, _, page := admin.post("/monitoring/threshold", url.Values{"threshold": {"1"}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, "from 3 to 25") {
		t.Fatalf("threshold 1 accepted: %d", code)
	}
	if code, loc, _ := admin.post("/monitoring/threshold", url.Values{"threshold": {"7"}}); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/monitoring") {
		t.Fatalf("threshold 7: %d", code)
	}
	_, _, csv := lead.fetch("/monitoring.csv" + monitoringQuery)
	if !strings.Contains(string(csv), "summary,Requests received,,fewer than 7,") {
		t.Fatalf("the CSV does not use the new threshold:\n%s", csv)
	}
}

// TestReturnsHoldNoNameEmailOrIdentifier records requests full of personal
// data (names, emails, phone numbers, notes) through the web app, exports
// both returns, and looks for every one of them, and for every id and
// reference the database holds, in the CSV, the PDF's bytes and the PDF's
// text.
func TestReturnsHoldNoNameEmailOrIdentifier(t *testing.T) {
	e := newTestEnv(t)
	counsellor := e.browser()
	counsellor.signIn("counsellor@example.org")
	clientPath := counsellor.addClient("Zebedee Quillfeather")
	counsellor.addSignedNote(clientPath, "2025-02-03", "Zebedee spoke about Octavia Pemberton-Lisle.")
	_, page := counsellor.get(clientPath)
	i := strings.Index(page, "Reference C-")
	ref := page[i+10 : i+20]
	lead := e.browser()
	lead.signIn("lead@example.org")

	record := func(f url.Values) string {
		lead.get("/requests/new")
		code, loc, body := lead.post("/requests", f)
		if code != http.StatusSeeOther {
			t.Fatalf("record: %d\n%s", code, body)
		}
		return loc
	}
	officer := compliantRequest(ref)
	officer.Set("requester.name", "Barnaby Fitzwilliam-Crouch")
	officer.Set("requester.email", "barnaby.fitzwilliam@xforce.police.uk")
	officer.Set("sender_email", "barnaby.fitzwilliam@xforce.police.uk")
	officer.Set("authoriser.name", "Philippa Thistlewood")
	officer.Set("authoriser.email", "philippa.thistlewood@xforce.police.uk")
	r1 := record(officer)
	if code, _, body := lead.post(r1+"/verifications", url.Values{"number": {"0300 555 0199"}, "called_on": {"2026-03-11"}, "outcome": {"confirmed"}, "notes": {"Spoke to Ignatius Wolstenholme"}}); code != http.StatusSeeOther {
		t.Fatalf("call-back: %d\n%s", code, body)
	}
	lead.move(r1, "Client Zebedee Quillfeather said no on 0207 946 0321", "verified", "client_consulted", "refused")

	broad := compliantRequest(ref)
	broad.Set("requester.name", "Cornelius Abernathy")
	broad.Set("requester.email", "cornelius.abernathy@yforce.police.uk")
	broad.Set("authoriser.rank", "Inspector")
	broad.Set("force", "Y Constabulary")
	r2 := record(broad)
	lead.move(r2, "Called Cornelius Abernathy", "withdrawn")

	fraud := compliantRequest(ref)
	fraud.Set("sender_email", "hortensia.blackwood@xforce-police.co.uk")
	fraud.Set("requester.name", "Hortensia Blackwood")
	record(fraud)

	_, _, csv := lead.fetch("/monitoring.csv" + monitoringQuery)
	code, ctype, pdf := lead.fetch("/monitoring.pdf" + monitoringQuery)
	if code != http.StatusOK || ctype != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("PDF return: %d %s", code, ctype)
	}
	pdfText := ""
	if pdftest.Available(t) {
		pdfText = pdftest.Text(t, pdf)
		if !strings.Contains(pdfText, "X Force") || !strings.Contains(pdfText, "fewer than 5") {
			t.Fatalf("the PDF's text lacks the figures:\n%s", pdfText)
		}
	}
	if !strings.Contains(string(csv), "force,X Force,,fewer than 5,") || !strings.Contains(string(csv), "force,Y Constabulary,,fewer than 5,") {
		t.Fatalf("the CSV lacks the forces:\n%s", csv)
	}

	// Everything personal or identifying that went in.
	secrets := []string{
		"Zebedee", "Quillfeather", "Octavia", "Pemberton", "Barnaby", "Fitzwilliam", "Philippa", "Thistlewood",
		"Ignatius", "Wolstenholme", "Cornelius", "Abernathy", "Hortensia", "Blackwood",
		"@", "police.uk", "xforce-police", "0300 555 0199", "0207 946 0321", "01632",
		"Raj Patel", "Ann Lee", "Test lead", "Test counsellor", "Morgan",
	}
	ctx := context.Background()
	reqs, _, err := e.app.Store().ListRequests(ctx, store.RequestFilter{All: true, Limit: 200})
	if err != nil || len(reqs) != 3 {
		t.Fatalf("requests: %d %v", len(reqs), err)
	}
	for _, r := range reqs {
		secrets = append(secrets, r.ID, r.Reference, r.ClientID, r.CreatedBy)
	}
	clients, err := e.app.Store().AllClients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range clients {
		secrets = append(secrets, c.ID, c.Reference)
	}
	users, err := e.app.Store().ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		secrets = append(secrets, u.ID, u.Email)
	}
	for _, s := range secrets {
		for name, text := range map[string]string{"CSV": string(csv), "PDF bytes": string(pdf), "PDF text": pdfText} {
			if s == "@" && name == "PDF bytes" {
				continue // the embedded font's bytes hold any character
			}
			if strings.Contains(strings.ToLower(text), strings.ToLower(s)) {
				t.Errorf("the %s holds %q", name, s)
			}
		}
	}
}

func TestEveryStaffMemberPrintsTheRightsLeaflet(t *testing.T) {
	e := newTestEnv(t)
	counsellor := e.browser()
	counsellor.signIn("counsellor@example.org")
	code, page := counsellor.get("/rights/leaflet")
	if code != http.StatusOK || !strings.Contains(page, "<h1>Your counselling notes and the police</h1>") || !strings.Contains(page, "Ask us in writing") {
		t.Fatalf("leaflet: %d\n%s", code, page)
	}
	if strings.Contains(page, `href="/rights/edit"`) {
		t.Error("a counsellor is offered the editor")
	}
	code, ctype, pdf := counsellor.fetch("/rights/leaflet.pdf")
	if code != http.StatusOK || ctype != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("leaflet PDF: %d %s", code, ctype)
	}
	for _, who := range []*browser{counsellor, func() *browser { b := e.browser(); b.signIn("lead@example.org"); return b }()} {
		if code, _ := who.get("/rights/edit"); code != http.StatusNotFound {
			t.Errorf("a non-admin opened the editor: %d", code)
		}
		if code, _, _ := who.post("/rights/edit", url.Values{"body": {"# Mine"}, "version": {"0"}}); code != http.StatusNotFound {
			t.Errorf("a non-admin saved the text: %d", code)
		}
	}
}

func TestAdminEditsTheRightsTextAndStaleOrBrokenEditsAreRefused(t *testing.T) {
	e := newTestEnv(t)
	admin := e.browser()
	admin.signIn("admin@example.org")
	code, page := admin.get("/rights/edit")
	if code != http.StatusOK || !strings.Contains(page, `name="csrf_token"`) || !strings.Contains(page, "estimated age of") {
		t.Fatalf("editor: %d", code)
	}
	if code, _, page := admin.post("/rights/edit", url.Values{"body": {"# Title {{.Nope}}"}, "version": {"0"}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, "the text has an error") {
		t.Fatalf("broken text: %d", code)
	}
	if code, _, _ := admin.post("/rights/edit", url.Values{"body": {"no title"}, "version": {"0"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("untitled text: %d", code)
	}
	text := "# Your notes, your say\n\n## The police\n- Must ask in writing.\n\nAsk {{.Provider}} <b>anything</b>."
	if code, loc, _ := admin.post("/rights/edit", url.Values{"body": {text}, "version": {"0"}}); code != http.StatusSeeOther || loc != "/rights/leaflet" {
		t.Fatalf("save: %d %s", code, loc)
	}
	_, page = admin.get("/rights/leaflet")
	for _, want := range []string{"Rights leaflet saved", "<h1>Your notes, your say</h1>", "<li>Must ask in writing.</li>", "Ask Our counselling service &lt;b&gt;anything&lt;/b&gt;."} {
		if !strings.Contains(page, want) {
			t.Errorf("leaflet lacks %q", want)
		}
	}
	if code, _, page := admin.post("/rights/edit", url.Values{"body": {"# Stale"}, "version": {"0"}}); code != http.StatusConflict || !strings.Contains(page, "someone else saved") {
		t.Fatalf("stale edit: %d", code)
	}
	got, err := e.app.Admin.RightsText(context.Background())
	if err != nil || !strings.HasPrefix(got, "# Your notes, your say") {
		t.Fatalf("the portal's text is not the edited one: %q %v", got, err)
	}
}
