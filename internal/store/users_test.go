package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"confidant/internal/access"
)

func openUsersDB(t *testing.T) *DB {
	t.Helper()
	d, err := Open(context.Background(), filepath.Join(t.TempDir(), DBFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func storedRoles(t *testing.T, d *DB, userID string) string {
	t.Helper()
	var s string
	if err := d.db.Get(&s, `SELECT roles FROM users WHERE id = ?`, userID); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRolesAreStoredAsTheCommaListAndReadBackAsASet(t *testing.T) {
	d := openUsersDB(t)
	ctx := t.Context()
	u := User{Email: "admin@example.org", NameEnc: []byte{0}, PasswordHash: "x", Roles: access.RolesOf(access.Admin, access.Counsellor)}
	if err := d.CreateUser(ctx, &u, "cli"); err != nil {
		t.Fatal(err)
	}
	if got := storedRoles(t, d, u.ID); got != "counsellor,admin" {
		t.Errorf("stored roles = %q, want counsellor,admin", got)
	}
	back, err := d.UserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if back.Roles != u.Roles {
		t.Errorf("read back %q, want %q", back.Roles, u.Roles)
	}
	staff, err := d.StaffByID(ctx, u.ID)
	if err != nil || staff.Roles != u.Roles {
		t.Errorf("StaffByID roles = %q (%v), want %q", staff.Roles, err, u.Roles)
	}
	// The only active admin cannot lose the role; a change that keeps it
	// is written.
	if err := d.SetUserRoles(ctx, u.ID, access.RolesOf(access.Counsellor), Event{Type: "test"}); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("demoting the last admin: %v, want ErrLastAdmin", err)
	}
	if err := d.SetUserRoles(ctx, u.ID, access.RolesOf(access.Lead, access.Admin), Event{Type: "test"}); err != nil {
		t.Fatal(err)
	}
	if got := storedRoles(t, d, u.ID); got != "lead,admin" {
		t.Errorf("stored roles after the change = %q, want lead,admin", got)
	}
}

func TestApprovedGrantAddsItsRoleToTheStoredList(t *testing.T) {
	d := openUsersDB(t)
	ctx := t.Context()
	grantee := User{Email: "c@example.org", NameEnc: []byte{0}, PasswordHash: "x", Roles: access.RolesOf(access.Counsellor)}
	if err := d.CreateUser(ctx, &grantee, "cli"); err != nil {
		t.Fatal(err)
	}
	var admins [2]User
	for i, email := range []string{"a1@example.org", "a2@example.org"} {
		admins[i] = User{Email: email, NameEnc: []byte{0}, PasswordHash: "x", Roles: access.RolesOf(access.Admin)}
		if err := d.CreateUser(ctx, &admins[i], "cli"); err != nil {
			t.Fatal(err)
		}
	}
	g := RoleGrant{UserID: grantee.ID, Role: access.Lead, RequestedBy: admins[0].ID}
	if err := d.ProposeGrant(ctx, &g); err != nil {
		t.Fatal(err)
	}
	pending, err := d.PendingGrants(ctx)
	if err != nil || len(pending) != 1 || pending[0].Role != access.Lead {
		t.Fatalf("pending grants = %+v (%v)", pending, err)
	}
	if err := d.DecideGrant(ctx, g.ID, admins[1].ID, true); err != nil {
		t.Fatal(err)
	}
	if got := storedRoles(t, d, grantee.ID); got != "counsellor,lead" {
		t.Errorf("stored roles = %q, want counsellor,lead", got)
	}
}

func TestAStoredRoleThatIsNoStaffRoleIsAnErrorNotDropped(t *testing.T) {
	d := openUsersDB(t)
	u := User{Email: "c@example.org", NameEnc: []byte{0}, PasswordHash: "x", Roles: access.RolesOf(access.Counsellor)}
	if err := d.CreateUser(t.Context(), &u, "cli"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.Exec(`UPDATE users SET roles = 'counsellor,root' WHERE id = ?`, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.UserByID(t.Context(), u.ID); err == nil {
		t.Error("a user with an unknown stored role was read without error")
	}
}
