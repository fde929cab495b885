package web

import (
	"bytes"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
)

// postFile posts a multipart form with one file, as a browser does.
func (b *browser) postFile(path string, form url.Values, field, name string, content []byte) (int, string) {
	b.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range form {
		mw.WriteField(k, v[0])
	}
	mw.WriteField("csrf_token", b.csrf)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", b.e.ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.e.ts.URL)
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// TestLeadReadsARequestDocumentIntoTheForm uploads a request email: the
// form comes back pre-filled with the words each field came from, empty
// fields marked, and nothing is saved until the lead confirms; confirming
// attaches the original.
func TestLeadReadsARequestDocumentIntoTheForm(t *testing.T) {
	e := newTestEnv(t)
	lead := e.browser()
	lead.signIn("lead@example.org")
	_, page := lead.get("/requests/new")
	if !strings.Contains(page, `action="/requests/new/read"`) {
		t.Fatal("no upload form on /requests/new")
	}
	eml, err := os.ReadFile("../intake/testdata/cases/04-email-body-request.eml")
	if err != nil {
		t.Fatal(err)
	}
	code, body := lead.postFile("/requests/new/read", url.Values{}, "document", "request.eml", eml)
	if code != http.StatusOK {
		t.Fatalf("read: %d\n%s", code, body)
	}
	for _, want := range []string{`value="Raj Patel"`, "<mark>DCI</mark>", "not found in the document", `name="original_data"`} {
		if !strings.Contains(body, want) {
			t.Errorf("pre-filled form lacks %q", want)
		}
	}
	// A pasted letter that does not say whether notice was given leaves
	// the notice unstated, not "given".
	code, _, pasted := lead.post("/requests/new/read", url.Values{"pasted": {"Information sought: notes of sessions in May 2026\nAuthorising officer: DCI Raj Patel\n"}})
	if code != http.StatusOK || !strings.Contains(pasted, `<option value="" selected>Not stated in the document</option>`) {
		t.Errorf("pasted text: %d, notice status not left unstated", code)
	}
	_, list := lead.get("/requests")
	if strings.Contains(list, "Raj Patel") || strings.Contains(list, "xforce") {
		t.Fatal("a request was saved before the lead confirmed")
	}
	// Confirming posts the form as shown, with the carried original.
	m := regexp.MustCompile(`name="original_data" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no carried original")
	}
	counsellor := e.browser()
	counsellor.signIn("counsellor@example.org")
	cp := counsellor.addClient("Intake Example")
	_, cpage := counsellor.get(cp)
	i := strings.Index(cpage, "Reference C-")
	form := compliantRequest(cpage[i+10 : i+20])
	form.Set("original_name", "request.eml")
	form.Set("original_data", html.UnescapeString(m[1]))
	code, loc, page := lead.post("/requests", form)
	if code != http.StatusSeeOther {
		t.Fatalf("confirm: %d\n%s", code, page)
	}
	resp, err := lead.c.Get(e.ts.URL + loc + "/attachment")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, eml) {
		t.Errorf("attachment is not the original (%d bytes, status %d, %s)", len(got), resp.StatusCode, loc)
	}
	code, body = lead.postFile("/requests/new/read", url.Values{}, "document", "scan.pdf", []byte("%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "could not read this file") {
		t.Fatalf("unreadable file: %d", code)
	}
}
