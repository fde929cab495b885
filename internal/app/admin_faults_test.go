package app_test

import (
	"context"
	"testing"

	"confidant/internal/app/core"
	"confidant/internal/fault"
)

// A save made on a stale page is a Conflict (someone else saved first), with
// the message beside the form's version field; bad input stays Invalid.
func TestStaleIdentityAndPolicySavesAreConflicts(t *testing.T) {
	a := newMonitoringApp(t)
	ctx := context.Background()

	id, err := a.Admin.IdentityForm(ctx, statsAdmin)
	if err != nil {
		t.Fatal(err)
	}
	id.Name = "Northtown Rape Crisis"
	if err := a.Admin.SaveIdentity(ctx, statsAdmin, id); err != nil {
		t.Fatal(err)
	}
	err = a.Admin.SaveIdentity(ctx, statsAdmin, id) // the same, now stale, version
	var fe core.FieldErrors
	if fault.CodeOf(err) != fault.Conflict || !asFields(err, &fe) || fe["version"] == "" {
		t.Fatalf("stale identity: code %q, fields %v", fault.CodeOf(err), fe)
	}
	id.Name = ""
	if err := a.Admin.SaveIdentity(ctx, statsAdmin, id); fault.CodeOf(err) != fault.Invalid {
		t.Fatalf("identity without a name: %v", err)
	}

	p, err := a.Admin.PolicyForm(ctx, statsAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Admin.SavePolicy(ctx, statsAdmin, p); err != nil {
		t.Fatal(err)
	}
	err = a.Admin.SavePolicy(ctx, statsAdmin, p)
	if fault.CodeOf(err) != fault.Conflict || !asFields(err, &fe) || fe["version"] == "" {
		t.Fatalf("stale policy: code %q, fields %v", fault.CodeOf(err), fe)
	}
	p.MaxAgeDays = "0"
	if err := a.Admin.SavePolicy(ctx, statsAdmin, p); fault.CodeOf(err) != fault.Invalid {
		t.Fatalf("policy with no age: %v", err)
	}
}
