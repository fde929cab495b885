package web

import (
	"confidant/internal/app/apptest"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserLayoutAtPhoneAndDesktopWidths opens every staff and portal
// page a request passes through at 390 px and at 1280 px, saves a
// screenshot of each (in CONFIDANT_SCREENSHOTS when set, to look at), and
// fails when a page scrolls sideways, when the staff header takes more
// than one line at 1280 px, when a checkbox sits above its label, or when
// a link-styled button is white on white.
func TestBrowserLayoutAtPhoneAndDesktopWidths(t *testing.T) {
	e2eChromium(t)
	e := newTestEnv(t)
	mail := startMail(t, e)
	setIdentity(t, e, northtown())
	// One person with every staff role has the widest header.
	apptest.AddUser(t, e.app, "all@example.org", "Alexandra Everyrole-Hutchinson", "counsellor", "lead", "admin")
	counsellorHTTP, leadHTTP, clientPath, req := setupRequest(t, e, compliantRequest)
	counsellorHTTP.addNote(clientPath, "2025-03-04", "A long second note, so that the builder lists more than one: Morgan talked about the weeks after the incident, her sleep, her work and the support of her friends, at some length.")
	portalClient(t, e, mail, counsellorHTTP, clientPath)
	toExtract(t, leadHTTP, req)
	// A word removed by hand, for the "keep these words" button.
	_, page := leadHTTP.get(req + "/extract")
	note := regexp.MustCompile(`/extract/notes/([a-z2-7]{26})"`).FindStringSubmatch(page)
	if note == nil {
		t.Fatal("no note in the builder")
	}
	notePath := req + "/extract/notes/" + note[1]
	_, np := leadHTTP.get(notePath)
	if code, _, body := leadHTTP.post(notePath+"/spans", url.Values{"draft_version": {between(np, `name="draft_version" value="`, `"`)}, "exact": {"incident"}, "occurrence": {"1"}, "reason": {"not_relevant"}}); code != http.StatusSeeOther {
		t.Fatalf("manual span: %d %s", code, body)
	}
	rid := strings.TrimPrefix(req, "/requests/")

	dir := os.Getenv("CONFIDANT_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b := newE2EBrowser(t, e.ts.URL)
	staff := b.person("staff")
	staff.staffSignIn("all@example.org")
	client := b.person("client")
	client.visit("/portal/login")
	client.do("type the client's email and password",
		chromedp.SendKeys(chromedp.ID("email"), "robin.client@example.org"),
		chromedp.SendKeys(chromedp.ID("password"), "willow harbour lantern"),
	)
	client.click("sign in to the portal", `form[action="/portal/login"] button[type=submit]`)

	staffPages := []string{"/requests", req, req + "/extract", notePath, req + "/letters/acknowledgement", "/monitoring", "/clients", "/admin", "/admin/users", "/admin/audit", "/admin/identity", "/admin/smtp", "/admin/settings"}
	portalPages := []string{"/portal/", "/portal/requests/" + rid, "/portal/history", "/portal/rights"}
	for _, width := range []int64{390, 1280} {
		for _, who := range []*e2eTab{staff, client} {
			who.do(fmt.Sprintf("a %d px window", width), chromedp.EmulateViewport(width, 900))
			paths := staffPages
			if who == client {
				paths = portalPages
			}
			for _, p := range paths {
				if st := who.visit(p); st != http.StatusOK {
					t.Errorf("%s: %d", p, st)
					continue
				}
				name := fmt.Sprintf("%d-%s.png", width, strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ReplaceAll(strings.ReplaceAll(p, rid, "req"), note[1], "note"), "-"), "-"))
				shot, err := chromedp.Run(who.ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), shot, 0o644); err != nil {
					t.Fatal(err)
				}
				layoutChecks(t, who, fmt.Sprintf("%s at %d px", p, width), width)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}

// layoutChecks measures the page in the browser.
func layoutChecks(t *testing.T, p *e2eTab, where string, width int64) {
	t.Helper()
	type widths struct{ Scroll, Inner int }
	w := e2eEval[widths](p, `({Scroll: document.documentElement.scrollWidth, Inner: window.innerWidth})`)
	if w.Scroll > w.Inner {
		wide := e2eEval[[]string](p, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest("table.list")).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + String(e.className).replace(/ +/g, ".") : ""))`)
		t.Errorf("%s: the page is %d px wide in a %d px window (too wide: %q)", where, w.Scroll, w.Inner, wide)
	}
	if width >= 1280 {
		// The staff header is one line: the brand, the menu and the
		// sign-out share a row.
		if lines := e2eEval[int](p, `(() => { const h = document.querySelector("header.top .wrap"); if (!h || !document.querySelector("header.top nav")) return 1; const tops = new Set([...h.querySelectorAll(".brand, nav li, .signout")].map(e => Math.round(e.getBoundingClientRect().top / 8))); return tops.size })()`); lines > 1 {
			t.Errorf("%s: the header wraps onto %d lines", where, lines)
		}
	}
	// Every checkbox and radio sits beside its label, not above it.
	if bad := e2eEval[[]string](p, `[...document.querySelectorAll('.check > input[type=checkbox], .check > input[type=radio]')].filter(i => { const l = document.querySelector('label[for="' + i.id + '"]'); if (!l) return false; const a = i.getBoundingClientRect(), b = l.getBoundingClientRect(); return !(b.left >= a.right - 1 && b.top <= a.bottom && a.top <= b.bottom) }).map(i => i.id)`); len(bad) > 0 {
		t.Errorf("%s: checkboxes not beside their labels: %q", where, bad)
	}
	// Link-styled buttons are visible on their background.
	if bad := e2eEval[[]string](p, `[...document.querySelectorAll('main button.link')].filter(b => getComputedStyle(b).color === 'rgb(255, 255, 255)').map(b => b.textContent.trim())`); len(bad) > 0 {
		t.Errorf("%s: white buttons on a white page: %q", where, bad)
	}
}
