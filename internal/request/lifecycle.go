package request

import "fmt"

// Status is where a request stands in its lifecycle (DESIGN.md, "A police
// request, end to end"). The main path is
//
//	received → checked → verified → client_consulted → extract_drafted →
//	client_consented → lead_approved → sent → closed
//
// with side exits: awaiting_clarification (non-compliant; a corrected
// request is checked again), fraud_suspected (stop), refused and withdrawn.
// A court process (compulsory) skips the client's consent, not the lead's
// approval: checked → verified → extract_drafted → lead_approved → sent.
type Status string

// The statuses.
const (
	StatusReceived              Status = "received"
	StatusChecked               Status = "checked"
	StatusAwaitingClarification Status = "awaiting_clarification"
	StatusVerified              Status = "verified"
	StatusClientConsulted       Status = "client_consulted"
	StatusExtractDrafted        Status = "extract_drafted"
	StatusClientConsented       Status = "client_consented"
	StatusLeadApproved          Status = "lead_approved"
	StatusSent                  Status = "sent"
	StatusClosed                Status = "closed"
	StatusFraudSuspected        Status = "fraud_suspected"
	StatusRefused               Status = "refused"
	StatusWithdrawn             Status = "withdrawn"
	// StatusRecordedInError is a request entered by mistake: kept in the
	// audit log, gone from lists and from the client's portal.
	StatusRecordedInError Status = "recorded_in_error"
)

// Statuses lists every status with a label for the dashboard, main path
// first.
func Statuses() []Option {
	return []Option{
		{string(StatusReceived), "Received"},
		{string(StatusChecked), "Checked"},
		{string(StatusAwaitingClarification), "Awaiting clarification from the police"},
		{string(StatusVerified), "Requester verified"},
		{string(StatusClientConsulted), "Client consulted"},
		{string(StatusExtractDrafted), "Extract drafted"},
		{string(StatusClientConsented), "Client consented to the extract"},
		{string(StatusLeadApproved), "Approved by the safeguarding lead"},
		{string(StatusSent), "Sent"},
		{string(StatusClosed), "Closed"},
		{string(StatusFraudSuspected), "Suspected fraud: stopped"},
		{string(StatusRefused), "Refused"},
		{string(StatusWithdrawn), "Withdrawn by the police"},
		{string(StatusRecordedInError), "Recorded in error"},
	}
}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	for _, o := range Statuses() {
		if o.Value == string(s) {
			return true
		}
	}
	return false
}

// Terminal reports whether nothing can follow s.
func (s Status) Terminal() bool { return s == StatusClosed || s == StatusRecordedInError }

// Open reports whether the request is still open, which is until it is
// closed (or found to have been recorded in error): notes under an open
// request must be preserved, and its client cannot be shredded. A sent,
// refused or withdrawn request stays open until the lead closes it, so
// that nothing is deleted while a reply may come.
func (s Status) Open() bool { return s.Valid() && !s.Terminal() }

// Live reports whether work on the request is still under way: open, and
// not yet sent, refused, withdrawn or stopped as suspected fraud. A lead may
// read the client's notes only for a live request.
func (s Status) Live() bool {
	switch s {
	case StatusSent, StatusRefused, StatusWithdrawn, StatusFraudSuspected:
		return false
	}
	return s.Open()
}

// OpenStatuses lists the statuses for which Open is true, for queries.
func OpenStatuses() []string { return statusesWhere(Status.Open) }

// LiveStatuses lists the statuses for which Live is true, for queries.
func LiveStatuses() []string { return statusesWhere(Status.Live) }

func statusesWhere(f func(Status) bool) []string {
	var out []string
	for _, o := range Statuses() {
		if f(Status(o.Value)) {
			out = append(out, o.Value)
		}
	}
	return out
}

// nextOnPath lists the statuses each status may move to along the
// lifecycle. Consent-related steps are filtered out for a compulsory request
// by CanTransition.
func nextOnPath(from Status) []Status {
	switch from {
	case StatusReceived:
		return []Status{StatusChecked, StatusWithdrawn}
	case StatusChecked:
		return []Status{StatusVerified, StatusAwaitingClarification, StatusFraudSuspected, StatusRefused, StatusWithdrawn}
	case StatusAwaitingClarification:
		// A corrected request is checked again; or the police give up.
		return []Status{StatusChecked, StatusRefused, StatusWithdrawn}
	case StatusVerified:
		// Verification may itself fail: that is suspected fraud.
		return []Status{StatusClientConsulted, StatusExtractDrafted, StatusFraudSuspected, StatusRefused, StatusWithdrawn}
	// A request can turn out to be a fraud at any moment before anything
	// is sent.
	case StatusClientConsulted:
		return []Status{StatusExtractDrafted, StatusFraudSuspected, StatusRefused, StatusWithdrawn}
	case StatusExtractDrafted:
		return []Status{StatusClientConsented, StatusLeadApproved, StatusFraudSuspected, StatusRefused, StatusWithdrawn}
	case StatusClientConsented:
		// Any change to the extract voids the consent: back to a draft.
		return []Status{StatusLeadApproved, StatusExtractDrafted, StatusFraudSuspected, StatusRefused, StatusWithdrawn}
	case StatusLeadApproved:
		// The client may withdraw consent until the moment it is sent.
		return []Status{StatusSent, StatusExtractDrafted, StatusFraudSuspected, StatusRefused, StatusWithdrawn}
	case StatusSent:
		return []Status{StatusClosed}
	case StatusFraudSuspected, StatusRefused, StatusWithdrawn:
		return []Status{StatusClosed, StatusRecordedInError}
	}
	return nil
}

// next lists where a status may go, recorded_in_error included: any
// request not yet sent or ended may turn out to have been entered by
// mistake.
func next(from Status) []Status {
	n := nextOnPath(from)
	switch from {
	case "", StatusSent, StatusClosed, StatusRecordedInError, StatusFraudSuspected, StatusRefused, StatusWithdrawn:
		return n
	}
	if !from.Valid() {
		return nil
	}
	return append(n, StatusRecordedInError)
}

// CanTransition reports whether a request may move from one status to
// another. For a compulsory request (a witness summons or court order) the
// client's consent is not the gate, so the consent steps do not exist and
// the extract goes from draft straight to the lead; the provider cannot
// simply refuse a court, though the process may be withdrawn or set aside.
// For any other request the extract can reach the lead only through the
// client's consent.
func CanTransition(from, to Status, compulsory bool) bool {
	allowed := false
	for _, s := range next(from) {
		if s == to {
			allowed = true
			break
		}
	}
	if !allowed {
		return false
	}
	if compulsory {
		// These states do not exist on the compulsory path: neither into
		// them nor out of them.
		for _, s := range []Status{from, to} {
			switch s {
			case StatusClientConsulted, StatusClientConsented, StatusRefused, StatusAwaitingClarification:
				return false
			}
		}
		return true
	}
	switch {
	case from == StatusVerified && to == StatusExtractDrafted:
		return false // the client is consulted first
	case from == StatusExtractDrafted && to == StatusLeadApproved:
		return false // the client consents to the exact extract first
	}
	return true
}

// NextStatuses lists where a request may go from a status, for the
// dashboard's buttons.
func NextStatuses(from Status, compulsory bool) []Status {
	var out []Status
	for _, s := range next(from) {
		if CanTransition(from, s, compulsory) {
			out = append(out, s)
		}
	}
	return out
}

// TransitionError is a move the lifecycle does not allow.
type TransitionError struct {
	From, To   Status
	Compulsory bool
}

func (e *TransitionError) Error() string {
	path := "request"
	if e.Compulsory {
		path = "court process"
	}
	return fmt.Sprintf("a %s cannot move from %q to %q", path, e.From, e.To)
}

// Transition returns nil if the move is allowed and a *TransitionError
// otherwise; a store writes a new status only after it returns nil.
func Transition(from, to Status, compulsory bool) error {
	if !CanTransition(from, to, compulsory) {
		return &TransitionError{From: from, To: to, Compulsory: compulsory}
	}
	return nil
}

// StatusAfterCheck is where a received request goes once checked: a
// suspected fraud stops; a non-compliant request waits for clarification;
// anything else is checked and goes on to verification. Every path passes
// through StatusChecked first (received → checked → ...).
func StatusAfterCheck(v Verdict) Status {
	switch {
	case v.SuspectedFraud:
		return StatusFraudSuspected
	case v.Outcome == NonCompliant:
		return StatusAwaitingClarification
	}
	return StatusChecked
}

// IsCompulsory reports whether a kind of request is a court process.
func (k Kind) IsCompulsory() bool { return k == KindWitnessSummons || k == KindCourtOrder }
