package web

import (
	"bytes"
	"confidant/internal/pdftest"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// advance moves a request through the given statuses, recording a
// confirmed call-back first.
func advance(t *testing.T, lead *browser, req string, to ...string) {
	t.Helper()
	if code, _, body := lead.post(req+"/verifications", url.Values{"number": {"0300 123 4567"}, "called_on": {"2026-03-11"}, "outcome": {"confirmed"}}); code != http.StatusSeeOther {
		t.Fatalf("call-back: %d %s", code, body)
	}
	for _, s := range to {
		_, page := lead.get(req)
		v := between(page, `name="version" value="`, `"`)
		path := req + "/status"
		if s == "client_consulted" {
			path = req + "/consult" // the lead's own form, not the status menu
		}
		if code, _, body := lead.post(path, url.Values{"to": {s}, "version": {v}}); code != http.StatusSeeOther {
			t.Fatalf("to %s: %d %s", s, code, body)
		}
	}
}

var noteLinkRE = regexp.MustCompile(`/extract/notes/([a-z2-7]{26})"`)

func TestLeadBuildsRedactedExtractWhoseFilesHoldNoRedactedText(t *testing.T) {
	e := newTestEnv(t)
	counsellor, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	counsellor.addSignedNote(clientPath, "2025-03-04", "Morgan said her sister Mrs Priya Shah (07700 900123) was there. She also talked about her new job.")
	counsellor.addNote(clientPath, "2024-01-01", "Outside the period: must not be offered.")
	advance(t, lead, req, "verified", "client_consulted")

	_, page := lead.get(req + "/extract")
	if strings.Contains(page, "Outside the period") {
		t.Fatal("a note outside the period was offered")
	}
	ids := regexp.MustCompile(`name="note" value="([a-z2-7]{26})"`).FindAllStringSubmatch(page, -1)
	if len(ids) != 2 {
		t.Fatalf("want 2 candidate notes, got %d", len(ids))
	}
	dv := between(page, `name="draft_version" value="`, `"`)
	if code, _, body := lead.post(req+"/extract/notes", url.Values{"note": {ids[0][1], ids[1][1]}, "draft_version": {dv}}); code != http.StatusSeeOther {
		t.Fatalf("choose: %d %s", code, body)
	}
	// Building before review is refused.
	if code, _, _ := lead.post(req+"/extract/versions", url.Values{}); code != http.StatusUnprocessableEntity {
		t.Fatalf("build before review: %d", code)
	}
	_, page = lead.get(req + "/extract")
	for _, m := range noteLinkRE.FindAllStringSubmatch(page, -1) {
		notePath := req + "/extract/notes/" + m[1]
		_, np := lead.get(notePath)
		dv := between(np, `name="draft_version" value="`, `"`)
		count := between(np, `name="count" value="`, `"`)
		form := url.Values{"draft_version": {dv}, "count": {count}, "all": {"accept"}}
		if code, _, body := lead.post(notePath+"/decisions", form); code != http.StatusSeeOther {
			t.Fatalf("decide: %d %s", code, body)
		}
		if strings.Contains(np, "new job") {
			_, np = lead.get(notePath)
			dv = between(np, `name="draft_version" value="`, `"`)
			if code, _, body := lead.post(notePath+"/spans", url.Values{"draft_version": {dv}, "exact": {"She also talked about her new job."}, "occurrence": {"1"}, "reason": {"not_relevant"}}); code != http.StatusSeeOther {
				t.Fatalf("manual span: %d %s", code, body)
			}
			_, np = lead.get(notePath)
			dv = between(np, `name="draft_version" value="`, `"`)
			if code, _, _ := lead.post(notePath+"/spans", url.Values{"draft_version": {dv}, "exact": {"words not in the note"}, "reason": {"other"}}); code != http.StatusUnprocessableEntity {
				t.Fatalf("manual span with absent words: %d", code)
			}
		}
	}
	_, prev := lead.get(req + "/extract/preview")
	for _, gone := range []string{"Priya", "07700 900123", "new job", "Morgan"} {
		if strings.Contains(between(prev, "<pre", "</pre>"), gone) {
			t.Errorf("preview still shows %q", gone)
		}
	}
	// Words removed by hand are marked with the reason the lead chose.
	if pre := between(prev, "<pre", "</pre>"); !strings.Contains(pre, "[redacted: not relevant]") || strings.Contains(pre, "[redacted: other]") {
		t.Errorf("the manual span is not marked with its reason: %s", pre)
	}
	if !strings.Contains(prev, "2 notes from") || !strings.Contains(prev, "1 by hand (not relevant to the stated issue)") {
		t.Errorf("summary missing: %s", between(prev, `class="summary"`, "</p>"))
	}
	// Each count once: "1 phone number", never "1 1 phone number".
	if sum := between(prev, `class="summary"`, "</p>"); regexp.MustCompile(`\b\d+ \d+ [a-z]`).MatchString(sum) || !strings.Contains(sum, "1 phone number") {
		t.Errorf("summary counts garbled: %s", sum)
	}
	if code, _, body := lead.post(req+"/extract/versions", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("build: %d %s", code, body)
	}
	_, rp := lead.get(req)
	if !strings.Contains(rp, "status: <strong>Extract drafted") {
		t.Fatal("request did not move to extract drafted")
	}
	resp, _ := lead.c.Get(e.ts.URL + req + "/extract/versions/1/extract.pdf")
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("no PDF")
	}
	resp, _ = lead.c.Get(e.ts.URL + req + "/extract/versions/1/manifest.json")
	var man struct {
		Version int `json:"version"`
		Notes   []struct{ ID, Date string }
		ByKind  map[string]int `json:"redactions_by_kind"`
		SHA     string         `json:"extract_sha256"`
	}
	json.NewDecoder(resp.Body).Decode(&man)
	resp.Body.Close()
	if man.Version != 1 || len(man.Notes) != 2 || man.ByKind["phone"] != 1 || len(man.SHA) != 64 {
		t.Fatalf("manifest: %+v", man)
	}
	// A second version's manifest names version 2: the number is the one
	// the store gave it, in the transaction that saved it.
	if code, _, body := lead.post(req+"/extract/versions", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("build again: %d %s", code, body)
	}
	resp, _ = lead.c.Get(e.ts.URL + req + "/extract/versions/2/manifest.json")
	var man2 struct {
		Version int `json:"version"`
	}
	json.NewDecoder(resp.Body).Decode(&man2)
	resp.Body.Close()
	if man2.Version != 2 {
		t.Fatalf("the second version's manifest says version %d", man2.Version)
	}
	text := pdftest.Words(t, pdf)
	for _, gone := range []string{"Priya", "Shah", "07700", "new job", "Morgan"} {
		if strings.Contains(text, gone) || bytes.Contains(pdf, []byte(gone)) {
			t.Errorf("PDF holds redacted text %q", gone)
		}
	}
	for _, kept := range []string{"described the incident in detail.", "[redacted: phone]", "was there.", "[redacted: not relevant]"} {
		if !strings.Contains(text, kept) {
			t.Errorf("PDF lacks kept text %q:\n%s", kept, text)
		}
	}
}

func TestExtractNeedsTheClientConsultedFirst(t *testing.T) {
	e := newTestEnv(t)
	_, lead, _, req := setupRequest(t, e, compliantRequest)
	_, page := lead.get(req + "/extract")
	if !strings.Contains(page, "can be drafted once") {
		t.Fatal("builder offered before verification and consultation")
	}
	if code, _, _ := lead.post(req+"/extract/versions", url.Values{}); code != http.StatusUnprocessableEntity {
		t.Fatalf("build allowed on an unverified request: %d", code)
	}
	// The request page says why there is nothing to approve, and offers
	// no approval.
	_, rp := lead.get(req)
	if !strings.Contains(rp, "No extract has been built yet.") || strings.Contains(rp, `action="`+req+`/approve"`) {
		t.Errorf("approval section before any extract:\n%s", between(rp, `id="approval"`, "<h2>Letters"))
	}
}
