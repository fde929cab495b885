package stats

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"confidant/internal/request"
)

// The tests build requests with a small vocabulary: a request received on a
// day, and its path through the lifecycle as "status@day" steps (days
// after receipt, at noon UTC).

const (
	vir     = "victim_information_request"
	summons = "witness_summons"
	order   = "court_order"
)

var march = Period{From: Month{2026, time.March}, To: Month{2026, time.March}}

func at(day string, plus int) int64 {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		panic(err)
	}
	return t.AddDate(0, 0, plus).Add(12 * time.Hour).Unix()
}

// path makes the transitions of one request from "status@days" steps; the
// first step comes from "" (received), each next from the one before.
func path(id, received string, steps ...string) []Transition {
	var out []Transition
	from := ""
	for _, s := range steps {
		st, d, _ := strings.Cut(s, "@")
		n := 0
		fmt.Sscan(d, &n)
		out = append(out, Transition{RequestID: id, At: at(received, n), From: from, To: st})
		from = st
	}
	return out
}

// recorded is how the store records any request: received, then checked,
// on the day it is entered (day 0 here).
var recorded = []string{"received@0", "checked@0"}

func steps(more ...string) []string { return append(append([]string(nil), recorded...), more...) }

func one(kind string, st []string) Input {
	r := Request{ID: "r1", Kind: kind, Force: "Kent Police", Verdict: "compliant", ReceivedOn: "2026-03-02"}
	return Input{Requests: []Request{r}, Transitions: path("r1", r.ReceivedOn, st...), Period: march}
}

func outcomeOf(rep Report) string {
	for _, c := range rep.Outcomes {
		if c.N == 1 {
			return c.Key
		}
	}
	return "none"
}

func TestOutcomeOfEachPath(t *testing.T) {
	cases := []struct {
		name  string
		kind  string
		steps []string
		want  string
	}{
		{"no transitions yet", vir, nil, OutcomeOpen},
		{"recorded and checked", vir, steps(), OutcomeOpen},
		{"awaiting clarification", vir, steps("awaiting_clarification@0"), OutcomeOpen},
		{"sent on the consent path", vir, steps("verified@2", "client_consulted@4", "extract_drafted@6", "client_consented@8", "lead_approved@9", "sent@10"), OutcomeDisclosed},
		{"sent then closed", vir, steps("verified@2", "client_consulted@4", "extract_drafted@6", "client_consented@8", "lead_approved@9", "sent@10", "closed@30"), OutcomeDisclosed},
		{"court order sent", order, steps("verified@1", "extract_drafted@3", "lead_approved@4", "sent@5"), OutcomeDisclosed},
		{"client says no after consultation", vir, steps("verified@2", "client_consulted@4", "refused@5"), OutcomeRefusedByClient},
		{"client refuses the draft extract", vir, steps("verified@2", "client_consulted@4", "extract_drafted@6", "refused@7"), OutcomeRefusedByClient},
		{"client withdraws consent after approval", vir, steps("verified@2", "client_consulted@4", "extract_drafted@6", "client_consented@8", "lead_approved@9", "refused@9"), OutcomeRefusedByClient},
		{"client refusal then closed", vir, steps("verified@2", "client_consulted@4", "refused@5", "closed@6"), OutcomeRefusedByClient},
		{"lead declines to approve", vir, steps("verified@2", "client_consulted@4", "extract_drafted@6", "client_consented@8", "refused@9"), OutcomeRefusedByProvider},
		{"provider refuses on the paper", vir, steps("refused@1"), OutcomeRefusedByProvider},
		{"provider refuses after verifying", vir, steps("verified@2", "refused@3"), OutcomeRefusedByProvider},
		{"police never clarify, provider refuses", vir, steps("awaiting_clarification@0", "refused@20"), OutcomeRefusedByProvider},
		{"suspected fraud at recording", vir, steps("fraud_suspected@0"), OutcomeStoppedFraud},
		{"verification failed", vir, steps("verified@1", "fraud_suspected@2", "closed@3"), OutcomeStoppedFraud},
		{"police withdraw", vir, steps("awaiting_clarification@0", "withdrawn@10"), OutcomeWithdrawn},
		{"summons set aside", summons, steps("verified@1", "withdrawn@20"), OutcomeWithdrawn},
		{"clarified and re-checked, still open", vir, steps("awaiting_clarification@0", "checked@9", "verified@10"), OutcomeOpen},
		{"extract redrafted after consent voided", vir, steps("verified@2", "client_consulted@4", "extract_drafted@6", "client_consented@8", "extract_drafted@9"), OutcomeOpen},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := outcomeOf(Compute(one(c.kind, c.steps))); got != c.want {
				t.Fatalf("outcome = %s, want %s", got, c.want)
			}
		})
	}
}

func TestOutcomeIsReadAtTheEndOfThePeriod(t *testing.T) {
	// Sent in April: in a March return the request was still open.
	in := one(vir, steps("verified@2", "client_consulted@4", "extract_drafted@6", "client_consented@8", "lead_approved@9", "sent@40"))
	if got := outcomeOf(Compute(in)); got != OutcomeOpen {
		t.Fatalf("outcome = %s, want open at the end of March", got)
	}
	in.Period.To = Month{2026, time.April}
	if got := outcomeOf(Compute(in)); got != OutcomeDisclosed {
		t.Fatalf("outcome = %s, want disclosed by the end of April", got)
	}
}

func TestDaysToAcknowledgementAndDecision(t *testing.T) {
	cases := []struct {
		name     string
		kind     string
		steps    []string
		ack, dec int // -1: none
	}{
		{"only recorded", vir, steps(), -1, -1},
		{"the automatic awaiting clarification is no acknowledgement", vir, []string{"received@3", "checked@3", "awaiting_clarification@3"}, -1, -1},
		{"verified on day 2, approved on day 9", vir, steps("verified@2", "client_consulted@4", "extract_drafted@6", "client_consented@8", "lead_approved@9", "sent@10"), 2, 9},
		{"refused on the paper on day 5", vir, steps("refused@5"), 5, 5},
		{"fraud stop at recording", vir, steps("fraud_suspected@0"), 0, 0},
		{"police withdraw after clarification", vir, steps("awaiting_clarification@1", "withdrawn@12"), 12, 12},
		{"clarified, re-checked, verified, refused by client", vir, steps("awaiting_clarification@0", "checked@8", "verified@9", "client_consulted@11", "refused@14"), 9, 14},
		{"court order approved on day 4", order, steps("verified@1", "extract_drafted@3", "lead_approved@4", "sent@5"), 1, 4},
		{"decision after the period is not counted", vir, steps("verified@2", "refused@45"), 2, -1},
		{"a transition dated before receipt counts as day 0", vir, []string{"received@-2", "checked@-2", "verified@-1"}, 0, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Compute(one(c.kind, c.steps))
			check := func(what string, tm Timing, want int) {
				if want < 0 {
					if tm.N != 0 {
						t.Errorf("%s measured %+v, want none", what, tm)
					}
					return
				}
				if tm.N != 1 || tm.Median != float64(want) || tm.P90 != want {
					t.Errorf("%s = %+v, want %d days", what, tm, want)
				}
			}
			check("acknowledgement", rep.Acknowledgement, c.ack)
			check("decision", rep.Decision, c.dec)
		})
	}
}

func TestDaysAreCountedInTheProvidersTimeZone(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone data")
	}
	// 23:30 UTC on 1 June is 00:30 on 2 June in London (summer time).
	r := Request{ID: "r1", Kind: vir, Verdict: "compliant", ReceivedOn: "2026-06-01"}
	ts := []Transition{
		{RequestID: "r1", At: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC).Unix(), From: "", To: "received"},
		{RequestID: "r1", At: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC).Unix(), From: "received", To: "checked"},
		{RequestID: "r1", At: time.Date(2026, 6, 1, 23, 30, 0, 0, time.UTC).Unix(), From: "checked", To: "refused"},
	}
	june := Period{From: Month{2026, time.June}, To: Month{2026, time.June}}
	if got := Compute(Input{Requests: []Request{r}, Transitions: ts, Period: june}).Decision.Median; got != 0 {
		t.Errorf("UTC: %v days, want 0", got)
	}
	if got := Compute(Input{Requests: []Request{r}, Transitions: ts, Period: june, Location: london}).Decision.Median; got != 1 {
		t.Errorf("London: %v days, want 1", got)
	}
}

func TestTransitionsOutOfOrderAreReadInTimeOrder(t *testing.T) {
	in := one(vir, steps("verified@2", "client_consulted@4", "refused@5"))
	ts := in.Transitions
	in.Transitions = []Transition{ts[4], ts[2], ts[0], ts[3], ts[1]}
	rep := Compute(in)
	if got := outcomeOf(rep); got != OutcomeRefusedByClient {
		t.Fatalf("outcome = %s", got)
	}
	if rep.Acknowledgement.Median != 2 || rep.Decision.Median != 5 {
		t.Fatalf("ack %v, decision %v", rep.Acknowledgement, rep.Decision)
	}
}

func TestTimingMedianAndNinetiethPercentile(t *testing.T) {
	cases := []struct {
		days   []int
		median float64
		p90    int
	}{
		{nil, 0, 0},
		{[]int{4}, 4, 4},
		{[]int{1, 3}, 2, 3},
		{[]int{5, 1, 3}, 3, 5},
		{[]int{1, 2, 3, 4}, 2.5, 4},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10},
		{[]int{0, 0, 0, 0, 0, 0, 0, 0, 0, 30}, 0, 0},
		{[]int{0, 0, 0, 0, 0, 0, 0, 0, 30, 30}, 0, 30},
	}
	for _, c := range cases {
		got := timing(append([]int(nil), c.days...))
		if got.N != len(c.days) || got.Median != c.median || got.P90 != c.p90 {
			t.Errorf("timing(%v) = %+v, want median %v p90 %d", c.days, got, c.median, c.p90)
		}
	}
}

func TestConsultationBeforeDisclosure(t *testing.T) {
	consentPath := steps("verified@2", "client_consulted@4", "extract_drafted@6", "client_consented@8", "lead_approved@9", "sent@10")
	cases := []struct {
		name  string
		kind  string
		steps []string
		want  Consultation
	}{
		{"consulted, then sent", vir, consentPath, Consultation{Disclosed: 1}},
		{"sent with no consultation on record", vir, steps("verified@2", "extract_drafted@6", "client_consented@8", "lead_approved@9", "sent@10"), Consultation{Disclosed: 1, NotConsulted: 1}},
		{"consulted only after sending", vir, steps("verified@2", "extract_drafted@6", "lead_approved@9", "sent@10", "client_consulted@11"), Consultation{Disclosed: 1, NotConsulted: 1}},
		{"court order: not the consent path", order, steps("verified@1", "extract_drafted@3", "lead_approved@4", "sent@5"), Consultation{Compulsory: 1}},
		{"witness summons", summons, steps("verified@1", "extract_drafted@3", "lead_approved@4", "sent@5"), Consultation{Compulsory: 1}},
		{"refused: no disclosure", vir, steps("verified@2", "client_consulted@4", "refused@5"), Consultation{}},
		{"other kind is on the consent path", "other", consentPath, Consultation{Disclosed: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Compute(one(c.kind, c.steps)).Consultation; got != c.want {
				t.Fatalf("consultation = %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestCountsByKindVerdictMonthAndShares(t *testing.T) {
	in := Input{Period: Period{From: Month{2026, time.January}, To: Month{2026, time.March}}}
	add := func(id, kind, verdict, received string, fraud bool) {
		in.Requests = append(in.Requests, Request{ID: id, Kind: kind, Verdict: verdict, ReceivedOn: received, SuspectedFraud: fraud, Force: "Kent Police"})
	}
	add("a", vir, "compliant", "2026-01-05", false)
	add("b", vir, "non_compliant", "2026-01-31", false)
	add("c", vir, "non_compliant", "2026-02-01", true)
	add("d", vir, "needs_verification", "2026-03-31", false)
	add("e", order, "compulsory", "2026-03-15", false)
	add("f", summons, "compulsory", "2026-03-16", false)
	add("g", "", "non_compliant", "2026-03-16", false)
	add("h", "leaflet", "", "2026-03-17", false)
	add("before", vir, "compliant", "2025-12-31", false)
	add("after", vir, "compliant", "2026-04-01", false)
	add("bad date", vir, "compliant", "2026-3-1", false)
	add("no date", vir, "compliant", "", false)
	rep := Compute(in)
	if rep.Total != 8 {
		t.Fatalf("total = %d, want 8 (only requests received in the period)", rep.Total)
	}
	kinds := map[string]int{}
	for _, c := range rep.ByKind {
		kinds[c.Key] = c.N
	}
	if want := map[string]int{vir: 4, summons: 1, order: 1, "other": 1, "not_stated": 1}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("by kind = %v, want %v", kinds, want)
	}
	verdicts := map[string]int{}
	for _, c := range rep.ByVerdict {
		verdicts[c.Key] = c.N
	}
	if want := map[string]int{"compliant": 1, "non_compliant": 3, "needs_verification": 1, "compulsory": 2, "not_recorded": 1}; !reflect.DeepEqual(verdicts, want) {
		t.Errorf("by verdict = %v, want %v", verdicts, want)
	}
	if rep.NonCompliant != 3 || rep.NeedsVerification != 1 || rep.Share(rep.NonCompliant) != 3.0/8 {
		t.Errorf("non-compliant %d, needs verification %d, share %v", rep.NonCompliant, rep.NeedsVerification, rep.Share(rep.NonCompliant))
	}
	if rep.SuspectedFraud != 1 {
		t.Errorf("suspected fraud = %d, want 1", rep.SuspectedFraud)
	}
	var months []string
	for _, c := range rep.ByMonth {
		months = append(months, fmt.Sprintf("%s=%d", c.Key, c.N))
	}
	if got := strings.Join(months, " "); got != "2026-01=2 2026-02=1 2026-03=5" {
		t.Errorf("by month = %s", got)
	}
}

func TestFixedRowsAreListedEvenWhenEmpty(t *testing.T) {
	rep := Compute(Input{Period: march})
	if len(rep.ByKind) != 4 || len(rep.ByVerdict) != 4 || len(rep.Outcomes) != 6 || len(rep.ByMonth) != 1 {
		t.Fatalf("kinds %d, verdicts %d, outcomes %d, months %d", len(rep.ByKind), len(rep.ByVerdict), len(rep.Outcomes), len(rep.ByMonth))
	}
	if rep.Total != 0 || rep.Share(0) != 0 || len(rep.ByForce) != 0 || len(rep.Findings) != 0 {
		t.Fatalf("empty report not empty: %+v", rep)
	}
}

func TestForcesAreGroupedIgnoringCaseAndSpacing(t *testing.T) {
	in := Input{Period: march}
	for i, f := range []string{"Kent Police", "kent  police", " Kent Police ", "Essex Police", "", "dc.smith@kent.police.uk", "Essex Police"} {
		in.Requests = append(in.Requests, Request{ID: fmt.Sprint(i), Kind: vir, Force: f, ReceivedOn: "2026-03-02"})
	}
	var got []string
	for _, c := range Compute(in).ByForce {
		got = append(got, fmt.Sprintf("%s=%d", c.Label, c.N))
	}
	want := "Kent Police=3 Essex Police=2 Force name not shown=1 Force not stated=1"
	if strings.Join(got, " ") != want {
		t.Fatalf("by force = %v, want %s", got, want)
	}
}

func TestForceLabel(t *testing.T) {
	cases := map[string]string{
		"Kent Police":                        "Kent Police",
		"  Devon  and Cornwall Police ":      "Devon and Cornwall Police",
		"Avon & Somerset Constabulary":       "Avon & Somerset Constabulary",
		"Metropolitan Police Service (Met)":  "Metropolitan Police Service (Met)",
		"Police Service of Northern Ireland": "Police Service of Northern Ireland",
		"":                                   ForceNotStated,
		"dc.ann.lee@xforce.police.uk":        ForceNotShown,
		"Op 1234":                            ForceNotShown,
		"=HYPERLINK(\"x\")":                  ForceNotShown,
		"-Kent":                              ForceNotShown,
		strings.Repeat("Long ", 20):          ForceNotShown,
	}
	for in, want := range cases {
		if got := ForceLabel(in); got != want {
			t.Errorf("ForceLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindingsAreRankedOncePerRequestWithTheirProvision(t *testing.T) {
	in := Input{Period: march, TopFindings: 3}
	for i, codes := range [][]request.Code{
		{"topic_missing", "authoriser_rank_too_low", "topic_missing"},
		{"authoriser_rank_too_low", "court_process"},
		{"authoriser_rank_too_low", "notice_to_follow", "made_up_code", "Ann Lee"},
		{"topic_missing", "notice_to_follow"},
		{"sender_domain_not_allowed"},
		{"authoriser_acting_rank", "client_contact_suppressed"},
	} {
		in.Requests = append(in.Requests, Request{ID: fmt.Sprint(i), Kind: vir, ReceivedOn: "2026-03-02", Codes: codes})
	}
	got := Compute(in).Findings
	want := []FindingCount{
		{Code: "authoriser_rank_too_low", Law: "Code of Practice: authorisation at chief inspector rank or above", Severity: "defect", N: 3},
		// Ties keep the order of FINDINGS.md.
		{Code: "topic_missing", Law: "PCSC Act 2022 s.44A(3)(c)", Severity: "defect", N: 2},
		{Code: "notice_to_follow", Law: "PCSC Act 2022 s.44B(3)", Severity: "verify", N: 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("findings =\n%+v\nwant\n%+v", got, want)
	}
}

func TestTransitionsOfOtherRequestsAreIgnored(t *testing.T) {
	in := one(vir, steps())
	in.Transitions = append(in.Transitions, path("elsewhere", "2026-03-02", "received@0", "checked@0", "refused@1")...)
	rep := Compute(in)
	if outcomeOf(rep) != OutcomeOpen || rep.Decision.N != 0 {
		t.Fatalf("a transition of another request was counted: %+v", rep)
	}
}

func TestPeriodMonths(t *testing.T) {
	p := LastTwelveMonths(time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC))
	if p.From != (Month{2025, time.April}) || p.To != (Month{2026, time.March}) || p.Len() != 12 || len(p.Months()) != 12 {
		t.Fatalf("last twelve months = %+v (%d)", p, p.Len())
	}
	if p.Label() != "April 2025 to March 2026" {
		t.Errorf("label = %q", p.Label())
	}
	if m, err := ParseMonth("2026-03"); err != nil || m != (Month{2026, time.March}) {
		t.Errorf("ParseMonth = %v, %v", m, err)
	}
	for _, bad := range []string{"2026-3", "2026-13", "March", "", "2026-03-01"} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
	if (Period{From: Month{2026, time.May}, To: Month{2026, time.March}}).Len() != 0 {
		t.Error("a back-to-front period has months")
	}
	if got := (Month{2025, time.December}).Add(1); got != (Month{2026, time.January}) {
		t.Errorf("December + 1 = %v", got)
	}
}
