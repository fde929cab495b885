package store

import (
	"errors"
	"testing"
	"time"

	"confidant/internal/access"
)

func storedRoles(t *testing.T, d *DB, userID string) string {
	t.Helper()
	var s string
	if err := d.db.Get(&s, `SELECT roles FROM users WHERE id = ?`, userID); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRolesAreStoredAsTheCommaListAndReadBackAsASet(t *testing.T) {
	d := openTestDB(t)
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
	d := openTestDB(t)
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
	d := openTestDB(t)
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

func TestTimesAreStoredAsUnixSecondsAndReadBackAsTimes(t *testing.T) {
	d := openTestDB(t)
	ctx := t.Context()
	now := time.Unix(1_780_000_000, 250_000_000) // a quarter second past
	d.SetClock(func() time.Time { return now })
	u := User{Email: "c@example.org", NameEnc: []byte{0}, PasswordHash: "x", Roles: access.RolesOf(access.Counsellor)}
	if err := d.CreateUser(ctx, &u, "cli"); err != nil {
		t.Fatal(err)
	}
	if !u.CreatedAt.Equal(time.Unix(now.Unix(), 0)) {
		t.Errorf("CreatedAt set to %v, want the whole second %v", u.CreatedAt, now.Unix())
	}
	var raw int64
	if err := d.db.Get(&raw, `SELECT created_at FROM users WHERE id = ?`, u.ID); err != nil || raw != now.Unix() {
		t.Errorf("stored created_at = %d (%v), want %d", raw, err, now.Unix())
	}
	if back, err := d.UserByID(ctx, u.ID); err != nil || !back.CreatedAt.Equal(u.CreatedAt) {
		t.Errorf("read back CreatedAt %v (%v), want %v", back.CreatedAt, err, u.CreatedAt)
	}

	s := Session{TokenHash: "h1", UserID: u.ID, CSRFToken: "c", CreatedAt: now, LastSeen: now.Add(time.Minute), ExpiresAt: now.Add(time.Hour), Device: "test"}
	if err := d.CreateSession(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	got, err := d.SessionByTokenHash(ctx, "h1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want time.Time
	}{{"CreatedAt", got.CreatedAt, s.CreatedAt}, {"LastSeen", got.LastSeen, s.LastSeen}, {"ExpiresAt", got.ExpiresAt, s.ExpiresAt}} {
		if c.got.Unix() != c.want.Unix() || c.got.Nanosecond() != 0 {
			t.Errorf("session %s read back as %v, want the whole second of %v", c.name, c.got, c.want)
		}
	}

	// A link's use is NULL while unused: the zero time, not 1970.
	tok := PasswordToken{TokenHash: "t1", UserID: u.ID, Kind: TokenReset, CreatedBy: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := d.AddPasswordToken(ctx, tok, Event{Type: "test"}); err != nil {
		t.Fatal(err)
	}
	var used *int64
	if err := d.db.Get(&used, `SELECT used_at FROM password_tokens WHERE token_hash = 't1'`); err != nil || used != nil {
		t.Fatalf("an unused link's used_at = %v (%v), want NULL", used, err)
	}
	live, err := d.LivePasswordToken(ctx, "t1")
	if err != nil || !live.UsedAt.IsZero() || live.ExpiresAt.Unix() != now.Add(time.Hour).Unix() {
		t.Errorf("live link = %+v (%v)", live, err)
	}
	now = now.Add(time.Minute)
	if err := d.VoidPasswordTokens(ctx, u.ID, Event{Type: "test"}); err != nil {
		t.Fatal(err)
	}
	links, err := d.LatestPasswordTokens(ctx)
	if err != nil || links[u.ID].UsedAt.Unix() != now.Unix() {
		t.Errorf("voided link's UsedAt = %v (%v), want %v", links[u.ID].UsedAt, err, now.Unix())
	}
}
