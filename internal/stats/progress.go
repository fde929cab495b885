package stats

import (
	"time"

	"confidant/internal/request"
)

// progress is what one request's transitions say about it.
type progress struct {
	outcome        string
	ackDays        int // -1: not yet acknowledged
	decisionDays   int // -1: no decision yet
	consultedFirst bool
}

// follow reads a request's transitions (in time order, already cut at the
// end of the period). The definitions, also in docs/monitoring.md:
//
//   - Acknowledgement is the first transition into any status other than
//     received, checked or awaiting_clarification: the provider's first
//     act on the request, whether a suspected-fraud stop, a call-back that
//     verified the requester, or a refusal. Recording and checking are
//     internal steps, and awaiting_clarification is set automatically when
//     the check finds a defect: it says nothing about whether the service
//     has answered the police.
//   - A decision is the first transition into lead_approved, sent,
//     refused, withdrawn or fraud_suspected.
//   - Days are whole calendar days from the day of receipt to the day of
//     the transition in the provider's time zone; a transition dated
//     before receipt counts as day 0.
//   - The outcome: disclosed if the request ever reached sent; otherwise
//     its last status (ignoring closed, which only files a finished
//     request) decides: refused, fraud_suspected, withdrawn, or still open
//     for any other. A request with no transitions is still open.
//   - A refusal is the client's when the request moved to refused from
//     client_consulted, extract_drafted or lead_approved on the consent
//     path: at those points the request waits on the client's answer (to
//     the consultation, to the draft extract, or their right to withdraw
//     consent until it is sent; DESIGN.md records a client's refusal or
//     withdrawal as refused). From any other status (checked,
//     awaiting_clarification, verified, client_consented: the provider's
//     own steps) it is the provider's.
//   - Consulted first: client_consulted appears before the first sent.
func follow(ts []Transition, loc *time.Location, received int, compulsory bool) progress {
	p := progress{outcome: OutcomeOpen, ackDays: -1, decisionDays: -1}
	final, refusedFrom := "", ""
	sent, consulted := false, false
	for _, t := range ts {
		to := request.Status(t.To)
		if p.ackDays < 0 && to != request.StatusReceived && to != request.StatusChecked && to != request.StatusAwaitingClarification && t.To != "" {
			p.ackDays = daysBetween(received, t.At, loc)
		}
		switch to {
		case request.StatusLeadApproved, request.StatusSent, request.StatusRefused, request.StatusWithdrawn, request.StatusFraudSuspected:
			if p.decisionDays < 0 {
				p.decisionDays = daysBetween(received, t.At, loc)
			}
		}
		switch to {
		case request.StatusClientConsulted:
			if !sent {
				consulted = true
			}
		case request.StatusSent:
			if !sent {
				p.consultedFirst = consulted
			}
			sent = true
		case request.StatusRefused:
			refusedFrom = t.From
		}
		if to != request.StatusClosed {
			final = t.To
		}
	}
	switch {
	case sent:
		p.outcome = OutcomeDisclosed
	case final == string(request.StatusRefused):
		p.outcome = OutcomeRefusedByProvider
		if !compulsory && clientsTurn(request.Status(refusedFrom)) {
			p.outcome = OutcomeRefusedByClient
		}
	case final == string(request.StatusFraudSuspected):
		p.outcome = OutcomeStoppedFraud
	case final == string(request.StatusWithdrawn):
		p.outcome = OutcomeWithdrawn
	}
	return p
}

// clientsTurn reports whether, at status s, a request on the consent path
// waits on the client's answer.
func clientsTurn(s request.Status) bool {
	switch s {
	case request.StatusClientConsulted, request.StatusExtractDrafted, request.StatusLeadApproved:
		return true
	}
	return false
}

func daysBetween(received int, at int64, loc *time.Location) int {
	d := dayOf(at, loc) - received
	if d < 0 {
		return 0
	}
	return d
}
