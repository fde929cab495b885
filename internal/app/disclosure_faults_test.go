package app_test

import (
	"context"
	"testing"

	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/app/disclosure"
	"confidant/internal/fault"
	"confidant/internal/store"
)

// Approving, sending or lifting a hold that the request's state does not
// allow is a Conflict beside the form's field, not Invalid: retyping would
// not put it right. The rules themselves (approve only the extract the
// client agreed to) are not what is tested here.
func TestReleaseStepsTheRequestsStateRefusesAreConflicts(t *testing.T) {
	ctx := context.Background()
	a, _ := apptest.New(t)
	counsellor := core.Actor(apptest.AddUser(t, a, "c@example.org", "Casey", "counsellor"))
	lead := core.Actor(apptest.AddUser(t, a, "l@example.org", "Lee", "lead"))
	client, err := a.Clients.CreateClient(ctx, counsellor, "Rowan Example", "")
	if err != nil {
		t.Fatal(err)
	}
	r := store.Request{ClientID: client, Kind: "victim_information_request", Status: "checked", Verdict: "compliant",
		ReceivedOn: "2026-03-01", RecordEnc: []byte("x"), CreatedBy: lead.UserID, NotifyClient: true}
	if err := a.Store().CreateRequest(ctx, &r, nil, "checked"); err != nil {
		t.Fatal(err)
	}
	refusedOn := func(what, field string, err error) {
		t.Helper()
		var fe core.FieldErrors
		if fault.CodeOf(err) != fault.Conflict || !asFields(err, &fe) || fe[field] == "" {
			t.Errorf("%s: code %q, fields %v", what, fault.CodeOf(err), fe)
		}
	}
	refusedOn("approving with no extract", "approve", a.Disclosure.ApproveExtract(ctx, lead, r.ID, "0000", apptest.Password))
	_, err = a.Disclosure.SendExtract(ctx, lead, r.ID, "", "https://confidant.example.org")
	refusedOn("sending with nothing approved", "send", err)
	refusedOn("lifting a hold there is not", "hold", a.Disclosure.LiftClientHold(ctx, lead, r.ID))
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
