package web

import (
	"bytes"
	"confidant/internal/app/core"
	"confidant/internal/store"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCounsellorAddsClientAndNoteAndSeesItNewestFirst(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	c := b.addClient("Robin Example")
	b.addNote(c, "2026-01-05", "First session: talked about sleep.")
	b.addNote(c, "2026-02-09", "Second session: talked about work.")
	code, page := b.get(c)
	if code != 200 {
		t.Fatalf("client page: %d", code)
	}
	first, second := strings.Index(page, "Second session"), strings.Index(page, "First session")
	if first < 0 || second < 0 || first > second {
		t.Fatalf("notes missing or not newest first:\n%s", page)
	}
	if !strings.Contains(page, "Robin Example") {
		t.Fatal("client name not shown")
	}
	_, list := b.get("/clients")
	if !strings.Contains(list, "Robin Example") {
		t.Fatal("client not in list")
	}
}

func TestClientSearchFiltersByDecryptedName(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	b.addClient("Alex Birch")
	b.addClient("Sam Cedar")
	_, list := b.get("/clients")
	if !strings.Contains(list, `method="post" action="/clients/search"`) {
		t.Fatal("the search form does not post")
	}
	code, loc, page := b.post("/clients/search", url.Values{"q": {"birch"}})
	if code != http.StatusOK || loc != "" || !strings.Contains(page, "Alex Birch") || strings.Contains(page, "Sam Cedar") {
		t.Fatalf("search did not filter in place: %d %q\n%s", code, loc, page)
	}
	_, _, page = b.post("/clients/search", url.Values{"q": {"nobody"}})
	if !strings.Contains(page, "No client matches") {
		t.Fatal("no empty-search message")
	}
	// A name in the address is ignored: it would sit in the history.
	if _, page := b.get("/clients?q=birch"); !strings.Contains(page, "Sam Cedar") {
		t.Error("GET /clients filtered by a query in the URL")
	}
}

func TestAnotherCounsellorsClientIsNotFound(t *testing.T) {
	e := newTestEnv(t)
	owner := e.browser()
	owner.signIn("counsellor@example.org")
	c := owner.addClient("Private Person")
	for _, who := range []string{"other@example.org", "lead@example.org", "admin@example.org"} {
		b := e.browser()
		b.signIn(who)
		if code, page := b.get(c); code != http.StatusNotFound || strings.Contains(page, "Private Person") {
			t.Errorf("%s got %d for another's client", who, code)
		}
		b.get("/")
		if code, _, _ := b.post(c+"/notes", url.Values{"session_date": {"2026-01-01"}, "body": {"x"}}); code != http.StatusNotFound {
			t.Errorf("%s could post a note to another's client: %d", who, code)
		}
	}
	b := e.browser()
	b.signIn("counsellor@example.org")
	if code, _ := b.get("/clients/aaaaaaaaaaaaaaaaaaaaaaaaaa"); code != http.StatusNotFound {
		t.Errorf("unknown id: %d", code)
	}
}

func TestStateChangesNeedCSRFTokenAndSameOrigin(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	b.get("/clients")
	if code, _, _ := b.post("/clients", url.Values{"name": {"X"}, "csrf_token": {"forged"}}); code != http.StatusForbidden {
		t.Errorf("forged token: %d", code)
	}
	req, _ := http.NewRequest("POST", e.ts.URL+"/clients", strings.NewReader(url.Values{"name": {"X"}, "csrf_token": {b.csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example.org")
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST: %d", resp.StatusCode)
	}
	// Sign-in is protected too, before any session exists.
	anon := e.browser()
	if code, _, _ := anon.post("/login", url.Values{"email": {"counsellor@example.org"}, "password": {testPassword}}); code != http.StatusForbidden {
		t.Errorf("sign-in without token: %d", code)
	}
}

func TestMalformedFieldsAre422AndKeepInput(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	c := b.addClient("Kim Example")
	for _, date := range []string{"2026-13-01", "yesterday", "", "2999-01-01"} {
		code, _, page := b.post(c+"/notes", url.Values{"session_date": {date}, "body": {"kept text 123"}})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("date %q: %d", date, code)
		}
		if !strings.Contains(page, "kept text 123") || !strings.Contains(page, "There is a problem") {
			t.Errorf("date %q: form not re-rendered with input and error", date)
		}
	}
	if code, _, _ := b.post(c+"/notes", url.Values{"session_date": {"2026-01-01"}, "body": {"   "}}); code != http.StatusUnprocessableEntity {
		t.Errorf("blank body: %d", code)
	}
	if code, _, _ := b.post("/clients", url.Values{"name": {""}}); code != http.StatusUnprocessableEntity {
		t.Errorf("blank name: %d", code)
	}
}

func TestOversizedBodyIs413(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	c := b.addClient("Big Example")
	code, _, _ := b.post(c+"/notes", url.Values{"session_date": {"2026-01-01"}, "body": {strings.Repeat("a", MaxBody+10)}})
	if code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized: %d", code)
	}
}

func TestRepeatedFailedSignInsAreThrottled(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.get("/login")
	var code int
	for i := 0; i < core.AccountAttempts; i++ {
		code, _, _ = b.post("/login", url.Values{"email": {"counsellor@example.org"}, "password": {"wrong password here"}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("failure %d: %d", i, code)
		}
	}
	code, _, page := b.post("/login", url.Values{"email": {"counsellor@example.org"}, "password": {testPassword}})
	if code != http.StatusTooManyRequests || !strings.Contains(page, "Too many attempts") {
		t.Fatalf("after %d failures the right password got %d", core.AccountAttempts, code)
	}
}

func TestSessionCookieAndSignOut(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.get("/login")
	resp := b.postResp("/login", url.Values{"email": {"counsellor@example.org"}, "password": {testPassword}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatal(resp.StatusCode)
	}
	var sc *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			sc = c
		}
	}
	if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie: %+v", sc)
	}
	b.get("/clients")
	if code, _, _ := b.post("/logout", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("logout: %d", code)
	}
	// The old cookie opens nothing.
	old := e.browser()
	u, _ := url.Parse(e.ts.URL)
	old.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: sc.Value}})
	if code, _ := old.get("/clients"); code != http.StatusSeeOther {
		t.Fatalf("old session still works: %d", code)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	resp, err := b.c.Get(e.ts.URL + "/clients")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := resp.Header
	for k, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "no-store",
		"Referrer-Policy":        "no-referrer",
	} {
		if h.Get(k) != want {
			t.Errorf("%s = %q", k, h.Get(k))
		}
	}
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP: %q", csp)
	}
	resp, _ = http.Get(e.ts.URL + "/healthz")
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("healthz: %d", resp.StatusCode)
	}
}

func TestSignedNoteIsImmutableAndTakesAddenda(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	c := b.addClient("Lee Example")
	b.addNote(c, "2026-01-05", "Original text.")
	_, page := b.get(c)
	i := strings.Index(page, `id="note-`)
	noteID := page[i+9 : i+9+26]
	if code, _, _ := b.post(c+"/notes/"+noteID, url.Values{"session_date": {"2026-01-05"}, "body": {"Edited draft."}}); code != http.StatusSeeOther {
		t.Fatalf("edit draft: %d", code)
	}
	if code, _, _ := b.post(c+"/notes/"+noteID+"/sign", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("sign: %d", code)
	}
	code, _, _ := b.post(c+"/notes/"+noteID, url.Values{"session_date": {"2026-01-05"}, "body": {"Changed after signing."}})
	if code < 400 {
		t.Fatalf("signed note was changed: %d", code)
	}
	if code, _, _ := b.post(c+"/notes/"+noteID+"/addenda", url.Values{"body": {"Correction: it was Tuesday."}}); code != http.StatusSeeOther {
		t.Fatalf("addendum: %d", code)
	}
	_, page = b.get(c)
	if !strings.Contains(page, "Edited draft.") || strings.Contains(page, "Changed after signing") || !strings.Contains(page, "Correction: it was Tuesday.") {
		t.Fatalf("unexpected page:\n%s", page)
	}
}

func TestNotesArePaginated(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	c := b.addClient("Page Example")
	for i := 1; i <= 25; i++ {
		b.addNote(c, fmt.Sprintf("2026-01-%02d", i), fmt.Sprintf("Note number %02d.", i))
	}
	_, p1 := b.get(c)
	_, p2 := b.get(c + "?page=2")
	if !strings.Contains(p1, "Note number 25.") || strings.Contains(p1, "Note number 05.") || !strings.Contains(p1, "Page 1 of 2") {
		t.Fatal("page 1 wrong")
	}
	if !strings.Contains(p2, "Note number 05.") || strings.Contains(p2, "Note number 25.") {
		t.Fatal("page 2 wrong")
	}
	// A page past the last shows the last; one before the first, the first.
	if _, p9 := b.get(c + "?page=9"); !strings.Contains(p9, "Page 2 of 2") || !strings.Contains(p9, "Note number 05.") || strings.Contains(p9, "Note number 25.") {
		t.Fatal("page 9 of 2 does not show the last page")
	}
	if _, p0 := b.get(c + "?page=-1"); !strings.Contains(p0, "Page 1 of 2") || !strings.Contains(p0, "Note number 25.") {
		t.Fatal("page -1 does not show the first page")
	}
}

func TestClientListWordsANameThatCannotBeDecrypted(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	b.addClient("Readable Example")
	// A record whose key does not open: its name cannot be read.
	broken := store.Client{CounsellorID: e.userID("counsellor@example.org"), Recipient: "age1none", WrappedKey: []byte("not a wrapped key"), NameEnc: []byte("not ciphertext")}
	if err := e.app.Store().CreateClient(t.Context(), &broken, "test"); err != nil {
		t.Fatal(err)
	}
	_, page := b.get("/clients")
	if !strings.Contains(page, "Readable Example") || !strings.Contains(page, `<a href="/clients/`+broken.ID+`">(name unavailable)</a>`) {
		t.Fatalf("client list does not word the unreadable name:\n%s", page)
	}
}

func TestDataDirectoryHoldsNoPlaintext(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	c := b.addClient("Zephyrine Quillfeather")
	b.addNote(c, "2026-01-05", "She described the lighthouse keeper's ledger.")
	secrets := [][]byte{[]byte("Zephyrine"), []byte("Quillfeather"), []byte("lighthouse keeper"), []byte("Test counsellor")}
	filepath.Walk(e.dir, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		for _, s := range secrets {
			if bytes.Contains(bytes.ToLower(data), bytes.ToLower(s)) {
				t.Errorf("%s holds %q in plaintext", filepath.Base(path), s)
			}
		}
		return nil
	})
}

func TestAuditLogRecordsSignInAndNotesAndVerifies(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	c := b.addClient("Audit Example")
	b.addNote(c, "2026-01-05", "Body.")
	n, problem, err := e.app.Store().VerifyAudit(t.Context())
	if err != nil || problem != nil {
		t.Fatalf("verify: %v %v", err, problem)
	}
	if n < 5 {
		t.Fatalf("only %d audit entries", n)
	}
}

func TestLockedDatabaseGivesClearErrorAndNothingIsHalfSaved(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	c := b.addClient("Lock Example")
	// Another process holds the write lock for longer than the busy timeout.
	other, err := sql.Open("sqlite3", "file:"+filepath.Join(e.dir, "confidant.db")+"?_busy_timeout=100")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(t.Context(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	code, _, page := b.post(c+"/notes", url.Values{"session_date": {"2026-01-05"}, "body": {"Written while locked."}})
	if code != http.StatusServiceUnavailable || !strings.Contains(page, "Nothing was saved") || strings.Contains(strings.ToLower(page), "sqlite") {
		t.Fatalf("locked database: %d\n%s", code, page)
	}
	conn.ExecContext(t.Context(), "ROLLBACK")
	conn.Close()
	if _, page := b.get(c); strings.Contains(page, "Written while locked.") {
		t.Fatal("a note reported as not saved was saved")
	}
	b.addNote(c, "2026-01-05", "Written after the lock.")
}
