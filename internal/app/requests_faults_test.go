package app_test

import (
	"context"
	"testing"

	"confidant/internal/app/core"
	"confidant/internal/fault"
	"confidant/internal/letters"
	"confidant/internal/request"
)

// A letter template saved from a stale page is a Conflict (another admin
// saved first), with the message beside the body, like the other versioned
// settings forms; a template that does not render stays Invalid.
func TestStaleLetterTemplateSaveIsAConflict(t *testing.T) {
	a := newMonitoringApp(t)
	ctx := context.Background()
	if err := a.Requests.SaveLetterTemplate(ctx, statsAdmin, letters.Refusal, "Dear {{.OfficerName}}, no. {{.Provider}}", 0); err != nil {
		t.Fatal(err)
	}
	err := a.Requests.SaveLetterTemplate(ctx, statsAdmin, letters.Refusal, "A second edit from a stale page", 0)
	var fe core.FieldErrors
	if fault.CodeOf(err) != fault.Conflict || !asFields(err, &fe) || fe["body"] == "" {
		t.Fatalf("stale letter template: code %q, fields %v", fault.CodeOf(err), fe)
	}
	if err := a.Requests.SaveLetterTemplate(ctx, statsAdmin, letters.Refusal, "{{.Nope}}", 1); fault.CodeOf(err) != fault.Invalid {
		t.Fatalf("broken letter template: %v", err)
	}
}

// A step the request's state refuses is a Conflict beside the form's field,
// not Invalid: retyping would not put it right. Consulting the client
// before the requester is verified, replying on a request she cannot see,
// and marking a request verified with no confirming call-back are refused
// so, and change nothing.
func TestStepsTheRequestsStateRefusesAreConflicts(t *testing.T) {
	ctx := context.Background()
	c := newCaseOnFile(t)
	a, lead := c.a, c.lead
	r := c.recordRequest(t, "checked", false)
	wantConflictOn(t, "consulting before verification", "consult", a.Requests.ConsultClient(ctx, lead, r.ID, r.Version))
	wantConflictOn(t, "a reply she cannot see", "message", a.Requests.ReplyToClient(ctx, lead, r.ID, "hello"))
	wantConflictOn(t, "verified with no call-back", "to", a.Requests.TransitionRequest(ctx, lead, r.ID, r.Version, request.StatusVerified, ""))
	after, err := a.Store().RequestByID(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Status != "checked" || after.ClientVisible {
		t.Fatalf("a refused step changed the request: %s, visible %v", after.Status, after.ClientVisible)
	}
	if err := a.Requests.ReplyToClient(ctx, lead, r.ID, ""); fault.CodeOf(err) != fault.Conflict {
		t.Fatalf("an empty reply she cannot see: %v", err)
	}
}
