package access

import "testing"

func TestWhoMayReadAndWriteAClient(t *testing.T) {
	own := ClientFacts{CounsellorID: "c1"}
	underRequest := ClientFacts{CounsellorID: "c1", OpenRequest: true}
	counsellor := Actor{UserID: "c1", Roles: RolesOf(Counsellor)}
	other := Actor{UserID: "c2", Roles: RolesOf(Counsellor)}
	lead := Actor{UserID: "l1", Roles: RolesOf(Lead)}
	admin := Actor{UserID: "a1", Roles: RolesOf(Admin)}
	for _, tc := range []struct {
		name        string
		a           Actor
		c           ClientFacts
		read, write bool
	}{
		{"own counsellor", counsellor, own, true, true},
		{"other counsellor", other, own, false, false},
		{"lead without a request", lead, own, false, false},
		{"lead with an open request", lead, underRequest, true, false},
		{"admin", admin, underRequest, false, false},
	} {
		if got := CanReadClient(tc.a, tc.c); got != tc.read {
			t.Errorf("%s: read = %v", tc.name, got)
		}
		if got := CanWriteNotes(tc.a, tc.c); got != tc.write {
			t.Errorf("%s: write = %v", tc.name, got)
		}
	}
	if CanEditNote(counsellor, own, "someone-else") {
		t.Error("a counsellor may edit another author's draft")
	}
}

// The monitoring figures are for leads and admins; a counsellor, who
// knows clients by name, does not see them.
func TestWhoSeesTheMonitoringFigures(t *testing.T) {
	for _, tc := range []struct {
		roles Roles
		may   bool
	}{
		{RolesOf(Counsellor), false},
		{RolesOf(Lead), true},
		{RolesOf(Admin), true},
		{RolesOf(Counsellor, Lead), true},
		{Roles{}, false},
	} {
		if got := CanMonitor(Actor{UserID: "u", Roles: tc.roles}); got != tc.may {
			t.Errorf("%v: CanMonitor = %v, want %v", tc.roles, got, tc.may)
		}
	}
}
