package casefile

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
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

func TestPersonNamesAreNFCAndRefuseBidiControlsAndInvisibleNames(t *testing.T) {
	cases := []struct {
		name, in, want string
		ok             bool
	}{
		{"plain", "  Ann Lee ", "Ann Lee", true},
		{"decomposed accent becomes one code point", "Zoe\u0301 Lee", "Zo\u00e9 Lee", true},
		{"non-Latin", "Ярослава Коваль", "Ярослава Коваль", true},
		{"right-to-left script", "فاطمة", "فاطمة", true},
		{"right-to-left override", "Ann \u202Eeel", "", false},
		{"left-to-right embedding", "\u202AAnn", "", false},
		{"isolate", "Ann\u2066 Lee\u2069", "", false},
		{"right-to-left mark", "Ann\u200F", "", false},
		{"left-to-right mark", "\u200EAnn", "", false},
		{"Arabic letter mark", "Ann\u061C", "", false},
		{"zero-width spaces only", "\u200B\u200B", "", false},
		{"Hangul filler only", "\u3164", "", false},
		{"blank Braille only", "\u2800 \u2800", "", false},
		{"combining mark only", "\u0301", "", false},
		{"word joiner only", "\u2060", "", false},
		{"two lines", "Ann\nLee", "", false},
		{"empty", "   ", "", false},
		{"not UTF-8", "Ann\xff", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, problem := CleanPersonName(tc.in)
			if tc.ok && (problem != "" || got != tc.want) {
				t.Fatalf("CleanPersonName(%q) = %q, %q; want %q", tc.in, got, problem, tc.want)
			}
			if !tc.ok && problem == "" {
				t.Fatalf("CleanPersonName(%q) accepted %q", tc.in, got)
			}
		})
	}
}

func FuzzCleanPersonName(f *testing.F) {
	for _, s := range []string{"Ann Lee", "Zoe\u0301", "\u202Eabc", "\u200B", "", "a\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, problem := CleanPersonName(in)
		if problem != "" {
			if got != "" {
				t.Fatalf("refused name returned %q", got)
			}
			return
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("%q is not NFC", got)
		}
		if strings.IndexFunc(got, isBidiControl) >= 0 || strings.IndexFunc(got, isVisible) < 0 {
			t.Fatalf("accepted %q", got)
		}
		if again, p := CleanPersonName(got); p != "" || again != got {
			t.Fatalf("cleaning %q again gave %q, %q", got, again, p)
		}
	})
}

func TestOnlyASignedNoteIsSigned(t *testing.T) {
	if (Note{Status: Draft}).IsSigned() || !(Note{Status: Signed}).IsSigned() || (Note{}).IsSigned() {
		t.Error("IsSigned does not follow the status")
	}
}
