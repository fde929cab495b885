package extract

import (
	"strings"
	"testing"
	"unicode/utf8"

	"confidant/internal/redact"
	"confidant/internal/request"
)

const draftNote = "Leah rang from 07700 900123. Her neighbour Ruth Hale drove her home."

// span is the span over the first occurrence of s in draftNote.
func span(s string, k redact.Kind) redact.Span {
	i := strings.Index(draftNote, s)
	return redact.Span{Start: i, End: i + len(s), Kind: k, Text: s}
}

func TestRedactRemovesAcceptedAndManualSpansAndKeepsUntickedOnes(t *testing.T) {
	d := &NoteDecision{
		Suggested: []SpanDecision{
			{Span: span("Leah", redact.KindName), Accepted: false},
			{Span: span("07700 900123", redact.KindPhone), Accepted: true},
			{Span: span("Ruth", redact.KindName), Accepted: true},
		},
		// Overlaps the accepted "Ruth": the two are joined, and the
		// first (by start) names the marker.
		Manual: []ManualSpan{{Span: span("Ruth Hale", redact.KindName), Reason: "third_party"}},
	}
	got, err := d.Redact(draftNote)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Leah rang from [redacted: phone]. Her neighbour [redacted: name] drove her home."; got.String() != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if n := d.Redactions(); n != 3 {
		t.Errorf("Redactions() = %d, want 3 (two accepted, one by hand)", n)
	}

	d.Suggested = d.Suggested[:2]
	got, err = d.Redact(draftNote)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Leah rang from [redacted: phone]. Her neighbour [redacted: third party] drove her home."; got.String() != want {
		t.Errorf("a manual span alone: got %q, want %q", got, want)
	}
}

func TestManualSpansAreMarkedWithAValidReasonLabel(t *testing.T) {
	for _, o := range ManualReasons() {
		if m := reasonMarker(o.Value); !redact.ValidLabel(m) {
			t.Errorf("reason %q is marked %q, which redact.Apply refuses", o.Value, m)
		}
		if !ValidReason(o.Value) || ReasonLabel(o.Value) != o.Label {
			t.Errorf("reason %q: valid %v, label %q", o.Value, ValidReason(o.Value), ReasonLabel(o.Value))
		}
	}
	// A stored span whose reason was never offered still leaves no text:
	// it is marked "other", never with the reason as written.
	d := &NoteDecision{Manual: []ManualSpan{{Span: span("Ruth Hale", redact.KindName), Reason: "Ruth Hale"}}}
	got, err := d.Redact(draftNote)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.String(), "Ruth") || !strings.Contains(got.String(), "[redacted: other]") {
		t.Errorf("unknown reason: %q", got)
	}
	if ValidReason("Ruth Hale") || ReasonLabel("Ruth Hale") != "Ruth Hale" {
		t.Error("an unknown reason is valid or relabelled")
	}
}

func TestDecisionsNoLongerFitAnEditedNote(t *testing.T) {
	d := Suggest(draftNote, []string{"Leah Morgan"})
	if len(d.Suggested) < 2 {
		t.Fatalf("only %d suggestions: the test proves little", len(d.Suggested))
	}
	for _, s := range d.Suggested {
		if !s.Accepted {
			t.Errorf("suggestion %q is not accepted by default", s.Text)
		}
	}
	if !d.Fits(draftNote) {
		t.Error("the suggestions do not fit their own note")
	}
	if d.Fits("Leah rang from 07700 900124. Her neighbour Ruth Hale drove her home.") {
		t.Error("the decisions fit a note whose phone number changed")
	}
	d.Manual = append(d.Manual, ManualSpan{Span: redact.Span{Start: 60, End: 90, Kind: redact.KindOther, Text: "x"}})
	if d.Fits(draftNote) {
		t.Error("a manual span beyond the note fits")
	}
}

func TestSegmentsCoverTheNoteOnceInOrder(t *testing.T) {
	d := &NoteDecision{
		Suggested: []SpanDecision{
			{Span: span("07700 900123", redact.KindPhone), Accepted: true},
			{Span: span("Ruth", redact.KindName), Accepted: false},
		},
		Manual: []ManualSpan{{Span: span("Ruth Hale", redact.KindName), Reason: "risk_of_harm"}},
	}
	segs := d.Segments(draftNote)
	var b strings.Builder
	var marked []string
	for _, s := range segs {
		b.WriteString(s.Text)
		if s.Marked {
			marked = append(marked, s.Text+"/"+s.Kind)
		}
	}
	if b.String() != draftNote {
		t.Errorf("segments read %q, want the note", b.String())
	}
	// "Ruth" starts where "Ruth Hale" does and comes first; the manual
	// span over the same place is listed beside the text, not shown twice.
	if got, want := strings.Join(marked, " | "), "07700 900123/phone | Ruth/name"; got != want {
		t.Errorf("marked %q, want %q", got, want)
	}
}

func TestSnippetIsOneLineOfAtMost160Characters(t *testing.T) {
	if got := Snippet("Sam  arrived\n\nearly."); got != "Sam arrived early." {
		t.Errorf("short: %q", got)
	}
	got := Snippet(strings.Repeat("é", 200))
	if r := []rune(got); len(r) != 161 || r[160] != '…' {
		t.Errorf("long: %d characters, ends %q", len(r), string(r[len(r)-1]))
	}
}

func TestRecipientNamesTheOfficerForceAndEmail(t *testing.T) {
	cases := []struct {
		name string
		rec  request.Record
		want string
	}{
		{"all of it", request.Record{Requester: request.Requester{Rank: "DC", Name: "Ann Lee", Email: "ann.lee@example.org"}, Force: "X Force"},
			"DC Ann Lee, X Force (ann.lee@example.org)"},
		{"sender's email when the officer's is missing", request.Record{Requester: request.Requester{Name: "Ann Lee"}, SenderEmail: "mailbox@example.org"},
			"Ann Lee (mailbox@example.org)"},
		{"only an email", request.Record{SenderEmail: "mailbox@example.org"}, "mailbox@example.org"},
		{"nothing", request.Record{}, ""},
	}
	for _, c := range cases {
		if got := Recipient(c.rec); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestLegalBasisAndHandling(t *testing.T) {
	if !strings.Contains(LegalBasis(request.KindWitnessSummons), "court process") {
		t.Errorf("compulsory: %q", LegalBasis(request.KindWitnessSummons))
	}
	if !strings.Contains(LegalBasis(request.KindVictimInformationRequest), "s.44A, with the client's consent") {
		t.Errorf("consent-based: %q", LegalBasis(request.KindVictimInformationRequest))
	}
	if got := Handling(request.Record{Handling: "  Officer in the case only. "}); got != "Officer in the case only." {
		t.Errorf("the request's own: %q", got)
	}
	if got := Handling(request.Record{}); !strings.HasPrefix(got, "Provided for the stated purpose only.") {
		t.Errorf("standard: %q", got)
	}
}

func TestFindSpanTakesTheNthAppearance(t *testing.T) {
	text := "Ruth said Ruth's car was outside. Ruth"
	cases := []struct {
		exact      string
		occurrence int
		start      int
		found      bool
	}{
		{"Ruth", 1, 0, true},
		{"Ruth", 0, 0, true},
		{"Ruth", 2, 10, true},
		{"Ruth", 3, 34, true},
		{"Ruth", 4, 0, false},
		{"ruth", 1, 0, false},
		{"", 1, 0, false},
	}
	for _, c := range cases {
		sp, ok := FindSpan(text, c.exact, c.occurrence)
		if ok != c.found || (ok && (sp.Start != c.start || sp.End != c.start+len(c.exact) || sp.Text != c.exact || sp.Kind != redact.KindOther)) {
			t.Errorf("FindSpan(%q, %d) = %+v, %v; want start %d, %v", c.exact, c.occurrence, sp, ok, c.start, c.found)
		}
	}
}

func TestFindSpanNeverSplitsACharacter(t *testing.T) {
	for _, c := range []struct{ text, exact string }{
		{"Zoë rang", "\xc3"},             // the first byte of ë alone
		{"Zoë rang", "\xab rang"},        // the last byte of ë and what follows
		{"Zo\xc3\xab\xa9", "Zo\xc3\xab"}, // whole ë, but a stray byte after it
	} {
		if sp, ok := FindSpan(c.text, c.exact, 1); ok {
			t.Errorf("FindSpan(%q, %q) = %+v: splits a character", c.text, c.exact, sp)
		}
	}
	if _, ok := FindSpan("Zoë rang", "Zoë", 1); !ok {
		t.Error("whole characters are not found")
	}
}

// FuzzFindSpan: whatever a lead pastes, a span found covers exactly the
// words pasted, and (a browser sends valid UTF-8) redact.Apply takes it.
func FuzzFindSpan(f *testing.F) {
	f.Add(draftNote, "Ruth Hale", 1)
	f.Add("aaaa", "aa", 2)
	f.Add("Zoë\xffé", "\xa9", 1)
	f.Fuzz(func(t *testing.T, text, exact string, occurrence int) {
		sp, ok := FindSpan(text, exact, occurrence%8)
		if !ok {
			return
		}
		if sp.Start < 0 || sp.End > len(text) || text[sp.Start:sp.End] != exact || sp.Text != exact {
			t.Fatalf("span %+v does not cover %q", sp, exact)
		}
		if !utf8.ValidString(exact) || !utf8.RuneStart(text[sp.Start]) || (sp.End < len(text) && !utf8.RuneStart(text[sp.End])) {
			t.Fatalf("span %+v of %q splits a character", sp, text)
		}
		if utf8.ValidString(text) && utf8.ValidString(exact) {
			if _, err := redact.Apply(text, []redact.Span{sp}); err != nil {
				t.Fatalf("Apply refused span %+v: %v", sp, err)
			}
		}
	})
}
