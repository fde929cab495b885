package request

import (
	"fmt"

	"confidant/internal/fault"
)

// Actor is who may cause a move. The client's consent is the product's
// promise, so the lifecycle does not only say which status may follow
// which: it says who may take each step, and a store moves a request only
// through an Action whose actor is the one acting.
type Actor string

// The actors.
const (
	// ActorClient is the client herself, through her own portal session.
	ActorClient Actor = "client"
	// ActorLead is a safeguarding lead, through the named action.
	ActorLead Actor = "lead"
	// ActorSystem is Confidant itself: the checker after intake, and a new
	// extract version voiding what was agreed to an earlier one.
	ActorSystem Actor = "system"
)

// Action is one named step in a request's life.
type Action string

// The actions. Only those with Manual set are offered in the lead's
// "move the request on" menu; consulting, approving and sending have
// their own forms with their own checks, and consent has no staff form.
const (
	ActCheck           Action = "check"             // system: the checker's verdict after intake
	ActVerify          Action = "verify"            // lead: a confirmed call-back is on record
	ActAskClarify      Action = "ask_clarification" // lead: the request is not compliant
	ActRecheck         Action = "recheck"           // lead: a corrected request arrived
	ActSuspectFraud    Action = "suspect_fraud"     // lead: verification failed
	ActConsult         Action = "consult"           // lead: show the request to the client
	ActDraft           Action = "draft"             // system: a new extract version was built
	ActAgree           Action = "agree"             // client: agrees to the exact extract
	ActWithdrawConsent Action = "withdraw_consent"  // client: takes her agreement back
	ActClientRefuse    Action = "client_refuse"     // client: says no
	ActApprove         Action = "approve"           // lead: step-up, bound to the extract hash
	ActSend            Action = "send"              // lead: the approved extract leaves
	ActRefuse          Action = "refuse"            // lead: the service declines
	ActPoliceWithdrew  Action = "police_withdrew"   // lead: the force withdrew the request
	ActClose           Action = "close"             // lead: nothing more will happen
	ActRecordedInError Action = "recorded_in_error" // lead: entered by mistake
)

// rule is what an action may do: who takes it, where it may start (nil:
// anywhere the lifecycle allows) and where it leads.
type rule struct {
	by     []Actor
	from   []Status
	to     []Status
	manual bool
}

var rules = map[Action]rule{
	ActCheck:           {by: []Actor{ActorSystem}, from: []Status{StatusReceived, StatusChecked}, to: []Status{StatusChecked, StatusAwaitingClarification, StatusFraudSuspected}},
	ActVerify:          {by: []Actor{ActorLead}, to: []Status{StatusVerified}, manual: true},
	ActAskClarify:      {by: []Actor{ActorLead}, to: []Status{StatusAwaitingClarification}, manual: true},
	ActRecheck:         {by: []Actor{ActorLead}, from: []Status{StatusAwaitingClarification}, to: []Status{StatusChecked}, manual: true},
	ActSuspectFraud:    {by: []Actor{ActorLead}, to: []Status{StatusFraudSuspected}, manual: true},
	ActConsult:         {by: []Actor{ActorLead}, from: []Status{StatusVerified}, to: []Status{StatusClientConsulted}},
	ActDraft:           {by: []Actor{ActorSystem}, to: []Status{StatusExtractDrafted}},
	ActAgree:           {by: []Actor{ActorClient}, from: []Status{StatusExtractDrafted}, to: []Status{StatusClientConsented}},
	ActWithdrawConsent: {by: []Actor{ActorClient}, from: []Status{StatusClientConsented, StatusLeadApproved}, to: []Status{StatusExtractDrafted}},
	ActClientRefuse:    {by: []Actor{ActorClient}, from: []Status{StatusExtractDrafted, StatusClientConsented, StatusLeadApproved}, to: []Status{StatusRefused}},
	ActApprove:         {by: []Actor{ActorLead}, to: []Status{StatusLeadApproved}},
	ActSend:            {by: []Actor{ActorLead}, to: []Status{StatusSent}},
	ActRefuse:          {by: []Actor{ActorLead}, to: []Status{StatusRefused}, manual: true},
	ActPoliceWithdrew:  {by: []Actor{ActorLead}, to: []Status{StatusWithdrawn}, manual: true},
	ActClose:           {by: []Actor{ActorLead}, to: []Status{StatusClosed}, manual: true},
	ActRecordedInError: {by: []Actor{ActorLead}, to: []Status{StatusRecordedInError}, manual: true},
}

// ErrStepRefused is what every *MoveError is to its callers: a Conflict,
// for the request's state (or the actor) refuses the step, and no retyping
// puts that right. errors.Is(err, ErrStepRefused) holds for any *MoveError.
var ErrStepRefused = fault.New(fault.Conflict, "That step is not possible from the request's current status.")

// MoveError is a step the lifecycle does not allow: the wrong actor, or a
// status the action cannot start from or lead to. It unwraps to
// ErrStepRefused, so fault.CodeOf calls it Conflict and the person reads
// ErrStepRefused's message, not the actor and action names of Error.
type MoveError struct {
	Action   Action
	By       Actor
	From, To Status
}

func (e *MoveError) Error() string {
	return fmt.Sprintf("%s may not take the step %q from %q to %q", e.By, e.Action, e.From, e.To)
}

// Unwrap is ErrStepRefused: a refused move is a Conflict.
func (e *MoveError) Unwrap() error { return ErrStepRefused }

// Move checks one step: the action exists, the actor is the one allowed to
// take it, it may start at from and lead to to, and the lifecycle allows
// that move for this kind of request. It returns nil or a *MoveError (a
// fault Conflict, ErrStepRefused); a
// store writes a new status only after it returns nil.
func Move(from, to Status, act Action, by Actor, compulsory bool) error {
	fail := &MoveError{Action: act, By: by, From: from, To: to}
	r, ok := rules[act]
	if !ok || !hasActor(r.by, by) || !hasStatus(r.to, to) {
		return fail
	}
	if r.from != nil && !hasStatus(r.from, from) {
		return fail
	}
	if act == ActCheck && from == StatusReceived && to != StatusChecked {
		return fail // every path passes through checked first
	}
	if !CanTransition(from, to, compulsory) {
		return fail
	}
	return nil
}

// ManualAction finds the lead's menu action that leads to a status: only
// the lead's own decisions are there, never consent, approval or sending.
func ManualAction(to Status) (Action, bool) {
	for _, a := range manualOrder {
		for _, s := range rules[a].to {
			if s == to {
				return a, true
			}
		}
	}
	return "", false
}

// manualOrder is the menu's order.
var manualOrder = []Action{ActVerify, ActAskClarify, ActRecheck, ActSuspectFraud, ActRefuse, ActPoliceWithdrew, ActClose, ActRecordedInError}

// ManualNext lists the statuses the lead's menu offers from a status.
func ManualNext(from Status, compulsory bool) []Status {
	var out []Status
	for _, a := range manualOrder {
		for _, to := range rules[a].to {
			if Move(from, to, a, ActorLead, compulsory) == nil {
				out = append(out, to)
			}
		}
	}
	return out
}

// ActorOf names who may take an action, for the documentation table.
func ActorOf(act Action) []Actor { return rules[act].by }

func hasActor(xs []Actor, a Actor) bool {
	for _, x := range xs {
		if x == a {
			return true
		}
	}
	return false
}

func hasStatus(xs []Status, s Status) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
