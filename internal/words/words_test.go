package words

import (
	"strings"
	"testing"
	"time"

	"confidant/internal/request"
)

func TestDatesAreWrittenInWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2026-10-08", "8 October 2026"},
		{"", "not stated"},
		{"next week", "next week"},
	} {
		if got := Day(c.in); got != c.want {
			t.Errorf("Day(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTimesAreInLondonTime(t *testing.T) {
	summer := time.Date(2026, 7, 1, 13, 5, 0, 0, time.UTC)
	if got := Time(summer); got != "1 July 2026 at 14:05" {
		t.Errorf("summer: %q", got)
	}
	winter := time.Date(2026, 12, 1, 13, 5, 0, 0, time.UTC)
	if got := Time(winter); got != "1 December 2026 at 13:05" {
		t.Errorf("winter: %q", got)
	}
	// Just before midnight UTC in summer is the next day in London.
	if got := Date(time.Date(2026, 10, 7, 23, 30, 0, 0, time.UTC)); got != "8 October 2026" {
		t.Errorf("late evening: %q", got)
	}
}

func TestPeriodNeverShowsQuestionMarks(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"2025-01-01", "2025-06-30", "1 January 2025 to 30 June 2025"},
		{"", "", "not stated"},
		{"2025-01-01", "", "from 1 January 2025 (no end date stated)"},
		{"", "2025-06-30", "up to 30 June 2025 (no start date stated)"},
	} {
		if got := Period(c.from, c.to); got != c.want {
			t.Errorf("Period(%q, %q) = %q", c.from, c.to, got)
		}
	}
}

func TestPluralAgreesWithTheCount(t *testing.T) {
	if got := Plural(1, "wrong release code", "wrong release codes"); got != "1 wrong release code" {
		t.Error(got)
	}
	if got := Plural(3, "note", "notes"); got != "3 notes" {
		t.Error(got)
	}
}

func TestEveryCodeHasWordsWithoutUnderscores(t *testing.T) {
	for _, l := range []lookup{kinds, statuses, verdicts, roles, channels, grounds, notices, noticeTo, redactions, findingTitles, events} {
		for code, s := range l {
			if s == "" || strings.ContainsAny(s, "_") || len(RawCodes(s)) > 0 {
				t.Errorf("%s: %q", code, s)
			}
		}
	}
}

func TestUnknownCodeStillReadsAsWords(t *testing.T) {
	if got := Event("backup.restore_check"); got != "backup restore check" {
		t.Errorf("%q", got)
	}
	if got := Finding("brand_new_code"); got != "Brand new code" {
		t.Errorf("%q", got)
	}
}

func TestRawCodesFindsOnlyKnownCodes(t *testing.T) {
	got := RawCodes("kind: victim_information_request; see authoriser_rank_too_low and my_own_word")
	if strings.Join(got, ",") != "victim_information_request,authoriser_rank_too_low" {
		t.Errorf("%v", got)
	}
}

func TestLawURLPointsAtTheSection(t *testing.T) {
	for _, c := range []struct{ law, want string }{
		{"PCSC Act 2022 s.44C(1)(a)", "https://www.legislation.gov.uk/ukpga/2022/32/section/44C"},
		{"PCSC Act 2022 s.44E(1), s.44F(2)", "https://www.legislation.gov.uk/ukpga/2022/32/section/44E"},
		{"DPA 2018 Sch.2 para 2", "https://www.legislation.gov.uk/ukpga/2018/12/schedule/2/paragraph/2"},
		{"Criminal Procedure (Attendance of Witnesses) Act 1965 s.2", "https://www.legislation.gov.uk/ukpga/1965/69/section/2"},
		{"Code of Practice: authorisation at chief inspector rank or above", ""},
		{"Confidant policy: sender domain", ""},
	} {
		if got := LawURL(c.law); got != c.want {
			t.Errorf("LawURL(%q) = %q, want %q", c.law, got, c.want)
		}
	}
}

func TestActorsWhoAreNotStaffHaveNames(t *testing.T) {
	for id, want := range map[string]string{"client:01HX": "The client", "officer": "The officer", "system": "Confidant, automatically", "cli": "An administrator, at the server"} {
		if got, ok := Actor(id); !ok || got != want {
			t.Errorf("Actor(%q) = %q, %v", id, got, ok)
		}
	}
	if _, ok := Actor("01HXSTAFFID"); ok {
		t.Error("a staff id is named without looking it up")
	}
}

func TestEveryCheckerCodeStatusAndKindHasWords(t *testing.T) {
	for _, c := range request.Codes() {
		if _, ok := findingTitles[string(c)]; !ok {
			t.Errorf("finding %s has no words", c)
		}
	}
	for _, s := range request.Statuses() {
		if _, ok := statuses[s.Value]; !ok {
			t.Errorf("status %s has no words", s.Value)
		}
	}
	for _, k := range request.Kinds() {
		if _, ok := kinds[k.Value]; !ok {
			t.Errorf("kind %s has no words", k.Value)
		}
	}
}

func TestEveryFollowUpHasItsOwnWords(t *testing.T) {
	seen := map[string]request.FollowUp{}
	for _, f := range request.FollowUps() {
		w := FollowUp(f)
		if _, ok := followUps[string(f)]; !ok || w == "" {
			t.Errorf("%s: no words", f)
		}
		if prev, dup := seen[w]; dup {
			t.Errorf("%s and %s are both %q", prev, f, w)
		}
		seen[w] = f
	}
	if got := FollowUp(request.FollowUpVerifyRequester); got != "Verify the requester by calling the force's published switchboard" {
		t.Errorf("verify_requester: %q", got)
	}
}

func TestAStaffNameNotKnownIsAFormerMemberOfStaff(t *testing.T) {
	if got := StaffName("Casey Example"); got != "Casey Example" {
		t.Errorf("StaffName(known) = %q", got)
	}
	if got := StaffName(""); got != "a former member of staff" {
		t.Errorf("StaffName(\"\") = %q", got)
	}
}
