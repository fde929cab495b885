package web_test

// A real headless Chromium signs in, adds a client and a note by typing
// into the forms, and sees the note on the client's page. The app runs
// in-process on a real SQLite vault in a temporary directory, behind
// httptest.NewServer.
//
// Chromium is found as `chromium` or `chromium-browser` on PATH. Without it
// the test is skipped, unless CONFIDANT_REQUIRE_BROWSER=1 (as in CI), when
// a missing browser fails it.

import (
	"bytes"
	"context"
	"image/png"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"confidant/internal/app/apptest"
	"confidant/internal/web"

	"github.com/chromedp/chromedp"
)

const browserPassword = apptest.Password

// findChromium returns the browser's path, or skips (fails when
// CONFIDANT_REQUIRE_BROWSER=1) when there is none.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CONFIDANT_REQUIRE_BROWSER") == "1" {
		t.Fatal("CONFIDANT_REQUIRE_BROWSER=1 but neither chromium nor chromium-browser is on PATH (apt-get install chromium)")
	}
	t.Skip("no chromium on PATH; install Debian's chromium to run the browser test")
	return ""
}

// newBrowserApp starts the app on a fresh vault with one counsellor.
func newBrowserApp(t *testing.T) *httptest.Server {
	t.Helper()
	a, _ := apptest.New(t)
	apptest.AddUser(t, a, "counsellor@example.org", "Casey Counsellor", "counsellor")
	srv, err := web.New(a, slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

func TestBrowserCounsellorAddsClientAndNote(t *testing.T) {
	ts := newBrowserApp(t)
	shotDir := t.TempDir()

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	bctx, consoleProblems := startChromium(t, ctx)

	// Each step has its own 15 s, so that a stuck one still leaves time
	// to say where the browser was.
	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(bctx, 15*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			loc, _ := chromedp.Run(bctx, chromedp.Location())
			text, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("main")))
			t.Fatalf("%s: %v\npage %s:\n%s", what, err, loc, text)
		}
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(bctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}

	// Sign in by typing into the form.
	step("open the sign-in page",
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
	)
	step("sign in",
		chromedp.SendKeys(chromedp.ID("email"), "counsellor@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), browserPassword),
		chromedp.Click(chromedp.CSS(`form[method="post"][action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("new-client")),
	)
	if loc := location(); !strings.HasSuffix(loc, "/clients") {
		t.Fatalf("after sign-in the browser is on %s, want /clients", loc)
	}

	// Add a client.
	const clientName = "Wilhelmina Ashcombe"
	step("add a client",
		chromedp.SendKeys(chromedp.ID("name"), clientName),
		chromedp.Click(chromedp.CSS(`form[method="post"][action="/clients"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("new-note")),
	)
	clientURL := location()
	if !regexp.MustCompile(`/clients/[A-Za-z0-9_-]{16,}$`).MatchString(clientURL) {
		t.Fatalf("after adding a client the browser is on %s, want /clients/{id}", clientURL)
	}
	heading, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("main h1")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(heading, clientName) {
		t.Errorf("the client page's heading is %q, want the client's name", heading)
	}

	// Add a note (the session date defaults to today).
	const noteText = "We talked about the walk along the canal and the new allotment."
	step("add a note",
		chromedp.SendKeys(chromedp.ID("body"), noteText),
		chromedp.Click(chromedp.CSS(`form[method="post"][action$="/notes"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("article.note .body")),
	)
	body, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("article.note .body")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, noteText) {
		t.Errorf("the note on the client page reads %q, want %q", body, noteText)
	}
	if loc := location(); !strings.HasPrefix(loc, clientURL) {
		t.Errorf("after saving the note the browser is on %s, want the client page %s", loc, clientURL)
	}

	// A screenshot of the client page, as evidence and to check rendering.
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	shotPath := filepath.Join(shotDir, "client-page.png")
	if err := os.WriteFile(shotPath, shot, 0o600); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("the screenshot is only %dx%d", b.Dx(), b.Dy())
	}

	for _, p := range consoleProblems() {
		t.Errorf("browser console: %s", p)
	}
}

// startChromium starts headless Chromium (Debian's, found on PATH) with a
// fresh profile and listens to its console for the whole test. It returns
// the browser context and a function that stops listening and returns
// every Content-Security-Policy violation or uncaught exception seen, each
// of which a test should fail on.
func startChromium(t *testing.T, ctx context.Context) (context.Context, func() []string) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(findChromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	var (
		mu       sync.Mutex
		problems []string
	)
	lctx, stopListening := context.WithCancel(bctx)
	listened := make(chan struct{})
	messages := chromedp.Console(lctx)
	go func() {
		defer close(listened)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy") {
				mu.Lock()
				problems = append(problems, m.String())
				mu.Unlock()
			}
		}
	}()
	return bctx, func() []string {
		stopListening()
		<-listened
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}
