package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"confidant/internal/mail/mailtest"
)

func TestEmailSettingsPageIsForAdminsOnly(t *testing.T) {
	e := newTestEnv(t)
	for _, who := range []string{"counsellor@example.org", "lead@example.org"} {
		b := e.browser()
		b.signIn(who)
		if code, _ := b.get("/admin/smtp"); code != http.StatusNotFound {
			t.Errorf("%s GET: %d", who, code)
		}
		for _, path := range []string{"/admin/smtp", "/admin/smtp/test"} {
			if code, _, _ := b.post(path, url.Values{"host": {"evil.example"}, "test_to": {"x@example.org"}}); code != http.StatusNotFound {
				t.Errorf("%s POST %s: %d", who, path, code)
			}
		}
	}
	if c, err := e.app.Delivery.NewOutbox(slog.New(slog.NewTextHandler(io.Discard, nil))).Worker.Config(context.Background()); err == nil {
		t.Fatalf("a non-admin changed the relay: %+v", c)
	}
}

func TestAdminSetsUpEmailAndATestMessageArrives(t *testing.T) {
	e := newTestEnv(t)
	srv := mailtest.NewServerWith(t, mailtest.Options{Username: "relay-user", Password: "relay-secret-pw"})
	out := e.app.Delivery.NewOutbox(slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.app.SetMailer(out)
	t.Cleanup(out.Start(context.Background()))

	admin := e.browser()
	admin.signIn("admin@example.org")
	code, page := admin.get("/admin/smtp")
	if code != http.StatusOK || !strings.Contains(page, "Not set up") {
		t.Fatalf("page: %d\n%s", code, page)
	}
	version := between(page, `name="version" value="`, `"`)

	// A test message before any relay is saved is not possible yet: 409,
	// with the reason beside the address.
	if code, _, body := admin.post("/admin/smtp/test", url.Values{"test_to": {"admin@example.org"}}); code != http.StatusConflict || !strings.Contains(body, "Save the relay") {
		t.Fatalf("test email with no relay: %d\n%s", code, body)
	}

	// A password in the clear to another machine: 422, input kept, the
	// password not echoed.
	form := url.Values{"host": {"smtp.example.org"}, "port": {"25"}, "security": {"none"}, "username": {"relay-user"},
		"password": {"relay-secret-pw"}, "from": {"noreply@example.org"}, "version": {version}}
	code, _, body := admin.post("/admin/smtp", form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `value="smtp.example.org"`) || !strings.Contains(body, "in the clear") {
		t.Fatalf("clear-text password: %d\n%s", code, body)
	}
	if strings.Contains(body, "relay-secret-pw") {
		t.Fatal("the password was echoed back")
	}

	form.Set("host", "127.0.0.1")
	form.Set("port", strconv.Itoa(srv.Port))
	code, loc, body := admin.post("/admin/smtp", form)
	if code != http.StatusSeeOther || loc != "/admin/smtp" {
		t.Fatalf("save: %d %q\n%s", code, loc, body)
	}
	_, page = admin.get("/admin/smtp")
	if !strings.Contains(page, "Mail settings saved") || !strings.Contains(page, "a password is stored") || strings.Contains(page, "relay-secret-pw") {
		t.Fatalf("after saving:\n%s", page)
	}

	// The same form again is stale: 409, nothing saved.
	form.Set("from", "other@example.org")
	if code, _, _ := admin.post("/admin/smtp", form); code != http.StatusConflict {
		t.Fatalf("stale save: %d", code)
	}

	if code, _, body := admin.post("/admin/smtp/test", url.Values{"test_to": {"admin@example.org\r\nBcc: spy@example.com"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("injected test address: %d\n%s", code, body)
	}
	code, loc, _ = admin.post("/admin/smtp/test", url.Values{"test_to": {"admin@example.org"}})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/smtp") {
		t.Fatalf("test email: %d %q", code, loc)
	}
	got := srv.Wait(1, 5*time.Second)[0]
	if got.To[0] != "admin@example.org" || got.Header.Get("Subject") != "Test message" || got.Header.Get("From") != "noreply@example.org" {
		t.Fatalf("test email: %+v", got.Header)
	}
}
