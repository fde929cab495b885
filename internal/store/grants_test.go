package store

import (
	"errors"
	"testing"

	"confidant/internal/access"
)

// Only a grant that is no longer pending (or not the decider's to decide)
// is stale; a read that fails is its own error, not "someone decided it
// already", which would tell the administrator something untrue.
func TestDecideGrantCallsOnlyAMissingPendingGrantStale(t *testing.T) {
	ctx := t.Context()
	d := openTestDB(t)
	var ids []string
	for _, email := range []string{"a1@example.org", "a2@example.org", "a3@example.org"} {
		u := User{Email: email, NameEnc: []byte{0}, PasswordHash: "x", Roles: access.RolesOf(access.Admin)}
		if err := d.CreateUser(ctx, &u, "cli"); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	proposer, decider, grantee := ids[0], ids[1], ids[2]
	g := RoleGrant{UserID: grantee, Role: access.Counsellor, RequestedBy: proposer}
	if err := d.ProposeGrant(ctx, &g); err != nil {
		t.Fatal(err)
	}
	if err := d.DecideGrant(ctx, NewID(), decider, true); !errors.Is(err, ErrStale) {
		t.Fatalf("an unknown grant: %v", err)
	}
	if err := d.DecideGrant(ctx, g.ID, proposer, true); !errors.Is(err, ErrStale) {
		t.Fatalf("the proposer's decision: %v", err)
	}
	// The table cannot be read: a fault, not a stale decision.
	if _, err := d.db.ExecContext(ctx, `ALTER TABLE role_grants RENAME TO role_grants_away`); err != nil {
		t.Fatal(err)
	}
	if err := d.DecideGrant(ctx, g.ID, decider, true); err == nil || errors.Is(err, ErrStale) {
		t.Fatalf("an unreadable grant: %v", err)
	}
	if _, err := d.db.ExecContext(ctx, `ALTER TABLE role_grants_away RENAME TO role_grants`); err != nil {
		t.Fatal(err)
	}
	if err := d.DecideGrant(ctx, g.ID, decider, true); err != nil {
		t.Fatalf("the second administrator's approval: %v", err)
	}
	if err := d.DecideGrant(ctx, g.ID, decider, false); !errors.Is(err, ErrStale) {
		t.Fatalf("a grant decided twice: %v", err)
	}
}
