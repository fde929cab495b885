package extract

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"confidant/internal/redact"
	"confidant/internal/request"
)

// This file is the drafting of an extract: what a lead decided for each
// chosen note (which suggested spans stay redacted, which stretches they
// removed by hand and why), how those decisions become the spans that
// redact.Apply takes, and the words that describe the result. It holds no
// state: the application keeps the draft, encrypted, and calls these.

// Candidate is a signed note in a request's period, as the lead chooses the
// extract's notes: the first words of the note, whether it is chosen, and
// once chosen whether the lead has reviewed its redactions, and how many.
type Candidate struct {
	ID, SessionDate, Snippet string
	Chosen, Reviewed         bool
	Redactions               int
}

// NoteDecision is what the lead decided for one chosen note. Drafts are
// stored as JSON, so the field names are part of that record.
type NoteDecision struct {
	Suggested []SpanDecision `json:"suggested"`
	Manual    []ManualSpan   `json:"manual"`
	Reviewed  bool           `json:"reviewed"`
}

// SpanDecision is a suggested span and whether the lead accepted it.
type SpanDecision struct {
	redact.Span
	Accepted bool   `json:"accepted"`
	By       string `json:"by"`
}

// ManualSpan is a span the lead added, with a reason.
type ManualSpan struct {
	redact.Span
	Reason     string `json:"reason"`
	ReasonText string `json:"reason_text,omitempty"`
	By         string `json:"by"`
	At         int64  `json:"at"`
}

// Suggest makes the first decisions for a note: every span redact.Suggest
// finds, all accepted. Redacting is the safe default; the lead un-ticks
// what should stay.
func Suggest(text string, known []string) *NoteDecision {
	d := &NoteDecision{}
	for _, sp := range redact.Suggest(text, known) {
		d.Suggested = append(d.Suggested, SpanDecision{Span: sp, Accepted: true})
	}
	return d
}

// Fits reports whether every span still covers the text it was made for:
// a note edited after the lead reviewed it must be reviewed again.
func (d *NoteDecision) Fits(text string) bool {
	ok := func(s redact.Span) bool {
		return s.Start >= 0 && s.End <= len(text) && s.Start < s.End && text[s.Start:s.End] == s.Text
	}
	for _, s := range d.Suggested {
		if !ok(s.Span) {
			return false
		}
	}
	for _, s := range d.Manual {
		if !ok(s.Span) {
			return false
		}
	}
	return true
}

// Redactions is how many stretches of the note the decisions remove:
// the accepted suggestions and the lead's own.
func (d *NoteDecision) Redactions() int {
	n := len(d.Manual)
	for _, s := range d.Suggested {
		if s.Accepted {
			n++
		}
	}
	return n
}

// FindSpan is the span a lead marks by copying words from a note: the
// occurrence-th appearance (1-based; less than 1 counts as 1) of exact in
// text, of kind other. False when exact is empty or is not in the text that
// many times, and when exact is not whole characters of UTF-8 (a span never
// splits a character).
func FindSpan(text, exact string, occurrence int) (redact.Span, bool) {
	if exact == "" || !utf8.ValidString(exact) {
		return redact.Span{}, false
	}
	start, from := -1, 0
	for range max(occurrence, 1) {
		j := strings.Index(text[from:], exact)
		if j < 0 {
			return redact.Span{}, false
		}
		start = from + j
		from = start + len(exact)
	}
	if !utf8.RuneStart(text[start]) || (from < len(text) && !utf8.RuneStart(text[from])) {
		return redact.Span{}, false
	}
	return redact.Span{Start: start, End: start + len(exact), Kind: redact.KindOther, Text: exact}, true
}

// Segment is a stretch of a note's text for the redaction view: plain, or
// covered by span Index of the note's suggestions (Manual for a lead's own).
type Segment struct {
	Text     string
	Index    int
	Kind     string
	Accepted bool
	Manual   bool
	Marked   bool
}

// Segments splits text into plain and highlighted stretches. Where spans
// overlap, the first (by start) is shown; all are listed beside the text.
func (d *NoteDecision) Segments(text string) []Segment {
	type mark struct {
		start, end, idx int
		kind            string
		accepted, man   bool
	}
	var ms []mark
	for i, s := range d.Suggested {
		ms = append(ms, mark{s.Start, s.End, i, string(s.Kind), s.Accepted, false})
	}
	for i, s := range d.Manual {
		ms = append(ms, mark{s.Start, s.End, i, ReasonLabel(s.Reason), true, true})
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	var out []Segment
	prev := 0
	for _, m := range ms {
		if m.start < prev || m.end > len(text) {
			continue
		}
		if m.start > prev {
			out = append(out, Segment{Text: text[prev:m.start]})
		}
		out = append(out, Segment{Text: text[m.start:m.end], Index: m.idx, Kind: m.kind, Accepted: m.accepted, Manual: m.man, Marked: true})
		prev = m.end
	}
	if prev < len(text) {
		out = append(out, Segment{Text: text[prev:]})
	}
	return out
}

// Spans is every span to remove from the note (accepted suggestions and
// manual spans), overlaps joined, ready for redact.Apply. A manual span is
// marked with the lead's reason, whatever kind it was stored with.
func (d *NoteDecision) Spans(text string) []redact.Span {
	var all []redact.Span
	for _, s := range d.Suggested {
		if s.Accepted {
			all = append(all, s.Span)
		}
	}
	for _, s := range d.Manual {
		sp := s.Span
		sp.Kind, sp.Label = redact.KindOther, reasonMarker(s.Reason)
		all = append(all, sp)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Start < all[j].Start })
	var out []redact.Span
	for _, s := range all {
		if n := len(out); n > 0 && s.Start < out[n-1].End {
			if s.End > out[n-1].End {
				out[n-1].End = s.End
				out[n-1].Text = text[out[n-1].Start:out[n-1].End]
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// Redact is the note's text as the extract carries it: every span the
// decisions remove replaced by its marker.
func (d *NoteDecision) Redact(text string) (redact.Text, error) {
	return redact.Apply(text, d.Spans(text))
}

// ManualReasons are the reasons a lead may give for a span they add by hand.
func ManualReasons() []request.Option {
	return []request.Option{
		{Value: "third_party", Label: "Third party"},
		{Value: "not_relevant", Label: "Not relevant to the stated issue"},
		{Value: "risk_of_harm", Label: "Risk of harm"},
		{Value: "other", Label: "Other (say why)"},
	}
}

// ValidReason reports whether r is one of ManualReasons.
func ValidReason(r string) bool {
	for _, o := range ManualReasons() {
		if o.Value == r {
			return true
		}
	}
	return false
}

// ReasonLabel is a manual redaction reason in words; an unknown reason is
// shown as it is.
func ReasonLabel(r string) string {
	for _, o := range ManualReasons() {
		if o.Value == r {
			return o.Label
		}
	}
	return r
}

// reasonMarker is the word the extract shows in place of text removed by
// hand, "[redacted: third party]"; a reason the lead could not have chosen
// is marked "other". Every marker is a valid redact label.
func reasonMarker(r string) string {
	switch r {
	case "third_party":
		return redact.LabelThirdParty
	case "not_relevant":
		return redact.LabelNotRelevant
	case "risk_of_harm":
		return redact.LabelRiskOfHarm
	}
	return redact.LabelOther
}

// Snippet is the start of a note's body on one line, for a list of notes.
func Snippet(body string) string {
	s := strings.Join(strings.Fields(body), " ")
	r := []rune(s)
	if len(r) > 160 {
		return string(r[:160]) + "…"
	}
	return s
}

// Recipient names who the extract goes to, as the request gives them: the
// officer who will receive the link, and their force.
func Recipient(rec request.Record) string {
	who := strings.TrimSpace(rec.Requester.Rank + " " + rec.Requester.Name)
	parts := []string{}
	for _, p := range []string{who, strings.TrimSpace(rec.Force)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	out := strings.Join(parts, ", ")
	email := strings.TrimSpace(rec.Requester.Email)
	if email == "" {
		email = strings.TrimSpace(rec.SenderEmail)
	}
	if email != "" {
		if out == "" {
			return email
		}
		out += " (" + email + ")"
	}
	return out
}

// LegalBasis is the law an extract for a request of kind k is disclosed
// under, as its footer states it.
func LegalBasis(k request.Kind) string {
	if k.IsCompulsory() {
		return "Produced under a court process (Criminal Procedure (Attendance of Witnesses) Act 1965 s.2 or court order)"
	}
	return "Police, Crime, Sentencing and Courts Act 2022 s.44A, with the client's consent; UK GDPR Art 6(1)(a) and 9(2)(a)"
}

// Handling is the handling conditions the recipient must follow: the
// request's own, else the service's standard ones.
func Handling(rec request.Record) string {
	if h := strings.TrimSpace(rec.Handling); h != "" {
		return h
	}
	return "Provided for the stated purpose only. Store securely, restrict to those who need it, and disclose only as the law requires."
}

// Summarise writes the lead's one-line summary of an extract: the dates of
// its notes (YYYY-MM-DD, oldest first) and the redactions made, by kind for
// accepted suggestions and by reason for the lead's own.
func Summarise(dates []string, byKind, byReason map[string]int) string {
	var b strings.Builder
	switch len(dates) {
	case 0:
		b.WriteString("No notes")
	case 1:
		b.WriteString("1 note of " + shortDate(dates[0]))
	default:
		fmt.Fprintf(&b, "%d notes from %s to %s", len(dates), shortDate(dates[0]), shortDate(dates[len(dates)-1]))
	}
	total := 0
	type part struct {
		n    int
		name string
	}
	var parts []part
	// Each part carries its own count: "2 addresses", "1 by hand (third party)".
	for k, n := range byKind {
		if n <= 0 {
			continue
		}
		total += n
		parts = append(parts, part{n, plural(n, kindWords[k])})
	}
	for r, n := range byReason {
		if n <= 0 {
			continue
		}
		total += n
		parts = append(parts, part{n, fmt.Sprintf("%d by hand (%s)", n, strings.ToLower(ReasonLabel(r)))})
	}
	sort.SliceStable(parts, func(i, j int) bool {
		if parts[i].n != parts[j].n {
			return parts[i].n > parts[j].n
		}
		return parts[i].name < parts[j].name
	})
	fmt.Fprintf(&b, "; %s", plural(total, [2]string{"redaction", "redactions"}))
	for i, p := range parts {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(p.name)
	}
	return b.String()
}

// kindWords names each kind of span in the singular and the plural.
var kindWords = map[string][2]string{
	"name": {"name", "names"}, "phone": {"phone number", "phone numbers"}, "email": {"email address", "email addresses"},
	"postcode": {"postcode", "postcodes"}, "address": {"address", "addresses"}, "nhs_number": {"NHS number", "NHS numbers"},
	"ni_number": {"National Insurance number", "National Insurance numbers"}, "date_of_birth": {"date of birth", "dates of birth"},
	"bank_details": {"bank detail", "bank details"}, "url": {"web address", "web addresses"},
	"vehicle_registration": {"vehicle registration", "vehicle registrations"}, "other": {"other identifier", "other identifiers"},
}

func plural(n int, w [2]string) string {
	if w[0] == "" {
		w = [2]string{"item", "items"}
	}
	if n == 1 {
		return "1 " + w[0]
	}
	return fmt.Sprintf("%d %s", n, w[1])
}

func shortDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2 Jan 2006")
}
