package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"confidant/internal/words"
)

// compliantRequest is the form for a request that meets every rule.
func compliantRequest(client string) url.Values {
	return url.Values{
		"client": {client}, "kind": {"victim_information_request"}, "received_on": {"2026-03-10"},
		"channel": {"email"}, "sender_email": {"dc.ann.lee@xforce.police.uk"}, "force": {"X Force"},
		"requester.name": {"Ann Lee"}, "requester.rank": {"DC"}, "requester.email": {"dc.ann.lee@xforce.police.uk"},
		"authoriser.name": {"Raj Patel"}, "authoriser.rank": {"DCI"}, "authoriser.email": {"raj.patel@xforce.police.uk"},
		"authoriser.authorised_on": {"2026-03-09"}, "request_date": {"2026-03-10"},
		"information_sought":            {"Notes between 2025-01-01 and 2025-06-30 that record the client's account of the incident on 2024-12-20"},
		"period.from":                   {"2025-01-01"},
		"period.to":                     {"2025-06-30"},
		"topic":                         {"the client's account of the incident on 2024-12-20"},
		"reason":                        {"The client said she described it to her counsellor. Call 01632 960 001 to discuss."},
		"reasonable_line_of_enquiry":    {"The timing is disputed."},
		"necessity_and_proportionality": {"No other record of the early account exists."},
		"substantial_probative_value":   {"An early account bears on the disputed timing."},
		"handling":                      {"Secure case system; investigation team and CPS only; CPIA disclosure."},
		"victim.age":                    {"34"}, "notice.status": {"given"}, "notice.given_on": {"2026-03-08"}, "notice.to": {"victim"},
		"legal_basis_cited": {"Police, Crime, Sentencing and Courts Act 2022 s.44A"},
	}
}

// setupRequest makes a client with a note and records a request about it.
func setupRequest(t *testing.T, e *testEnv, form func(ref string) url.Values) (counsellor, lead *browser, clientPath, requestPath string) {
	t.Helper()
	counsellor = e.browser()
	counsellor.signIn("counsellor@example.org")
	clientPath = counsellor.addClient("Morgan Example")
	counsellor.addSignedNote(clientPath, "2025-02-03", "Morgan described the incident in detail.")
	_, page := counsellor.get(clientPath)
	i := strings.Index(page, "Reference C-")
	ref := page[i+10 : i+20]
	lead = e.browser()
	lead.signIn("lead@example.org")
	lead.get("/requests/new")
	code, loc, body := lead.post("/requests", form(ref))
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/requests/") {
		t.Fatalf("record request: %d %s\n%s", code, loc, body)
	}
	return counsellor, lead, clientPath, loc
}

func TestLeadRecordsCompliantRequestAndSeesVerdict(t *testing.T) {
	e := newTestEnv(t)
	_, lead, _, req := setupRequest(t, e, compliantRequest)
	_, page := lead.get(req)
	if !strings.Contains(page, "Compliance check: Compliant") {
		t.Fatalf("verdict not shown:\n%s", page)
	}
	_, dash := lead.get("/requests")
	if !strings.Contains(dash, "X Force") || !strings.Contains(dash, "Verify the requester by calling the force&#39;s published switchboard") {
		t.Fatalf("dashboard lacks the request or its follow-up:\n%s", dash)
	}
	// The kind, status and verdict are in words, never as codes.
	row := between(dash, "<tbody>", "</tbody>")
	for _, w := range []string{"Victim information request", "<td>" + words.Status("checked") + "</td>", ">Compliant</span>", "days<br>"} {
		if !strings.Contains(row, w) {
			t.Errorf("dashboard row lacks %q:\n%s", w, row)
		}
	}
	if strings.Contains(row, "victim_information_request") || strings.Contains(row, "verify_requester") {
		t.Errorf("a code reached the dashboard:\n%s", row)
	}
}

func TestNonCompliantRequestListsDefectsWithProvisionAndClarificationLetter(t *testing.T) {
	e := newTestEnv(t)
	_, lead, _, req := setupRequest(t, e, func(ref string) url.Values {
		f := compliantRequest(ref)
		f.Set("authoriser.rank", "Inspector")
		f.Set("information_sought", "All notes held on the client")
		return f
	})
	_, page := lead.get(req)
	for _, want := range []string{"Not compliant", "Authorised below Chief Inspector rank", "Asks for too much", "Code of Practice: authorisation at chief inspector rank or above", `<a href="https://www.legislation.gov.uk/ukpga/2022/32/section/44A" rel="noopener noreferrer">PCSC Act 2022 s.44A(3)(c)</a>`, "Awaiting clarification"} {
		if !strings.Contains(page, want) {
			t.Errorf("request page lacks %q", want)
		}
	}
	for _, raw := range []string{"authoriser_rank_too_low", "request_too_broad"} {
		if strings.Contains(page, raw) {
			t.Errorf("request page shows the raw code %q", raw)
		}
	}
	// Until the service has a name, the letter says what it lacks.
	if code, letter := lead.get(req + "/letters/clarification"); code != http.StatusUnprocessableEntity || !strings.Contains(letter, "the service&#39;s name") {
		t.Fatalf("a letter without the service's name: %d\n%s", code, letter)
	}
	setIdentity(t, e, northtown())
	_, letter := lead.get(req + "/letters/clarification")
	for _, want := range []string{"Please have it authorised by an officer of Chief Inspector rank or above.", "Asks for too much", `<a href="https://www.legislation.gov.uk/ukpga/2022/32/section/44A"`, "Northtown Rape Crisis"} {
		if !strings.Contains(letter, want) {
			t.Errorf("clarification letter lacks %q:\n%s", want, letter)
		}
	}
	resp, _ := lead.c.Get(e.ts.URL + req + "/letters/clarification?format=pdf")
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("letter PDF not served")
	}
}

func TestIntakeFormRejectsBadFieldsWith422AndKeepsInput(t *testing.T) {
	e := newTestEnv(t)
	lead := e.browser()
	lead.signIn("lead@example.org")
	lead.get("/requests/new")
	f := compliantRequest("C-nosuchone")
	f.Set("period.from", "2025-02-30")
	f.Set("victim.age", "thirty")
	code, _, page := lead.post("/requests", f)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", code)
	}
	for _, want := range []string{"No client has that reference", "victim&#39;s age", "2025-02-30", "Raj Patel"} {
		if !strings.Contains(page, want) {
			t.Errorf("re-rendered form lacks %q", want)
		}
	}
}

func TestOnlyLeadsSeeRequests(t *testing.T) {
	e := newTestEnv(t)
	counsellor, _, clientPath, req := setupRequest(t, e, compliantRequest)
	if code, _ := counsellor.get(req); code != http.StatusNotFound {
		t.Fatalf("counsellor opened the request: %d", code)
	}
	if code, _ := counsellor.get("/requests"); code != http.StatusNotFound {
		t.Fatalf("counsellor opened the dashboard: %d", code)
	}
	// The counsellor sees that a request exists and its status, but not
	// the officer's contact details.
	_, page := counsellor.get(clientPath)
	if !strings.Contains(page, "Police requests about this client") || strings.Contains(page, "dc.ann.lee@xforce.police.uk") {
		t.Fatalf("counsellor's view of the request is wrong:\n%s", page)
	}
	i := strings.Index(page, "/requests/")
	rid := page[i+10 : i+36]
	if code, _, _ := counsellor.post(clientPath+"/requests/"+rid+"/views", url.Values{"view": {"Disclosure could set back her recovery."}}); code != http.StatusSeeOther {
		t.Fatalf("counsellor's view: %d", code)
	}
	other := e.browser()
	other.signIn("other@example.org")
	other.get("/clients")
	if code, _, _ := other.post(clientPath+"/requests/"+rid+"/views", url.Values{"view": {"x"}}); code != http.StatusNotFound {
		t.Fatalf("another counsellor added a view: %d", code)
	}
}

func TestLeadReadsNotesOnlyWhileRequestIsOpen(t *testing.T) {
	e := newTestEnv(t)
	_, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	code, page := lead.get(clientPath)
	if code != 200 || !strings.Contains(page, "described the incident") {
		t.Fatalf("lead cannot read notes under an open request: %d", code)
	}
	if strings.Contains(page, "New session note") {
		t.Fatal("a lead may not write notes")
	}
	_, rp := lead.get(req)
	version := between(rp, `name="version" value="`, `"`)
	if code, _, _ := lead.post(req+"/status", url.Values{"to": {"withdrawn"}, "version": {version}}); code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", code)
	}
	if code, _ := lead.get(clientPath); code != http.StatusNotFound {
		t.Fatalf("lead still reads notes after the request closed: %d", code)
	}
}

func TestIllegalOrStaleTransitionsAreRefused(t *testing.T) {
	e := newTestEnv(t)
	_, lead, _, req := setupRequest(t, e, compliantRequest)
	_, rp := lead.get(req)
	version := between(rp, `name="version" value="`, `"`)
	if code, _, _ := lead.post(req+"/status", url.Values{"to": {"sent"}, "version": {version}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("checked → sent allowed: %d", code)
	}
	// Closing is on the menu, but not from checked: the state refuses the
	// step (409), and the form says so.
	if code, _, page := lead.post(req+"/status", url.Values{"to": {"closed"}, "version": {version}}); code != http.StatusConflict || !strings.Contains(page, "not possible from the request") {
		t.Fatalf("checked → closed: %d, want 409 with the form's message", code)
	}
	if code, _, page := lead.post(req+"/status", url.Values{"to": {"verified"}, "version": {version}}); code != http.StatusConflict || !strings.Contains(page, "call-back") {
		t.Fatalf("verified without a call-back: %d", code)
	}
	if code, _, page := lead.post(req+"/verifications", url.Values{"number": {"01632 960001"}, "called_on": {"2026-03-11"}, "outcome": {"confirmed"}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, "appears in the request") {
		t.Fatalf("a number from the request was accepted: %d", code)
	}
	if code, _, _ := lead.post(req+"/verifications", url.Values{"number": {"0300 123 4567"}, "called_on": {"2026-03-11"}, "outcome": {"confirmed"}}); code != http.StatusSeeOther {
		t.Fatalf("call-back: %d", code)
	}
	if code, _, _ := lead.post(req+"/status", url.Values{"to": {"verified"}, "version": {version}}); code != http.StatusSeeOther {
		t.Fatalf("verify: %d", code)
	}
	if code, _, _ := lead.post(req+"/status", url.Values{"to": {"withdrawn"}, "version": {version}}); code != http.StatusConflict {
		t.Fatalf("stale version accepted: %d", code)
	}
	// The history and the next steps are in words.
	_, rp = lead.get(req)
	history := between(rp, `<ol class="history">`, "</ol>")
	if !strings.Contains(history, words.Status("checked")+" → "+words.Status("verified")+" (Test lead)") {
		t.Errorf("history:\n%s", history)
	}
	if !strings.Contains(rp, `value="withdrawn"><label for="to-withdrawn">`+words.Status("withdrawn")+`</label>`) {
		t.Errorf("the next steps are not offered in words:\n%s", between(rp, "<legend>Next step</legend>", "</fieldset>"))
	}
}

func TestAttachmentIsCheckedStoredEncryptedAndDownloadable(t *testing.T) {
	e := newTestEnv(t)
	counsellor := e.browser()
	counsellor.signIn("counsellor@example.org")
	cp := counsellor.addClient("Attach Example")
	_, page := counsellor.get(cp)
	i := strings.Index(page, "Reference C-")
	ref := page[i+10 : i+20]
	lead := e.browser()
	lead.signIn("lead@example.org")
	lead.get("/requests/new")
	post := func(name string, content []byte) (int, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range compliantRequest(ref) {
			mw.WriteField(k, v[0])
		}
		mw.WriteField("csrf_token", lead.csrf)
		fw, _ := mw.CreateFormFile("attachment", name)
		fw.Write(content)
		mw.Close()
		req, _ := http.NewRequest("POST", e.ts.URL+"/requests", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := lead.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location")
	}
	if code, _ := post("letter.pdf", []byte("MZ not a pdf")); code != http.StatusUnprocessableEntity {
		t.Fatalf("fake PDF: %d", code)
	}
	if code, _ := post("letter.exe", []byte("%PDF-1.4")); code != http.StatusUnprocessableEntity {
		t.Fatalf(".exe: %d", code)
	}
	doc := []byte("%PDF-1.4 Distinctive Attachment Text")
	code, loc := post("letter.pdf", doc)
	if code != http.StatusSeeOther {
		t.Fatalf("good PDF: %d", code)
	}
	resp, _ := lead.c.Get(e.ts.URL + loc + "/attachment")
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, doc) || strings.Contains(resp.Header.Get("Content-Disposition"), "letter") {
		t.Fatalf("download: %q %q", got, resp.Header.Get("Content-Disposition"))
	}
}

func TestAdminEditsLetterTemplatesAndBrokenOnesAreRefused(t *testing.T) {
	e := newTestEnv(t)
	admin := e.browser()
	admin.signIn("admin@example.org")
	admin.get("/letters?kind=refusal")
	if code, _, _ := admin.post("/letters/refusal", url.Values{"body": {"{{.Nope}}"}, "version": {"0"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("broken template: %d", code)
	}
	if code, _, _ := admin.post("/letters/refusal", url.Values{"body": {"Dear {{.OfficerName}}, no. {{.Provider}}"}, "version": {"0"}}); code != http.StatusSeeOther {
		t.Fatalf("save: %d", code)
	}
	if code, _, page := admin.post("/letters/refusal", url.Values{"body": {"Second edit from a stale page"}, "version": {"0"}}); code != http.StatusConflict || !strings.Contains(page, "changed by someone else") {
		t.Fatalf("concurrent edit not detected: %d", code)
	}
	lead := e.browser()
	lead.signIn("lead@example.org")
	if code, _ := lead.get("/letters"); code != http.StatusNotFound {
		t.Fatalf("lead opened letter templates: %d", code)
	}
}

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	if j := strings.Index(s, end); j >= 0 {
		return s[:j]
	}
	return s
}

func TestAdminChangesCheckerPolicyAndItApplies(t *testing.T) {
	e := newTestEnv(t)
	admin := e.browser()
	admin.signIn("admin@example.org")
	_, page := admin.get("/admin/policy")
	version := between(page, `name="version" value="`, `"`)
	form := url.Values{"allowed_domains": {"police.uk\nnca.gov.uk\ncjsm.net\nxforce.example.org"}, "max_age_days": {"90"}, "version": {version}}
	if code, _, _ := admin.post("/admin/policy", url.Values{"allowed_domains": {"not a domain"}, "max_age_days": {"90"}, "version": {version}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("bad domain accepted: %d", code)
	}
	if code, _, body := admin.post("/admin/policy", form); code != http.StatusSeeOther {
		t.Fatalf("save policy: %d %s", code, body)
	}
	if code, _, _ := admin.post("/admin/policy", form); code != http.StatusConflict {
		t.Fatalf("stale policy edit accepted: %d", code)
	}
	_, lead, _, req := setupRequest(t, e, func(ref string) url.Values {
		f := compliantRequest(ref)
		f.Set("sender_email", "ann.lee@xforce.example.org")
		f.Set("requester.email", "ann.lee@xforce.example.org")
		f.Set("authoriser.email", "raj.patel@xforce.example.org")
		return f
	})
	_, rp := lead.get(req)
	if !strings.Contains(rp, "Compliance check: Compliant") {
		t.Fatal("a domain the admin allowed is still flagged")
	}
	if code, _ := lead.get("/admin/policy"); code != http.StatusNotFound {
		t.Fatalf("lead opened the policy page: %d", code)
	}
}
