package app_test

import (
	"context"
	"testing"

	"confidant/internal/app/apptest"
	"confidant/internal/app/disclosure"
	"confidant/internal/fault"
)

// Approving, sending or lifting a hold that the request's state does not
// allow is a Conflict beside the form's field, not Invalid: retyping would
// not put it right. The rules themselves (approve only the extract the
// client agreed to) are not what is tested here.
func TestReleaseStepsTheRequestsStateRefusesAreConflicts(t *testing.T) {
	ctx := context.Background()
	c := newCaseOnFile(t)
	a, lead := c.a, c.lead
	r := c.recordRequest(t, "checked", false)
	wantConflictOn(t, "approving with no extract", "approve", a.Disclosure.ApproveExtract(ctx, lead, r.ID, "0000", apptest.Password))
	_, err := a.Disclosure.SendExtract(ctx, lead, r.ID, "", "https://confidant.example.org")
	wantConflictOn(t, "sending with nothing approved", "send", err)
	wantConflictOn(t, "lifting a hold there is not", "hold", a.Disclosure.LiftClientHold(ctx, lead, r.ID))
	if err := a.Disclosure.ApproveExtract(ctx, lead, r.ID, "0000", "not my password"); fault.CodeOf(err) != fault.Unauthorized {
		t.Errorf("approving with a wrong password: %v", err)
	}
}

// A wrong release code is Unauthorized, and still tells how many tries are
// left.
func TestAWrongReleaseCodeIsUnauthorized(t *testing.T) {
	var err error = disclosure.ErrWrongCode{Left: 2}
	if fault.CodeOf(err) != fault.Unauthorized || fault.MessageOf(err) != "That release code is not right." {
		t.Fatalf("wrong release code: code %q, message %q", fault.CodeOf(err), fault.MessageOf(err))
	}
}
