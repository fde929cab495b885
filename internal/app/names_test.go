package app_test

import (
	"context"
	"testing"

	"confidant/internal/access"
	"confidant/internal/app/apptest"
	"confidant/internal/store"
)

// TestStaffNamesSayWhetherANameIsKnown: the core gives a member of
// staff's name and true, the fixed actors' words and true, and "" and
// false (no wording: the web words it) for an id that is no account or
// an account whose name cannot be read.
func TestStaffNamesSayWhetherANameIsKnown(t *testing.T) {
	ctx := context.Background()
	a, _ := apptest.New(t)
	casey := apptest.AddUser(t, a, "c@example.org", "Casey", "counsellor")
	broken := store.User{Email: "broken@example.org", NameEnc: []byte("not sealed"), PasswordHash: "x", Roles: access.RolesOf(access.Counsellor)}
	if err := a.Store().CreateUser(ctx, &broken, "test"); err != nil {
		t.Fatal(err)
	}
	names := a.Core().StaffNames(ctx)
	for _, tc := range []struct {
		id    string
		name  string
		known bool
	}{
		{casey.ID, "Casey", true},
		{"client:acc", "The client", true},
		{store.NewID(), "", false},
		{broken.ID, "", false},
	} {
		if n, ok := names(tc.id); n != tc.name || ok != tc.known {
			t.Errorf("name of %s = %q, %v; want %q, %v", tc.id, n, ok, tc.name, tc.known)
		}
	}
	if n := a.Core().NameCache(ctx)(store.NewID()); n != "a former member of staff" {
		t.Errorf("NameCache of a gone account = %q", n)
	}
}
