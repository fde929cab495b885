package portal

import (
	"testing"

	"confidant/internal/access"
	"confidant/internal/request"
)

// TestSheAnswersOnlyAVoluntaryRequestWithAnExtractBeforeItGoes: the client
// may answer while the extract waits for her, for a lead or for sending;
// she may take back only an agreement to the current extract; a court's
// order is never hers to answer.
func TestSheAnswersOnlyAVoluntaryRequestWithAnExtractBeforeItGoes(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		r                      Request
		canDecide, canWithdraw bool
	}{
		{"drafted, not answered", Request{Status: request.StatusExtractDrafted, HasExtract: true}, true, false},
		{"no extract yet", Request{Status: request.StatusClientConsulted}, false, false},
		{"agreed to this one", Request{Status: request.StatusClientConsented, HasExtract: true, Decision: "agree", DecisionForCurrent: true}, true, true},
		{"approved after her agreement", Request{Status: request.StatusLeadApproved, HasExtract: true, Decision: "agree", DecisionForCurrent: true}, true, true},
		{"agreed to an earlier one", Request{Status: request.StatusExtractDrafted, HasExtract: true, Decision: "agree"}, true, false},
		{"said no", Request{Status: request.StatusClientConsented, HasExtract: true, Decision: "refuse", DecisionForCurrent: true}, true, false},
		{"sent", Request{Status: request.StatusSent, HasExtract: true, Decision: "agree", DecisionForCurrent: true}, false, false},
		{"a court's order", Request{Status: request.StatusExtractDrafted, HasExtract: true, Compulsory: true}, false, false},
	} {
		if got := tc.r.CanDecide(); got != tc.canDecide {
			t.Errorf("%s: CanDecide = %v, want %v", tc.name, got, tc.canDecide)
		}
		if got := tc.r.CanWithdraw(); got != tc.canWithdraw {
			t.Errorf("%s: CanWithdraw = %v, want %v", tc.name, got, tc.canWithdraw)
		}
	}
}

func TestOnlyAnotherLeadDecidesAChangeOfHerAddress(t *testing.T) {
	acc := ClientAccount{Exists: true, PendingChange: true, ChangeProposedBy: "lead1"}
	for _, tc := range []struct {
		name  string
		actor access.Actor
		c     ClientAccount
		want  bool
	}{
		{"the proposer", access.Actor{UserID: "lead1", Roles: access.RolesOf(access.Lead)}, acc, false},
		{"another lead", access.Actor{UserID: "lead2", Roles: access.RolesOf(access.Lead)}, acc, true},
		{"a counsellor", access.Actor{UserID: "c1", Roles: access.RolesOf(access.Counsellor)}, acc, false},
		{"nothing pending", access.Actor{UserID: "lead2", Roles: access.RolesOf(access.Lead)}, ClientAccount{Exists: true}, false},
	} {
		if got := tc.c.MayDecideChange(tc.actor); got != tc.want {
			t.Errorf("%s: MayDecideChange = %v, want %v", tc.name, got, tc.want)
		}
	}
}
