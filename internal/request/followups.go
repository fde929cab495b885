package request

import "slices"

// FollowUp is something a lead must chase on a request, known from its
// status and its finding codes alone (the leads' dashboard lists them
// without decrypting a record). internal/words says each in words.
type FollowUp string

// The follow-ups, in the order the dashboard lists them.
const (
	// FollowUpClarification: the police were asked to clarify.
	FollowUpClarification FollowUp = "clarification_awaited"
	// FollowUpConfirmNotice: notice to the client was to follow.
	FollowUpConfirmNotice FollowUp = "confirm_notice"
	// FollowUpReverifyAuthorisation: the authorisation is old.
	FollowUpReverifyAuthorisation FollowUp = "reverify_authorisation"
	// FollowUpVerifyRequester: nobody has called the force back yet.
	FollowUpVerifyRequester FollowUp = "verify_requester"
)

// FollowUps lists every follow-up, in the dashboard's order.
func FollowUps() []FollowUp {
	return []FollowUp{FollowUpClarification, FollowUpConfirmNotice, FollowUpReverifyAuthorisation, FollowUpVerifyRequester}
}

// DueFollowUps is what a lead must chase on a request at status s whose
// check found codes, in the dashboard's order; nil when nothing is due.
func DueFollowUps(s Status, codes []Code) []FollowUp {
	var out []FollowUp
	if s == StatusAwaitingClarification {
		out = append(out, FollowUpClarification)
	}
	if slices.Contains(codes, CodeNoticeToFollow) {
		out = append(out, FollowUpConfirmNotice)
	}
	if slices.Contains(codes, CodeAuthorisationStale) {
		out = append(out, FollowUpReverifyAuthorisation)
	}
	if s == StatusChecked {
		out = append(out, FollowUpVerifyRequester)
	}
	return out
}
