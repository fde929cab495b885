package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestBrowserOverHTTPSKeepsHostPrefixedSecureCookies: headless Chromium
// against the app served over TLS (a certificate made by httptest) with an
// https public address: the staff and portal cookies it holds are Secure,
// HttpOnly and __Host- prefixed, HSTS comes with the pages, signing in
// works, and the plain-HTTP listener sends the browser to the https
// address.
func TestBrowserOverHTTPSKeepsHostPrefixedSecureCookies(t *testing.T) {
	e2eChromium(t)
	e := newTestEnv(t)
	tls := httptest.NewTLSServer(e.srv)
	t.Cleanup(tls.Close)
	u, err := ParsePublicURL(tls.URL)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Public = Public{URL: u}
	b := newE2EBrowser(t, tls.URL)
	staff := b.person("counsellor")

	ctx, cancel := context.WithTimeout(staff.ctx, 20*time.Second)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(tls.URL+"/login"))
	if err != nil {
		t.Fatal(err)
	}
	if h := fmt.Sprint(resp.Headers["Strict-Transport-Security"]); !strings.Contains(h, "max-age=") {
		t.Errorf("the sign-in page came without HSTS: %q", h)
	}
	staff.staffSignIn("counsellor@example.org")
	if loc := staff.location(); loc != tls.URL+"/clients" {
		t.Fatalf("after signing in over https the browser is on %s", loc)
	}
	staff.visit("/portal/login")

	res, err := chromedp.Call(staff.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{tls.URL + "/", tls.URL + "/portal/"}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range res.Cookies {
		seen[c.Name] = true
		if !strings.HasPrefix(c.Name, "__Host-") || !c.Secure || !c.HTTPOnly || c.Path != "/" {
			t.Errorf("cookie %s: Secure %v, HttpOnly %v, Path %q; want __Host-, Secure, HttpOnly, /", c.Name, c.Secure, c.HTTPOnly, c.Path)
		}
	}
	for _, want := range []string{"__Host-" + sessionCookie, "__Host-" + portalPreCookie} {
		if !seen[want] {
			t.Errorf("the browser holds no %s cookie; it has %v", want, seen)
		}
	}

	// The plain-HTTP listener answers only with a redirect to https.
	plain := b.person("plain")
	plain.visit(e.ts.URL + "/login")
	if loc := plain.location(); loc != tls.URL+"/login" {
		t.Errorf("plain HTTP left the browser on %s, want %s/login", loc, tls.URL)
	}
}
