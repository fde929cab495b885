// Package redact finds the parts of a counselling note that identify someone
// and removes them.
//
// Suggest scans a note's plain text and returns the spans a lead should
// consider redacting before any part of the note leaves the service: the
// people the provider already knows about (the client, family, the alleged
// perpetrator, other professionals), anyone else named with a title or by who
// they are to the client ("her friend Sophie"), and the identifiers that
// point at a person or a place (phone numbers, emails, URLs, postcodes,
// street addresses, NHS and National Insurance numbers, dates of birth, bank
// details, vehicle registrations, reference numbers), also where a line
// break cuts one in two. Apply then replaces each chosen span by a marker
// naming its kind, "[redacted: phone]", or the reason a person gave for it.
//
// The detectors are deliberately conservative in one direction only: a span
// that is suggested but not needed costs the lead one click, a span that is
// missed can put a survivor at risk, yet flagging ordinary words (session
// dates, times, scores, days of the week) would bury the real suggestions. So
// each detector looks for a shape that ordinary prose does not take (a valid
// postcode, a checksummed NHS number), or for a cue ("date of birth", "sort
// code") next to a shape that would otherwise be ambiguous.
//
// Offsets are byte offsets into the text, end exclusive, always on UTF-8
// character boundaries. The package is pure: no I/O, no clock, no state.
package redact

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Kind names what a span identifies. The values are part of the outside
// contract (CONTRACT.md, "Redaction suggestions").
type Kind string

// The kinds of span.
const (
	KindName                Kind = "name"
	KindPhone               Kind = "phone"
	KindEmail               Kind = "email"
	KindPostcode            Kind = "postcode"
	KindAddress             Kind = "address"
	KindNHSNumber           Kind = "nhs_number"
	KindNINumber            Kind = "ni_number"
	KindDateOfBirth         Kind = "date_of_birth"
	KindBankDetails         Kind = "bank_details"
	KindURL                 Kind = "url"
	KindVehicleRegistration Kind = "vehicle_registration"
	KindOther               Kind = "other"
)

// Kinds lists every kind, in the order a summary shows them.
func Kinds() []Kind {
	return []Kind{KindName, KindPhone, KindEmail, KindPostcode, KindAddress,
		KindNHSNumber, KindNINumber, KindDateOfBirth, KindBankDetails, KindURL,
		KindVehicleRegistration, KindOther}
}

// Valid reports whether k is one of the kinds of the contract.
func (k Kind) Valid() bool { return kindRank(k) >= 0 }

// kindRank orders kinds for merging: when two overlapping spans are equally
// long, the more specific kind names the merged span. -1 for an unknown kind.
func kindRank(k Kind) int {
	switch k {
	case KindEmail:
		return 12
	case KindURL:
		return 11
	case KindNHSNumber:
		return 10
	case KindNINumber:
		return 9
	case KindBankDetails:
		return 8
	case KindDateOfBirth:
		return 7
	case KindPhone:
		return 6
	case KindPostcode:
		return 5
	case KindVehicleRegistration:
		return 4
	case KindAddress:
		return 3
	case KindName:
		return 2
	case KindOther:
		return 1
	}
	return -1
}

// Span is one stretch of text to redact: bytes [Start, End) of the note, what
// they identify, and the bytes themselves so that a span cannot silently be
// applied to a different version of the text.
//
// Label, when set, is what the marker names instead of the kind: a span a
// person chose carries the reason they gave ("[redacted: third party]").
// Suggest never sets it.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  Kind   `json:"kind"`
	Text  string `json:"text"`
	Label string `json:"label,omitempty"`
}

// Suggester holds the names known to the provider for one client, prepared
// once so that a whole history of notes can be scanned cheaply.
// It is safe for concurrent use.
type Suggester struct {
	names *nameIndex
	// scans keeps token buffers between calls: allocating and clearing
	// them anew costs more than the scan itself.
	scans sync.Pool
}

// NewSuggester prepares a Suggester for the given known names ("Sam Turner",
// "Dr Okafor"). Empty and blank names are ignored.
func NewSuggester(known []string) *Suggester {
	return &Suggester{names: newNameIndex(known)}
}

// Suggest returns the spans of text that identify someone, sorted by Start,
// with overlapping findings merged into one span. It never returns nil.
func Suggest(text string, known []string) []Span {
	return NewSuggester(known).Suggest(text)
}

// Suggest returns the spans of text that identify someone; see the package
// function Suggest.
func (s *Suggester) Suggest(text string) []Span {
	sc, _ := s.scans.Get().(*scan)
	if sc == nil {
		sc = &scan{}
	}
	sc.reset(text)
	var found []Span
	for _, d := range detectors {
		found = d.find(sc, s.names, found)
	}
	spans := merge(text, found)
	sc.reset("") // hold no note text while pooled
	s.scans.Put(sc)
	return spans
}

// detector is one self-contained rule. Each appends what it finds to out.
type detector struct {
	name string
	find func(sc *scan, names *nameIndex, out []Span) []Span
}

// detectors run in this order; order matters only for speed, never for the
// result, because merge decides between overlapping findings.
var detectors = []detector{
	{"email", findEmails},
	{"url", findURLs},
	{"handle", findHandles},
	{"phone", findPhones},
	{"nhs", findNHSNumbers},
	{"ni", findNINumbers},
	{"postcode", findPostcodes},
	{"vehicle", findVehicles},
	{"bank", findBankDetails},
	{"dob", findDatesOfBirth},
	{"address", findAddresses},
	{"known", findKnownNames},
	{"titled", findTitledNames},
	{"relation", findRelationNames},
	{"reference", findReferences},
	{"social", findSocialHandles},
	{"longnumber", findLongNumbers},
	{"linebreak", findAcrossBreaks},
}

// merge sorts spans and joins overlapping ones. The merged span takes the
// kind of its longest part (ties go to the more specific kind), so an email
// address that contains a known name stays an email.
func merge(text string, spans []Span) []Span {
	out := make([]Span, 0, len(spans))
	if len(spans) == 0 {
		return out
	}
	slices.SortFunc(spans, func(a, b Span) int {
		if c := cmp.Compare(a.Start, b.Start); c != 0 {
			return c
		}
		return cmp.Compare(b.End, a.End)
	})
	cur := spans[0]
	best := cur
	for _, sp := range spans[1:] {
		if sp.Start < cur.End {
			if sp.End > cur.End {
				cur.End = sp.End
			}
			if better(sp, best) {
				best = sp
			}
			continue
		}
		cur.Kind = best.Kind
		out = append(out, cur)
		cur, best = sp, sp
	}
	cur.Kind = best.Kind
	out = append(out, cur)
	for i := range out {
		out[i].Text = text[out[i].Start:out[i].End]
	}
	return out
}

func better(a, b Span) bool {
	la, lb := a.End-a.Start, b.End-b.Start
	if la != lb {
		return la > lb
	}
	return kindRank(a.Kind) > kindRank(b.Kind)
}

// onBoundary reports whether byte offset i of s falls between two characters,
// not inside the encoding of one. A stray byte of invalid UTF-8 counts as a
// character of its own, as it does for range loops.
func onBoundary(s string, i int) bool {
	if i <= 0 || i >= len(s) || utf8.RuneStart(s[i]) {
		return true
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if utf8.RuneStart(s[j]) {
			r, w := utf8.DecodeRuneInString(s[j:])
			return !(w > i-j && r != utf8.RuneError)
		}
	}
	return true
}

// Marker is the text that replaces a span of the given kind.
func Marker(k Kind) string { return "[redacted: " + string(k) + "]" }

// marker is the text that replaces sp: its label if it has one, else its kind.
func (sp Span) marker() string {
	if sp.Label != "" {
		return "[redacted: " + sp.Label + "]"
	}
	return Marker(sp.Kind)
}

// The labels a chosen span may carry: the reasons a person can give for
// taking words out of an extract. The list is closed, so that a marker can
// never carry free text, and with it a name ("[redacted: Sam]") or the shape
// of what it replaces.
const (
	LabelThirdParty  = "third party"
	LabelNotRelevant = "not relevant"
	LabelRiskOfHarm  = "risk of harm"
	LabelOther       = "other"
)

// Labels lists the labels ValidLabel accepts.
func Labels() []string {
	return []string{LabelThirdParty, LabelNotRelevant, LabelRiskOfHarm, LabelOther}
}

// ValidLabel reports whether a span's label may stand in a marker: it must
// be one of Labels.
func ValidLabel(l string) bool { return slices.Contains(Labels(), l) }

// Text is a note's text after redaction: what Apply returns, every chosen
// span already replaced by its marker. Its only field is unexported, so no
// other package can make one out of a plain string; a function that takes a
// Text (the extract renderer does) can therefore only be handed text that
// went through Apply, never the note as written. The one way back from a
// string is Sealed, for text Apply made earlier and the vault kept.
//
// The zero Text is empty.
type Text struct{ s string }

// String is the redacted text itself.
func (t Text) String() string { return t.s }

// MarshalJSON writes the text as a JSON string, so a document that holds it
// is stored as before. There is deliberately no UnmarshalJSON: reading a
// string back into a Text goes through Sealed, where it can be seen.
func (t Text) MarshalJSON() ([]byte, error) { return json.Marshal(t.s) }

// Sealed reopens text that Apply produced and that was then sealed in the
// vault (an extract version's frozen document or note), so that it can be
// laid out or rendered again without being redacted a second time.
//
// It is the only way to make a Text other than Apply, and it trusts its
// caller: use it only on text read back from an encrypted extract version,
// never on a note's body, a form field or anything else a person wrote.
// Every call is a place a reviewer should look at.
func Sealed(s string) Text { return Text{s} }

// Apply replaces each span of text by its marker: Marker(span.Kind), or the
// span's Label in the same brackets. The spans may come in any order but must
// not overlap, must lie inside text on character boundaries, must name a
// known kind (and a valid label, if any), and each Text must be exactly the
// bytes it covers: a span made for another version of the note is an error,
// never a silent partial redaction.
//
// With no spans the text comes back unchanged: deciding that nothing in a
// note needs removing is still a decision, and Apply is where it is made.
func Apply(text string, spans []Span) (Text, error) {
	sorted := slices.Clone(spans)
	slices.SortStableFunc(sorted, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
	var b strings.Builder
	b.Grow(len(text))
	prev := 0
	for i, sp := range sorted {
		switch {
		case !sp.Kind.Valid():
			return Text{}, fmt.Errorf("span %d..%d: unknown kind %q", sp.Start, sp.End, sp.Kind)
		case sp.Label != "" && !ValidLabel(sp.Label):
			return Text{}, fmt.Errorf("span %d..%d: a label must be one of: %s", sp.Start, sp.End, strings.Join(Labels(), ", "))
		case sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End:
			return Text{}, fmt.Errorf("span %d..%d: outside the text of %d bytes", sp.Start, sp.End, len(text))
		case i > 0 && sp.Start < prev:
			return Text{}, fmt.Errorf("span %d..%d overlaps the span before it", sp.Start, sp.End)
		case !onBoundary(text, sp.Start) || !onBoundary(text, sp.End):
			return Text{}, fmt.Errorf("span %d..%d splits a character", sp.Start, sp.End)
		case text[sp.Start:sp.End] != sp.Text:
			// The text itself stays out of the message: errors reach logs.
			return Text{}, fmt.Errorf("span %d..%d: its text does not match the note", sp.Start, sp.End)
		}
		b.WriteString(text[prev:sp.Start])
		b.WriteString(sp.marker())
		prev = sp.End
	}
	b.WriteString(text[prev:])
	return Text{b.String()}, nil
}
