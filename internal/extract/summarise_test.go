package extract

import "testing"

func TestSummariseCountsEachKindOnceWithItsPlural(t *testing.T) {
	notes := []string{"2026-03-02", "2026-03-09"}
	cases := []struct {
		name             string
		byKind, byReason map[string]int
		want             string
	}{
		{"plural and singular", map[string]int{"address": 2, "phone": 1}, nil,
			"2 notes from 2 Mar 2026 to 9 Mar 2026; 3 redactions: 2 addresses, 1 phone number"},
		{"one of a kind", map[string]int{"email": 1}, nil,
			"2 notes from 2 Mar 2026 to 9 Mar 2026; 1 redaction: 1 email address"},
		{"by hand with a reason", map[string]int{"name": 3}, map[string]int{"third_party": 2, "risk_of_harm": 1},
			"2 notes from 2 Mar 2026 to 9 Mar 2026; 6 redactions: 3 names, 2 by hand (third party), 1 by hand (risk of harm)"},
		{"none", nil, nil, "2 notes from 2 Mar 2026 to 9 Mar 2026; 0 redactions"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Summarise(notes, c.byKind, c.byReason); got != c.want {
				t.Errorf("Summarise =\n  %q\nwant\n  %q", got, c.want)
			}
		})
	}
	if got, want := Summarise(notes[:1], map[string]int{"nhs_number": 1}, nil), "1 note of 2 Mar 2026; 1 redaction: 1 NHS number"; got != want {
		t.Errorf("one note: %q, want %q", got, want)
	}
}
