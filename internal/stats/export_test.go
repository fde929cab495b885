package stats

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"confidant/internal/pdftest"
	"confidant/internal/words"
)

func TestSmallCountsShowAsFewerThanTheThreshold(t *testing.T) {
	cases := []struct {
		n, threshold int
		want         string
	}{
		{0, 5, "0"}, {1, 5, "fewer than 5"}, {4, 5, "fewer than 5"}, {5, 5, "5"}, {120, 5, "120"},
		{9, 10, "fewer than 10"}, {10, 10, "10"},
	}
	for _, c := range cases {
		if got := cell(c.n, c.threshold); got != c.want {
			t.Errorf("cell(%d, %d) = %q, want %q", c.n, c.threshold, got, c.want)
		}
	}
}

func TestALoneSmallCellTakesAnotherWithItSoTheTotalCannotGiveItAway(t *testing.T) {
	f := "fewer than 5"
	cases := []struct {
		name  string
		total int
		ns    []int
		want  []string
	}{
		{"nothing small", 20, []int{12, 8, 0}, []string{"12", "8", "0"}},
		{"one small: the next smallest is withheld", 20, []int{10, 7, 3, 0}, []string{"10", Withheld, f, "0"}},
		{"two small: neither can be worked out", 20, []int{15, 3, 2}, []string{"15", f, f}},
		{"one small but no other to hide", 3, []int{3, 0}, []string{f, "0"}},
		{"total itself suppressed", -1, []int{3, 1}, []string{f, f}},
	}
	for _, c := range cases {
		if got := suppress(c.total, c.ns, 5); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: suppress = %q, want %q", c.name, got, c.want)
		}
	}
}

// sample is a report with some small and some large figures.
func sample() Report {
	return Report{
		Period: Period{From: Month{2025, time.April}, To: Month{2026, time.March}}, Threshold: 5, Total: 40,
		ByKind:            []Count{{"victim_information_request", "Victim information request", 33}, {"witness_summons", "Witness summons", 3}, {"court_order", "Court order", 4}, {"other", "Other", 0}},
		ByVerdict:         []Count{{"compliant", "Compliant", 10}, {"needs_verification", "Needs verification", 9}, {"non_compliant", "Not compliant", 14}, {"compulsory", "Court process (compulsory)", 7}},
		Outcomes:          []Count{{OutcomeDisclosed, "Disclosed in full or in part", 9}, {OutcomeRefusedByClient, "Refused by the client", 6}, {OutcomeRefusedByProvider, "Refused by the provider", 11}, {OutcomeStoppedFraud, "Stopped as suspected fraud", 2}, {OutcomeWithdrawn, "Withdrawn", 5}, {OutcomeOpen, "Still open", 7}},
		NonCompliant:      14,
		NeedsVerification: 9,
		SuspectedFraud:    2,
		ByForce:           []Count{{"kent police", "Kent Police", 30}, {"essex police", "Essex Police", 8}, {"sussex police", "Sussex Police", 2}},
		ByMonth:           []Count{{"2025-04", "April 2025", 40}},
		Findings:          []FindingCount{{"authoriser_rank_too_low", "Code of Practice: authorisation at chief inspector rank or above", "defect", 8}, {"topic_missing", "PCSC Act 2022 s.44A(3)(c)", "defect", 3}},
		Acknowledgement:   Timing{N: 33, Median: 2, P90: 6},
		Decision:          Timing{N: 3, Median: 12, P90: 30},
		Consultation:      Consultation{Disclosed: 6, NotConsulted: 0, Compulsory: 3},
	}
}

func rows(r Report) map[string]Row {
	out := map[string]Row{}
	for _, s := range r.Sections() {
		for _, row := range s.Rows {
			out[s.Key+"/"+row.Item] = row
		}
	}
	return out
}

func TestReturnSectionsSuppressCountsSharesAndThinTimings(t *testing.T) {
	got := rows(sample())
	f := "fewer than 5"
	want := map[string][2]string{
		"summary/Requests received":                  {"40", ""},
		"summary/Suspected fraud (lookalike sender)": {f, ""},
		"kind/Victim information request":            {"33", "83%"},
		"kind/Witness summons":                       {f, ""},
		"kind/Court order":                           {f, ""},
		"kind/Other":                                 {"0", "0%"},
		"verdict/Not compliant":                      {"14", "35%"},
		"verdict/Needs verification":                 {"9", "23%"},
		"outcome/Stopped as suspected fraud":         {f, ""},
		// The only small outcome takes the next smallest with it.
		"outcome/Withdrawn":                                         {Withheld, ""},
		"outcome/Refused by the client":                             {"6", "15%"},
		"force/Sussex Police":                                       {f, ""},
		"force/Essex Police":                                        {Withheld, ""},
		"force/Kent Police":                                         {"30", ""},
		"finding/No incident or issue named":                        {f, ""},
		"finding/Authorised below Chief Inspector rank":             {"8", "20%"},
		"time/To acknowledgement: median":                           {"2", ""},
		"time/To acknowledgement: 90th percentile":                  {"6", ""},
		"time/To decision: requests measured":                       {f, ""},
		"time/To decision: median":                                  {Withheld, ""},
		"time/To decision: 90th percentile":                         {Withheld, ""},
		"consultation/of which without consulting the client first": {"0", ""},
		"consultation/Disclosed under a court process":              {f, ""},
		"consultation/Disclosed with consent (not a court process)": {Withheld, ""},
	}
	for k, w := range want {
		row, ok := got[k]
		if !ok {
			t.Errorf("no row %s", k)
			continue
		}
		if row.Value != w[0] || row.Share != w[1] {
			t.Errorf("%s = %q (%q), want %q (%q)", k, row.Value, row.Share, w[0], w[1])
		}
	}
	if got["finding/Authorised below Chief Inspector rank"].Provision == "" {
		t.Error("a finding lacks its provision")
	}
}

func TestSmallTotalSuppressesEveryShare(t *testing.T) {
	r := Compute(Input{Period: march, Requests: []Request{{ID: "a", Kind: vir, Verdict: "compliant", ReceivedOn: "2026-03-01", Force: "Kent Police"}}})
	for k, row := range rows(r) {
		if row.Share != "" {
			t.Errorf("%s shows a share %q of a total under the threshold", k, row.Share)
		}
		if row.Value == "1" {
			t.Errorf("%s shows a count of 1", k)
		}
	}
}

func TestCSVHoldsEveryFigureAndNoFormula(t *testing.T) {
	r := sample()
	r.ByForce = append(r.ByForce, Count{"x", "=cmd|' /C calc'!A0", 6})
	var buf bytes.Buffer
	if err := r.CSV(&buf, "Example Service"); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(recs[0], []string{"section", "item", "provision", "value", "share"}) {
		t.Fatalf("header = %v", recs[0])
	}
	var all []string
	for _, rec := range recs {
		if len(rec) != 5 {
			t.Fatalf("record with %d fields: %v", len(rec), rec)
		}
		for _, v := range rec {
			if v != "" && strings.ContainsRune("=+-@", rune(v[0])) {
				t.Errorf("cell %q could run as a formula", v)
			}
		}
		all = append(all, strings.Join(rec, "|"))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		"return|Period||April 2025 to March 2026|",
		"return|From month||2025-04|",
		"kind|Victim information request||33|83%",
		"finding|Authorised below Chief Inspector rank|Code of Practice: authorisation at chief inspector rank or above|8|20%",
		"outcome|Stopped as suspected fraud||fewer than 5|",
		"month|April 2025||40|",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("CSV lacks %q:\n%s", want, text)
		}
	}
}

// bigReport is the largest return a provider could produce: 24 months,
// fifty forces and every finding.
func bigReport() Report {
	r := sample()
	r.Period = Period{From: Month{2024, time.April}, To: Month{2026, time.March}}
	r.ByForce, r.ByMonth, r.Findings = nil, nil, nil
	for i := 0; i < 50; i++ {
		r.ByForce = append(r.ByForce, Count{fmt.Sprint(i), fmt.Sprintf("Devon and Cornwall Police Number %c%c", 'A'+i/26, 'A'+i%26), 50 - i})
	}
	for _, m := range r.Period.Months() {
		r.ByMonth = append(r.ByMonth, Count{m.String(), m.Label(), 3})
	}
	for i := 0; i < DefaultTopFindings; i++ {
		r.Findings = append(r.Findings, FindingCount{"necessity_proportionality_missing", "Code of Practice: authorisation at chief inspector rank or above", "defect", 20 - i})
	}
	return r
}

func TestPDFReturnIsOnePageEvenAtItsLargest(t *testing.T) {
	for name, r := range map[string]Report{"sample": sample(), "largest": bigReport(), "empty": Compute(Input{Period: march})} {
		var buf bytes.Buffer
		if err := r.PDF(&buf, "Example Service", time.Date(2026, 3, 14, 15, 4, 5, 0, time.UTC)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		pdf := buf.Bytes()
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("%s: not a PDF", name)
		}
		if n := bytes.Count(pdf, []byte("/Type /Page\n")) + bytes.Count(pdf, []byte("/Type /Page ")); n != 1 {
			t.Errorf("%s: %d pages", name, n)
		}
		if bytes.Contains(pdf, []byte("20260314")) || !bytes.Contains(pdf, []byte("D:20260301000000")) {
			t.Errorf("%s: the PDF's dates are not rounded to the month", name)
		}
	}
}

func TestPDFReturnWithMoreForcesThanFitListsTheLargestAndPointsToTheCSV(t *testing.T) {
	r := bigReport()
	r.ByForce = nil
	for i := 0; i < 500; i++ {
		r.ByForce = append(r.ByForce, Count{fmt.Sprint(i), fmt.Sprintf("Force %03d", i), 600 - i})
	}
	var buf bytes.Buffer
	if err := r.PDF(&buf, "Example Service", time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(buf.Bytes(), []byte("/Type /Page\n")); n != 1 {
		t.Fatalf("%d pages", n)
	}
	text := pdftest.Words(t, buf.Bytes())
	if !strings.Contains(text, "the CSV lists all 500") || !strings.Contains(text, "Force 000") || strings.Contains(text, "Force 499") {
		t.Fatalf("the PDF does not list the largest forces and point to the CSV:\n%s", text)
	}
}

func TestPDFReturnReadsAsText(t *testing.T) {
	var buf bytes.Buffer
	if err := sample().PDF(&buf, "Example Service", time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out := pdftest.Text(t, buf.Bytes(), "-layout")
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Monitoring the Victim Information Request Code", "Example Service", "April 2025 to March 2026", "Kent Police", "Authorised below Chief Inspector rank", "fewer than 5", "Definitions"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, out)
		}
	}
	if codes := words.RawCodes(text); len(codes) > 0 || strings.Contains(text, "FINDINGS.md") {
		t.Errorf("the return shows codes %v or cites FINDINGS.md:\n%s", codes, out)
	}
}

func TestReturnLinksEachStatuteFindingToTheAct(t *testing.T) {
	r := Report{Total: 3, Findings: []FindingCount{
		{Code: "handling_missing", Law: "PCSC Act 2022 s.44C(1)(c)", Severity: "defect", N: 3},
		{Code: "authoriser_rank_too_low", Law: "Code of Practice: authorisation at chief inspector rank or above", Severity: "defect", N: 3},
	}}
	for _, s := range r.Sections() {
		if s.Key != "finding" {
			continue
		}
		if len(s.Rows) != 2 {
			t.Fatalf("%d finding rows", len(s.Rows))
		}
		if s.Rows[0].URL != "https://www.legislation.gov.uk/ukpga/2022/32/section/44C" {
			t.Errorf("statute finding links to %q", s.Rows[0].URL)
		}
		if s.Rows[1].URL != "" {
			t.Errorf("a Code of Practice finding links to %q", s.Rows[1].URL)
		}
		return
	}
	t.Fatal("no findings section")
}
