package request_test

import (
	"fmt"

	"confidant/internal/request"
)

// A request whose authoriser is only an Inspector is non-compliant; the
// finding cites the Code of Practice, and the follow-up says what to do.
func ExampleCheck() {
	rec, err := request.ParseRecord([]byte(`{
		"kind": "victim_information_request",
		"received_on": "2026-03-10",
		"channel": "email",
		"sender_email": "dc.ann.lee@xforce.police.uk",
		"requester": {"name": "Ann Lee", "rank": "DC", "email": "dc.ann.lee@xforce.police.uk"},
		"authoriser": {"name": "Raj Patel", "rank": "Det Insp", "email": "raj.patel@xforce.police.uk", "authorised_on": "2026-03-09"},
		"request_date": "2026-03-10",
		"information_sought": "Notes of sessions in January 2025 recording the client's account of the incident on 2024-12-20",
		"period": {"from": "2025-01-01", "to": "2025-01-31"},
		"topic": "the client's account of the incident on 2024-12-20",
		"reason": "The client says she described the incident to her counsellor.",
		"reasonable_line_of_enquiry": "The timing of the incident is disputed.",
		"necessity_and_proportionality": "No other early account exists.",
		"substantial_probative_value": "An early account goes to the central issue.",
		"handling": "Secure case file; investigation team and CPS only; CPIA disclosure rules.",
		"victim": {"age": 34},
		"notice": {"status": "given", "given_on": "2026-03-08", "to": "victim"},
		"legal_basis_cited": "PCSC Act 2022 s.44A"
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	v := request.Check(rec, request.DefaultPolicy())
	fmt.Println(v.Outcome)
	for _, f := range v.Findings {
		fmt.Printf("%s (%s): %s\n", f.Code, f.Severity, f.Law)
	}
	fmt.Println(request.StatusAfterCheck(v))
	// Output:
	// non_compliant
	// authoriser_rank_too_low (defect): Code of Practice: authorisation at chief inspector rank or above
	// awaiting_clarification
}

// ParseRecord's errors are one line, naming the field.
func ExampleParseRecord() {
	_, err := request.ParseRecord([]byte(`{"kind": "victim_information_request", "received_on": "2026-02-30"}`))
	fmt.Println(err)
	_, err = request.ParseRecord([]byte(`{"kind": "victim_information_request", "urgency": "high"}`))
	fmt.Println(err)
	// Output:
	// received_on: "2026-02-30" is not a real date
	// unknown field "urgency": not a field of a request record
}
