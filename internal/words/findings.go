package words

// Finding is a finding code's headline: what is wrong or to check, in a
// few words a lead can scan (the checker's message says the rest).
func Finding(code string) string { return findingTitles.of(code) }

// findingTitles cover every code of FINDINGS.md.
var findingTitles = lookup{
	"not_victim_information_request":    "Not a victim information request",
	"requester_not_authorised_person":   "Sent by a body that may not make these requests",
	"not_in_writing":                    "Not made in writing",
	"information_sought_missing":        "Does not say what information is sought",
	"reason_missing":                    "Does not say why the information is sought",
	"line_of_enquiry_missing":           "No reasonable line of enquiry stated",
	"necessity_proportionality_missing": "Necessity and proportionality not explained",
	"probative_value_missing":           "Substantial probative value not explained",
	"handling_missing":                  "Does not say how the information will be handled",
	"why_sought_omitted_on_ground":      "Reasons left out on a stated ground",
	"handling_omitted_on_ground":        "Handling left out on a stated ground",
	"request_too_broad":                 "Asks for too much",
	"period_missing":                    "No usable date range",
	"topic_missing":                     "No incident or issue named",
	"period_multi_year_without_issue":   "Several years asked for with no issue named",
	"notice_missing":                    "The victim was not given notice",
	"notice_status_not_stated":          "Does not say whether the victim was given notice",
	"notice_to_follow":                  "Notice to the victim still to follow",
	"notice_withheld_without_ground":    "Notice withheld, ground not named",
	"notice_withheld":                   "Notice withheld on a stated ground",
	"client_contact_suppressed":         "Do not tell the client on our own initiative",
	"notice_to_wrong_recipient":         "Notice went to the wrong person",
	"notice_to_other_adult":             "Notice went to another adult",
	"notice_recipient_is_suspect":       "Notice went to a suspect",
	"authoriser_missing":                "No authorising officer named",
	"authoriser_rank_too_low":           "Authorised below Chief Inspector rank",
	"authoriser_rank_unclear":           "The authorising officer's rank is unclear",
	"authoriser_acting_rank":            "Authorised at an acting rank",
	"authoriser_is_requester":           "The requesting officer authorised their own request",
	"authorisation_after_request":       "Authorised after the request was made",
	"authorisation_date_missing":        "No date of authorisation",
	"authorisation_stale":               "The authorisation is old",
	"sender_domain_lookalike":           "Sent from an address imitating a police one",
	"sender_domain_not_allowed":         "Sent from an address outside the police domains",
	"court_process":                     "A court process",
	"dpa_cited_as_obligation":           "Treats the Data Protection Act as compelling disclosure",
	"compulsion_claimed":                "Claims that disclosure is compulsory",
}

// FindingCodes lists every finding code that has words (in no order).
func FindingCodes() []string {
	out := make([]string, 0, len(findingTitles))
	for k := range findingTitles {
		out = append(out, k)
	}
	return out
}
