package main

// Helpers for the end-to-end tests in e2e_test.go: they build the real
// binary (and the stock age CLI) once, run it as a child process on its own
// data directory, and talk to `confidant serve` over real HTTP.

import (
	"bytes"
	"confidant/internal/app/apptest"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// e2ePassword is the password every test account uses: long enough and not
// a common one, so the password policy accepts it.
const e2ePassword = apptest.Password

var (
	e2eDir      string // where the binaries are built; removed by TestMain
	e2eOnce     sync.Once
	e2eBin      string
	e2eAge      string
	e2eBuildErr error
)

// TestMain only provides a directory for the binaries and removes it at the
// end; the binaries themselves are built on first use, so running another
// test of this package alone costs nothing.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "confidant-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: make temp dir:", err)
		os.Exit(2)
	}
	e2eDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// binaries builds `confidant` from this directory and the stock age CLI
// (a `tool` in go.mod, so it builds offline from the module cache).
func binaries(t testing.TB) (confidant, age string) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test: skipped with -short")
	}
	e2eOnce.Do(func() {
		build := func(out string, args ...string) error {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "go", append([]string{"build", "-o", out}, args...)...)
			if b, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("go build %s: %v\n%s", strings.Join(args, " "), err, b)
			}
			return nil
		}
		e2eBin = filepath.Join(e2eDir, "confidant")
		e2eAge = filepath.Join(e2eDir, "age")
		if e2eBuildErr = build(e2eBin, "."); e2eBuildErr != nil {
			return
		}
		e2eBuildErr = build(e2eAge, "filippo.io/age/cmd/age")
	})
	if e2eBuildErr != nil {
		t.Fatal(e2eBuildErr)
	}
	return e2eBin, e2eAge
}

// childEnv is the test's environment without any CONFIDANT_ variable, so
// that a developer's own settings never leak into a test; extra is added.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONFIDANT_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// result is what one run of the binary left behind.
type e2eResult struct {
	stdout, stderr string
	code           int
}

func (r e2eResult) String() string {
	return fmt.Sprintf("exit %d\n--- stdout:\n%s--- stderr:\n%s", r.code, r.stdout, r.stderr)
}

// runBin runs the confidant binary to completion with stdin and the given
// extra environment, within 60 s.
func runBin(t *testing.T, stdin string, env []string, args ...string) e2eResult {
	t.Helper()
	bin, _ := binaries(t)
	return runProg(t, bin, stdin, env, args...)
}

func runProg(t *testing.T, prog, stdin string, env []string, args ...string) e2eResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Env = childEnv(env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := e2eResult{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("run %s %v: %v", filepath.Base(prog), args, err)
	}
	if ctx.Err() != nil {
		t.Fatalf("%s %v did not finish within 60 s\n%s", filepath.Base(prog), args, r)
	}
	return r
}

// mustSucceed fails the test unless r exited 0.
func mustSucceed(t *testing.T, r e2eResult, what string) {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("%s failed:\n%s", what, r)
	}
}

// oneLineError checks the contract for a failing command: a non-zero exit
// and exactly one line on stderr, with no sign of a panic.
func oneLineError(t *testing.T, r e2eResult, what string) {
	t.Helper()
	if r.code == 0 {
		t.Errorf("%s: exit 0, want a failure\n%s", what, r)
		return
	}
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	if strings.TrimSpace(r.stderr) == "" || len(lines) != 1 {
		t.Errorf("%s: want exactly one line on stderr, got %d\n%s", what, len(lines), r)
	}
	for _, bad := range []string{"panic", "goroutine "} {
		if strings.Contains(r.stderr, bad) || strings.Contains(r.stdout, bad) {
			t.Errorf("%s: output mentions %q\n%s", what, bad, r)
		}
	}
}

// initVault creates a vault in dir (unattended unless extra says
// otherwise) and returns init's result and the recovery identity it printed.
func initVault(t *testing.T, dir string, classic bool, extra ...string) (e2eResult, string) {
	t.Helper()
	args := []string{"init", "--data", dir, "--admin-email", "admin@example.org"}
	if classic {
		args = append(args, "--classic-keys")
	}
	args = append(args, extra...)
	if !hasFlag(extra, "--passphrase-file") {
		args = append(args, "--unattended")
	}
	r := runBin(t, e2ePassword+"\n", nil, args...)
	mustSucceed(t, r, "init")
	return r, recoveryIdentity(t, r.stdout)
}

func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}

// recoveryIdentity is the line of init's output that starts with
// AGE-SECRET-KEY.
func recoveryIdentity(t *testing.T, stdout string) string {
	t.Helper()
	for _, l := range strings.Split(stdout, "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "AGE-SECRET-KEY") {
			return l
		}
	}
	t.Fatalf("init printed no AGE-SECRET-KEY line:\n%s", stdout)
	return ""
}

// writeSecretFile writes a 0600 file holding one line.
func writeSecretFile(t *testing.T, path, line string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// addUser adds a staff account through the command line.
func cliAddUser(t *testing.T, dir, email, role, name string) {
	t.Helper()
	r := runBin(t, e2ePassword+"\n", nil, "user", "add", "--data", dir, "--email", email, "--role", role, "--name", name)
	mustSucceed(t, r, "user add")
}

// newCounsellorVault makes a vault with one counsellor and returns its dir
// and recovery identity.
func newCounsellorVault(t *testing.T, classic bool) (dir, recovery string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "data")
	_, recovery = initVault(t, dir, classic)
	cliAddUser(t, dir, "counsellor@example.org", "counsellor", "Casey Counsellor")
	return dir, recovery
}

// syncBuffer is a bytes.Buffer safe for one writer and many readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is a running `confidant serve` child process.
type e2eServer struct {
	t       *testing.T
	cmd     *exec.Cmd
	base    string // http://127.0.0.1:PORT
	stdout  *syncBuffer
	stderr  *syncBuffer
	done    chan struct{}
	waitErr error
	startup time.Duration
}

var servingLine = regexp.MustCompile(`Confidant is serving on (https?://[^\s]+)`)

// startServe runs `confidant serve` on dir on a free loopback port (the
// kernel picks it: --addr 127.0.0.1:0) and waits until it says it serves.
func startServe(t *testing.T, dir string, env []string, extra ...string) *e2eServer {
	t.Helper()
	bin, _ := binaries(t)
	s := &e2eServer{t: t, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	args := append([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0"}, extra...)
	s.cmd = exec.Command(bin, args...)
	s.cmd.Env = childEnv(env...)
	s.cmd.Stdout, s.cmd.Stderr = s.stdout, s.stderr
	start := time.Now()
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Kill()
			<-s.done
		}
	})
	deadline := time.After(45 * time.Second) // generous: a sealed key costs a second of scrypt, more on a busy machine
	for {
		if m := servingLine.FindStringSubmatch(s.stdout.String()); m != nil {
			s.base = m[1]
			s.startup = time.Since(start)
			break
		}
		select {
		case <-s.done:
			t.Fatalf("serve exited before serving (%v)\nstdout:\n%s\nstderr:\n%s", s.waitErr, s.stdout, s.stderr)
		case <-deadline:
			t.Fatalf("serve did not say it was serving within 45 s\nstdout:\n%s\nstderr:\n%s", s.stdout, s.stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	// The address is printed once the socket listens; check it answers.
	// Over TLS the certificate is the test's own; only the socket matters here.
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := hc.Get(s.base + "/healthz")
	if err != nil {
		t.Fatalf("healthz: %v", err)
	}
	resp.Body.Close()
	return s
}

// wait waits for the process to end and returns its exit code (-1 when a
// signal ended it).
func (s *e2eServer) wait(timeout time.Duration) int {
	s.t.Helper()
	select {
	case <-s.done:
	case <-time.After(timeout):
		_ = s.cmd.Process.Kill()
		<-s.done
		s.t.Fatalf("serve did not stop within %v\nstderr:\n%s", timeout, s.stderr)
	}
	return s.cmd.ProcessState.ExitCode()
}

// stop sends SIGTERM and expects a clean exit 0.
func (s *e2eServer) stop() {
	s.t.Helper()
	s.stopWith(syscall.SIGTERM)
}

// stopWith sends sig (SIGTERM or SIGINT) and expects a clean exit 0.
func (s *e2eServer) stopWith(sig os.Signal) {
	s.t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatal(err)
	}
	if code := s.wait(15 * time.Second); code != 0 {
		s.t.Fatalf("serve exited %d after %v, want 0\nstderr:\n%s", code, sig, s.stderr)
	}
}

// kill sends SIGKILL and waits for the process to die.
func (s *e2eServer) kill() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		s.t.Fatal(err)
	}
	s.wait(15 * time.Second)
}

// client is a cookie-keeping HTTP client signed in to one server, sending
// forms as a browser does (same-origin Origin and Referer headers).
type e2eClient struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
}

func newE2EClient(t *testing.T, base string) *e2eClient {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &e2eClient{t: t, base: base, hc: &http.Client{
		Jar:     jar,
		Timeout: 20 * time.Second,
		// Tests look at the 303s themselves.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// csrfFrom is the first csrf_token in a page.
func csrfFrom(page string) string {
	if m := csrfField.FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// get fetches path and returns the status and body.
func (c *e2eClient) get(path string) (int, string) {
	c.t.Helper()
	resp, err := c.hc.Get(c.base + path)
	if err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, string(b)
}

// mustGet fetches path and fails unless it answers 200.
func (c *e2eClient) mustGet(path string) string {
	c.t.Helper()
	code, body := c.get(path)
	if code != http.StatusOK {
		c.t.Fatalf("GET %s: status %d\n%s", path, code, body)
	}
	return body
}

// post sends a form with the session's csrf_token; it is safe to call from
// several goroutines (it reports errors rather than failing the test).
func (c *e2eClient) post(path string, form url.Values) (*http.Response, string, error) {
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if f.Get("csrf_token") == "" {
		f.Set("csrf_token", c.csrf)
	}
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(f.Encode()))
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	req.Header.Set("Referer", c.base+"/clients")
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

// mustPost posts a form and fails unless the answer is 303; it returns the
// Location.
func (c *e2eClient) mustPost(path string, form url.Values) string {
	c.t.Helper()
	resp, body, err := c.post(path, form)
	if err != nil {
		c.t.Fatalf("POST %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("POST %s: status %d, want 303\n%s", path, resp.StatusCode, body)
	}
	return resp.Header.Get("Location")
}

// login signs in through the form and keeps the session's csrf_token.
func (c *e2eClient) login(email, password string) {
	c.t.Helper()
	page := c.mustGet("/login")
	tok := csrfFrom(page)
	if tok == "" {
		c.t.Fatalf("no csrf_token on /login:\n%s", page)
	}
	resp, body, err := c.post("/login", url.Values{"email": {email}, "password": {password}, "csrf_token": {tok}})
	if err != nil {
		c.t.Fatalf("POST /login: %v", err)
	}
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("POST /login: status %d, want 303\n%s", resp.StatusCode, body)
	}
	var session *http.Cookie
	for _, ck := range resp.Cookies() {
		if (ck.Name == "confidant_session" || ck.Name == "__Host-confidant_session" && ck.Secure) && ck.Value != "" {
			session = ck
		}
	}
	if session == nil {
		c.t.Fatalf("the 303 to a good sign-in set no confidant_session cookie: %v", resp.Header["Set-Cookie"])
	}
	if !session.HttpOnly || (session.SameSite != http.SameSiteLaxMode && session.SameSite != http.SameSiteStrictMode) {
		c.t.Errorf("session cookie must be HttpOnly and SameSite Lax/Strict: %v", resp.Header["Set-Cookie"])
	}
	page = c.mustGet("/clients")
	if c.csrf = csrfFrom(page); c.csrf == "" {
		c.t.Fatalf("no csrf_token on /clients after sign-in:\n%s", page)
	}
}

var clientPath = regexp.MustCompile(`^/clients/([A-Za-z0-9_-]+)$`)

// newClientRecord adds a client through POST /clients and returns its id.
func (c *e2eClient) newClientRecord(name string) string {
	c.t.Helper()
	loc := c.mustPost("/clients", url.Values{"name": {name}})
	m := clientPath.FindStringSubmatch(strings.SplitN(loc, "#", 2)[0])
	if m == nil {
		c.t.Fatalf("POST /clients redirected to %q, want /clients/{id}", loc)
	}
	return m[1]
}

// addNote posts a draft note.
func (c *e2eClient) addNote(clientID, date, body string) {
	c.t.Helper()
	loc := c.mustPost("/clients/"+clientID+"/notes", url.Values{"session_date": {date}, "body": {body}})
	if !strings.HasPrefix(loc, "/clients/"+clientID) {
		c.t.Fatalf("note saved but redirected to %q", loc)
	}
}

var (
	noteCount = regexp.MustCompile(`<span class="count">\((\d+)\)</span>`)
	noteBody  = regexp.MustCompile(`(?s)<div class="body">(.*?)</div>`)
)

// allNotes pages through /clients/{id} (20 notes a page) and returns the
// count the page states and every note body shown, unescaped.
func (c *e2eClient) allNotes(clientID string) (int, []string) {
	c.t.Helper()
	first := c.mustGet("/clients/" + clientID)
	m := noteCount.FindStringSubmatch(first)
	if m == nil {
		c.t.Fatalf("no note count on the client page:\n%s", first)
	}
	total, _ := strconv.Atoi(m[1])
	var bodies []string
	for p := 1; p == 1 || (p-1)*20 < total; p++ {
		page := first
		if p > 1 {
			page = c.mustGet(fmt.Sprintf("/clients/%s?page=%d", clientID, p))
		}
		if strings.Contains(page, "cannot be decrypted") {
			c.t.Errorf("page %d shows a note that cannot be decrypted", p)
		}
		for _, b := range noteBody.FindAllStringSubmatch(page, -1) {
			bodies = append(bodies, html.UnescapeString(b[1]))
		}
	}
	return total, bodies
}

// sessionDate is yesterday: a date no validation can call the future.
func sessionDate() string { return time.Now().AddDate(0, 0, -1).Format("2006-01-02") }
