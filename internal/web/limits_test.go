package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"confidant/internal/app/core"
	"confidant/internal/app/disclosure"
	"confidant/internal/app/staff"
	"confidant/internal/password"
	"confidant/internal/store"

	"github.com/gorilla/mux"
)

// burst sends n copies of the same form at once from b's session and
// returns the statuses. It does not call t.Fatal from the goroutines.
func (b *browser) burst(path string, form url.Values, n int) []int {
	b.e.t.Helper()
	if b.csrf != "" {
		form.Set("csrf_token", b.csrf)
	}
	codes := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", b.e.ts.URL+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", b.e.ts.URL)
			<-start
			resp, err := b.c.Do(req)
			if err != nil {
				codes[i] = -1
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	return codes
}

func count(codes []int, want int) int {
	n := 0
	for _, c := range codes {
		if c == want {
			n++
		}
	}
	return n
}

func auditCount(t *testing.T, e *testEnv, event string) int {
	t.Helper()
	es, err := e.app.Store().ListAudit(context.Background(), store.AuditFilter{Event: event, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestBurstOfWrongSignInsEvaluatesAtMostFivePasswords(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.get("/login")
	before := e.app.PasswordHashes()
	codes := b.burst("/login", url.Values{"email": {"counsellor@example.org"}, "password": {"wrong password here"}}, 40)
	evaluated := e.app.PasswordHashes() - before
	if evaluated > core.AccountAttempts {
		t.Fatalf("%d passwords hashed for a burst of 40 wrong ones; want at most %d", evaluated, core.AccountAttempts)
	}
	if n := count(codes, http.StatusUnprocessableEntity); n != int(evaluated) || n == 0 {
		t.Fatalf("%d answered 'wrong password' but %d were hashed: %v", n, evaluated, codes)
	}
	if n := count(codes, http.StatusTooManyRequests); n != 40-int(evaluated) {
		t.Fatalf("%d of 40 refused with 429: %v", n, codes)
	}
	// The account is now locked: the right password is refused too, unhashed.
	before = e.app.PasswordHashes()
	if code, _, _ := b.post("/login", url.Values{"email": {"counsellor@example.org"}, "password": {testPassword}}); code != http.StatusTooManyRequests {
		t.Fatalf("right password after the burst: %d", code)
	}
	if e.app.PasswordHashes() != before {
		t.Fatal("a refused sign-in was hashed")
	}
	if n := auditCount(t, e, "signin.throttled"); n != 1 {
		t.Fatalf("the lock was audited %d times, want once", n)
	}
	// Another account from another session is not locked by it.
	other := e.browser()
	other.signIn("lead@example.org")
}

func TestBurstOfWrongPortalSignInsEvaluatesAtMostFivePasswords(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.get("/portal/login")
	before := e.app.PasswordHashes()
	codes := b.burst("/portal/login", url.Values{"email": {"robin.client@example.org"}, "password": {"wrong password here"}}, 40)
	evaluated := e.app.PasswordHashes() - before
	if evaluated > core.AccountAttempts || evaluated == 0 {
		t.Fatalf("%d passwords hashed for a burst of 40; want 1 to %d", evaluated, core.AccountAttempts)
	}
	if n := count(codes, http.StatusTooManyRequests); n != 40-int(evaluated) {
		t.Fatalf("%d of 40 refused with 429: %v", n, codes)
	}
}

func TestBurstOfWrongAuthenticatorCodesEvaluatesAtMostFive(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	b.enrolTOTP()
	c := e.browser()
	c.get("/login")
	before := e.app.PasswordHashes()
	codes := c.burst("/login", url.Values{"email": {"counsellor@example.org"}, "password": {testPassword}, "code": {"000000"}}, 40)
	if n := e.app.PasswordHashes() - before; n > core.AccountAttempts {
		t.Fatalf("%d sign-ins evaluated", n)
	}
	if n := count(codes, http.StatusUnprocessableEntity); n > core.AccountAttempts || n == 0 {
		t.Fatalf("%d codes evaluated: %v", n, codes)
	}
	if n := auditCount(t, e, "signin.totp_failure"); n != count(codes, http.StatusUnprocessableEntity) {
		t.Fatalf("%d code failures audited", n)
	}
}

// Every password re-entry is throttled with sign-in: five wrong in 15
// minutes lock the action, the right password included, and the lock is
// audited.
func TestStepUpLocksAfterFiveWrongPasswords(t *testing.T) {
	cases := []struct {
		name string
		user string
		path func(e *testEnv) string
		form func(pw string) url.Values
	}{
		{"approval", "lead@example.org", func(e *testEnv) string {
			_, _, _, req := setupRequest(t, e, compliantRequest)
			return req + "/approve"
		}, func(pw string) url.Values {
			return url.Values{"extract_sha256": {strings.Repeat("0", 64)}, "password": {pw}}
		}},
		{"password change", "counsellor@example.org", func(*testEnv) string { return "/account/password" }, func(pw string) url.Values {
			return url.Values{"current_password": {pw}, "password": {"new harbour lantern quietly"}, "password_confirm": {"new harbour lantern quietly"}}
		}},
		{"key rotation", "admin@example.org", func(*testEnv) string { return rotateRoute }, func(pw string) url.Values {
			return url.Values{"password": {pw}}
		}},
		{"vault passphrase", "admin@example.org", func(*testEnv) string { return "/admin/keys/passphrase" }, func(pw string) url.Values {
			return url.Values{"password": {pw}, "passphrase": {"a new long vault passphrase"}, "passphrase_confirm": {"a new long vault passphrase"}}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t)
			path := tc.path(e)
			b := e.browser()
			b.signIn(tc.user)
			b.get("/account")
			for i := 0; i < 8; i++ {
				code, _, _ := b.post(path, tc.form("not my password"))
				want := http.StatusUnprocessableEntity
				if i >= core.AccountAttempts {
					want = http.StatusTooManyRequests
				}
				if code != want {
					t.Fatalf("wrong password %d: %d, want %d", i+1, code, want)
				}
			}
			before := e.app.PasswordHashes()
			if code, _, _ := b.post(path, tc.form(testPassword)); code != http.StatusTooManyRequests {
				t.Fatalf("right password after eight wrong ones: %d, want 429", code)
			}
			if e.app.PasswordHashes() != before {
				t.Fatal("a locked step-up still hashed the password")
			}
			if n := auditCount(t, e, "stepup.throttled"); n != 1 {
				t.Fatalf("lock audited %d times", n)
			}
			if n := auditCount(t, e, "stepup.failure"); n != core.AccountAttempts {
				t.Fatalf("%d step-up failures audited, want %d", n, core.AccountAttempts)
			}
		})
	}
}

func TestBurstOfStepUpsEvaluatesAtMostFive(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	b.get("/account")
	before := e.app.PasswordHashes()
	codes := b.burst("/account/password", url.Values{"current_password": {"not my password"}, "password": {"new harbour lantern quietly"}, "password_confirm": {"new harbour lantern quietly"}}, 40)
	if n := e.app.PasswordHashes() - before; n > core.AccountAttempts {
		t.Fatalf("%d step-ups hashed in a burst of 40", n)
	}
	if n := count(codes, http.StatusTooManyRequests); n < 40-core.AccountAttempts {
		t.Fatalf("only %d refused: %v", n, codes)
	}
}

// When every hashing slot stays taken, a sign-in waits briefly and then
// answers 503 with Retry-After, rather than piling up more hashes.
func TestSignInAnswers503WhenHashingIsSaturated(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	// Slow hashes, so that the gate stays full while the others arrive.
	slow := password.Params{Memory: 32 * 1024, Time: 4, Threads: 1, KeyLen: 32, SaltLen: 16}
	var emails []string
	for i := 0; i < 12; i++ {
		email := "slow" + string(rune('a'+i)) + "@example.org"
		if _, err := staff.AddUser(ctx, e.app.Store(), slow, email, "Slow", testPassword, []string{"counsellor"}, "test"); err != nil {
			t.Fatal(err)
		}
		emails = append(emails, email)
	}
	e.app.LimitHashing(1, 10*time.Millisecond)
	b := e.browser()
	b.get("/login")
	codes := make([]int, len(emails))
	retry := make([]string, len(emails))
	var wg sync.WaitGroup
	for i, email := range emails {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"email": {email}, "password": {"wrong password here"}, "csrf_token": {b.csrf}}
			req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", e.ts.URL)
			resp, err := b.c.Do(req)
			if err != nil {
				return
			}
			resp.Body.Close()
			codes[i], retry[i] = resp.StatusCode, resp.Header.Get("Retry-After")
		}()
	}
	wg.Wait()
	busy := 0
	for i, c := range codes {
		if c == http.StatusServiceUnavailable {
			busy++
			if retry[i] == "" {
				t.Fatal("503 without Retry-After")
			}
		} else if c != http.StatusUnprocessableEntity {
			t.Fatalf("sign-in %d: %d", i, c)
		}
	}
	if busy == 0 {
		t.Fatalf("no sign-in was turned away with one hashing slot: %v", codes)
	}
	// Turned-away attempts were not counted against the account.
	e.app.LimitHashing(2, time.Minute)
	for i, c := range codes {
		if c == http.StatusServiceUnavailable {
			if code, _, page := b.post("/login", url.Values{"email": {emails[i]}, "password": {testPassword}}); code != http.StatusSeeOther && !strings.Contains(page, "authenticator") {
				t.Fatalf("sign-in after a 503: %d", code)
			}
			break
		}
	}
}

func TestDisabledAccountAnswersLikeAWrongPasswordAfterTheSameWork(t *testing.T) {
	e := newTestEnv(t)
	admin := e.browser()
	admin.signIn("admin@example.org")
	id := e.userID("counsellor@example.org")
	admin.get("/admin/users/" + id)
	if code, _, _ := admin.post("/admin/users/"+id+"/disable", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("disable: %d", code)
	}
	b := e.browser()
	b.get("/login")
	answers := map[string]string{}
	for _, pw := range []string{"a wrong password entirely", testPassword} {
		before := e.app.PasswordHashes()
		code, _, page := b.post("/login", url.Values{"email": {"counsellor@example.org"}, "password": {pw}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("disabled account, password %q: %d", pw, code)
		}
		if e.app.PasswordHashes()-before != 1 {
			t.Fatal("a disabled account's sign-in was not hashed")
		}
		answers[pw] = csrfRE.ReplaceAllString(page, "")
	}
	if answers[testPassword] != answers["a wrong password entirely"] {
		t.Fatal("the right password of a disabled account answers differently from a wrong one")
	}
}

// sentLink takes a request all the way to a sent extract and returns the
// officer's download link and its release code.
func sentLink(t *testing.T, e *testEnv) (string, string) {
	t.Helper()
	mail := startMail(t, e)
	counsellor, lead, clientPath, req := setupRequest(t, e, compliantRequest)
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
	code, _, sent := lead.post(req+"/send", url.Values{})
	if code != http.StatusOK {
		t.Fatalf("send: %d %s", code, sent)
	}
	releaseCode := between(between(sent, `class="release-code"`, "</p>"), "<code>", "</code>")
	for {
		to, _, body := mail.next(t)
		if to == "dc.ann.lee@xforce.police.uk" {
			return regexp.MustCompile(`/d/[A-Za-z0-9_-]+`).FindString(body), releaseCode
		}
	}
}

func TestBurstOfWrongReleaseCodesComparesAtMostFive(t *testing.T) {
	e := newTestEnv(t)
	link, releaseCode := sentLink(t, e)
	officer := e.browser()
	officer.get(link)
	codes := officer.burst(link, url.Values{"code": {"WRONG-CODE1"}}, 50)
	compared := auditCount(t, e, "download.failed") // one per code compared
	if compared > disclosure.MaxCodeAttempts {
		t.Fatalf("%d release codes compared in a burst of 50; want at most %d", compared, disclosure.MaxCodeAttempts)
	}
	if n := count(codes, http.StatusUnprocessableEntity) + count(codes, http.StatusNotFound); n != 50 {
		t.Fatalf("answers: %v", codes)
	}
	// The link is now locked: the right code no longer opens it.
	officer.get(link)
	if code, _, _ := officer.post(link, url.Values{"code": {releaseCode}}); code != http.StatusNotFound {
		t.Fatalf("right code after the burst: %d", code)
	}
}

func TestRightReleaseCodeAfterWrongOnesStillDownloadsOnce(t *testing.T) {
	e := newTestEnv(t)
	link, releaseCode := sentLink(t, e)
	officer := e.browser()
	officer.get(link)
	for i := 0; i < disclosure.MaxCodeAttempts-1; i++ {
		if code, _, _ := officer.post(link, url.Values{"code": {"WRONG-CODE1"}}); code != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code %d: %d", i, code)
		}
	}
	codes := officer.burst(link, url.Values{"code": {releaseCode}}, 10)
	if count(codes, http.StatusOK) != 1 {
		t.Fatalf("a burst of the right code downloaded %d times: %v", count(codes, http.StatusOK), codes)
	}
}

// rawPost sends body with contentType from b's session, with its CSRF token
// in the query-free form when the body is url-encoded.
func (b *browser) rawPost(path, contentType string, body io.Reader) int {
	b.e.t.Helper()
	req, _ := http.NewRequest("POST", b.e.ts.URL+path, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Origin", b.e.ts.URL)
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func multipartBody(t *testing.T, csrf string, size int) (string, *bytes.Buffer) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", csrf)
	mw.WriteField("email", "counsellor@example.org")
	mw.WriteField("password", "wrong password here")
	fw, _ := mw.CreateFormFile("attachment", "big.pdf")
	fw.Write(bytes.Repeat([]byte("x"), size))
	mw.Close()
	return mw.FormDataContentType(), &body
}

func TestFormsWithoutASessionTakeOnlyAFewKilobytes(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.get("/login")
	big := url.Values{"csrf_token": {b.csrf}, "email": {"counsellor@example.org"}, "password": {"wrong"}, "pad": {strings.Repeat("a", 20<<10)}}
	if code := b.rawPost("/login", "application/x-www-form-urlencoded", strings.NewReader(big.Encode())); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("20 KiB sign-in form: %d, want 413", code)
	}
	ct, body := multipartBody(t, b.csrf, 11<<20-4096)
	if code := b.rawPost("/login", ct, body); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("11 MiB multipart sign-in: %d, want 413", code)
	}
	ct, body = multipartBody(t, b.csrf, 100)
	if code := b.rawPost("/login", ct, body); code != http.StatusUnsupportedMediaType {
		t.Fatalf("small multipart sign-in: %d, want 415", code)
	}
	ct, body = multipartBody(t, b.csrf, 1<<20)
	if code := b.rawPost("/requests", ct, body); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("multipart to the upload route without a session: %d, want 413", code)
	}
	p := e.browser()
	p.get("/portal/login")
	big.Set("csrf_token", p.csrf)
	if code := p.rawPost("/portal/login", "application/x-www-form-urlencoded", strings.NewReader(big.Encode())); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("20 KiB portal sign-in form: %d, want 413", code)
	}
	if code := p.rawPost("/d/sometoken", "application/x-www-form-urlencoded", strings.NewReader(big.Encode())); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("20 KiB release-code form: %d, want 413", code)
	}
	// An ordinary sign-in still works.
	b.signIn("counsellor@example.org")
}

func TestMultipartOnlyOnRoutesThatTakeAFile(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	b.get("/clients")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", b.csrf)
	mw.WriteField("name", "Multipart Example")
	mw.Close()
	if code := b.rawPost("/clients", mw.FormDataContentType(), &body); code != http.StatusUnsupportedMediaType {
		t.Fatalf("multipart to a route without a file: %d, want 415", code)
	}
}

// Expected refusals answer 4xx with a message, never 500.
func TestExpectedRefusalsAnswer4xxNot500(t *testing.T) {
	e := newTestEnv(t)
	c, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	_, page := c.get(clientPath)
	note := regexp.MustCompile(`/notes/([a-z2-7]{26})`).FindStringSubmatch(page)[1]
	// Opening a note of the extract before the request may have one.
	if code, body := lead.get(req + "/extract/notes/" + note); code != http.StatusConflict || !strings.Contains(body, "only once the request is verified") {
		t.Fatalf("extract note opened too early: %d", code)
	}
	// An addendum to a draft.
	c.addNote(clientPath, "2025-02-04", "A draft, not yet signed.")
	_, page = c.get(clientPath)
	var draft string
	for _, m := range regexp.MustCompile(`/notes/([a-z2-7]{26})`).FindAllStringSubmatch(page, -1) {
		if m[1] != note {
			draft = m[1]
		}
	}
	if code, _, body := c.post(clientPath+"/notes/"+draft+"/addenda", url.Values{"body": {"Later."}}); code != http.StatusConflict || !strings.Contains(body, "edit the draft") {
		t.Fatalf("addendum to a draft: %d", code)
	}
	// Editing a signed note.
	code, _, body := c.post(clientPath+"/notes/"+note, url.Values{"session_date": {"2025-02-03"}, "body": {"Changed after signing."}})
	if code != http.StatusConflict || !strings.Contains(body, "add an addendum") {
		t.Fatalf("editing a signed note: %d", code)
	}
}

func TestNamesAreNFCAndBidiOrInvisibleNamesAreRefused(t *testing.T) {
	e := newTestEnv(t)
	c := e.browser()
	c.signIn("counsellor@example.org")
	c.get("/clients")
	for name, in := range map[string]string{
		"right-to-left override": "Morgan \u202Enosirrah",
		"isolate":                "\u2067Morgan\u2069",
		"only zero-width spaces": "\u200B\u200B\u200B",
		"only a Hangul filler":   "\u3164",
	} {
		code, _, page := c.post("/clients", url.Values{"name": {in}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("client name with %s: %d, want 422", name, code)
		}
		if !strings.Contains(page, "text-direction") && !strings.Contains(page, "no visible letters") {
			t.Fatalf("client name with %s: no clear message", name)
		}
	}
	path := c.addClient("Zoe\u0301 Example")
	if _, page := c.get(path); !strings.Contains(page, "Zo\u00e9 Example") {
		t.Fatal("a decomposed name was not stored in NFC")
	}
	admin := e.browser()
	admin.signIn("admin@example.org")
	admin.get("/admin/users")
	code, _, page := admin.post("/admin/users", url.Values{"email": {"new@example.org"}, "name": {"New \u202EPerson"}, "roles": {"counsellor"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "text-direction") {
		t.Fatalf("staff name with a right-to-left override: %d", code)
	}
}

// lockedBuffer collects log output written from server goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls the log until it holds n lines containing want.
func (l *lockedBuffer) waitFor(want string, n int) string {
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) && strings.Count(l.String(), want) < n {
		time.Sleep(10 * time.Millisecond)
	}
	return l.String()
}

func TestLogsNameRoutePatternsNeverPathsWithTokens(t *testing.T) {
	e := newTestEnv(t)
	var logs lockedBuffer
	e.srv.Log = slog.New(slog.NewTextHandler(&logs, nil))
	secret := "SeCrEtToKeNvAlUe0123456789abcdefghijklmnopq"
	b := e.browser()
	b.get("/d/" + secret)
	b.get("/portal/invite/" + secret)
	b.get("/set-password?token=" + secret)
	b.get("/no/such/" + secret)
	out := logs.waitFor("msg=request", 4)
	for _, want := range []string{"route=/d/{token}", "route=/portal/invite/{token}", "route=/set-password", `route="(no route)"`} {
		if !strings.Contains(out, want) {
			t.Errorf("request log lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, secret) {
		t.Fatalf("a token reached the log:\n%s", out)
	}
}

func TestPanicLogNamesTheRouteNotThePath(t *testing.T) {
	e := newTestEnv(t)
	var logs lockedBuffer
	e.srv.Log = slog.New(slog.NewTextHandler(&logs, nil))
	r := mux.NewRouter()
	r.Use(recordRoute)
	r.HandleFunc("/d/{token}", func(http.ResponseWriter, *http.Request) { panic("boom") })
	ts := httptest.NewServer(e.srv.logRequests(e.srv.recoverPanics(r)))
	defer ts.Close()
	secret := "SeCrEtToKeNvAlUe0123456789abcdefghijklmnopq"
	resp, err := http.Get(ts.URL + "/d/" + secret)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("panic answered %d", resp.StatusCode)
	}
	out := logs.waitFor("msg=request", 1)
	if !strings.Contains(out, "msg=panic route=/d/{token}") || strings.Contains(out, secret) {
		t.Fatalf("panic log:\n%s", out)
	}
}

// Twenty failures from one address, across any accounts, lock that address
// (a guesser trying one password on many accounts), before any hashing.
func TestOneAddressIsLockedAfterTwentyFailuresAcrossAccounts(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.get("/login")
	for i := 0; i < core.AddressAttempts; i++ {
		email := "nobody" + strconv.Itoa(i) + "@example.org"
		if code, _, _ := b.post("/login", url.Values{"email": {email}, "password": {"wrong password here"}}); code != http.StatusUnprocessableEntity {
			t.Fatalf("failure %d: %d", i, code)
		}
	}
	before := e.app.PasswordHashes()
	if code, _, _ := b.post("/login", url.Values{"email": {"lead@example.org"}, "password": {testPassword}}); code != http.StatusTooManyRequests {
		t.Fatalf("right password from a locked address: %d", code)
	}
	if e.app.PasswordHashes() != before {
		t.Fatal("a sign-in from a locked address was hashed")
	}
	// The portal counts its own addresses: a client is not locked out by
	// failures at the staff sign-in.
	p := e.browser()
	p.get("/portal/login")
	if code, _, _ := p.post("/portal/login", url.Values{"email": {"robin.client@example.org"}, "password": {"wrong password here"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("portal sign-in from the same address: %d", code)
	}
}
