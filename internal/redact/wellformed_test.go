package redact

import (
	"testing"
	"unicode/utf8"
)

// checkWellFormed asserts what every result of Suggest must satisfy: spans
// in range, on character boundaries, sorted, not overlapping, known kinds,
// and Text equal to the bytes.
func checkWellFormed(t testing.TB, text string, spans []Span) {
	t.Helper()
	if spans == nil {
		t.Fatalf("Suggest returned nil")
	}
	prev := 0
	for i, sp := range spans {
		switch {
		case sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End:
			t.Fatalf("span %d [%d,%d) out of range for %d bytes", i, sp.Start, sp.End, len(text))
		case sp.Start < prev:
			t.Fatalf("span %d [%d,%d) overlaps or precedes the span before (end %d)", i, sp.Start, sp.End, prev)
		case !onBoundary(text, sp.Start) || !onBoundary(text, sp.End),
			utf8.ValidString(text) && (!utf8.RuneStart(text[sp.Start]) || (sp.End < len(text) && !utf8.RuneStart(text[sp.End]))):
			t.Fatalf("span %d [%d,%d) splits a character", i, sp.Start, sp.End)
		case sp.Text != text[sp.Start:sp.End]:
			t.Fatalf("span %d text %q is not the bytes %q", i, sp.Text, text[sp.Start:sp.End])
		case !sp.Kind.Valid():
			t.Fatalf("span %d has unknown kind %q", i, sp.Kind)
		}
		prev = sp.End
	}
}
