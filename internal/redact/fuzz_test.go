package redact

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzSuggest feeds random text (and random known names) to Suggest: it
// must never panic, and every result must be well formed and applicable.
func FuzzSuggest(f *testing.F) {
	seeds := []string{
		"", "Sam", "07700 900123", "+44 (0)20 7946 0000", "(0161) 496 0000",
		"sam.turner@example.org", "https://www.example.org/x_(y)", "www.example.com/a",
		"SK4 3QT", "ls6 2ab", "BD13QP", "Flat 3, 12 Acacia Avenue", "No. 4 St Mary's Road",
		"NHS number 999 526 0182", "JK 12 34 56 C", "DOB 03/04/1991", "d.o.b. 21.11.1996",
		"born on the 3rd of April 1990", "sort code 20-45-77, account number 41234567",
		"reg AB12 CDE", "Mr Dobson's car", "MR TOM ASHWORTH", "Zoë’s café", "@handle",
		"crime reference 13/82716/25", "\xff\xfe\xc3\x28", "Dr.", "Mr", "d.o", "+", "(", "0044",
		"GB29 NWBK 6016 1331 9268 19", "4111 1111 1111 1111", "account ending 4471",
		"07700\n900123", "p.shah@\nexample.org", "S1 \r\n 4HP", "943-476-\n5919", "x\n\n0\n@\n-",
	}
	if names, err := filepath.Glob(filepath.Join("testdata", "tuning", "notes", "*.txt")); err == nil {
		for _, n := range names[:min(5, len(names))] {
			if b, err := os.ReadFile(n); err == nil {
				seeds = append(seeds, string(b))
			}
		}
	}
	for _, s := range seeds {
		f.Add(s, "Sam Turner;Hope;May O'Brien-Smith")
	}
	f.Fuzz(func(t *testing.T, text, known string) {
		// A scan that runs away would hang the fuzzer without a report;
		// fail instead, so that the input is saved.
		done := make(chan []Span, 1)
		go func() { done <- Suggest(text, strings.Split(known, ";")) }()
		var spans []Span
		select {
		case spans = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Suggest did not return within 10 s on %d bytes", len(text))
		}
		checkWellFormed(t, text, spans)
		if _, err := Apply(text, spans); err != nil {
			t.Fatalf("Apply refused Suggest's own spans: %v", err)
		}
	})
}
