package redact

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchText is realistic note text: the labelled notes, repeated to about
// one megabyte (the size of a long client history).
func benchText(b *testing.B) string {
	b.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "tuning", "notes", "*.txt"))
	if err != nil || len(names) == 0 {
		b.Fatal("no notes in testdata")
	}
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		for _, n := range names {
			t, err := os.ReadFile(n)
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(t)
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

func BenchmarkSuggest(b *testing.B) {
	text := benchText(b)
	s := NewSuggester([]string{"Sam Turner", "Daniel Price", "Hope Adeyemi", "Will Harper"})
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		s.Suggest(text)
	}
}

// BenchmarkSuggestOneNote measures the common case: one note of a few
// kilobytes, known names prepared once.
func BenchmarkSuggestOneNote(b *testing.B) {
	text, err := os.ReadFile(filepath.Join("testdata", "tuning", "notes", "01.txt"))
	if err != nil {
		b.Fatal(err)
	}
	s := NewSuggester([]string{"Priya Shah", "Owen Fletcher"})
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		s.Suggest(string(text))
	}
}
