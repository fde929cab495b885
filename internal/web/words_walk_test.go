package web

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"confidant/internal/pdftest"
	"confidant/internal/store"
	"confidant/internal/words"
)

var (
	scriptRE = regexp.MustCompile(`(?s)<(script|style|textarea)[^>]*>.*?</(script|style|textarea)>`)
	tagRE    = regexp.MustCompile(`(?s)<[^>]*>`)
	// emptyRE finds a placeholder that was left empty: "()", "? to ?",
	// "Dear ,", a template's "<no value>", a printf slip.
	emptyRE = regexp.MustCompile(`\(\s*\)|\? to \?|Dear\s+,|<no value>|%!|\x00missing|\bnot stated to not stated\b`)
)

// visibleText is what a reader sees of a page: no tags, scripts or
// attribute values (a form's field names and option values are codes on
// purpose).
func visibleText(page string) string {
	page = scriptRE.ReplaceAllString(page, " ")
	return html.UnescapeString(tagRE.ReplaceAllString(page, " "))
}

// checkWords fails for a raw code or an empty placeholder in what a
// person reads.
func checkWords(t *testing.T, where, text string) {
	t.Helper()
	if codes := words.RawCodes(text); len(codes) > 0 {
		t.Errorf("%s shows raw codes %v", where, codes)
	}
	if m := emptyRE.FindString(text); m != "" {
		i := strings.Index(text, m)
		t.Errorf("%s has an empty placeholder %q in …%s…", where, m, text[max(0, i-60):min(len(text), i+60)])
	}
}

// pdfWords is a PDF's text, or "" without pdftotext.
func pdfWords(t *testing.T, b *browser, path string) (string, bool) {
	t.Helper()
	resp, err := b.c.Get(b.e.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	pdf, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !pdftest.Available(t) {
		return "", false
	}
	return pdftest.Words(t, pdf), true
}

func TestNoPageOrPDFShowsARawCodeOrAnEmptyPlaceholder(t *testing.T) {
	e := newTestEnv(t)
	mail := startMail(t, e)
	setIdentity(t, e, northtown())
	counsellor, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	// A second request full of defects, with its period missing.
	_, _, _, bad := setupRequest(t, e, func(ref string) url.Values {
		f := compliantRequest(ref)
		f.Set("authoriser.rank", "Inspector")
		f.Set("information_sought", "All records")
		f.Set("period.from", "")
		f.Set("period.to", "")
		f.Set("notice.status", "")
		f.Set("channel", "")
		f.Set("legal_basis_cited", "You are required to disclose under PCSC Act 2022 s.44A")
		return f
	})
	client := portalClient(t, e, mail, counsellor, clientPath)
	toExtract(t, lead, req)
	rid := strings.TrimPrefix(req, "/requests/")
	sha := client.extractSHA(rid)
	if code, _, body := client.post("/portal/requests/"+rid+"/decision", url.Values{"decision": {"agree"}, "extract_sha256": {sha}}); code != http.StatusSeeOther {
		t.Fatalf("agree: %d %s", code, body)
	}
	lead.get(req)
	if code, _, body := lead.post(req+"/approve", url.Values{"extract_sha256": {sha}, "password": {testPassword}}); code != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", code, body)
	}
	if code, _, body := lead.post(req+"/send", url.Values{}); code != http.StatusOK {
		t.Fatalf("send: %d %s", code, body)
	}
	if err := e.app.Store().Audit(context.Background(), store.Event{Type: "smtp.test", ActorID: e.userID("admin@example.org"), Subject: "smtp"}); err != nil {
		t.Fatal(err)
	}
	admin := e.browser()
	admin.signIn("admin@example.org")

	pages := map[*browser][]string{
		counsellor: {"/clients", clientPath, "/rights/leaflet", "/account"},
		lead: {"/requests", "/requests?status=all", req, bad, req + "/extract", "/monitoring" + monitoringQuery,
			req + "/letters/acknowledgement", req + "/letters/cover", req + "/letters/refusal", bad + "/letters/clarification"},
		admin:  {"/admin", "/admin/users", "/admin/settings", "/admin/audit", "/admin/identity", "/admin/policy", "/admin/retention", "/admin/smtp", "/letters", "/letters?kind=clarification"},
		client: {"/portal/", "/portal/requests/" + rid, "/portal/history", "/portal/rights"},
	}
	for b, paths := range pages {
		for _, p := range paths {
			code, page := b.get(p)
			if code != http.StatusOK {
				t.Errorf("%s: %d", p, code)
				continue
			}
			checkWords(t, p, visibleText(page))
			// The extract is shown to the client exactly as it is sent, so its
			// provider line is the one place the portal names the service.
			if b == client && strings.Contains(page, "Rape Crisis") && !strings.HasPrefix(p, "/portal/requests/") {
				i := strings.Index(page, "Rape Crisis")
				t.Errorf("the portal page %s names the service: …%s…", p, page[max(0, i-300):i+20])
			}
		}
	}
	_, badPage := lead.get(bad)
	if !strings.Contains(badPage, "Period</dt><dd>not stated") {
		t.Error("a missing period is not 'not stated'")
	}
	_, letter := lead.get(bad + "/letters/clarification")
	// The checker finds compulsion_claimed once it knows the code (issue 14).
	if strings.Contains(badPage, words.Finding("compulsion_claimed")) && !strings.Contains(letter, "is voluntary") {
		t.Error("the clarification letter to a request claiming compulsion does not say disclosure is voluntary")
	}
	for _, not := range []string{"switchboard", "Confidant policy", "Confidant asks"} {
		if strings.Contains(visibleText(between(letter, "<article", "</article>")), not) {
			t.Errorf("the clarification letter says %q, which is for the lead", not)
		}
	}
	for _, p := range []string{req + "/letters/acknowledgement?format=pdf", req + "/letters/cover?format=pdf", bad + "/letters/clarification?format=pdf",
		req + "/extract/versions/1/extract.pdf", "/monitoring.pdf" + monitoringQuery, "/rights/leaflet.pdf"} {
		text, ok := pdfWords(t, lead, p)
		if !ok {
			t.Log("pdftotext not installed: PDFs not read")
			break
		}
		checkWords(t, p, text)
		if strings.Contains(text, "FINDINGS.md") {
			t.Errorf("%s cites FINDINGS.md", p)
		}
	}
	resp, err := lead.c.Get(e.ts.URL + "/monitoring.csv" + monitoringQuery)
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	checkWords(t, "monitoring.csv", string(csv))
}
