package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

var (
	secretRE   = regexp.MustCompile(`data-secret="([A-Z2-7]+)"`)
	recoveryRE = regexp.MustCompile(`<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>`)
	linkRE     = regexp.MustCompile(`value="(http://[^"]+/set-password\?token=[^"]+)"`)
)

// totpCode computes the code an authenticator app would show at t.
func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrolTOTP sets up two-step sign-in for the signed-in user of b, reading
// the secret from the page as a person would type it, and returns it with
// the recovery codes shown once.
func (b *browser) enrolTOTP() (string, []string) {
	b.e.t.Helper()
	return b.enrolTOTPAt(time.Now())
}

// enrolTOTPAt confirms enrolment with the code for time at.
func (b *browser) enrolTOTPAt(at time.Time) (string, []string) {
	t := b.e.t
	t.Helper()
	code, page := b.get("/account/totp")
	if code != http.StatusOK {
		t.Fatalf("enrolment page: %d", code)
	}
	m := secretRE.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `src="data:image/png;base64,`) {
		t.Fatalf("enrolment page has no secret or QR image:\n%s", page)
	}
	secret := m[1]
	status, _, body := b.post("/account/totp", url.Values{"code": {totpCode(t, secret, at)}})
	if status != http.StatusOK {
		t.Fatalf("confirm enrolment: %d\n%s", status, body)
	}
	var codes []string
	for _, m := range recoveryRE.FindAllStringSubmatch(body, -1) {
		codes = append(codes, m[1])
	}
	if len(codes) != 10 {
		t.Fatalf("want 10 recovery codes, got %d:\n%s", len(codes), body)
	}
	return secret, codes
}

// signInCode signs in with a password and a code, and returns the status,
// redirect and page.
func (b *browser) signInCode(email, code string) (int, string, string) {
	b.e.t.Helper()
	b.get("/login")
	return b.post("/login", url.Values{"email": {email}, "password": {testPassword}, "code": {code}})
}

// userID finds a user's id by email.
func (e *testEnv) userID(email string) string {
	e.t.Helper()
	u, err := e.app.Store().UserByEmail(e.t.Context(), email)
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// sessionsOf counts a user's stored sessions.
func (e *testEnv) sessionsOf(email string) int {
	e.t.Helper()
	ss, err := e.app.Store().SessionsByUser(e.t.Context(), e.userID(email))
	if err != nil {
		e.t.Fatal(err)
	}
	return len(ss)
}
