package request

import (
	"errors"
	"testing"
)

func allStatuses() []Status {
	var out []Status
	for _, o := range Statuses() {
		out = append(out, Status(o.Value))
	}
	return out
}

func TestLifecycleAllowsExactlyTheseMoves(t *testing.T) {
	type move struct{ from, to Status }
	voluntary := map[move]bool{
		{StatusReceived, StatusChecked}:                true,
		{StatusReceived, StatusWithdrawn}:              true,
		{StatusChecked, StatusVerified}:                true,
		{StatusChecked, StatusAwaitingClarification}:   true,
		{StatusChecked, StatusFraudSuspected}:          true,
		{StatusChecked, StatusRefused}:                 true,
		{StatusChecked, StatusWithdrawn}:               true,
		{StatusAwaitingClarification, StatusChecked}:   true,
		{StatusAwaitingClarification, StatusRefused}:   true,
		{StatusAwaitingClarification, StatusWithdrawn}: true,
		{StatusVerified, StatusClientConsulted}:        true,
		{StatusVerified, StatusFraudSuspected}:         true,
		{StatusVerified, StatusRefused}:                true,
		{StatusVerified, StatusWithdrawn}:              true,
		{StatusClientConsulted, StatusExtractDrafted}:  true,
		{StatusClientConsulted, StatusFraudSuspected}:  true,
		{StatusExtractDrafted, StatusFraudSuspected}:   true,
		{StatusClientConsented, StatusFraudSuspected}:  true,
		{StatusLeadApproved, StatusFraudSuspected}:     true,
		{StatusClientConsulted, StatusRefused}:         true,
		{StatusClientConsulted, StatusWithdrawn}:       true,
		{StatusExtractDrafted, StatusClientConsented}:  true,
		{StatusExtractDrafted, StatusRefused}:          true,
		{StatusExtractDrafted, StatusWithdrawn}:        true,
		{StatusClientConsented, StatusLeadApproved}:    true,
		{StatusClientConsented, StatusExtractDrafted}:  true,
		{StatusClientConsented, StatusRefused}:         true,
		{StatusClientConsented, StatusWithdrawn}:       true,
		{StatusLeadApproved, StatusSent}:               true,
		{StatusLeadApproved, StatusExtractDrafted}:     true,
		{StatusLeadApproved, StatusRefused}:            true,
		{StatusLeadApproved, StatusWithdrawn}:          true,
		{StatusSent, StatusClosed}:                     true,
		{StatusFraudSuspected, StatusClosed}:           true,
		{StatusRefused, StatusClosed}:                  true,
		{StatusWithdrawn, StatusClosed}:                true,
	}
	compulsory := map[move]bool{
		{StatusReceived, StatusChecked}:              true,
		{StatusReceived, StatusWithdrawn}:            true,
		{StatusChecked, StatusVerified}:              true,
		{StatusChecked, StatusFraudSuspected}:        true,
		{StatusChecked, StatusWithdrawn}:             true,
		{StatusVerified, StatusExtractDrafted}:       true,
		{StatusVerified, StatusFraudSuspected}:       true,
		{StatusVerified, StatusWithdrawn}:            true,
		{StatusExtractDrafted, StatusLeadApproved}:   true,
		{StatusExtractDrafted, StatusFraudSuspected}: true,
		{StatusLeadApproved, StatusFraudSuspected}:   true,
		{StatusExtractDrafted, StatusWithdrawn}:      true,
		{StatusLeadApproved, StatusSent}:             true,
		{StatusLeadApproved, StatusExtractDrafted}:   true,
		{StatusLeadApproved, StatusWithdrawn}:        true,
		{StatusSent, StatusClosed}:                   true,
		{StatusFraudSuspected, StatusClosed}:         true,
		{StatusWithdrawn, StatusClosed}:              true,
	}
	// Anything not yet sent or ended may turn out to have been recorded in
	// error.
	for _, m := range []map[move]bool{voluntary, compulsory} {
		for _, from := range allStatuses() {
			if from != StatusSent && !from.Terminal() {
				if _, onPath := m[move{from, StatusClosed}]; !onPath || from != StatusClosed {
					m[move{from, StatusRecordedInError}] = true
				}
			}
		}
	}
	for _, from := range []Status{StatusClientConsulted, StatusClientConsented, StatusRefused, StatusAwaitingClarification} {
		delete(compulsory, move{from, StatusRecordedInError}) // not on the court path
	}
	statuses := append(allStatuses(), "", "bogus")
	for _, c := range []struct {
		compulsory bool
		allowed    map[move]bool
	}{{false, voluntary}, {true, compulsory}} {
		for _, from := range statuses {
			for _, to := range statuses {
				want := c.allowed[move{from, to}]
				if got := CanTransition(from, to, c.compulsory); got != want {
					t.Errorf("CanTransition(%q, %q, compulsory=%v) = %v, want %v", from, to, c.compulsory, got, want)
				}
				err := Transition(from, to, c.compulsory)
				if (err == nil) != want {
					t.Errorf("Transition(%q, %q, %v) = %v", from, to, c.compulsory, err)
				}
				var te *TransitionError
				if err != nil && !errors.As(err, &te) {
					t.Errorf("Transition error %v is not a *TransitionError", err)
				}
			}
		}
	}
}

func TestNothingIsSentWithoutConsentUnlessCompulsory(t *testing.T) {
	// Walk every path from received; a voluntary request may reach sent
	// only through client_consented, and every path passes lead_approved.
	for _, compulsory := range []bool{false, true} {
		var walk func(s Status, seen map[Status]bool)
		walk = func(s Status, seen map[Status]bool) {
			if s == StatusSent {
				if !seen[StatusLeadApproved] {
					t.Errorf("compulsory=%v: sent without lead approval", compulsory)
				}
				if !compulsory && !seen[StatusClientConsented] {
					t.Errorf("sent without client consent")
				}
				if compulsory && seen[StatusClientConsented] {
					t.Errorf("court process went through client consent")
				}
				return
			}
			for _, n := range NextStatuses(s, compulsory) {
				if seen[n] {
					continue // loops (redrafts, re-checks) add no new path
				}
				next := map[Status]bool{n: true}
				for k := range seen {
					next[k] = true
				}
				walk(n, next)
			}
		}
		walk(StatusReceived, map[Status]bool{StatusReceived: true})
	}
}

func TestClosedIsTheOnlyEnd(t *testing.T) {
	for _, s := range allStatuses() {
		if got := len(NextStatuses(s, false)) == 0; got != s.Terminal() {
			t.Errorf("%s: no next statuses %v, terminal %v", s, got, s.Terminal())
		}
	}
	if Status("bogus").Valid() || Status("").Open() {
		t.Error("unknown statuses count as valid or open")
	}
}

func TestStatusAfterCheckFollowsTheVerdict(t *testing.T) {
	cases := []struct {
		v    Verdict
		want Status
	}{
		{Verdict{Outcome: NonCompliant, SuspectedFraud: true}, StatusFraudSuspected},
		{Verdict{Outcome: NonCompliant}, StatusAwaitingClarification},
		{Verdict{Outcome: NeedsVerification}, StatusChecked},
		{Verdict{Outcome: Compliant}, StatusChecked},
		{Verdict{Outcome: Compulsory}, StatusChecked},
	}
	for _, tc := range cases {
		got := StatusAfterCheck(tc.v)
		if got != tc.want {
			t.Errorf("StatusAfterCheck(%+v) = %s, want %s", tc.v, got, tc.want)
		}
		if got != StatusChecked && !CanTransition(StatusChecked, got, false) {
			t.Errorf("%s is not reachable from checked", got)
		}
	}
}
