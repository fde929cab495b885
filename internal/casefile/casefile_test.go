package casefile

import (
	"strings"
	"testing"
	"time"
)

func TestParseSessionDate(t *testing.T) {
	today := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"2026-03-09", "2026-03-09", true},
		{" 2026-03-10 ", "2026-03-10", true},
		{"2026-02-30", "", false},
		{"10/03/2026", "", false},
		{"2026-03-20", "", false},
		{"1900-01-01", "", false},
		{"", "", false},
	} {
		got, err := ParseSessionDate(tc.in, today)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseSessionDate(%q) = %q, %v", tc.in, got, err)
		}
		if err != nil && !IsFieldError(err) {
			t.Errorf("%q: not a field error", tc.in)
		}
	}
}

func TestCleanBodyAndName(t *testing.T) {
	if _, err := CleanBody("   \n"); err == nil {
		t.Error("blank body accepted")
	}
	if _, err := CleanBody(strings.Repeat("a", MaxBodyLen+1)); err == nil {
		t.Error("oversized body accepted")
	}
	if got, _ := CleanBody("a\r\nb"); got != "a\nb" {
		t.Errorf("line endings not normalised: %q", got)
	}
	if _, err := CleanName("Ann\nLee"); err == nil {
		t.Error("two-line name accepted")
	}
	if got, err := CleanName("  Ann Lee "); err != nil || got != "Ann Lee" {
		t.Errorf("CleanName = %q, %v", got, err)
	}
}
