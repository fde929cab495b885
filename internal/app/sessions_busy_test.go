package app_test

import (
	"context"
	"testing"

	"confidant/internal/app/apptest"
	"confidant/internal/fault"
)

// A session that cannot be read because the database is busy is not "no
// session" (which would sign the person out): it is Unavailable, and the
// same session resumes once the database answers. An unknown token is
// still no session, with no error.
func TestABusyDatabaseDoesNotEndAStaffSession(t *testing.T) {
	ctx := context.Background()
	a, dir := apptest.New(t)
	u := apptest.AddUser(t, a, "resume@example.org", "Rae Resume", "counsellor")
	token, err := a.Sessions.StartStaffSession(ctx, u, "Firefox on Linux")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok, err := a.Sessions.ResumeStaffSession(ctx, "no-such-token"); ok || err != nil {
		t.Fatalf("an unknown token: %v %v", ok, err)
	}
	release := lockDatabase(t, a, dir)
	if _, _, ok, err := a.Sessions.ResumeStaffSession(ctx, token); ok || fault.CodeOf(err) != fault.Unavailable {
		t.Fatalf("busy database: ok %v, %q %v", ok, fault.CodeOf(err), err)
	}
	release()
	if _, got, ok, err := a.Sessions.ResumeStaffSession(ctx, token); !ok || err != nil || got.ID != u.ID {
		t.Fatalf("after the lock: %v %v %+v", ok, err, got)
	}
}

// The health check tells a busy database (Unavailable, try again soon) from
// a fault of ours.
func TestPingCallsABusyDatabaseUnavailable(t *testing.T) {
	ctx := context.Background()
	a, dir := apptest.New(t)
	if err := a.Sessions.Ping(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}
	lockDatabase(t, a, dir)
	if err := a.Sessions.Ping(ctx); fault.CodeOf(err) != fault.Unavailable {
		t.Fatalf("busy database: %q %v", fault.CodeOf(err), err)
	}
}
