package stats

import (
	"confidant/internal/words"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strings"
)

// A return (the CSV and the PDF) shows a report with small numbers
// suppressed, so that no client can be picked out of it:
//
//   - a count of 1 up to Threshold-1 shows as "fewer than 5" (for the
//     default threshold); 0 shows as 0, since nobody can be identified from
//     an absence, and a zero is often the figure that matters;
//   - where the rows of a table add up to a total that is shown, and just
//     one of them is suppressed, the next smallest is withheld too, so the
//     small one cannot be worked out by subtraction;
//   - a share (percentage) is shown only beside a count that is shown;
//   - a median or 90th percentile is shown only when it rests on at least
//     Threshold requests.
//
// Suppression works table by table. Figures in different tables can
// overlap (a court order is both a kind and, usually, a compulsory
// verdict), so a determined reader may narrow a suppressed cell by
// comparing tables; raise the threshold where that matters.

// Cell texts for suppressed values.
const (
	Withheld = "withheld"
)

// FewerThan is the text for a suppressed small count.
func FewerThan(threshold int) string { return fmt.Sprintf("fewer than %d", threshold) }

// Section is one table of a return.
type Section struct {
	Key, Title string
	Note       string
	// Provision says whether rows carry a provision (the findings).
	Provision bool
	Rows      []Row
}

// Row is one line of a section, every value already suppressed as needed.
type Row struct {
	Item      string
	Provision string
	URL       string // the provision on legislation.gov.uk, where it is a statute
	Value     string
	Share     string // "" when not applicable or not shown
}

// Sections lays the report out as the tables of a return, with small
// numbers suppressed. The order is the order of the CSV and the PDF.
func (r Report) Sections() []Section {
	t := r.Threshold
	if t <= 0 {
		t = DefaultThreshold
	}
	totalShown := r.Total == 0 || r.Total >= t
	out := []Section{{
		Key: "summary", Title: "Summary",
		Rows: []Row{
			{Item: "Requests received", Value: cell(r.Total, t)},
			{Item: "Suspected fraud (lookalike sender)", Value: cell(r.SuspectedFraud, t), Share: r.shareText(r.SuspectedFraud, t)},
		},
	}}
	out = append(out, r.additive("kind", "Requests by kind", "", r.ByKind, totalShown, true))
	verdicts := r.additive("verdict", "Requests by verdict of the compliance check", "The share of requests that were not compliant, or needed verification, is beside each verdict.", r.ByVerdict, totalShown, true)
	out = append(out, verdicts)
	out = append(out, r.additive("outcome", "Outcomes", "As the requests stood at the end of the period.", r.Outcomes, totalShown, true))

	timingRows := func(label string, tm Timing) []Row {
		med, p90 := Withheld, Withheld
		if tm.N >= t {
			med, p90 = formatDays(tm.Median), fmt.Sprint(tm.P90)
		}
		return []Row{
			{Item: label + ": requests measured", Value: cell(tm.N, t)},
			{Item: label + ": median", Value: med},
			{Item: label + ": 90th percentile", Value: p90},
		}
	}
	out = append(out, Section{Key: "time", Title: "Days from receipt",
		Note: "Calendar days from the day a request was received. A median or percentile is shown only when it rests on enough requests.",
		Rows: append(timingRows("To acknowledgement", r.Acknowledgement), timingRows("To decision", r.Decision)...)})

	c := r.Consultation
	disclosed := c.Disclosed + c.Compulsory
	cons := suppress(disclosed, []int{c.Disclosed, c.Compulsory}, t)
	out = append(out, Section{Key: "consultation", Title: "Clients consulted before any disclosure",
		Note: "Outside court processes every disclosure should follow a consultation with the client.",
		Rows: []Row{
			{Item: "Disclosed with consent (not a court process)", Value: cons[0]},
			{Item: "of which without consulting the client first", Value: cell(c.NotConsulted, t)},
			{Item: "Disclosed under a court process", Value: cons[1]},
		}})

	findings := Section{Key: "finding", Title: "Commonest findings", Provision: true,
		Note: "Requests with each defect or point to verify; a request may have several."}
	for _, f := range r.Findings {
		findings.Rows = append(findings.Rows, Row{Item: words.Finding(f.Code), Provision: f.Law, URL: f.URL(), Value: cell(f.N, t), Share: r.shareText(f.N, t)})
	}
	out = append(out, findings)
	out = append(out, r.additive("force", "Requests by force", "", r.ByForce, totalShown, false))
	out = append(out, r.additive("month", "Requests by month received", "", r.ByMonth, totalShown, false))
	return out
}

// additive builds a table whose rows add up to the total.
func (r Report) additive(key, title, note string, rows []Count, totalShown, shares bool) Section {
	t := r.Threshold
	ns := make([]int, len(rows))
	for i, c := range rows {
		ns[i] = c.N
	}
	total := r.Total
	if !totalShown {
		total = -1
	}
	vals := suppress(total, ns, t)
	s := Section{Key: key, Title: title, Note: note}
	for i, c := range rows {
		row := Row{Item: c.Label, Value: vals[i]}
		if shares && vals[i] == fmt.Sprint(c.N) {
			row.Share = r.shareText(c.N, t)
		}
		s.Rows = append(s.Rows, row)
	}
	return s
}

// cell is a count as a return shows it.
func cell(n, t int) string {
	if n > 0 && n < t {
		return FewerThan(t)
	}
	return fmt.Sprint(n)
}

// suppress renders the cells of a table that adds up to total (total < 0:
// the total is itself suppressed). When exactly one cell is suppressed and
// the total is shown, the smallest other non-zero cell is withheld too.
func suppress(total int, ns []int, t int) []string {
	out := make([]string, len(ns))
	small := 0
	for i, n := range ns {
		out[i] = cell(n, t)
		if n > 0 && n < t {
			small++
		}
	}
	if small == 1 && total >= t {
		best := -1
		for i, n := range ns {
			if n >= t && (best < 0 || n < ns[best]) {
				best = i
			}
		}
		if best >= 0 {
			out[best] = Withheld
		}
	}
	return out
}

func (r Report) shareText(n, t int) string {
	if n > 0 && n < t || r.Total == 0 || r.Total < t {
		return ""
	}
	return Percent(r.Share(n))
}

// Percent writes a share as a whole percentage, rounding half up.
func Percent(f float64) string {
	return fmt.Sprintf("%d%%", int(math.Floor(f*100+0.5)))
}

func formatDays(d float64) string {
	if d == math.Trunc(d) {
		return fmt.Sprint(int(d))
	}
	return fmt.Sprintf("%.1f", d)
}

// CSV writes the return as CSV: a heading block, then one line per figure
// with the columns section, item, provision, value, share.
func (r Report) CSV(w io.Writer, provider string) error {
	cw := csv.NewWriter(w)
	t := r.Threshold
	if t <= 0 {
		t = DefaultThreshold
	}
	head := [][]string{
		{"section", "item", "provision", "value", "share"},
		{"return", "Monitoring of the Victim Information Request Code", "", "", ""},
		{"return", "Provider", "", provider, ""},
		{"return", "Period", "", r.Period.Label(), ""},
		{"return", "From month", "", r.Period.From.String(), ""},
		{"return", "To month", "", r.Period.To.String(), ""},
		{"return", "Small numbers", "", fmt.Sprintf("counts from 1 to %d are shown as %q; %q marks a count held back so that a small one cannot be worked out from the total", t-1, FewerThan(t), Withheld), ""},
	}
	for _, rec := range head {
		if err := cw.Write(safeCSV(rec)); err != nil {
			return err
		}
	}
	for _, s := range r.Sections() {
		for _, row := range s.Rows {
			if err := cw.Write(safeCSV([]string{s.Key, row.Item, row.Provision, row.Value, row.Share})); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// safeCSV keeps a spreadsheet from reading a cell as a formula.
func safeCSV(rec []string) []string {
	out := make([]string, len(rec))
	for i, v := range rec {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			v = "'" + v
		}
		out[i] = v
	}
	return out
}
