package app_test

import (
	"context"
	"testing"

	"confidant/internal/app/core"
	"confidant/internal/fault"
	"confidant/internal/store"
)

// In the portal, a step the state refuses is a Conflict beside the form's
// field, not Invalid: retyping would not put it right. Staff asking for a
// password link or an address change before she has an account, a lead
// deciding a change that is not waiting, and the client answering at a
// stage that does not take that answer are refused so, and nothing moves.
func TestPortalStepsTheStateRefusesAreConflicts(t *testing.T) {
	ctx := context.Background()
	c := newCaseOnFile(t)
	a, counsellor, lead, client := c.a, c.counsellor, c.lead, c.client
	wantConflictOn(t, "a password link with no account", "email", a.Portal.SendPortalReset(ctx, counsellor, client, "https://confidant.example.org"))
	r := c.recordRequest(t, "client_consulted", true)
	_, err := a.Portal.ChangePortalEmail(ctx, lead, client, "rowan@example.org")
	wantConflictOn(t, "an address change with no account", "new_email", err)
	wantConflictOn(t, "deciding a change that is not waiting", "new_email", a.Portal.DecideEmailChange(ctx, lead, client, true))

	x := store.Extract{RequestID: r.ID, SHA256: "feed", Summary: "one note", CreatedBy: lead.UserID, ObjectEnc: []byte("o"), PDFEnc: []byte("p")}
	if err := a.Store().CreateExtract(ctx, &x, "client_consulted", "", r.Version, func(int) ([]byte, error) { return []byte("m"), nil }); err != nil {
		t.Fatal(err)
	}
	acc := core.PortalAccount{ID: "acc", ClientID: client}
	wantConflictOn(t, "taking back an agreement she never gave", "decision", a.Portal.Decide(ctx, acc, r.ID, "withdraw", "feed", ""))
	if err := a.Portal.Decide(ctx, acc, r.ID, "shrug", "feed", ""); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("an answer that is not a choice: %v", err)
	}
	after, err := a.Store().RequestByID(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Status != "client_consulted" {
		t.Fatalf("a refused answer moved the request to %s", after.Status)
	}
}
