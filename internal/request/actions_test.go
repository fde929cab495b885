package request

import (
	"errors"
	"testing"

	"confidant/internal/fault"
)

func TestOnlyTheClientTakesTheConsentSteps(t *testing.T) {
	steps := []struct {
		from, to Status
		act      Action
	}{
		{StatusExtractDrafted, StatusClientConsented, ActAgree},
		{StatusClientConsented, StatusExtractDrafted, ActWithdrawConsent},
		{StatusLeadApproved, StatusExtractDrafted, ActWithdrawConsent},
		{StatusExtractDrafted, StatusRefused, ActClientRefuse},
	}
	for _, s := range steps {
		if err := Move(s.from, s.to, s.act, ActorClient, false); err != nil {
			t.Errorf("client %s %s→%s refused: %v", s.act, s.from, s.to, err)
		}
		for _, by := range []Actor{ActorLead, ActorSystem, "admin", ""} {
			err := Move(s.from, s.to, s.act, by, false)
			var me *MoveError
			if !errors.As(err, &me) {
				t.Errorf("%q took the client's step %s %s→%s (err %v)", by, s.act, s.from, s.to, err)
			}
		}
	}
}

func TestNoOtherActionReachesConsent(t *testing.T) {
	for act := range rules {
		for _, by := range []Actor{ActorClient, ActorLead, ActorSystem} {
			for _, from := range allStatuses() {
				if Move(from, StatusClientConsented, act, by, false) == nil && (act != ActAgree || by != ActorClient) {
					t.Errorf("%s by %s reaches client_consented from %s", act, by, from)
				}
			}
		}
	}
}

func TestTheManualMenuOffersOnlyTheLeadsOwnDecisions(t *testing.T) {
	allowed := map[Status]bool{
		StatusVerified: true, StatusAwaitingClarification: true, StatusChecked: true, StatusFraudSuspected: true,
		StatusRefused: true, StatusWithdrawn: true, StatusClosed: true, StatusRecordedInError: true,
	}
	for _, comp := range []bool{false, true} {
		for _, from := range allStatuses() {
			for _, to := range ManualNext(from, comp) {
				if !allowed[to] {
					t.Errorf("menu from %s offers %s", from, to)
				}
			}
		}
	}
	for _, to := range []Status{StatusClientConsulted, StatusExtractDrafted, StatusClientConsented, StatusLeadApproved, StatusSent} {
		if a, ok := ManualAction(to); ok {
			t.Errorf("ManualAction(%s) = %s: the menu must not reach it", to, a)
		}
	}
	// After the client withdrew, the menu cannot put her consent back.
	for _, to := range ManualNext(StatusExtractDrafted, false) {
		if to == StatusClientConsented || to == StatusLeadApproved {
			t.Errorf("menu offers %s after a withdrawal", to)
		}
	}
}

func TestApprovalAndSendingAreTheirOwnActions(t *testing.T) {
	if err := Move(StatusClientConsented, StatusLeadApproved, ActApprove, ActorLead, false); err != nil {
		t.Errorf("approve refused: %v", err)
	}
	if err := Move(StatusExtractDrafted, StatusLeadApproved, ActApprove, ActorLead, false); err == nil {
		t.Error("approve without consent allowed")
	}
	if err := Move(StatusLeadApproved, StatusSent, ActSend, ActorLead, false); err != nil {
		t.Errorf("send refused: %v", err)
	}
	if err := Move(StatusLeadApproved, StatusSent, ActClose, ActorLead, false); err == nil {
		t.Error("close reached sent")
	}
	if err := Move(StatusVerified, StatusClientConsulted, ActConsult, ActorLead, false); err != nil {
		t.Errorf("consult refused: %v", err)
	}
	if err := Move(StatusChecked, StatusClientConsulted, ActConsult, ActorLead, false); err == nil {
		t.Error("consult before verification allowed")
	}
}

func TestRecordedInErrorEndsARequest(t *testing.T) {
	if err := Move(StatusChecked, StatusRecordedInError, ActRecordedInError, ActorLead, false); err != nil {
		t.Fatal(err)
	}
	if StatusRecordedInError.Open() || StatusRecordedInError.Live() || len(NextStatuses(StatusRecordedInError, false)) != 0 {
		t.Error("recorded_in_error is still open, live or has a next status")
	}
	if err := Move(StatusSent, StatusRecordedInError, ActRecordedInError, ActorLead, false); err == nil {
		t.Error("a sent request was marked recorded in error: something did leave")
	}
}

func TestARefusedMoveIsAConflictThatStillReadsAsAMoveError(t *testing.T) {
	err := Move(StatusReceived, StatusLeadApproved, ActApprove, ActorLead, false)
	var me *MoveError
	if !errors.As(err, &me) || me.Action != ActApprove || me.From != StatusReceived {
		t.Fatalf("Move(received→lead_approved) = %v, want a *MoveError naming the step", err)
	}
	if !errors.Is(err, ErrStepRefused) {
		t.Errorf("a refused move is not ErrStepRefused: %v", err)
	}
	if code := fault.CodeOf(err); code != fault.Conflict {
		t.Errorf("a refused move has code %q, want %q", code, fault.Conflict)
	}
	if msg := fault.MessageOf(err); msg != ErrStepRefused.Message {
		t.Errorf("the person reads %q, want %q", msg, ErrStepRefused.Message)
	}
}
