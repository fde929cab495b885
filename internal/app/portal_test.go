package app

import (
	"context"
	"regexp"
	"testing"

	"confidant/internal/vault"
)

type recordedMail struct{ to, subject, body string }

type mailRecorder struct{ msgs []recordedMail }

func (m *mailRecorder) Queue(_ context.Context, to, subject, body string) error {
	m.msgs = append(m.msgs, recordedMail{to, subject, body})
	return nil
}

func TestPortalSignInSurvivesKeyRotation(t *testing.T) {
	ctx := context.Background()
	dir, _, actor, clientID := newVault(t, "")
	a, err := Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	a.Params = benchParams
	rec := &mailRecorder{}
	a.Mail = rec
	if err := a.InviteClient(ctx, actor, clientID, "sky.client@example.org", "http://127.0.0.1:8080"); err != nil {
		t.Fatal(err)
	}
	token := regexp.MustCompile(`/portal/invite/([A-Za-z0-9_-]+)`).FindStringSubmatch(rec.msgs[0].body)[1]
	if _, err := a.AcceptInvite(ctx, token, "willow harbour lantern", "willow harbour lantern"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AcceptInvite(ctx, token, "willow harbour lantern", "willow harbour lantern"); err != ErrInviteInvalid {
		t.Fatalf("invitation used twice: %v", err)
	}
	if _, err := a.PortalAuthenticate(ctx, "Sky.Client@example.org", "willow harbour lantern"); err != nil {
		t.Fatalf("sign-in before rotation: %v", err)
	}
	a.DB.Close()
	old, _ := vault.ReadKeyFile(dir, "")
	if _, err := Rotate(ctx, RotateOptions{Dir: dir, With: old, Event: "key.rotate"}); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.DB.Close()
	if _, err := b.PortalAuthenticate(ctx, "sky.client@example.org", "willow harbour lantern"); err != nil {
		t.Fatalf("sign-in after rotation: %v", err)
	}
	if _, err := b.PortalAuthenticate(ctx, "sky.client@example.org", "wrong password here"); err != ErrBadCredentials {
		t.Fatalf("wrong password: %v", err)
	}
}
