package app_test

import (
	"context"
	"errors"
	"testing"

	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/store"
)

// The one step-up refuses a disabled account even with its right password
// (a session that outlived the disabling cannot approve or send), and
// refuses it after the same work as a wrong password.
func TestStepUpRefusesADisabledAccount(t *testing.T) {
	ctx := context.Background()
	dir, _, _, _ := newVault(t, "")
	a := apptest.Open(t, dir, "")
	u := apptest.Staff(t, a, "c@example.org")
	if err := a.Core().StepUp(ctx, u, apptest.Password); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if err := a.Store().SetUserDisabled(ctx, u.ID, true, store.Event{Type: "user.disable", ActorID: "test", Subject: u.ID}); err != nil {
		t.Fatal(err)
	}
	before := a.PasswordHashes()
	if err := a.Core().StepUp(ctx, u, apptest.Password); !errors.Is(err, core.ErrBadCredentials) {
		t.Fatalf("disabled account's step-up: %v", err)
	}
	if a.PasswordHashes()-before != 1 {
		t.Fatal("a disabled account's step-up was not hashed like any other")
	}
}

// Sign-in and step-up share one limiter: failures at either lock both.
func TestSignInAndStepUpShareTheLimiter(t *testing.T) {
	ctx := core.WithClientAddr(context.Background(), "192.0.2.7")
	dir, _, _, _ := newVault(t, "")
	a := apptest.Open(t, dir, "")
	u := apptest.Staff(t, a, "c@example.org")
	for i := 0; i < core.AccountAttempts; i++ {
		if _, _, err := a.Staff.SignIn(ctx, u.Email, "wrong password here", ""); !errors.Is(err, core.ErrBadCredentials) {
			t.Fatalf("sign-in %d: %v", i, err)
		}
	}
	if err := a.Core().StepUp(ctx, u, apptest.Password); !errors.Is(err, core.ErrThrottled) {
		t.Fatalf("step-up after five failed sign-ins: %v", err)
	}
}
