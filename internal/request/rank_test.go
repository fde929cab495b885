package request

import "testing"

func TestRanksAreReadAsPoliceWriteThem(t *testing.T) {
	cases := []struct {
		rank   string
		level  rankLevel
		acting bool
	}{
		// Chief Inspector and its spellings.
		{"Chief Inspector", rankSenior, false},
		{"Detective Chief Inspector", rankSenior, false},
		{"DCI", rankSenior, false},
		{"D.C.I.", rankSenior, false},
		{"dci", rankSenior, false},
		{"D C I", rankSenior, false},
		{"CI", rankSenior, false},
		{"Ch Insp", rankSenior, false},
		{"Ch. Insp.", rankSenior, false},
		{"C/Insp", rankSenior, false},
		{"Chief Insp", rankSenior, false},
		{"Det Ch Insp", rankSenior, false},
		{"Det. Chief Inspector", rankSenior, false},
		{"DETECTIVE CHIEF INSPECTOR", rankSenior, false},
		{"  detective   chief  inspector ", rankSenior, false},
		{"DCI 4521", rankSenior, false},
		{"DCI (SIO)", rankSenior, false},
		{"Chief Const.", rankSenior, false},
		{"Commr", rankSenior, false},
		{"Det. Const.", rankBelow, false},
		{"A/Det. Const.", rankBelow, true},
		{"Detective Chief Inspector, Major Crime Team", rankSenior, false},
		{"Detective Chief Inspector / Senior Investigating Officer", rankSenior, false},
		// Above.
		{"Superintendent", rankSenior, false},
		{"Supt", rankSenior, false},
		{"Supt.", rankSenior, false},
		{"Det Supt", rankSenior, false},
		{"Det. Supt.", rankSenior, false},
		{"D/Supt", rankSenior, false},
		{"DSU", rankSenior, false},
		{"Detective Superintendent", rankSenior, false},
		{"Chief Superintendent", rankSenior, false},
		{"Ch Supt", rankSenior, false},
		{"Chief Supt", rankSenior, false},
		{"C/Supt", rankSenior, false},
		{"DCS", rankSenior, false},
		{"Det Chief Supt", rankSenior, false},
		{"Assistant Chief Constable", rankSenior, false},
		{"ACC", rankSenior, false},
		{"Deputy Chief Constable", rankSenior, false},
		{"DCC", rankSenior, false},
		{"Chief Constable", rankSenior, false},
		{"Commander", rankSenior, false},
		{"Cmdr", rankSenior, false},
		{"Deputy Assistant Commissioner", rankSenior, false},
		{"DAC", rankSenior, false},
		{"Assistant Commissioner", rankSenior, false},
		{"AC", rankSenior, false},
		{"Deputy Commissioner", rankSenior, false},
		{"Commissioner", rankSenior, false},
		// Acting and temporary ranks at or above Chief Inspector.
		{"A/DCI", rankSenior, true},
		{"a/dci", rankSenior, true},
		{"A / DCI", rankSenior, true},
		{"T/Supt", rankSenior, true},
		{"T/DCI", rankSenior, true},
		{"Acting Superintendent", rankSenior, true},
		{"Acting Detective Chief Inspector", rankSenior, true},
		{"Temporary Chief Inspector", rankSenior, true},
		{"Temp DCI", rankSenior, true},
		{"Temp. Det. Supt.", rankSenior, true},
		{"A/Ch Insp", rankSenior, true},
		{"A/C/Insp", rankSenior, true},
		{"Chief Inspector (Acting)", rankSenior, true},
		{"DI, acting DCI", rankSenior, true},
		{"Chief Inspector (Acting Superintendent)", rankSenior, false},
		{"DCI (Temp)", rankSenior, true},
		{"A/Det. Ch. Supt.", rankSenior, true},
		{"TDCI", rankSenior, true},
		{"ADCI", rankSenior, true},
		{"T DCI", rankSenior, false},
		{"A Detective Chief Inspector", rankSenior, false},
		{"TDI", rankBelow, true},
		// Below Chief Inspector, acting or not.
		{"Inspector", rankBelow, false},
		{"Detective Inspector", rankBelow, false},
		{"DI", rankBelow, false},
		{"D.I.", rankBelow, false},
		{"Insp", rankBelow, false},
		{"Insp.", rankBelow, false},
		{"A/DI", rankBelow, true},
		{"A/Insp", rankBelow, true},
		{"Acting Inspector", rankBelow, true},
		{"T/DI", rankBelow, true},
		{"Sergeant", rankBelow, false},
		{"Detective Sergeant", rankBelow, false},
		{"DS", rankBelow, false},
		{"PS", rankBelow, false},
		{"Sgt", rankBelow, false},
		{"Police Sergeant", rankBelow, false},
		{"A/Sgt", rankBelow, true},
		{"Constable", rankBelow, false},
		{"Police Constable", rankBelow, false},
		{"PC", rankBelow, false},
		{"DC", rankBelow, false},
		{"D.C.", rankBelow, false},
		{"TDC", rankBelow, false},
		{"Trainee Detective Constable", rankBelow, false},
		{"Detective Constable", rankBelow, false},
		{"DI (SIO)", rankBelow, false},
		{"Inspector, Public Protection Unit", rankBelow, false},
		// Roles, grades and the unrecognisable.
		{"SIO", rankRole, false},
		{"S.I.O.", rankRole, false},
		{"Senior Investigating Officer", rankRole, false},
		{"Officer in Case", rankRole, false},
		{"Officer in the Case", rankRole, false},
		{"OIC", rankRole, false},
		{"Deputy SIO", rankRole, false},
		{"Gold Commander", rankRole, false},
		{"NCA Grade 2", rankGrade, false},
		{"Grade 3", rankGrade, false},
		{"Branch Commander", rankGrade, false},
		{"", rankUnknown, false},
		{"Head of Safeguarding", rankUnknown, false},
		{"Chief", rankUnknown, false},
		{"Manager", rankUnknown, false},
		{"4521", rankUnknown, false},
		{"///", rankUnknown, false},
	}
	for _, tc := range cases {
		got := readRank(tc.rank, nil)
		if got.level != tc.level || (tc.level >= rankBelow && got.acting != tc.acting) {
			t.Errorf("readRank(%q) = level %d acting %v (%s), want level %d acting %v",
				tc.rank, got.level, got.acting, got.name, tc.level, tc.acting)
		}
	}
}

func TestExtraSeniorRanksFromPolicyCount(t *testing.T) {
	for _, rank := range []string{"Grade 2", "NCA Grade 2", "grade-2", "G2"} {
		if got := readRank(rank, []string{"Grade 2", "G2"}); got.level != rankSenior {
			t.Errorf("readRank(%q) with extra ranks = %d, want senior", rank, got.level)
		}
	}
	if got := readRank("Grade 5", []string{"Grade 2"}); got.level == rankSenior {
		t.Errorf("Grade 5 read as senior")
	}
}

func TestAuthoriserRankFindingsInTheVerdict(t *testing.T) {
	cases := []struct {
		rank    string
		verdict Outcome
		code    Code
	}{
		{"Det Supt", Compliant, ""},
		{"Ch Insp", Compliant, ""},
		{"C/Insp", Compliant, ""},
		{"Detective Chief Inspector", Compliant, ""},
		{"A/DCI", Compliant, CodeAuthoriserActingRank},
		{"T/Supt", Compliant, CodeAuthoriserActingRank},
		{"Acting Superintendent", Compliant, CodeAuthoriserActingRank},
		{"Temp DCI", Compliant, CodeAuthoriserActingRank},
		{"A/DI", NonCompliant, CodeAuthoriserRankTooLow},
		{"Inspector", NonCompliant, CodeAuthoriserRankTooLow},
		{"DS", NonCompliant, CodeAuthoriserRankTooLow},
		{"PC", NonCompliant, CodeAuthoriserRankTooLow},
		{"Senior Investigating Officer", NeedsVerification, CodeAuthoriserRankUnclear},
		{"SIO", NeedsVerification, CodeAuthoriserRankUnclear},
		{"Officer in Case", NeedsVerification, CodeAuthoriserRankUnclear},
		{"Grade 2", NeedsVerification, CodeAuthoriserRankUnclear},
		{"Boss", NeedsVerification, CodeAuthoriserRankUnclear},
		{"", NeedsVerification, CodeAuthoriserRankUnclear},
	}
	for _, tc := range cases {
		r := compliantRecord()
		r.Authoriser.Rank = tc.rank
		v := Check(r, DefaultPolicy())
		if v.Outcome != tc.verdict || (tc.code != "" && !v.Has(tc.code)) {
			t.Errorf("rank %q: %s %v, want %s with %q", tc.rank, v.Outcome, codesOf(v), tc.verdict, tc.code)
		}
	}
}
