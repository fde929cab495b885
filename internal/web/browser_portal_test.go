package web

// Real-browser tests of the survivor portal and the sending of an extract
// (issue 8, "The whole flow in a browser"): headless Chromium, driven with
// chromedp, walks a request from the lead's intake form to the officer's
// download and the client's history; a second walk withdraws consent; the
// quick exit is tried by click and by Shift ×3; axe-core scans the portal
// and a few staff pages for WCAG 2.2 A/AA problems; and the portal is
// checked at a phone's width.
//
// The app runs in-process on a real vault in a temporary directory behind
// httptest.NewServer, with the real outbox worker sending to a real SMTP
// server on loopback (internal/mail/mailtest, through startMail).
//
// Chromium is found as `chromium` or `chromium-browser` on PATH, and
// axe-core's axe.min.js through CONFIDANT_AXE_JS (set by .ci/run) or the
// place .ci/run installs it. Without them the tests are skipped, unless
// CONFIDANT_REQUIRE_BROWSER=1 (as in CI), when they fail.

import (
	"bytes"
	"confidant/internal/app/apptest"
	"confidant/internal/pdftest"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The client's portal password (the same as portalClient's).
const e2eClientPassword = "willow harbour lantern"

// e2eNeed skips the test for want of a tool, or fails it when
// CONFIDANT_REQUIRE_BROWSER=1.
func e2eNeed(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CONFIDANT_REQUIRE_BROWSER") == "1" {
		t.Fatalf("CONFIDANT_REQUIRE_BROWSER=1 but %s", why)
	}
	t.Skip(why)
}

// e2eChromium returns the browser's path, or skips.
func e2eChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	e2eNeed(t, "neither chromium nor chromium-browser is on PATH (apt-get install chromium)")
	return ""
}

// e2eAxePath finds axe-core's axe.min.js, or skips.
func e2eAxePath(t *testing.T) string {
	t.Helper()
	p, tried := e2eAxeFind()
	if p == "" {
		e2eNeed(t, fmt.Sprintf("axe-core's axe.min.js is not installed (looked at %q; .ci/run installs it with npm and sets CONFIDANT_AXE_JS)", tried))
	}
	return p
}

// e2eAxeSource is axe-core's source if it is installed, or "".
func e2eAxeSource(t *testing.T) string {
	t.Helper()
	p, _ := e2eAxeFind()
	if p == "" {
		return ""
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func e2eAxeFind() (string, []string) {
	var tried []string
	if p := os.Getenv("CONFIDANT_AXE_JS"); p != "" {
		tried = append(tried, p)
	}
	// Where .ci/run installs it.
	if cache, err := os.UserCacheDir(); err == nil {
		tried = append(tried, filepath.Join(cache, "confidant-axe", "node_modules", "axe-core", "axe.min.js"))
	}
	for _, p := range tried {
		if fi, err := os.Stat(p); err == nil && fi.Size() > 100_000 {
			return p, tried
		}
	}
	return "", tried
}

// e2eBrowser is one headless Chromium for a test.
type e2eBrowser struct {
	t    *testing.T
	base string
	root context.Context

	mu       sync.Mutex
	problems []string
	wg       sync.WaitGroup
}

// newE2EBrowser starts Chromium for a test against the app at base. It
// accepts any certificate, for the neutral site the quick exit goes to.
func newE2EBrowser(t *testing.T, base string) *e2eBrowser {
	t.Helper()
	chromium := e2eChromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.IgnoreCertErrors,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	root, cancelRoot := chromedp.NewContext(actx)
	b := &e2eBrowser{t: t, base: base, root: root}
	t.Cleanup(func() {
		cancelRoot()
		cancelAlloc()
		cancel()
		b.wg.Wait()
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, p := range b.problems {
			t.Errorf("browser console: %s", p)
		}
	})
	if err := chromedp.Do(root, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

// e2eTab is one tab; a person has their own cookies (a browser context).
type e2eTab struct {
	b    *e2eBrowser
	name string
	ctx  context.Context
}

// person opens a tab in a new browser context: its own cookie jar, as if
// on another computer.
func (b *e2eBrowser) person(name string) *e2eTab {
	b.t.Helper()
	ctx, _ := chromedp.NewContext(b.root, chromedp.WithNewBrowserContext())
	return b.open(name, ctx)
}

// another opens another tab with the same cookies.
func (p *e2eTab) another(name string) *e2eTab {
	p.b.t.Helper()
	ctx, _ := chromedp.NewContext(p.ctx)
	return p.b.open(name, ctx)
}

// open starts a tab and listens to its console for the rest of the test:
// a Content-Security-Policy violation or an uncaught exception fails it.
func (b *e2eBrowser) open(name string, ctx context.Context) *e2eTab {
	b.t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		b.t.Fatalf("open a tab for %s: %v", name, err)
	}
	msgs := chromedp.Console(ctx)
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Content-Security-Policy") {
				b.mu.Lock()
				b.problems = append(b.problems, name+": "+m.String())
				b.mu.Unlock()
			}
		}
	}()
	return &e2eTab{b: b, name: name, ctx: ctx}
}

// fail stops the test, saying where the tab was and what it showed.
func (p *e2eTab) fail(what string, err error) {
	p.b.t.Helper()
	loc, _ := chromedp.Run(p.ctx, chromedp.Location())
	text, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	if len(text) > 3000 {
		text = text[:3000] + "…"
	}
	p.b.t.Fatalf("%s, %s: %v\npage %s:\n%s", p.name, what, err, loc, text)
}

// do runs actions with 15 s to spare.
func (p *e2eTab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.b.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.fail(what, err)
	}
}

// submit runs actions that end in a navigation (a click on a submit button
// or a link) and waits for the new page; it returns its HTTP status.
func (p *e2eTab) submit(what string, actions ...chromedp.Action[chromedp.Void]) int64 {
	p.b.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 15*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		p.fail(what, err)
	}
	return resp.Status
}

// click clicks what sel finds and waits for the page it leads to; a status
// other than 200 fails the test.
func (p *e2eTab) click(what, sel string) {
	p.b.t.Helper()
	if st := p.submit(what, chromedp.Click(chromedp.CSS(sel))); st != http.StatusOK {
		p.fail(what, fmt.Errorf("the page answered %d", st))
	}
}

// visit opens a path of the app (or a full URL) and returns the status.
func (p *e2eTab) visit(path string) int64 {
	p.b.t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = p.b.base + path
	}
	ctx, cancel := context.WithTimeout(p.ctx, 15*time.Second)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		p.fail("open "+path, err)
	}
	return resp.Status
}

// text is the visible text of the first element sel finds.
func (p *e2eTab) text(sel string) string {
	p.b.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 15*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.fail("read "+sel, err)
	}
	return s
}

// has reports whether sel finds an element now.
func (p *e2eTab) has(sel string) bool {
	p.b.t.Helper()
	return e2eEval[bool](p, fmt.Sprintf(`document.querySelector(%q) !== null`, sel))
}

func (p *e2eTab) location() string {
	p.b.t.Helper()
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		p.fail("read the location", err)
	}
	return loc
}

// e2eEval evaluates a JavaScript expression in the tab's page.
func e2eEval[T any](p *e2eTab, expr string, opts ...chromedp.EvaluateOption) T {
	p.b.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		p.fail("evaluate "+firstLine(expr), err)
	}
	return v
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}

// waitLocation waits until the tab's address starts with prefix.
func (p *e2eTab) waitLocation(what, prefix string) string {
	p.b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		loc, err := chromedp.Run(p.ctx, chromedp.Location())
		if err == nil && strings.HasPrefix(loc, prefix) {
			return loc
		}
		if time.Now().After(deadline) {
			p.fail(what, fmt.Errorf("the address is %q, want %s…", loc, prefix))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// staffSignIn signs a staff member in through the sign-in form.
func (p *e2eTab) staffSignIn(email string) {
	p.b.t.Helper()
	p.visit("/login")
	p.do("type the staff email and password",
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
	)
	if st := p.submit("sign in as "+email, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`))); st != http.StatusOK {
		p.fail("sign in", fmt.Errorf("status %d", st))
	}
	if strings.HasSuffix(p.location(), "/login") {
		p.fail("sign in as "+email, fmt.Errorf("still on the sign-in page"))
	}
}

// portalSignIn signs the client in through the portal's sign-in form.
func (p *e2eTab) portalSignIn(email string) {
	p.b.t.Helper()
	if !strings.HasSuffix(p.location(), "/portal/login") {
		p.visit("/portal/login")
	}
	p.do("type the client's email and password",
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), e2eClientPassword),
	)
	p.click("sign in to the portal", `form[action="/portal/login"] button[type=submit]`)
	if loc := p.location(); loc != p.b.base+"/portal/" {
		p.fail("sign in to the portal", fmt.Errorf("landed on %s", loc))
	}
}

// cookie is the value of a cookie the tab holds for the app.
func (p *e2eTab) cookie(name string) string {
	p.b.t.Helper()
	res, err := chromedp.Call(p.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{p.b.base + "/portal/"}})
	if err != nil {
		p.fail("read cookies", err)
	}
	for _, c := range res.Cookies {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// shiftKey presses and releases the Shift key, as a person would.
func shiftKey() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			mods := int64(8) // Shift
			if typ == input.DispatchKeyEventTypeKeyUp {
				mods = 0
			}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: "Shift", Code: "ShiftLeft", Modifiers: mods,
				WindowsVirtualKeyCode: 16, NativeVirtualKeyCode: 16, Location: 1,
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

// e2eMailTo waits for the next email to addr, passing over others.
func e2eMailTo(t *testing.T, m *sentMail, addr string) (subject, body string) {
	t.Helper()
	for range 10 {
		to, subject, body := m.next(t)
		if to == addr {
			return subject, body
		}
	}
	t.Fatalf("no email to %s arrived", addr)
	return "", ""
}

// e2eLink finds a link to path on the app in an email.
func e2eLink(t *testing.T, body, base, path string) string {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(base+path) + `[A-Za-z0-9_-]+`).FindString(body)
	if m == "" {
		t.Fatalf("no link to %s%s… in the email:\n%s", base, path, body)
	}
	return m
}

// fillIntake fills the intake form field by field: typing the short ones,
// setting the long ones and the dates and choices.
func (p *e2eTab) fillIntake(form map[string][]string) {
	p.b.t.Helper()
	var actions []chromedp.Action[chromedp.Void]
	for name, vs := range form {
		sel := chromedp.CSS(fmt.Sprintf(`form[action="/requests"] [name=%q]`, name))
		switch name {
		case "client", "force", "requester.name", "requester.rank", "authoriser.name", "authoriser.rank", "victim.age":
			actions = append(actions, chromedp.SendKeys(sel, vs[0]))
		default:
			actions = append(actions, chromedp.SetValue(sel, vs[0]))
		}
	}
	p.do("fill the intake form", actions...)
}

// scanDataDir fails if any file under dir holds any of secrets.
func scanDataDir(t *testing.T, dir string, secrets []string) {
	t.Helper()
	files := 0
	err := filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		lower := bytes.ToLower(data)
		for _, s := range secrets {
			if bytes.Contains(lower, bytes.ToLower([]byte(s))) {
				t.Errorf("%s holds %q in plaintext", strings.TrimPrefix(path, dir), s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 2 {
		t.Fatalf("only %d files under the data directory", files)
	}
}

// The walk's client and note: distinctive words to look for on disk.
const (
	e2eClientName  = "Rosalind Featherstonehaugh"
	e2eClientEmail = "rosalind.f@example.net"
	e2eNoteText    = "Rosalind said the incident happened near the old tannery mill on the evening of 20 December, and her neighbour Mr Tobias Wrenfield (07700 900456) saw her afterwards."
	e2eOfficer     = "dc.ann.lee@xforce.police.uk"
)

// TestBrowserPortalWalkFromRequestToDownload is issue 8's whole flow in a
// real browser: every step a person takes is typed and clicked.
func TestBrowserPortalWalkFromRequestToDownload(t *testing.T) {
	e2eChromium(t)
	started := time.Now()
	e := newTestEnv(t)
	mail := startMail(t, e)
	apptest.AddUser(t, e.app, "lead2@example.org", "Second lead", "lead")
	b := newE2EBrowser(t, e.ts.URL)

	// The counsellor adds the client and a note inside the request's
	// period, and invites the client to the portal.
	counsellor := b.person("counsellor")
	counsellor.staffSignIn("counsellor@example.org")
	counsellor.do("type the client's name", chromedp.SendKeys(chromedp.ID("name"), e2eClientName))
	counsellor.click("add the client", `form[method="post"][action="/clients"] button[type=submit]`)
	clientPage := counsellor.location()
	ref := regexp.MustCompile(`Reference (C-[A-Za-z0-9]+)`).FindStringSubmatch(counsellor.text("main .meta"))
	if ref == nil {
		t.Fatalf("no reference on the client page: %q", counsellor.text("main .meta"))
	}
	counsellor.do("write a note",
		chromedp.SetValue(chromedp.ID("session_date"), "2025-02-03"),
		chromedp.SendKeys(chromedp.ID("body"), e2eNoteText),
	)
	counsellor.click("save the note", `form[action$="/notes"] button[type=submit]`)
	if !strings.Contains(counsellor.text("article.note .body"), "old tannery mill") {
		t.Fatal("the note is not on the client page")
	}
	counsellor.click("sign the note", `form[action$="/sign"] button[type=submit]`)
	counsellor.click("open the invitation form", `a[href$="/portal-invite"]`)
	counsellor.do("type the client's email", chromedp.SendKeys(chromedp.ID("email"), e2eClientEmail))
	counsellor.click("send the invitation", `form[action$="/portal-invite"] button[type=submit]`)
	if loc := counsellor.location(); loc != clientPage {
		t.Fatalf("after inviting, the counsellor is on %s", loc)
	}

	// The invitation arrives on the SMTP server, naming nothing.
	subject, body := e2eMailTo(t, mail, e2eClientEmail)
	if subject != "You have a new message" {
		t.Errorf("the invitation's subject is %q", subject)
	}
	for _, leak := range []string{"police", "Police", "request", "counselling", "Rosalind", "Featherstonehaugh"} {
		if strings.Contains(body, leak) {
			t.Errorf("the invitation mentions %q", leak)
		}
	}
	invite := e2eLink(t, body, e.ts.URL, "/portal/invite/")

	// The client sets a password and signs in: there is nothing yet.
	client := b.person("client")
	if st := client.visit(invite); st != http.StatusOK {
		t.Fatalf("the invitation link answered %d", st)
	}
	client.do("choose a password",
		chromedp.SendKeys(chromedp.ID("password"), e2eClientPassword),
		chromedp.SendKeys(chromedp.ID("confirm"), e2eClientPassword),
	)
	client.click("save the password", `form[action^="/portal/invite/"] button[type=submit]`)
	if !strings.HasSuffix(client.location(), "/portal/login") || !strings.Contains(client.text("main"), "Your password is set") {
		t.Fatalf("after choosing a password the client is on %s", client.location())
	}
	client.portalSignIn(e2eClientEmail)
	if home := client.text("main"); !strings.Contains(home, "There are no requests about you") {
		t.Fatalf("the portal's home page before any request:\n%s", home)
	}

	// The lead records a compliant request by filling in the intake form.
	lead := b.person("lead")
	lead.staffSignIn("lead@example.org")
	lead.visit("/requests/new")
	lead.fillIntake(compliantRequest(ref[1]))
	lead.click("record the request", `form[action="/requests"] button[type=submit]`)
	requestPage := lead.location()
	if !regexp.MustCompile(`/requests/[a-z2-7]{26}$`).MatchString(requestPage) {
		t.Fatalf("after recording, the lead is on %s", requestPage)
	}
	rid := requestPage[strings.LastIndex(requestPage, "/")+1:]
	if v := lead.text("#verdict-title"); !strings.Contains(v, "Compliant") {
		t.Fatalf("the verdict reads %q", v)
	}

	// A call-back to the force's switchboard, then verified and consulted.
	lead.do("record a call-back",
		chromedp.Click(chromedp.CSS(`details summary`)),
		chromedp.SendKeys(chromedp.ID("number"), "0300 123 4567"),
		chromedp.SetValue(chromedp.ID("called_on"), "2026-03-11"),
		chromedp.Click(chromedp.ID("outcome-confirmed")),
	)
	lead.click("save the call-back", `form[action$="/verifications"] button[type=submit]`)
	lead.do("choose verified", chromedp.Click(chromedp.ID("to-verified")))
	lead.click("move the request to verified", `form[action$="/status"] button[type=submit]`)
	lead.click("consult the client", `form[action$="/consult"] button[type=submit]`)

	// The lead drafts the extract: chooses the note, accepts every
	// suggested redaction, previews and builds a version.
	lead.click("open the extract builder", `a[href$="/extract"]`)
	if n := e2eEval[int](lead, `document.querySelectorAll('input[name=note]').length`); n != 1 {
		t.Fatalf("%d notes offered, want the one in the period", n)
	}
	lead.do("choose the note", chromedp.Click(chromedp.CSS(`input[name=note]`)))
	lead.click("save the choice", `form[action$="/extract/notes"] button[type=submit]`)
	lead.click("review the note's redactions", `a[href*="/extract/notes/"]`)
	suggested := e2eEval[[]string](lead, `[...document.querySelectorAll('#redaction-text mark')].map(m => m.textContent)`)
	if !strings.Contains(strings.Join(suggested, "|"), "07700 900456") || !strings.Contains(strings.Join(suggested, "|"), "Rosalind") {
		t.Fatalf("suggested redactions: %q", suggested)
	}
	lead.click("remove all suggested", `button[name=all][value=accept]`)
	if !e2eEval[bool](lead, `[...document.querySelectorAll('#redaction-text mark')].every(m => m.classList.contains('accepted'))`) {
		t.Fatal("not every suggestion was accepted")
	}
	for _, gone := range []string{"Rosalind", "Tobias", "07700"} {
		if strings.Contains(lead.text(".preview.text"), gone) {
			t.Errorf("the redacted note still reads %q", gone)
		}
	}
	lead.click("go back to the extract", `p.breadcrumb a`)
	lead.click("preview the extract", `a[href$="/extract/preview"]`)
	preview := lead.text("main pre")
	lead.click("go back to the extract", `p.breadcrumb a`)
	lead.click("build a version", `form[action$="/extract/versions"] button[type=submit]`)
	if rows := e2eEval[int](lead, `document.querySelectorAll('table.list tbody tr').length`); rows != 1 {
		t.Fatalf("%d extract versions listed, want 1", rows)
	}

	// The client sees the exact extract, with its redactions, and agrees.
	client.visit("/portal/")
	if card := client.text("ul.cards"); !strings.Contains(card, "Request from X Force") || !strings.Contains(card, "We need your answer") {
		t.Fatalf("the client's home page lists:\n%s", card)
	}
	client.click("open the request", `ul.cards a`)
	extractText := client.text("article.extract-doc")
	for _, want := range []string{"said the incident happened near the old tannery mill", "[redacted: name]", "[redacted: phone]"} {
		if !strings.Contains(extractText, want) {
			t.Errorf("the extract the client sees lacks %q:\n%s", want, extractText)
		}
	}
	for _, gone := range []string{"Rosalind", "Tobias", "Wrenfield", "07700"} {
		if strings.Contains(extractText, gone) {
			t.Errorf("the extract the client sees holds %q", gone)
		}
	}
	if strings.TrimSpace(preview) == "" || !strings.Contains(preview, "said the incident happened near the old tannery mill") {
		t.Errorf("the lead's preview:\n%s", preview)
	}
	agreed := e2eEval[string](client, `document.querySelector('input[name="extract_sha256"]').value`)
	client.do("agree", chromedp.Click(chromedp.ID("decision-agree")), chromedp.SendKeys(chromedp.ID("message"), "Yes, that is fine."))
	client.click("send the answer", `form[action$="/decision"] button[type=submit]`)
	if n := client.text(".notice"); !strings.Contains(n, "We have recorded that you agree") {
		t.Fatalf("after agreeing the portal says %q", n)
	}
	if !client.has("#decision-withdraw") {
		t.Error("after agreeing the client is not offered to take it back")
	}

	// The lead who built it may not approve alone.
	lead.visit("/requests/" + rid)
	if a := lead.text("main"); !strings.Contains(a, "another safeguarding lead must approve") || lead.has("#approve-password") {
		t.Fatal("the drafting lead was offered approval")
	}

	// A second lead approves with their password, and sends.
	lead2 := b.person("second lead")
	lead2.staffSignIn("lead2@example.org")
	lead2.visit("/requests/" + rid)
	// She agreed with a message: approval waits until the service has
	// read it and answered her.
	if a := lead2.text("main"); !strings.Contains(a, "Yes, that is fine.") || !strings.Contains(a, "has had no reply") || lead2.has("#approve-password") {
		t.Fatalf("the second lead could approve before answering the client's message:\n%s", a)
	}
	lead2.do("write a reply", chromedp.SendKeys(chromedp.ID("reply"), "Thank you. We will send exactly what you read, nothing more."))
	lead2.click("send the reply", `form[action$="/messages"] button[type=submit]`)
	client.visit("/portal/requests/" + rid)
	if m := client.text("#messages + ol.thread"); !strings.Contains(m, "We will send exactly what you read") || !strings.Contains(m, "Yes, that is fine.") {
		t.Errorf("the client's thread shows:\n%s", m)
	}
	lead2.visit("/requests/" + rid)
	lead2.do("re-enter the password", chromedp.SendKeys(chromedp.ID("approve-password"), testPassword))
	lead2.click("approve", `form[action$="/approve"] button[type=submit]`)
	if !lead2.has(`form[action$="/send"]`) {
		t.Fatal("no send form after approval")
	}
	lead2.click("send to the officer", `form[action$="/send"] button[type=submit]`)
	if axe := e2eAxeSource(t); axe != "" {
		lead2.axeScan("the page with the release code", axe)
	}
	releaseCode := strings.TrimSpace(lead2.text(".release-code code"))
	if !regexp.MustCompile(`^[A-Z2-9]{5}-[A-Z2-9]{5}$`).MatchString(releaseCode) {
		t.Fatalf("release code %q", releaseCode)
	}

	// The officer's email arrives on the SMTP server.
	subject, body = e2eMailTo(t, mail, e2eOfficer)
	if !strings.HasPrefix(subject, "Document for your request") {
		t.Errorf("the officer's email's subject is %q", subject)
	}
	link := e2eLink(t, body, e.ts.URL, "/d/")
	fingerprint := regexp.MustCompile(`fingerprint is ([0-9a-f]{64})`).FindStringSubmatch(body)
	if fingerprint == nil {
		t.Fatalf("no fingerprint in the officer's email:\n%s", body)
	}
	if strings.Contains(body, releaseCode) {
		t.Error("the officer's email carries the release code")
	}

	// The officer opens the link, types the release code and downloads.
	officer := b.person("officer")
	if st := officer.visit(link); st != http.StatusOK || !strings.Contains(officer.text("h1"), "Download a document") {
		t.Fatalf("the download page answered %d", st)
	}
	if axe := e2eAxeSource(t); axe != "" {
		officer.axeScan("the officer's download page", axe)
	}
	downloads := t.TempDir()
	pdf := officer.download("download with the release code", downloads, func() {
		officer.do("type the release code and download",
			chromedp.SendKeys(chromedp.ID("code"), strings.ToLower(releaseCode)),
			chromedp.Click(chromedp.CSS(`form[action^="/d/"] button[type=submit]`)),
		)
	})
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("the download is not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
	sum := sha256.Sum256(pdf)
	if hex.EncodeToString(sum[:]) != fingerprint[1] {
		t.Errorf("the download's SHA-256 is %x, the email says %s", sum, fingerprint[1])
	}
	if text, ok := pdfText(t, pdf); ok {
		// What she read is what was sent: every line of the portal's
		// rendering is in the PDF's text, and the hash she agreed to is
		// the hash of the bytes the officer downloaded.
		for _, line := range strings.Split(extractText, "\n") {
			if line = strings.Join(strings.Fields(line), " "); line != "" && !strings.Contains(text, line) {
				t.Errorf("the client read %q, which is not in the PDF the officer got:\n%s", line, text)
			}
		}
		for _, must := range []string{"Legal basis", "Handling", "Recipient", "X Force"} {
			if !strings.Contains(extractText, must) {
				t.Errorf("the client's rendering of the extract lacks %q:\n%s", must, extractText)
			}
		}
		if agreed != hex.EncodeToString(sum[:]) {
			t.Errorf("the client agreed to %s, the officer downloaded %x", agreed, sum)
		}
		if !strings.Contains(text, "said the incident happened near the old tannery mill") {
			t.Errorf("the PDF lacks the note's kept words:\n%s", text)
		}
		for _, gone := range []string{"Rosalind", "Tobias", "Wrenfield", "07700"} {
			if strings.Contains(text, gone) {
				t.Errorf("the PDF holds %q", gone)
			}
		}
	}
	if st := officer.visit(link); st != http.StatusNotFound || !strings.Contains(officer.text("h1"), "This link does not work") {
		t.Fatalf("the used link answered %d", st)
	}

	// The client's history shows what was sent, to whom, and that it was
	// downloaded.
	client.click("open the history", `nav a[href="/portal/history"]`)
	hist := client.text("main")
	for _, want := range []string{"You agreed", "to DC Ann Lee, X Force", "Downloaded on"} {
		if !strings.Contains(hist, want) {
			t.Errorf("the client's history lacks %q:\n%s", want, hist)
		}
	}
	lead2.visit("/requests/" + rid)
	if s := lead2.text("main"); !strings.Contains(s, "protected by the release code: downloaded") {
		t.Errorf("the lead's page does not show the download:\n%s", s)
	}

	// Nothing of the note, the name or the extract is on disk in clear.
	var secrets []string
	secrets = append(secrets, e2eNoteText, e2eClientName, "Featherstonehaugh", "Rosalind", e2eClientEmail, "old tannery mill", "Tobias Wrenfield", "07700 900456", "Yes, that is fine.")
	for _, line := range strings.Split(extractText, "\n") {
		if strings.Contains(line, "tannery") {
			secrets = append(secrets, strings.TrimSpace(line))
		}
	}
	scanDataDir(t, e.dir, secrets)
	t.Logf("walk took %v", time.Since(started).Round(time.Millisecond))
}

// download runs act, which should start a download in the tab, and
// returns the file's bytes once Chromium has saved it.
func (p *e2eTab) download(what, dir string, act func()) []byte {
	p.b.t.Helper()
	bctx := chromedp.FromContext(p.ctx).BrowserContextID
	if _, err := chromedp.CallBrowser(p.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, BrowserContextID: bctx, DownloadPath: dir, EventsEnabled: new(true),
	}); err != nil {
		p.fail(what, err)
	}
	ctx, cancel := context.WithTimeout(p.ctx, 15*time.Second)
	defer cancel()
	progress := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadProgress)
	act()
	for ev, err := range progress {
		if err != nil {
			p.fail(what, err)
		}
		switch ev.State {
		case cdpbrowser.DownloadProgressStateCompleted:
			b, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				p.fail(what, err)
			}
			return b
		case cdpbrowser.DownloadProgressStateCanceled:
			p.fail(what, fmt.Errorf("the download was cancelled"))
		}
	}
	p.fail(what, fmt.Errorf("the download did not finish"))
	return nil
}

// pdfText is the PDF's text by pdftotext, when it is installed.
func pdfText(t *testing.T, pdf []byte) (string, bool) {
	t.Helper()
	if !pdftest.Available(t) {
		return "", false
	}
	return pdftest.Words(t, pdf), true
}

// e2eFetchPost posts a form from the tab's page with fetch, as a stale
// page or a forged form would, and returns the status.
func (p *e2eTab) fetchPost(path string, form map[string]string) int {
	p.b.t.Helper()
	f, _ := json.Marshal(form)
	return e2eEval[int](p, fmt.Sprintf(`fetch(%q, {method: "POST", body: new URLSearchParams(%s), redirect: "manual"}).then(r => r.status)`, path, f), chromedp.EvalAwaitPromise)
}

// attr is an attribute of the first element sel finds, or "".
func (p *e2eTab) attr(sel, name string) string {
	p.b.t.Helper()
	return e2eEval[string](p, fmt.Sprintf(`(document.querySelector(%q) || {getAttribute: () => ""}).getAttribute(%q) || ""`, sel, name))
}

// TestBrowserPortalWithdrawalMeansNothingCanBeSent: the client takes back
// their agreement in the portal, first before approval and then between
// approval and sending; each time the lead's page stops offering the next
// step, posts to approve or send are refused, and nothing reaches the
// officer. (The set-up before consent is plain HTTP; it is not the point.)
func TestBrowserPortalWithdrawalMeansNothingCanBeSent(t *testing.T) {
	e2eChromium(t)
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellor, leadHTTP, clientPath, req := setupRequest(t, e, compliantRequest)
	portalClient(t, e, mail, counsellor, clientPath)
	toExtract(t, leadHTTP, req)
	rid := strings.TrimPrefix(req, "/requests/")
	b := newE2EBrowser(t, e.ts.URL)

	client := b.person("client")
	client.portalSignIn("robin.client@example.org")
	agree := func() {
		t.Helper()
		client.visit("/portal/requests/" + rid)
		client.do("agree", chromedp.Click(chromedp.ID("decision-agree")))
		client.click("send the agreement", `form[action$="/decision"] button[type=submit]`)
		if n := client.text(".notice"); !strings.Contains(n, "We have recorded that you agree") {
			t.Fatalf("after agreeing the portal says %q", n)
		}
	}
	withdraw := func() {
		t.Helper()
		client.visit("/portal/requests/" + rid)
		client.do("take back the agreement", chromedp.Click(chromedp.ID("decision-withdraw")))
		client.click("send the withdrawal", `form[action$="/decision"] button[type=submit]`)
		if n := client.text(".notice"); !strings.Contains(n, "You have taken back your agreement") {
			t.Fatalf("after withdrawing the portal says %q", n)
		}
		if client.has("#decision-withdraw") || !client.has("#decision-agree") {
			t.Error("after withdrawing, the client is not asked again")
		}
	}
	agree()

	// The only lead may approve the extract they built, now that the
	// client agreed.
	lead := b.person("lead")
	lead.staffSignIn("lead@example.org")
	lead.visit(req)
	if !lead.has("#approve-password") {
		t.Fatalf("with the client's agreement the lead is not offered approval:\n%s", lead.text("#approval ~ *"))
	}
	sha := lead.attr(`form[action$="/approve"] input[name=extract_sha256]`, "value")
	csrf := lead.attr(`form[action$="/approve"] input[name=csrf_token]`, "value")
	if len(sha) != 64 || csrf == "" {
		t.Fatalf("approval form: sha %q csrf %q", sha, csrf)
	}

	// 1. Withdrawn before approval: no approval offered, none accepted.
	withdraw()
	lead.visit(req)
	if lead.has("#approve-password") || lead.has(`form[action$="/send"]`) {
		t.Fatal("after the withdrawal the lead is still offered approval or sending")
	}
	if s := lead.text("main"); !strings.Contains(s, "The client has not agreed to the current extract.") {
		t.Errorf("the lead's page does not say why:\n%s", s)
	}
	if st := lead.fetchPost(req+"/approve", map[string]string{"csrf_token": csrf, "extract_sha256": sha, "password": testPassword}); st != http.StatusConflict {
		t.Errorf("approval after the withdrawal: %d, want 409", st)
	}
	if st := lead.fetchPost(req+"/send", map[string]string{"csrf_token": csrf}); st != http.StatusConflict {
		t.Errorf("sending after the withdrawal: %d, want 409", st)
	}
	// The lead tries to put her consent back by hand: the menu has no
	// such step, and a hand-made post is refused.
	for _, to := range []string{"client_consented", "lead_approved", "sent"} {
		if lead.has("#to-" + to) {
			t.Errorf("the status menu offers %s", to)
		}
		version := lead.attr(`form[action$="/status"] input[name=version]`, "value")
		if st := lead.fetchPost(req+"/status", map[string]string{"csrf_token": csrf, "version": version, "to": to}); st != http.StatusUnprocessableEntity {
			t.Errorf("setting %s by hand after her withdrawal: %d", to, st)
		}
	}
	if axe := e2eAxeSource(t); axe != "" {
		lead.axeScan("the request page with the client's thread", axe)
	}
	// Nor can anyone re-invite her to take over her portal account.
	lead.visit(clientPath + "/portal-invite")
	if s := lead.text("main"); !strings.Contains(s, "already has a portal account") || lead.has("#email") {
		t.Errorf("the invitation page offers a new invitation for a client with an account:\n%s", s)
	}
	if axe := e2eAxeSource(t); axe != "" {
		lead.axeScan("the client's portal page for staff", axe)
	}
	if st := lead.fetchPost(clientPath+"/portal-invite", map[string]string{"csrf_token": csrf, "email": "someone.else@example.org"}); st != http.StatusConflict {
		t.Errorf("a re-invitation of a client with an account: %d, want 409", st)
	}
	client.visit("/portal/requests/" + rid)
	if !client.has("#decision-agree") {
		t.Error("after the lead's attempts the client can no longer answer")
	}

	// 2. Agreed again and approved, then withdrawn before the lead
	// presses Send on the page still open in front of them.
	agree()
	lead.visit(req)
	lead.do("re-enter the password", chromedp.SendKeys(chromedp.ID("approve-password"), testPassword))
	lead.click("approve", `form[action$="/approve"] button[type=submit]`)
	if !lead.has(`form[action$="/send"]`) {
		t.Fatal("no send form after approval")
	}
	withdraw()
	if st := lead.submit("press Send on the stale page", chromedp.Click(chromedp.CSS(`form[action$="/send"] button[type=submit]`))); st != http.StatusConflict {
		t.Errorf("sending after the withdrawal answered %d, want 409", st)
	}
	if lead.has(".release-code") {
		t.Fatal("a release code was shown after the withdrawal")
	}
	if s := lead.text("main"); !strings.Contains(s, "Only an approved extract can be sent.") {
		t.Errorf("the refused send does not say why:\n%s", s)
	}
	if st := lead.fetchPost(req+"/send", map[string]string{"csrf_token": csrf}); st != http.StatusConflict {
		t.Errorf("sending after the second withdrawal: %d, want 409", st)
	}

	// Nothing was sent: no disclosure on record, no email for the officer
	// once the worker has sent everything queued.
	ds, err := e.app.Store().DisclosuresByRequest(context.Background(), rid)
	if err != nil || len(ds) != 0 {
		t.Fatalf("disclosures on record: %d (%v)", len(ds), err)
	}
	mail.settle(t)
	for _, m := range mail.srv.Messages() {
		if strings.Contains(strings.Join(m.To, ","), e2eOfficer) {
			t.Fatal("an email went to the officer")
		}
	}
	client.click("open the history", `nav a[href="/portal/history"]`)
	if h := client.text("main"); !strings.Contains(h, "You took back your agreement") || strings.Contains(h, "Downloaded") {
		t.Errorf("the client's history:\n%s", h)
	}
}

// TestBrowserPortalQuickExit: the "Leave this site" button and Shift
// pressed three times each blank the page at once, go to the neutral site
// with location.replace (so Back does not return to the portal page), and
// end the portal session on the server (the old cookie opens nothing).
// The neutral site is a local HTTPS server standing in for BBC Weather.
func TestBrowserPortalQuickExit(t *testing.T) {
	e2eChromium(t)
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellor := e.browser()
	counsellor.signIn("counsellor@example.org")
	portalClient(t, e, mail, counsellor, counsellor.addClient("Exit Example"))

	neutral := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/weather" {
			// Slow enough to see the portal page blanked before it goes.
			time.Sleep(400 * time.Millisecond)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>%s</title><h1>%s</h1>", r.URL.Path, r.URL.Path)
	}))
	t.Cleanup(neutral.Close)
	if err := e.app.Store().SetMeta(context.Background(), "portal_exit_url", neutral.URL+"/weather", nil); err != nil {
		t.Fatal(err)
	}
	b := newE2EBrowser(t, e.ts.URL)

	for _, how := range []string{"button", "shift"} {
		client := b.person("client (" + how + ")")
		client.portalSignIn("robin.client@example.org")
		sid := client.cookie(portalCookie)
		if len(sid) != 43 {
			t.Fatalf("portal session cookie %q", sid)
		}
		// A fresh tab: the neutral site, then a portal page.
		tab := client.another("client's tab (" + how + ")")
		tab.visit(neutral.URL + "/start")
		if st := tab.visit("/portal/history"); st != http.StatusOK || tab.text("h1") != "What was shared" {
			t.Fatalf("portal page: %d", st)
		}
		// Leaving blanks the page at once, before the neutral site has
		// answered (it takes 400 ms). DevTools cannot look into a page
		// being left, so the page notes what it shows when it is blanked,
		// in its own origin's localStorage, which the exit does not clear.
		tab.do("watch for the blanking", chromedp.Evaluate[chromedp.Void](`
			localStorage.removeItem("seen");
			new MutationObserver(() => localStorage.setItem("seen", JSON.stringify(
				[document.title, document.body.classList.contains("portal-blank"), getComputedStyle(document.querySelector("main")).visibility]
			))).observe(document.body, {attributes: true});
		`))
		switch how {
		case "button":
			tab.do("click Leave this site", chromedp.Click(chromedp.ID("exit-this-page")))
		case "shift":
			tab.do("press Shift twice", shiftKey(), shiftKey())
			if s := tab.text("#exit-this-page-status"); s != "Shift, press 1 more time to leave this site." {
				t.Errorf("after two presses of Shift the live region says %q", s)
			}
			tab.do("press Shift a third time", shiftKey())
		}
		tab.waitLocation("reach the neutral site", neutral.URL+"/weather")
		entries, err := chromedp.Run(tab.ctx, chromedp.NavigationEntries())
		if err != nil {
			t.Fatal(err)
		}
		for _, en := range entries.Entries {
			if strings.Contains(en.URL, "/portal/") {
				t.Errorf("%s: the tab's history still holds the portal page %s", how, en.URL)
			}
		}
		// history.back() may navigate away before its evaluation returns
		// ("Inspected target navigated"): only where the tab lands counts.
		_, _ = chromedp.Run(tab.ctx, chromedp.Evaluate[chromedp.Void](`history.back()`))
		tab.waitLocation("go back to the page before the portal", neutral.URL+"/start")
		// The session is over on the server: the old cookie opens nothing.
		req, _ := http.NewRequest("GET", e.ts.URL+"/portal/", nil)
		req.AddCookie(&http.Cookie{Name: portalCookie, Value: sid})
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/portal/login" {
			t.Errorf("%s: the old session cookie still opens the portal: %d %q", how, resp.StatusCode, resp.Header.Get("Location"))
		}
		tab.visit("/portal/")
		if loc := tab.location(); loc != e.ts.URL+"/portal/login" {
			t.Errorf("%s: after leaving, /portal/ shows %s", how, loc)
		}
		if seen := e2eEval[string](tab, `localStorage.getItem("seen") || ""`); seen != `["Weather",true,"hidden"]` {
			t.Errorf("%s: on leaving, the portal page showed [title, blanked, visibility of main] = %s", how, seen)
		}
	}
}

// axeViolation is what axe-core reports of one rule.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Targets []string `json:"targets"`
	Summary string   `json:"summary"`
}

// axeScan runs axe-core on the tab's page for WCAG 2.0, 2.1 and 2.2 A and
// AA, and fails the test on any serious or critical violation. axe is put
// into the page through DevTools (Runtime.evaluate), which the pages'
// Content-Security-Policy (script-src 'self') does not govern.
func (p *e2eTab) axeScan(what, axeSource string) {
	p.b.t.Helper()
	if !e2eEval[bool](p, `typeof window.axe === "object"`) {
		e2eEval[chromedp.Void](p, axeSource)
	}
	// axe must be able to see a problem here: a field with no label,
	// added for a moment.
	canary := e2eEval[[]string](p, `(async () => {
		const f = document.createElement("input");
		f.id = "axe-canary";
		document.body.appendChild(f);
		try {
			const r = await axe.run("#axe-canary", {runOnly: {type: "tag", values: ["wcag2a"]}, resultTypes: ["violations"]});
			return r.violations.map(v => v.id);
		} finally { f.remove(); }
	})()`, chromedp.EvalAwaitPromise)
	if !slices.Contains(canary, "label") {
		p.b.t.Fatalf("%s: axe-core did not run in the page (it found %q in a field with no label)", what, canary)
	}
	vs := e2eEval[[]axeViolation](p, `axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
		resultTypes: ["violations"],
	}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
		targets: v.nodes.map(n => n.target.join(" ")),
		summary: v.nodes.length ? v.nodes[0].failureSummary : "",
	})))`, chromedp.EvalAwaitPromise)
	for _, v := range vs {
		msg := fmt.Sprintf("%s (%s): axe %s [%s]: %s\n\ton %s\n\t%s\n\t%s", what, p.location(), v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "), strings.ReplaceAll(v.Summary, "\n", "\n\t"), v.HelpURL)
		if v.Impact == "serious" || v.Impact == "critical" {
			p.b.t.Error(msg)
		} else {
			p.b.t.Log(msg)
		}
	}
}

// fitsPhone fails the test if the page scrolls sideways.
func (p *e2eTab) fitsPhone(what string) {
	p.b.t.Helper()
	type widths struct{ Scroll, Inner int }
	w := e2eEval[widths](p, `({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`)
	if w.Inner != 375 || w.Scroll > w.Inner {
		wide := e2eEval[[]string](p, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).replace(/ +/g, ".") : ""))`)
		p.b.t.Errorf("%s at a phone's width: the page is %d px wide in a %d px window (too wide: %q)", what, w.Scroll, w.Inner, wide)
	}
}

// TestBrowserAccessibilityOfPortalAndStaffPages scans the portal's pages
// (sign-in, choosing a password, home, a request with its extract, what
// was shared, leaving, rights, with and without errors) and the staff
// pages a request passes through with axe-core, and checks that the
// portal fits a phone's screen without scrolling sideways.
func TestBrowserAccessibilityOfPortalAndStaffPages(t *testing.T) {
	e2eChromium(t)
	e2eAxePath(t)
	axe := e2eAxeSource(t)
	e := newTestEnv(t)
	mail := startMail(t, e)
	counsellorHTTP, leadHTTP, clientPath, req := setupRequest(t, e, compliantRequest)
	portalClient(t, e, mail, counsellorHTTP, clientPath)
	toExtract(t, leadHTTP, req)
	rid := strings.TrimPrefix(req, "/requests/")
	// A password link (an invitation cannot replace her account), for the
	// page where a password is chosen.
	counsellorHTTP.get(clientPath + "/portal-invite")
	if code, _, body := counsellorHTTP.post(clientPath+"/portal-reset", map[string][]string{}); code != http.StatusSeeOther {
		t.Fatalf("password link: %d %s", code, body)
	}
	body := ""
	for !strings.Contains(body, "choose a new password") {
		_, body = mail.nextTo(t, "robin.client@example.org")
	}
	invite := e2eLink(t, body, e.ts.URL, "/portal/invite/")
	b := newE2EBrowser(t, e.ts.URL)

	// Signed out: the portal's public pages, then with errors showing.
	visitor := b.person("visitor")
	for _, path := range []string{"/portal/login", "/portal/leaving", "/portal/rights", invite, "/login"} {
		visitor.visit(path)
		visitor.axeScan(path, axe)
	}
	visitor.visit(invite)
	visitor.do("choose two different passwords",
		chromedp.SendKeys(chromedp.ID("password"), "copper lantern meadow"),
		chromedp.SendKeys(chromedp.ID("confirm"), "copper lantern meadows"),
	)
	if st := visitor.submit("save the passwords", chromedp.Click(chromedp.CSS(`form[action^="/portal/invite/"] button[type=submit]`))); st != http.StatusUnprocessableEntity {
		t.Fatalf("different passwords: %d", st)
	}
	visitor.axeScan("choosing a password, with an error", axe)
	visitor.visit("/portal/login")
	visitor.do("type a wrong password", chromedp.SendKeys(chromedp.ID("email"), "nobody@example.org"), chromedp.SendKeys(chromedp.ID("password"), "not the password"))
	if st := visitor.submit("sign in wrongly", chromedp.Click(chromedp.CSS(`form[action="/portal/login"] button[type=submit]`))); st != http.StatusUnprocessableEntity {
		t.Fatalf("wrong password: %d", st)
	}
	visitor.axeScan("portal sign-in, with an error", axe)

	// The client's pages.
	client := b.person("client")
	client.portalSignIn("robin.client@example.org")
	for _, path := range []string{"/portal/", "/portal/requests/" + rid, "/portal/history"} {
		client.visit(path)
		client.axeScan(path, axe)
	}
	client.visit("/portal/requests/" + rid)
	if st := client.submit("answer without choosing", chromedp.Click(chromedp.CSS(`form[action$="/decision"] button[type=submit]`))); st != http.StatusUnprocessableEntity {
		t.Fatalf("an answer without a choice: %d", st)
	}
	client.axeScan("a request, with an error", axe)
	client.do("agree", chromedp.Click(chromedp.ID("decision-agree")))
	client.click("send the agreement", `form[action$="/decision"] button[type=submit]`)
	client.axeScan("a request, agreed", axe)

	// Staff pages on the way of a request.
	counsellor := b.person("counsellor")
	counsellor.staffSignIn("counsellor@example.org")
	for _, path := range []string{"/clients", clientPath} {
		counsellor.visit(path)
		counsellor.axeScan(path, axe)
	}
	lead := b.person("lead")
	lead.staffSignIn("lead@example.org")
	for _, path := range []string{req, "/requests/new", req + "/extract"} {
		lead.visit(path)
		lead.axeScan(path, axe)
	}

	// The portal at a phone's width (375 × 667), noting every request the
	// browser makes: only the portal's pages and its static files.
	phone := b.person("client on a phone")
	var (
		requested []string
		reqMu     sync.Mutex
		listened  = make(chan struct{})
	)
	lctx, stop := context.WithCancel(phone.ctx)
	reqs := chromedp.Events(lctx, network.RequestWillBeSent)
	go func() {
		defer close(listened)
		for ev, err := range reqs {
			if err != nil {
				return
			}
			reqMu.Lock()
			requested = append(requested, ev.Request.URL)
			reqMu.Unlock()
		}
	}()
	defer func() {
		stop()
		<-listened
		reqMu.Lock()
		defer reqMu.Unlock()
		if len(requested) < 10 {
			t.Errorf("only %d requests were seen: %q", len(requested), requested)
		}
		for _, u := range requested {
			if !strings.HasPrefix(u, e.ts.URL+"/portal/") && !strings.HasPrefix(u, e.ts.URL+"/static/") && !strings.HasPrefix(u, "data:") {
				t.Errorf("a portal page made the browser ask for %s", u)
			}
		}
	}()
	phone.do("emulate a phone", chromedp.EmulateViewport(375, 667, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))
	for _, path := range []string{"/portal/login", "/portal/leaving", "/portal/rights", invite} {
		phone.visit(path)
		phone.fitsPhone(path)
	}
	phone.portalSignIn("robin.client@example.org")
	for _, path := range []string{"/portal/", "/portal/requests/" + rid, "/portal/history"} {
		phone.visit(path)
		phone.fitsPhone(path)
	}
}
