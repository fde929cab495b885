package app_test

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"strconv"
	"testing"
	"time"

	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/app/delivery"
	"confidant/internal/app/keys"
	"confidant/internal/app/portal"
	"confidant/internal/emails"
	"confidant/internal/mail/mailtest"
	"confidant/internal/vault"
)

// realMail points the app at a real SMTP server on loopback and runs the
// outbox worker.
func realMail(t *testing.T, a *app.App) *mailtest.Server {
	t.Helper()
	ctx := context.Background()
	srv := mailtest.NewServer(t)
	admin := apptest.Staff(t, a, apptest.AdminEmail)
	page, err := a.Delivery.Relay(ctx, core.Actor(admin))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Delivery.SaveSMTPSettings(ctx, core.Actor(admin), delivery.SMTPForm{Host: "127.0.0.1", Port: strconv.Itoa(srv.Port), Security: "none", From: "noreply@example.org", Version: page.Form().Version}); err != nil {
		t.Fatal(err)
	}
	ob := a.Delivery.NewOutbox(slog.New(slog.NewTextHandler(io.Discard, nil)))
	ob.Worker.Poll = 50 * time.Millisecond
	a.SetMailer(ob)
	t.Cleanup(ob.Start(ctx))
	return srv
}

func TestPortalSignInSurvivesKeyRotation(t *testing.T) {
	ctx := context.Background()
	dir, _, actor, clientID := newVault(t, "")
	a, err := app.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	a.SetPasswordParams(apptest.FastParams)
	srv := realMail(t, a)
	if err := a.Portal.InviteClient(ctx, actor, clientID, "sky.client@example.org", "http://127.0.0.1:8080"); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Wait(1, 10*time.Second)
	if len(msgs) != 1 || msgs[0].Header.Get("Subject") != emails.ClientSubject {
		t.Fatalf("invitation email: %d messages", len(msgs))
	}
	token := regexp.MustCompile(`/portal/invite/([A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Body)[1]
	if _, err := a.Portal.AcceptInvite(ctx, token, "willow harbour lantern", "willow harbour lantern"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Portal.AcceptInvite(ctx, token, "willow harbour lantern", "willow harbour lantern"); err != portal.ErrInviteInvalid {
		t.Fatalf("invitation used twice: %v", err)
	}
	if _, err := a.Portal.Authenticate(ctx, "Sky.Client@example.org", "willow harbour lantern"); err != nil {
		t.Fatalf("sign-in before rotation: %v", err)
	}
	a.Close()
	old, _ := vault.ReadKeyFile(dir, "")
	if _, err := keys.Rotate(ctx, keys.RotateOptions{Dir: dir, With: old, Event: "key.rotate"}); err != nil {
		t.Fatal(err)
	}
	b := apptest.Open(t, dir, "")
	if _, err := b.Portal.Authenticate(ctx, "sky.client@example.org", "willow harbour lantern"); err != nil {
		t.Fatalf("sign-in after rotation: %v", err)
	}
	if _, err := b.Portal.Authenticate(ctx, "sky.client@example.org", "wrong password here"); err != core.ErrBadCredentials {
		t.Fatalf("wrong password: %v", err)
	}
}
