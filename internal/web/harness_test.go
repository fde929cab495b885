package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/vault"
)

// testPassword is the shared harness's (internal/app/apptest).
const testPassword = apptest.Password

// testEnv is a real vault in a temporary directory served over real HTTP.
type testEnv struct {
	t   *testing.T
	dir string
	app *app.App
	srv *Server
	ts  *httptest.Server
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	a, dir := apptest.New(t)
	for _, u := range []struct{ email, role string }{
		{"counsellor@example.org", "counsellor"},
		{"other@example.org", "counsellor"},
		{"lead@example.org", "lead"},
	} {
		apptest.AddUser(t, a, u.email, "Test "+u.role, u.role)
	}
	s, err := New(a, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return &testEnv{t: t, dir: dir, app: a, srv: s, ts: ts}
}

// browser is a cookie-keeping client that does not follow redirects, so
// tests see the 303s.
type browser struct {
	e    *testEnv
	c    *http.Client
	csrf string
}

func (e *testEnv) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (b *browser) get(path string) (int, string) {
	b.e.t.Helper()
	resp, err := b.c.Get(b.e.ts.URL + path)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if m := csrfRE.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return resp.StatusCode, string(body)
}

func (b *browser) postResp(path string, form url.Values) *http.Response {
	b.e.t.Helper()
	if form.Get("csrf_token") == "" && b.csrf != "" {
		form.Set("csrf_token", b.csrf)
	}
	req, _ := http.NewRequest("POST", b.e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.e.ts.URL)
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	return resp
}

func (b *browser) post(path string, form url.Values) (int, string, string) {
	b.e.t.Helper()
	resp := b.postResp(path, form)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

func (b *browser) signIn(email string) {
	b.e.t.Helper()
	b.get("/login")
	code, loc, body := b.post("/login", url.Values{"email": {email}, "password": {testPassword}})
	if code != http.StatusSeeOther {
		b.e.t.Fatalf("sign-in as %s: %d %s", email, code, body)
	}
	_ = loc
	b.get("/")
}

func (b *browser) addClient(name string) string {
	b.e.t.Helper()
	b.get("/clients")
	code, loc, body := b.post("/clients", url.Values{"name": {name}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/clients/") {
		b.e.t.Fatalf("add client: %d %q %s", code, loc, body)
	}
	return loc
}

func (b *browser) addNote(clientPath, date, body string) {
	b.e.t.Helper()
	code, _, page := b.post(clientPath+"/notes", url.Values{"session_date": {date}, "body": {body}})
	if code != http.StatusSeeOther {
		b.e.t.Fatalf("add note: %d %s", code, page)
	}
}

// addSignedNote saves a note and signs it, as a counsellor does before a
// note can leave in an extract.
func (b *browser) addSignedNote(clientPath, date, body string) {
	b.e.t.Helper()
	b.addNote(clientPath, date, body)
	_, page := b.get(clientPath)
	for _, m := range signFormRE.FindAllStringSubmatch(page, -1) {
		if code, _, body := b.post(m[1], url.Values{}); code != http.StatusSeeOther {
			b.e.t.Fatalf("sign note: %d %s", code, body)
		}
	}
}

var signFormRE = regexp.MustCompile(`action="(/clients/[a-z2-7]{26}/notes/[a-z2-7]{26}/sign)"`)

// seededVault makes a vault in a temporary directory for benchmarks, with
// a counsellor and a lead, and returns the app, its directory and both
// users.
func seededVault(tb testing.TB, kt vault.KeyType) (*app.App, string, core.StaffUser, core.StaffUser) {
	tb.Helper()
	dir := apptest.Init(tb, kt)
	a := apptest.Open(tb, dir, "")
	c := apptest.AddUser(tb, a, "counsellor@example.org", "C", "counsellor")
	l := apptest.AddUser(tb, a, "lead@example.org", "L", "lead")
	return a, dir, c, l
}
