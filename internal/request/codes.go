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
	CodeNoticeStatusNotStated           Code = "notice_status_not_stated"
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
	CodeCompulsionClaimed               Code = "compulsion_claimed"
)

// The provisions findings rest on, written exactly as FINDINGS.md's law
// column so that letters and dashboards can quote them. A provision of a
// statute is cited by subsection; its link (see Code.URL) is to the section,
// the finest unit legislation.gov.uk gives a stable address to.
const (
	lawS44A1             = "PCSC Act 2022 s.44A(1)"
	lawS44A2             = "PCSC Act 2022 s.44A(2)"
	lawS44A3c            = "PCSC Act 2022 s.44A(3)(c)"
	lawS44B1             = "PCSC Act 2022 s.44B(1)"
	lawS44B3             = "PCSC Act 2022 s.44B(3)"
	lawS44B4             = "PCSC Act 2022 s.44B(4)"
	lawS44B4b            = "PCSC Act 2022 s.44B(4)(b)"
	lawS44B5             = "PCSC Act 2022 s.44B(5)"
	lawS44B5c            = "PCSC Act 2022 s.44B(5)(c)"
	lawS44C1             = "PCSC Act 2022 s.44C(1)"
	lawS44C1a            = "PCSC Act 2022 s.44C(1)(a)"
	lawS44C1b            = "PCSC Act 2022 s.44C(1)(b)"
	lawS44C1bA3b         = "PCSC Act 2022 s.44C(1)(b), s.44A(3)(b)"
	lawS44C1bA3c         = "PCSC Act 2022 s.44C(1)(b), s.44A(3)(c)"
	lawS44C1bA4          = "PCSC Act 2022 s.44C(1)(b), s.44A(4)"
	lawS44C1c            = "PCSC Act 2022 s.44C(1)(c)"
	lawS44C2             = "PCSC Act 2022 s.44C(2)"
	lawS44E1F2           = "PCSC Act 2022 s.44E(1), s.44F(2)"
	lawCoPRank           = "Code of Practice: authorisation at chief inspector rank or above"
	lawPolicyIndependent = "Confidant policy: independent authorisation"
	lawPolicyDates       = "Confidant policy: authorisation dates"
	lawPolicyDomain      = "Confidant policy: sender domain"
	lawCourt             = "Criminal Procedure (Attendance of Witnesses) Act 1965 s.2"
	lawDPA               = "DPA 2018 Sch.2 para 2"
)

// The provisions' pages on legislation.gov.uk. The PCSC Act 2022 is
// ukpga/2022/32; ss.44A-44F are inserted by the Victims and Prisoners Act
// 2024 and have their own section pages.
const (
	legislation = "https://www.legislation.gov.uk/"
	urlS44A     = legislation + "ukpga/2022/32/section/44A"
	urlS44B     = legislation + "ukpga/2022/32/section/44B"
	urlS44C     = legislation + "ukpga/2022/32/section/44C"
	urlS44E     = legislation + "ukpga/2022/32/section/44E"
	urlS44F     = legislation + "ukpga/2022/32/section/44F"
	urlCourt    = legislation + "ukpga/1965/69/section/2"
	urlDPA      = legislation + "ukpga/2018/12/schedule/2/paragraph/2"
)

// Codes lists every finding code, in the order of FINDINGS.md.
func Codes() []Code {
	return []Code{
		CodeNotVictimInformationRequest, CodeRequesterNotAuthorisedPerson, CodeNotInWriting,
		CodeInformationSoughtMissing, CodeReasonMissing, CodeLineOfEnquiryMissing,
		CodeNecessityProportionalityMissing, CodeProbativeValueMissing, CodeHandlingMissing,
		CodeWhySoughtOmittedOnGround, CodeHandlingOmittedOnGround, CodeRequestTooBroad,
		CodePeriodMissing, CodeTopicMissing, CodePeriodMultiYearWithoutIssue,
		CodeNoticeMissing, CodeNoticeStatusNotStated, CodeNoticeToFollow,
		CodeNoticeWithheldWithoutGround, CodeNoticeWithheld,
		CodeClientContactSuppressed, CodeNoticeToWrongRecipient, CodeNoticeToOtherAdult,
		CodeNoticeRecipientIsSuspect, CodeAuthoriserMissing, CodeAuthoriserRankTooLow,
		CodeAuthoriserRankUnclear, CodeAuthoriserActingRank, CodeAuthoriserIsRequester,
		CodeAuthorisationAfterRequest, CodeAuthorisationDateMissing, CodeAuthorisationStale,
		CodeSenderDomainLookalike, CodeSenderDomainNotAllowed, CodeCourtProcess,
		CodeDPACitedAsObligation, CodeCompulsionClaimed,
	}
}

// Severity is the code's fixed severity; empty for an unknown code.
func (c Code) Severity() Severity {
	s, _, _ := c.info()
	return s
}

// Law is the provision the code rests on; empty for an unknown code.
func (c Code) Law() string {
	_, l, _ := c.info()
	return l
}

// URL is the page of the code's provision on legislation.gov.uk; empty
// where the law is not a statute (the Code of Practice, Confidant's own
// policy) or the code is unknown. Where the law names two sections, it is
// the first.
func (c Code) URL() string {
	_, _, u := c.info()
	return u
}

// SecondURL is the page of the second section a code's law names, where
// it names two in different sections (s.44E(1), s.44F(2)); empty otherwise.
// The law column's s.44A tests behind s.44C(1)(b) are on the same Act's
// s.44A page, given here too, so that a letter can link both.
func (c Code) SecondURL() string {
	switch c {
	case CodeRequesterNotAuthorisedPerson:
		return urlS44F
	case CodeLineOfEnquiryMissing, CodeNecessityProportionalityMissing, CodeProbativeValueMissing:
		return urlS44A
	}
	return ""
}

// IsPolicy reports whether the code rests on Confidant's own policy or the
// Code of Practice as reported, rather than on the words of a statute.
func (c Code) IsPolicy() bool {
	return c.Severity() != "" && c.URL() == ""
}

// info is the single table of FINDINGS.md's severity and law columns, with
// each statute's link. A switch rather than a package-level map keeps the
// table immutable.
func (c Code) info() (Severity, string, string) {
	switch c {
	case CodeNotVictimInformationRequest:
		return SeverityDefect, lawS44A2, urlS44A
	case CodeRequesterNotAuthorisedPerson:
		return SeverityDefect, lawS44E1F2, urlS44E
	case CodeNotInWriting:
		return SeverityDefect, lawS44C1, urlS44C
	case CodeInformationSoughtMissing:
		return SeverityDefect, lawS44C1a, urlS44C
	case CodeReasonMissing:
		return SeverityDefect, lawS44C1b, urlS44C
	case CodeLineOfEnquiryMissing:
		return SeverityDefect, lawS44C1bA3b, urlS44C
	case CodeNecessityProportionalityMissing:
		return SeverityDefect, lawS44C1bA3c, urlS44C
	case CodeProbativeValueMissing:
		return SeverityDefect, lawS44C1bA4, urlS44C
	case CodeHandlingMissing:
		return SeverityDefect, lawS44C1c, urlS44C
	case CodeWhySoughtOmittedOnGround, CodeHandlingOmittedOnGround:
		return SeverityVerify, lawS44C2, urlS44C
	case CodeRequestTooBroad, CodePeriodMissing, CodeTopicMissing, CodePeriodMultiYearWithoutIssue:
		return SeverityDefect, lawS44A3c, urlS44A
	case CodeNoticeMissing:
		return SeverityDefect, lawS44B1, urlS44B
	case CodeNoticeStatusNotStated:
		return SeverityVerify, lawS44B1, urlS44B
	case CodeNoticeToFollow:
		return SeverityVerify, lawS44B3, urlS44B
	case CodeNoticeWithheldWithoutGround, CodeNoticeWithheld:
		return SeverityVerify, lawS44B5, urlS44B
	case CodeClientContactSuppressed:
		return SeverityInfo, lawS44B5c, urlS44B
	case CodeNoticeToWrongRecipient:
		return SeverityDefect, lawS44B4, urlS44B
	case CodeNoticeToOtherAdult:
		return SeverityVerify, lawS44B4b, urlS44B
	case CodeNoticeRecipientIsSuspect:
		return SeverityVerify, lawS44B4, urlS44B
	case CodeAuthoriserMissing, CodeAuthoriserRankTooLow:
		return SeverityDefect, lawCoPRank, ""
	case CodeAuthoriserRankUnclear:
		return SeverityVerify, lawCoPRank, ""
	case CodeAuthoriserActingRank:
		return SeverityInfo, lawCoPRank, ""
	case CodeAuthoriserIsRequester:
		return SeverityDefect, lawPolicyIndependent, ""
	case CodeAuthorisationAfterRequest:
		return SeverityDefect, lawPolicyDates, ""
	case CodeAuthorisationDateMissing, CodeAuthorisationStale:
		return SeverityVerify, lawPolicyDates, ""
	case CodeSenderDomainLookalike:
		return SeverityDefect, lawPolicyDomain, ""
	case CodeSenderDomainNotAllowed:
		return SeverityVerify, lawPolicyDomain, ""
	case CodeCourtProcess:
		return SeverityInfo, lawCourt, urlCourt
	case CodeDPACitedAsObligation:
		return SeverityDefect, lawDPA, urlDPA
	case CodeCompulsionClaimed:
		return SeverityVerify, lawS44A1, urlS44A
	}
	return "", "", ""
}
