package request

// Code names one kind of finding. Codes are a stable vocabulary shared with
// the letters and the dashboard (FINDINGS.md): add new ones, never rename.
type Code string

// Severity says what a finding does to the verdict.
type Severity string

// The severities, from most to least serious.
const (
	// SeverityDefect makes a victim information request non-compliant.
	SeverityDefect Severity = "defect"
	// SeverityVerify needs a person to check something before going on.
	SeverityVerify Severity = "verify"
	// SeverityInfo never changes the verdict.
	SeverityInfo Severity = "info"
)

// The finding codes of FINDINGS.md.
const (
	CodeNotVictimInformationRequest     Code = "not_victim_information_request"
	CodeRequesterNotAuthorisedPerson    Code = "requester_not_authorised_person"
	CodeNotInWriting                    Code = "not_in_writing"
	CodeInformationSoughtMissing        Code = "information_sought_missing"
	CodeReasonMissing                   Code = "reason_missing"
	CodeLineOfEnquiryMissing            Code = "line_of_enquiry_missing"
	CodeNecessityProportionalityMissing Code = "necessity_proportionality_missing"
	CodeProbativeValueMissing           Code = "probative_value_missing"
	CodeHandlingMissing                 Code = "handling_missing"
	CodeWhySoughtOmittedOnGround        Code = "why_sought_omitted_on_ground"
	CodeHandlingOmittedOnGround         Code = "handling_omitted_on_ground"
	CodeRequestTooBroad                 Code = "request_too_broad"
	CodePeriodMissing                   Code = "period_missing"
	CodeTopicMissing                    Code = "topic_missing"
	CodePeriodMultiYearWithoutIssue     Code = "period_multi_year_without_issue"
	CodeNoticeMissing                   Code = "notice_missing"
	CodeNoticeToFollow                  Code = "notice_to_follow"
	CodeNoticeWithheldWithoutGround     Code = "notice_withheld_without_ground"
	CodeNoticeWithheld                  Code = "notice_withheld"
	CodeClientContactSuppressed         Code = "client_contact_suppressed"
	CodeNoticeToWrongRecipient          Code = "notice_to_wrong_recipient"
	CodeNoticeToOtherAdult              Code = "notice_to_other_adult"
	CodeNoticeRecipientIsSuspect        Code = "notice_recipient_is_suspect"
	CodeAuthoriserMissing               Code = "authoriser_missing"
	CodeAuthoriserRankTooLow            Code = "authoriser_rank_too_low"
	CodeAuthoriserRankUnclear           Code = "authoriser_rank_unclear"
	CodeAuthoriserActingRank            Code = "authoriser_acting_rank"
	CodeAuthoriserIsRequester           Code = "authoriser_is_requester"
	CodeAuthorisationAfterRequest       Code = "authorisation_after_request"
	CodeAuthorisationDateMissing        Code = "authorisation_date_missing"
	CodeAuthorisationStale              Code = "authorisation_stale"
	CodeSenderDomainLookalike           Code = "sender_domain_lookalike"
	CodeSenderDomainNotAllowed          Code = "sender_domain_not_allowed"
	CodeCourtProcess                    Code = "court_process"
	CodeDPACitedAsObligation            Code = "dpa_cited_as_obligation"
)

// The provisions findings rest on, written exactly as FINDINGS.md's law
// column so that letters and dashboards can quote them.
const (
	lawS44E            = "PCSC Act 2022 s.44E"
	lawS44C            = "PCSC Act 2022 s.44C"
	lawS44C2a          = "PCSC Act 2022 s.44C(2)(a)"
	lawS44C2b          = "PCSC Act 2022 s.44C(2)(b)"
	lawS44C2c          = "PCSC Act 2022 s.44C(2)(c)"
	lawS44A3a          = "PCSC Act 2022 s.44A(3)(a)"
	lawS44A3b          = "PCSC Act 2022 s.44A(3)(b)"
	lawS44A3c          = "PCSC Act 2022 s.44A(3)(c)"
	lawS44A4           = "PCSC Act 2022 s.44A(4)"
	lawS44B            = "PCSC Act 2022 s.44B"
	lawS44B5           = "PCSC Act 2022 s.44B(5)"
	lawCoPRank         = "Code of Practice: authorisation at chief inspector rank or above"
	lawCoPNotRequester = "Code of Practice: authoriser is not the requesting officer"
	lawPolicyDates     = "Confidant policy: authorisation dates"
	lawPolicyDomain    = "Confidant policy: sender domain"
	lawCourt           = "Criminal Procedure (Attendance of Witnesses) Act 1965 s.2"
	lawDPA             = "DPA 2018 Sch.2 para 2"
)

// Codes lists every finding code, in the order of FINDINGS.md.
func Codes() []Code {
	return []Code{
		CodeNotVictimInformationRequest, CodeRequesterNotAuthorisedPerson, CodeNotInWriting,
		CodeInformationSoughtMissing, CodeReasonMissing, CodeLineOfEnquiryMissing,
		CodeNecessityProportionalityMissing, CodeProbativeValueMissing, CodeHandlingMissing,
		CodeWhySoughtOmittedOnGround, CodeHandlingOmittedOnGround, CodeRequestTooBroad,
		CodePeriodMissing, CodeTopicMissing, CodePeriodMultiYearWithoutIssue,
		CodeNoticeMissing, CodeNoticeToFollow, CodeNoticeWithheldWithoutGround, CodeNoticeWithheld,
		CodeClientContactSuppressed, CodeNoticeToWrongRecipient, CodeNoticeToOtherAdult,
		CodeNoticeRecipientIsSuspect, CodeAuthoriserMissing, CodeAuthoriserRankTooLow,
		CodeAuthoriserRankUnclear, CodeAuthoriserActingRank, CodeAuthoriserIsRequester,
		CodeAuthorisationAfterRequest, CodeAuthorisationDateMissing, CodeAuthorisationStale,
		CodeSenderDomainLookalike, CodeSenderDomainNotAllowed, CodeCourtProcess,
		CodeDPACitedAsObligation,
	}
}

// Severity is the code's fixed severity; empty for an unknown code.
func (c Code) Severity() Severity {
	s, _ := c.info()
	return s
}

// Law is the provision the code rests on; empty for an unknown code.
func (c Code) Law() string {
	_, l := c.info()
	return l
}

// info is the single table of FINDINGS.md's severity and law columns. A
// switch rather than a package-level map keeps the table immutable.
func (c Code) info() (Severity, string) {
	switch c {
	case CodeNotVictimInformationRequest, CodeRequesterNotAuthorisedPerson:
		return SeverityDefect, lawS44E
	case CodeNotInWriting:
		return SeverityDefect, lawS44C
	case CodeInformationSoughtMissing:
		return SeverityDefect, lawS44C2a
	case CodeReasonMissing:
		return SeverityDefect, lawS44A3a
	case CodeLineOfEnquiryMissing:
		return SeverityDefect, lawS44A3b
	case CodeNecessityProportionalityMissing:
		return SeverityDefect, lawS44A3c
	case CodeProbativeValueMissing:
		return SeverityDefect, lawS44A4
	case CodeHandlingMissing:
		return SeverityDefect, lawS44C2c
	case CodeWhySoughtOmittedOnGround:
		return SeverityVerify, lawS44C2b
	case CodeHandlingOmittedOnGround:
		return SeverityVerify, lawS44C2c
	case CodeRequestTooBroad, CodePeriodMissing, CodeTopicMissing, CodePeriodMultiYearWithoutIssue:
		return SeverityDefect, lawS44A3c
	case CodeNoticeMissing, CodeNoticeToWrongRecipient:
		return SeverityDefect, lawS44B
	case CodeNoticeToFollow, CodeNoticeToOtherAdult, CodeNoticeRecipientIsSuspect:
		return SeverityVerify, lawS44B
	case CodeNoticeWithheldWithoutGround:
		return SeverityDefect, lawS44B5
	case CodeNoticeWithheld:
		return SeverityVerify, lawS44B5
	case CodeClientContactSuppressed:
		return SeverityInfo, lawS44B5
	case CodeAuthoriserMissing, CodeAuthoriserRankTooLow:
		return SeverityDefect, lawCoPRank
	case CodeAuthoriserRankUnclear:
		return SeverityVerify, lawCoPRank
	case CodeAuthoriserActingRank:
		return SeverityInfo, lawCoPRank
	case CodeAuthoriserIsRequester:
		return SeverityDefect, lawCoPNotRequester
	case CodeAuthorisationAfterRequest:
		return SeverityDefect, lawPolicyDates
	case CodeAuthorisationDateMissing, CodeAuthorisationStale:
		return SeverityVerify, lawPolicyDates
	case CodeSenderDomainLookalike:
		return SeverityDefect, lawPolicyDomain
	case CodeSenderDomainNotAllowed:
		return SeverityVerify, lawPolicyDomain
	case CodeCourtProcess:
		return SeverityInfo, lawCourt
	case CodeDPACitedAsObligation:
		return SeverityDefect, lawDPA
	}
	return "", ""
}
