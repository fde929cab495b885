// Package stats computes the figures a provider needs to monitor how the
// police follow the Victim Information Request Code (issue 9): requests by
// force, kind and verdict, the commonest defects, suspected frauds,
// outcomes, response times and whether clients were consulted before any
// disclosure.
//
// Every figure derives from the request rows and their status transitions,
// as the store holds them; nothing is kept twice. Compute is a pure
// function over plain values, so the monitoring page, the CSV and the PDF
// return all show the same numbers, and each definition is tested as data
// (docs/monitoring.md states them in words).
//
// The inputs hold no personal data: ids, kinds, forces, verdicts, finding
// codes, dates and statuses. The exports hold less still: counts, codes,
// forces and months, with small numbers suppressed (export.go).
package stats

import (
	"sort"
	"strings"
	"time"

	"confidant/internal/request"
)

// Request is what the figures need of one stored request.
type Request struct {
	ID             string
	Kind           string
	Force          string
	Verdict        string
	SuspectedFraud bool
	Codes          []request.Code
	ReceivedOn     string // YYYY-MM-DD
}

// Transition is one stored status change.
type Transition struct {
	RequestID string
	At        int64 // Unix seconds
	From, To  string
}

// DefaultThreshold is the smallest count an export shows as a number.
const DefaultThreshold = 5

// DefaultTopFindings is how many findings the report ranks.
const DefaultTopFindings = 10

// Input is everything Compute reads.
type Input struct {
	Requests    []Request
	Transitions []Transition
	Period      Period
	// Location is where calendar days are counted (the provider's time
	// zone); nil means UTC.
	Location *time.Location
	// Threshold is the small-number threshold for exports; 0 means
	// DefaultThreshold.
	Threshold int
	// TopFindings caps the findings ranked; 0 means DefaultTopFindings.
	TopFindings int
}

// Count is one row of a breakdown: a stable key, its label and how many
// requests fall in it.
type Count struct {
	Key, Label string
	N          int
}

// FindingCount is how many requests had a finding.
type FindingCount struct {
	Code, Law, Severity string
	N                   int
}

// URL is the finding's provision on legislation.gov.uk, where it is a
// statute.
func (f FindingCount) URL() string { return request.Code(f.Code).URL() }

// Timing is a distribution of whole days. Median is the middle value (the
// mean of the two middle values for an even count); P90 is the nearest-rank
// 90th percentile: the smallest value that at least 90% of the requests did
// not exceed.
type Timing struct {
	N      int
	Median float64
	P90    int
}

// Consultation checks the promise that no disclosure is made without the
// client being consulted first. Disclosed counts requests that reached
// sent on the consent path (not a court process); NotConsulted counts those
// among them that reached sent without passing client_consulted first
// (the lifecycle forbids it, so this should be 0). Compulsory counts
// disclosures under a court process, where consent is not the gate.
type Consultation struct {
	Disclosed    int
	NotConsulted int
	Compulsory   int
}

// Consulted is how many consent-path disclosures followed a consultation.
func (c Consultation) Consulted() int { return c.Disclosed - c.NotConsulted }

// Report is the monitoring figures for a period.
type Report struct {
	Period    Period
	Threshold int
	// Total is every request received in the period.
	Total     int
	ByForce   []Count // most requests first
	ByKind    []Count // in the form's order
	ByVerdict []Count // compliant, needs verification, not compliant, court process
	ByMonth   []Count // each month of the period, in order
	Outcomes  []Count // see outcome keys below
	// NonCompliant and NeedsVerification repeat two verdict counts, for
	// the shares.
	NonCompliant, NeedsVerification int
	// SuspectedFraud counts requests the checker flagged as suspected
	// fraud (a lookalike sender domain).
	SuspectedFraud  int
	Findings        []FindingCount // commonest first
	Acknowledgement Timing
	Decision        Timing
	Consultation    Consultation
}

// Share is n as a fraction of the requests received (0 when none were).
func (r Report) Share(n int) float64 {
	if r.Total == 0 {
		return 0
	}
	return float64(n) / float64(r.Total)
}

// Outcome keys, in the order reports list them.
const (
	OutcomeDisclosed         = "disclosed"
	OutcomeRefusedByClient   = "refused_by_client"
	OutcomeRefusedByProvider = "refused_by_provider"
	OutcomeStoppedFraud      = "stopped_fraud"
	OutcomeWithdrawn         = "withdrawn"
	OutcomeOpen              = "open"
)

var outcomeLabels = [][2]string{
	{OutcomeDisclosed, "Disclosed in full or in part"},
	{OutcomeRefusedByClient, "Refused by the client"},
	{OutcomeRefusedByProvider, "Refused by the provider"},
	{OutcomeStoppedFraud, "Stopped as suspected fraud"},
	{OutcomeWithdrawn, "Withdrawn"},
	{OutcomeOpen, "Still open"},
}

var kindLabels = [][2]string{
	{string(request.KindVictimInformationRequest), "Victim information request"},
	{string(request.KindWitnessSummons), "Witness summons"},
	{string(request.KindCourtOrder), "Court order"},
	{string(request.KindOther), "Other"},
	{kindNotStated, "Kind not stated"},
}

const kindNotStated = "not_stated"

var verdictLabels = [][2]string{
	{string(request.Compliant), "Compliant"},
	{string(request.NeedsVerification), "Needs verification"},
	{string(request.NonCompliant), "Not compliant"},
	{string(request.Compulsory), "Court process (compulsory)"},
	{verdictNotRecorded, "Verdict not recorded"},
}

const verdictNotRecorded = "not_recorded"

// Compute works out the report. Requests received outside the period, or
// whose date of receipt cannot be read, are not counted; transitions of
// requests not in the input, and transitions after the period, are
// ignored.
func Compute(in Input) Report {
	loc := in.Location
	if loc == nil {
		loc = time.UTC
	}
	rep := Report{Period: in.Period, Threshold: in.Threshold}
	if rep.Threshold <= 0 {
		rep.Threshold = DefaultThreshold
	}
	top := in.TopFindings
	if top <= 0 {
		top = DefaultTopFindings
	}
	cutoff := in.Period.To.Add(1).start(loc).Unix()
	from, to := in.Period.From.String(), in.Period.To.String()

	// The requests in the period, and an index from id to position.
	reqs := make([]Request, 0, len(in.Requests))
	days := make([]int, 0, len(in.Requests))
	for _, r := range in.Requests {
		d, ok := civilDay(r.ReceivedOn)
		if !ok || r.ReceivedOn[:7] < from || r.ReceivedOn[:7] > to {
			continue
		}
		reqs = append(reqs, r)
		days = append(days, d)
	}
	rep.Total = len(reqs)
	pos := make(map[string]int, len(reqs))
	for i, r := range reqs {
		pos[r.ID] = i
	}
	trans := groupTransitions(in.Transitions, pos, len(reqs), cutoff)

	kinds := countsOf(kindLabels)
	verdicts := countsOf(verdictLabels)
	outcomes := countsOf(outcomeLabels)
	months := map[string]int{}
	forces := newForceTally()
	findings := map[request.Code]int{}
	var ack, dec []int
	for i, r := range reqs {
		kinds.add(kindKey(r.Kind))
		verdicts.add(verdictKey(r.Verdict))
		months[r.ReceivedOn[:7]]++
		forces.add(r.Force)
		if r.SuspectedFraud {
			rep.SuspectedFraud++
		}
		countFindings(findings, r.Codes)

		compulsory := request.Kind(r.Kind).IsCompulsory()
		p := follow(trans[i], loc, days[i], compulsory)
		outcomes.add(p.outcome)
		if p.ackDays >= 0 {
			ack = append(ack, p.ackDays)
		}
		if p.decisionDays >= 0 {
			dec = append(dec, p.decisionDays)
		}
		if p.outcome == OutcomeDisclosed {
			switch {
			case compulsory:
				rep.Consultation.Compulsory++
			case !p.consultedFirst:
				rep.Consultation.Disclosed++
				rep.Consultation.NotConsulted++
			default:
				rep.Consultation.Disclosed++
			}
		}
	}
	rep.ByKind = kinds.rows(kindNotStated)
	rep.ByVerdict = verdicts.rows(verdictNotRecorded)
	rep.Outcomes = outcomes.rows("")
	rep.NonCompliant = verdicts.n[string(request.NonCompliant)]
	rep.NeedsVerification = verdicts.n[string(request.NeedsVerification)]
	for _, m := range in.Period.Months() {
		rep.ByMonth = append(rep.ByMonth, Count{Key: m.String(), Label: m.Label(), N: months[m.String()]})
	}
	rep.ByForce = forces.rows()
	rep.Findings = rankFindings(findings, top)
	rep.Acknowledgement = timing(ack)
	rep.Decision = timing(dec)
	return rep
}

// civilDay reads YYYY-MM-DD as a day number (days since 1970-01-01).
func civilDay(s string) (int, bool) {
	if len(s) != 10 {
		return 0, false
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, false
	}
	return int(t.Unix() / 86400), true
}

// dayOf is the calendar day of an instant in loc, as a day number.
func dayOf(at int64, loc *time.Location) int {
	y, m, d := time.Unix(at, 0).In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// groupTransitions buckets the transitions by request, each bucket in time
// order (input order among equal times, as the store lists them by rowid),
// dropping those at or after the cutoff and those of other requests.
func groupTransitions(ts []Transition, pos map[string]int, n int, cutoff int64) [][]Transition {
	idx := make([]int32, len(ts))
	counts := make([]int, n+1)
	for i, t := range ts {
		p, ok := pos[t.RequestID]
		if !ok || t.At >= cutoff {
			idx[i] = -1
			continue
		}
		idx[i] = int32(p)
		counts[p+1]++
	}
	for i := 1; i <= n; i++ {
		counts[i] += counts[i-1]
	}
	flat := make([]Transition, counts[n])
	fill := append([]int(nil), counts[:n]...)
	for i, t := range ts {
		if p := idx[i]; p >= 0 {
			flat[fill[p]] = t
			fill[p]++
		}
	}
	out := make([][]Transition, n)
	for i := range out {
		b := flat[counts[i]:counts[i+1]:counts[i+1]]
		if !sort.SliceIsSorted(b, func(x, y int) bool { return b[x].At < b[y].At }) {
			sort.SliceStable(b, func(x, y int) bool { return b[x].At < b[y].At })
		}
		out[i] = b
	}
	return out
}

// tally counts keys with fixed labels; a fallback key (kind not stated,
// verdict not recorded) is listed only when something fell in it.
type tally struct {
	labels [][2]string
	n      map[string]int
}

func countsOf(labels [][2]string) *tally {
	return &tally{labels: labels, n: make(map[string]int, len(labels))}
}

func (t *tally) add(key string) { t.n[key]++ }

func (t *tally) rows(fallback string) []Count {
	out := make([]Count, 0, len(t.labels))
	for _, l := range t.labels {
		if l[0] == fallback && t.n[l[0]] == 0 {
			continue
		}
		out = append(out, Count{Key: l[0], Label: l[1], N: t.n[l[0]]})
	}
	return out
}

func kindKey(k string) string {
	if k == "" {
		return kindNotStated
	}
	for _, l := range kindLabels {
		if l[0] == k {
			return k
		}
	}
	return string(request.KindOther)
}

func verdictKey(v string) string {
	for _, l := range verdictLabels {
		if l[0] == v {
			return v
		}
	}
	return verdictNotRecorded
}

// countFindings counts each defect or verify finding once per request.
// Codes outside the stable vocabulary are ignored, so nothing but a known
// code can reach a report; info findings (a court process, an acting rank)
// are not failings and are not ranked.
func countFindings(into map[request.Code]int, codes []request.Code) {
	for i, c := range codes {
		code := request.Code(strings.TrimSpace(string(c)))
		if s := code.Severity(); s != request.SeverityDefect && s != request.SeverityVerify {
			continue
		}
		dup := false
		for _, prev := range codes[:i] {
			dup = dup || request.Code(strings.TrimSpace(string(prev))) == code
		}
		if !dup {
			into[code]++
		}
	}
}

func rankFindings(n map[request.Code]int, top int) []FindingCount {
	var out []FindingCount
	for _, c := range request.Codes() {
		if n[c] > 0 {
			out = append(out, FindingCount{Code: string(c), Law: c.Law(), Severity: string(c.Severity()), N: n[c]})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].N > out[j].N })
	if len(out) > top {
		out = out[:top]
	}
	return out
}

// timing summarises whole days.
func timing(days []int) Timing {
	t := Timing{N: len(days)}
	if t.N == 0 {
		return t
	}
	sort.Ints(days)
	if t.N%2 == 1 {
		t.Median = float64(days[t.N/2])
	} else {
		t.Median = float64(days[t.N/2-1]+days[t.N/2]) / 2
	}
	rank := (9*t.N + 9) / 10 // ceil(0.9 n)
	t.P90 = days[rank-1]
	return t
}
