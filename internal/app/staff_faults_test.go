package app_test

import (
	"context"
	"errors"
	"testing"

	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/app/staff"
	"confidant/internal/fault"
	"confidant/internal/store"
)

// A grant of a role that opens notes is decided once, by an administrator
// who neither proposed it nor holds it; any other decision is refused as a
// Conflict (the step is not possible), not as a form typed wrongly, and an
// unknown grant is NotFound.
func TestAGrantDecidedByTheWrongAdministratorOrTwiceIsAConflict(t *testing.T) {
	ctx := context.Background()
	a, _ := apptest.New(t)
	proposer := apptest.AddUser(t, a, "admin1@example.org", "Ann Admin", "admin")
	second := apptest.AddUser(t, a, "admin2@example.org", "Bea Admin", "admin")
	grantee := apptest.AddUser(t, a, "admin3@example.org", "Cat Admin", "admin")
	if err := a.Staff.SetRoles(ctx, core.Actor(proposer), grantee.ID, []string{"admin", "counsellor"}); !errors.Is(err, staff.ErrGrantPending) {
		t.Fatalf("proposing a counsellor role: %v", err)
	}
	gs, err := a.Staff.PendingGrants(ctx, core.Actor(second))
	if err != nil || len(gs) != 1 {
		t.Fatalf("pending grants: %v %v", gs, err)
	}
	for _, who := range []core.StaffUser{proposer, grantee} {
		err := a.Staff.DecideGrant(ctx, core.Actor(who), gs[0].ID, true)
		if fault.CodeOf(err) != fault.Conflict || fault.FieldsOf(err)["roles"] == "" {
			t.Errorf("%s decided the grant: %q %v", who.Email, fault.CodeOf(err), err)
		}
	}
	if err := a.Staff.DecideGrant(ctx, core.Actor(second), gs[0].ID, true); err != nil {
		t.Fatalf("the second administrator's approval: %v", err)
	}
	if err := a.Staff.DecideGrant(ctx, core.Actor(second), gs[0].ID, false); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("a grant decided twice: %q %v", fault.CodeOf(err), err)
	}
	if err := a.Staff.DecideGrant(ctx, core.Actor(second), store.NewID(), true); fault.CodeOf(err) != fault.NotFound {
		t.Errorf("an unknown grant: %q %v", fault.CodeOf(err), err)
	}
}

// The command line's AddUser refuses a bad name as Invalid (the person
// typing can put it right), not as a fault of ours.
func TestAddUserRefusesAMissingNameAsInvalid(t *testing.T) {
	a, _ := apptest.New(t)
	_, err := staff.AddUser(context.Background(), a.Store(), apptest.FastParams, "x@example.org", " ", apptest.Password, []string{"counsellor"}, "test")
	if fault.CodeOf(err) != fault.Invalid || fault.FieldsOf(err)["name"] == "" {
		t.Fatalf("missing name: %q %v", fault.CodeOf(err), err)
	}
}

// A user's devices and second factor are theirs alone: asking for another
// account's, an administrator included, is NotFound, so a caller that
// passes the wrong id learns nothing.
func TestSessionsAndSecondFactorAnswerOnlyForTheActorThemself(t *testing.T) {
	ctx := context.Background()
	a, _ := apptest.New(t)
	owner := apptest.AddUser(t, a, "owner@example.org", "Olive Owner", "counsellor")
	other := apptest.AddUser(t, a, "other@example.org", "Otto Other", "counsellor")
	admin := apptest.AddUser(t, a, "admin9@example.org", "Ada Admin", "admin")
	if _, err := a.Sessions.StartStaffSession(ctx, owner, "Firefox on Linux"); err != nil {
		t.Fatal(err)
	}
	ss, err := a.Staff.Sessions(ctx, core.Actor(owner), owner.ID, "")
	if err != nil || len(ss) != 1 {
		t.Fatalf("own sessions: %v %v", ss, err)
	}
	if _, err := a.Staff.SecondFactor(ctx, core.Actor(owner), owner.ID); err != nil {
		t.Fatalf("own second factor: %v", err)
	}
	for _, who := range []core.StaffUser{other, admin, {}} {
		if ss, err := a.Staff.Sessions(ctx, core.Actor(who), owner.ID, ""); fault.CodeOf(err) != fault.NotFound || ss != nil {
			t.Errorf("%q read another's sessions: %v %q %v", who.Email, ss, fault.CodeOf(err), err)
		}
		if st, err := a.Staff.SecondFactor(ctx, core.Actor(who), owner.ID); fault.CodeOf(err) != fault.NotFound || st != (staff.SecondFactor{}) {
			t.Errorf("%q read another's second factor: %+v %q %v", who.Email, st, fault.CodeOf(err), err)
		}
	}
}
