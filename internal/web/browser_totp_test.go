package web_test

// A real headless Chromium sets up two-step sign-in by reading the key
// shown on the enrolment page (as someone typing it into an app would),
// confirms it with a code the test computes from that key, signs out, and
// signs in again with password and code. It uses findChromium and
// newBrowserApp from browser_test.go: skipped without Chromium unless
// CONFIDANT_REQUIRE_BROWSER=1.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

func TestBrowserTOTPEnrolmentAndSignInWithCode(t *testing.T) {
	ts := newBrowserApp(t)

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// Any CSP violation (the QR code is a data: image) fails the test.
	bctx, consoleProblems := startChromium(t, ctx)

	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, actions...); err != nil {
			loc, _ := chromedp.Run(bctx, chromedp.Location())
			t.Fatalf("%s: %v (page %s)", what, err, loc)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}
	const email = "counsellor@example.org"

	step("sign in with the password",
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), browserPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("new-client")),
	)

	step("open the enrolment page",
		chromedp.Navigate(ts.URL+"/account/totp"),
		chromedp.WaitVisible(chromedp.ID("totp-secret")),
	)
	secret := strings.ReplaceAll(text("#totp-secret"), " ", "")
	if len(secret) < 16 {
		t.Fatalf("the key on the page is %q", secret)
	}
	width, err := chromedp.Run(bctx, chromedp.JavascriptAttribute[float64](chromedp.ID("totp-qr"), "naturalWidth"))
	if err != nil || width < 100 {
		t.Fatalf("the QR code did not render (natural width %v, %v)", width, err)
	}

	enrolled := time.Now()
	code, err := totp.GenerateCode(secret, enrolled)
	if err != nil {
		t.Fatal(err)
	}
	step("confirm with a code computed from the key shown",
		chromedp.SendKeys(chromedp.ID("code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/account/totp"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("recovery-codes")),
	)
	if codes := strings.Fields(text("#recovery-codes")); len(codes) != 10 {
		t.Fatalf("want 10 recovery codes on the page, got %d", len(codes))
	}

	step("sign out",
		chromedp.Click(chromedp.CSS(`form.signout button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("email")),
	)
	step("sign in with the password alone",
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), browserPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("login-message")),
	)
	if msg := text("#login-message"); !strings.Contains(msg, "6-digit code") {
		t.Fatalf("without a code the sign-in page says %q", msg)
	}
	// The next time step: the enrolment used this one, and a code works once.
	next, _ := totp.GenerateCode(secret, enrolled.Add(30*time.Second))
	step("sign in with password and code",
		chromedp.SendKeys(chromedp.ID("password"), browserPassword),
		chromedp.SendKeys(chromedp.ID("code"), next),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("new-client")),
	)
	step("see two-step sign-in on the account page",
		chromedp.Navigate(ts.URL+"/account"),
		chromedp.WaitVisible(chromedp.ID("two-step")),
	)
	if body := text("main"); !strings.Contains(body, "Two-step sign-in is on") {
		t.Fatalf("the account page says:\n%s", body)
	}

	for _, p := range consoleProblems() {
		t.Errorf("browser console: %s", p)
	}
}
