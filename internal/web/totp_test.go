package web

import (
	"confidant/internal/app/core"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestTOTPEnrolmentThenSignInAsksForTheCode(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	secret, _ := b.enrolTOTP()
	_, acct := b.get("/account")
	if !strings.Contains(acct, "Two-step sign-in is <strong>on</strong>") || !strings.Contains(acct, "<strong>10</strong> unused recovery codes") {
		t.Fatalf("account page does not show two-step sign-in on with 10 codes:\n%s", acct)
	}
	b.post("/logout", url.Values{})

	// Password alone is no longer enough: the form asks for the code.
	c := e.browser()
	code, _, page := c.signInCode("counsellor@example.org", "")
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "6-digit code") || !strings.Contains(page, `aria-invalid="true"`) {
		t.Fatalf("sign-in without code: %d\n%s", code, page)
	}
	// The next step's code (the enrolment used this one).
	code, loc, _ := c.signInCode("counsellor@example.org", totpCode(t, secret, time.Now().Add(30*time.Second)))
	if code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("sign-in with code: %d %q", code, loc)
	}
	if code, _ := c.get("/clients"); code != http.StatusOK {
		t.Fatalf("signed-in page: %d", code)
	}
}

func TestTOTPCodeFromTheWrongWindowIsRefused(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	secret, _ := b.enrolTOTP()
	for _, off := range []time.Duration{-5 * time.Minute, -90 * time.Second, 90 * time.Second, time.Hour} {
		c := e.browser()
		code, _, page := c.signInCode("counsellor@example.org", totpCode(t, secret, time.Now().Add(off)))
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "not accepted") {
			t.Errorf("code from %v away: %d", off, code)
		}
	}
	if n := e.sessionsOf("counsellor@example.org"); n != 1 {
		t.Fatalf("a refused code made a session: %d sessions", n)
	}
}

func TestReplayedTOTPCodeIsRefused(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	at := time.Now()
	secret, _ := b.enrolTOTPAt(at)
	// The code that confirmed enrolment cannot sign in afterwards.
	now := totpCode(t, secret, at)
	c := e.browser()
	if code, _, page := c.signInCode("counsellor@example.org", now); code != http.StatusUnprocessableEntity || !strings.Contains(page, "already been used") {
		t.Fatalf("enrolment code replayed: %d", code)
	}
	next := totpCode(t, secret, at.Add(30*time.Second))
	if code, _, _ := c.signInCode("counsellor@example.org", next); code != http.StatusSeeOther {
		t.Fatalf("fresh code: %d", code)
	}
	// The same code again, from another browser, is refused...
	d := e.browser()
	if code, _, page := d.signInCode("counsellor@example.org", next); code != http.StatusUnprocessableEntity || !strings.Contains(page, "already been used") {
		t.Fatalf("replayed code: %d", code)
	}
	// ...and so is an older code still inside the clock-drift window.
	if code, _, _ := d.signInCode("counsellor@example.org", now); code != http.StatusUnprocessableEntity {
		t.Fatalf("older code after a newer one: %d", code)
	}
}

func TestWrongTOTPCodesCountTowardTheThrottle(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	secret, _ := b.enrolTOTP()
	c := e.browser()
	for i := 0; i < core.AccountAttempts; i++ {
		if code, _, _ := c.signInCode("counsellor@example.org", "000000"); code != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code %d: %d", i, code)
		}
	}
	code, _, page := c.signInCode("counsellor@example.org", totpCode(t, secret, time.Now().Add(30*time.Second)))
	if code != http.StatusTooManyRequests || !strings.Contains(page, "Too many attempts") {
		t.Fatalf("after %d wrong codes the right one got %d", core.AccountAttempts, code)
	}
}

func TestRecoveryCodeWorksOnceInPlaceOfTheCode(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	_, codes := b.enrolTOTP()
	c := e.browser()
	// Typed in capitals without dashes, as people do.
	typed := strings.ToUpper(strings.ReplaceAll(codes[3], "-", " "))
	code, loc, _ := c.signInCode("counsellor@example.org", typed)
	if code != http.StatusSeeOther || loc != "/account" {
		t.Fatalf("recovery code: %d %q", code, loc)
	}
	if _, page := c.get("/account"); !strings.Contains(page, "<strong>9</strong> unused recovery codes") || !strings.Contains(page, "recovery code") {
		t.Fatalf("account page after a recovery code:\n%s", page)
	}
	d := e.browser()
	code, _, page := d.signInCode("counsellor@example.org", codes[3])
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "not accepted") {
		t.Fatalf("reused recovery code: %d", code)
	}
	// A code from another account's set, or made up, is no good either.
	if code, _, _ := d.signInCode("counsellor@example.org", "abcd-efgh-ijkl-mnop"); code != http.StatusUnprocessableEntity {
		t.Fatalf("made-up recovery code: %d", code)
	}
}

func TestRenewingRecoveryCodesVoidsTheOldOnes(t *testing.T) {
	e := newTestEnv(t)
	b := e.browser()
	b.signIn("counsellor@example.org")
	secret, old := b.enrolTOTP()
	b.get("/account")
	if code, _, _ := b.post("/account/recovery-codes", url.Values{"code": {"123"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("renew with a bad code: %d", code)
	}
	code, _, page := b.post("/account/recovery-codes", url.Values{"code": {totpCode(t, secret, time.Now().Add(30*time.Second))}})
	if code != http.StatusOK || len(recoveryRE.FindAllString(page, -1)) != 10 {
		t.Fatalf("renew: %d", code)
	}
	c := e.browser()
	if code, _, _ := c.signInCode("counsellor@example.org", old[0]); code != http.StatusUnprocessableEntity {
		t.Fatalf("an old recovery code still works: %d", code)
	}
}

func TestTOTPRequiredSendsStaffToEnrolmentAndNowhereElse(t *testing.T) {
	e := newTestEnv(t)
	admin := e.browser()
	admin.signIn("admin@example.org")
	admin.get("/admin/settings")
	code, _, page := admin.post("/admin/settings", url.Values{"totp_required": {"on"}, "idle_minutes": {"30"}, "absolute_hours": {"12"}, "retention_years": {"7"}, "version": {"1"}})
	if code != http.StatusSeeOther {
		t.Fatalf("save settings: %d\n%s", code, page)
	}
	// The admin is caught too, at their next request.
	if code, _ := admin.get("/admin/users"); code != http.StatusSeeOther {
		t.Fatalf("admin without TOTP reached the admin page: %d", code)
	}

	b := e.browser()
	b.get("/login")
	code, loc, _ := b.post("/login", url.Values{"email": {"counsellor@example.org"}, "password": {testPassword}})
	if code != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", code)
	}
	if code, _ := b.get(loc); code != http.StatusSeeOther {
		t.Fatalf("home: %d", code)
	}
	for _, p := range []string{"/", "/clients", "/account"} {
		resp, err := b.c.Get(e.ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/totp" {
			t.Errorf("GET %s: %d to %q, want 303 to /account/totp", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	code, page = b.get("/account/totp")
	if code != http.StatusOK || !strings.Contains(page, "requires two-step sign-in") {
		t.Fatalf("enrolment page: %d", code)
	}
	if code, _, _ := b.post("/clients", url.Values{"name": {"Someone"}}); code != http.StatusForbidden {
		t.Fatalf("POST before enrolling: %d", code)
	}
	b.enrolTOTP()
	if code, _ := b.get("/clients"); code != http.StatusOK {
		t.Fatalf("after enrolling: %d", code)
	}
	// Sign-out always works.
	if code, _, _ := admin.post("/logout", url.Values{}); code != http.StatusSeeOther {
		t.Fatalf("sign-out while not enrolled: %d", code)
	}
}
