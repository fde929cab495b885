package request

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryCodeCitesItsProvision makes each code fire on a record and
// checks the finding against FINDINGS.md's law column, by subsection, and
// the legislation.gov.uk page of the section; policy and Code of Practice
// findings carry no link, and their messages say whose rule it is.
func TestEveryCodeCitesItsProvision(t *testing.T) {
	const leg = "https://www.legislation.gov.uk/ukpga/2022/32/section/"
	cases := []struct {
		code Code
		law  string
		url  string
		edit func(r *Record)
	}{
		{CodeNotVictimInformationRequest, "PCSC Act 2022 s.44A(2)", leg + "44A", func(r *Record) { r.Kind = KindOther }},
		{CodeRequesterNotAuthorisedPerson, "PCSC Act 2022 s.44E(1), s.44F(2)", leg + "44E", func(r *Record) { r.Force = "Police Scotland" }},
		{CodeNotInWriting, "PCSC Act 2022 s.44C(1)", leg + "44C", func(r *Record) { r.Channel = ChannelPhone }},
		{CodeInformationSoughtMissing, "PCSC Act 2022 s.44C(1)(a)", leg + "44C", func(r *Record) { r.InformationSought = "" }},
		{CodeReasonMissing, "PCSC Act 2022 s.44C(1)(b)", leg + "44C", func(r *Record) { r.Reason = "" }},
		{CodeLineOfEnquiryMissing, "PCSC Act 2022 s.44C(1)(b), s.44A(3)(b)", leg + "44C", func(r *Record) { r.ReasonableLineOfEnquiry = "" }},
		{CodeNecessityProportionalityMissing, "PCSC Act 2022 s.44C(1)(b), s.44A(3)(c)", leg + "44C", func(r *Record) { r.NecessityAndProportionality = "" }},
		{CodeProbativeValueMissing, "PCSC Act 2022 s.44C(1)(b), s.44A(4)", leg + "44C", func(r *Record) { r.SubstantialProbativeValue = "" }},
		{CodeHandlingMissing, "PCSC Act 2022 s.44C(1)(c)", leg + "44C", func(r *Record) { r.Handling = "" }},
		{CodeWhySoughtOmittedOnGround, "PCSC Act 2022 s.44C(2)", leg + "44C", func(r *Record) {
			r.Reason, r.OmittedStatementsGround = "", GroundInterfereWithInvestigation
		}},
		{CodeHandlingOmittedOnGround, "PCSC Act 2022 s.44C(2)", leg + "44C", func(r *Record) {
			r.Handling, r.OmittedStatementsGround = "", GroundNotPracticable
		}},
		{CodeRequestTooBroad, "PCSC Act 2022 s.44A(3)(c)", leg + "44A", func(r *Record) { r.InformationSought = "All notes held" }},
		{CodePeriodMissing, "PCSC Act 2022 s.44A(3)(c)", leg + "44A", func(r *Record) { r.Period.To = "" }},
		{CodeTopicMissing, "PCSC Act 2022 s.44A(3)(c)", leg + "44A", func(r *Record) { r.Topic = "" }},
		{CodePeriodMultiYearWithoutIssue, "PCSC Act 2022 s.44A(3)(c)", leg + "44A", func(r *Record) {
			r.Topic, r.Period = "", Period{From: "2022-01-01", To: "2025-06-30"}
		}},
		{CodeNoticeMissing, "PCSC Act 2022 s.44B(1)", leg + "44B", func(r *Record) { r.Notice = Notice{Status: NoticeNone} }},
		{CodeNoticeStatusNotStated, "PCSC Act 2022 s.44B(1)", leg + "44B", func(r *Record) { r.Notice = Notice{} }},
		{CodeNoticeToFollow, "PCSC Act 2022 s.44B(3)", leg + "44B", func(r *Record) { r.Notice = Notice{Status: NoticeToFollow, To: RecipientVictim} }},
		{CodeNoticeWithheldWithoutGround, "PCSC Act 2022 s.44B(5)", leg + "44B", func(r *Record) { r.Notice = Notice{Status: NoticeWithheld} }},
		{CodeNoticeWithheld, "PCSC Act 2022 s.44B(5)", leg + "44B", func(r *Record) {
			r.Notice = Notice{Status: NoticeWithheld, Ground: GroundNotPracticable}
		}},
		{CodeClientContactSuppressed, "PCSC Act 2022 s.44B(5)(c)", leg + "44B", func(r *Record) {
			r.Notice = Notice{Status: NoticeWithheld, Ground: GroundSeriousHarm}
		}},
		{CodeNoticeToWrongRecipient, "PCSC Act 2022 s.44B(4)", leg + "44B", func(r *Record) { r.Victim.Age = intp(15) }},
		{CodeNoticeToOtherAdult, "PCSC Act 2022 s.44B(4)(b)", leg + "44B", func(r *Record) {
			r.Victim.Age, r.Notice.To = intp(15), RecipientAppropriateAdult
		}},
		{CodeNoticeRecipientIsSuspect, "PCSC Act 2022 s.44B(4)", leg + "44B", func(r *Record) {
			r.Victim.Age, r.Notice.To, r.Notice.RecipientIsSuspect = intp(15), RecipientParent, true
		}},
		{CodeAuthoriserMissing, "Code of Practice: authorisation at chief inspector rank or above", "", func(r *Record) { r.Authoriser.Name = "" }},
		{CodeAuthoriserRankTooLow, "Code of Practice: authorisation at chief inspector rank or above", "", func(r *Record) { r.Authoriser.Rank = "DI" }},
		{CodeAuthoriserRankUnclear, "Code of Practice: authorisation at chief inspector rank or above", "", func(r *Record) { r.Authoriser.Rank = "SIO" }},
		{CodeAuthoriserActingRank, "Code of Practice: authorisation at chief inspector rank or above", "", func(r *Record) { r.Authoriser.Rank = "A/DCI" }},
		{CodeAuthoriserIsRequester, "Confidant policy: independent authorisation", "", func(r *Record) { r.Authoriser.Name = r.Requester.Name }},
		{CodeAuthorisationAfterRequest, "Confidant policy: authorisation dates", "", func(r *Record) { r.Authoriser.AuthorisedOn = "2026-03-11" }},
		{CodeAuthorisationDateMissing, "Confidant policy: authorisation dates", "", func(r *Record) { r.Authoriser.AuthorisedOn = "" }},
		{CodeAuthorisationStale, "Confidant policy: authorisation dates", "", func(r *Record) { r.Authoriser.AuthorisedOn = "2025-10-01" }},
		{CodeSenderDomainLookalike, "Confidant policy: sender domain", "", func(r *Record) { r.SenderEmail = "ann@xforce-police.co.uk" }},
		{CodeSenderDomainNotAllowed, "Confidant policy: sender domain", "", func(r *Record) { r.SenderEmail = "ann.lee@gmail.com" }},
		{CodeCourtProcess, "Criminal Procedure (Attendance of Witnesses) Act 1965 s.2", "https://www.legislation.gov.uk/ukpga/1965/69/section/2", func(r *Record) { r.Kind = KindWitnessSummons }},
		{CodeDPACitedAsObligation, "DPA 2018 Sch.2 para 2", "https://www.legislation.gov.uk/ukpga/2018/12/schedule/2/paragraph/2", func(r *Record) {
			r.LegalBasisCited = "DPA 2018 Sch 2 para 2"
		}},
		{CodeCompulsionClaimed, "PCSC Act 2022 s.44A(1)", leg + "44A", func(r *Record) {
			r.LegalBasisCited = "PCSC Act 2022 s.44A: you are required to disclose"
		}},
	}
	tested := map[Code]bool{}
	for _, tc := range cases {
		tested[tc.code] = true
		t.Run(string(tc.code), func(t *testing.T) {
			if tc.code.Law() != tc.law || tc.code.URL() != tc.url {
				t.Fatalf("table says %q %q, want %q %q", tc.code.Law(), tc.code.URL(), tc.law, tc.url)
			}
			r := compliantRecord()
			tc.edit(&r)
			v := Check(r, DefaultPolicy())
			checkInvariants(t, r, v)
			for _, f := range v.Findings {
				if f.Code != tc.code {
					continue
				}
				if f.Law != tc.law || f.URL != tc.url {
					t.Fatalf("finding cites %q %q, want %q %q", f.Law, f.URL, tc.law, tc.url)
				}
				policy := tc.url == ""
				says := strings.Contains(f.Message, "Confidant") || strings.Contains(f.Message, "Code of Practice")
				if policy && !says {
					t.Errorf("a policy finding's message does not say whose rule it is: %s", f.Message)
				}
				return
			}
			t.Fatalf("%s did not fire (codes %v)", tc.code, codesOf(v))
		})
	}
	for _, c := range Codes() {
		if !tested[c] {
			t.Errorf("%s has no case here", c)
		}
	}
}

// TestMessagesClaimNoMoreThanTheAct holds the messages to what the Act
// says: it does not oblige a request to state the notice ground, and
// nothing in it compels a provider.
func TestMessagesClaimNoMoreThanTheAct(t *testing.T) {
	r := compliantRecord()
	r.Notice = Notice{Status: NoticeWithheld}
	r.LegalBasisCited = "PCSC Act 2022 s.44A; you must disclose"
	v := Check(r, DefaultPolicy())
	for _, f := range v.Findings {
		m := strings.ToLower(f.Message)
		for _, claim := range []string{"must be stated", "ground must be", "obliged to disclose", "required to disclose under s.44a"} {
			if strings.Contains(m, claim) {
				t.Errorf("%s claims %q: %s", f.Code, claim, f.Message)
			}
		}
	}
	if !v.Has(CodeCompulsionClaimed) || !v.Has(CodeNoticeWithheldWithoutGround) || v.Outcome != NeedsVerification {
		t.Fatalf("got %s %v", v.Outcome, codesOf(v))
	}
}

// TestLawMapCoversEveryCode keeps docs/law-map.md, the page a reviewer
// holds the checker to the Act with, in step with the codes: each code has
// a row, and the row cites the code's provision.
func TestLawMapCoversEveryCode(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "docs", "law-map.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[Code]string{}
	for line := range strings.Lines(string(data)) {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		code, _, _ := strings.Cut(strings.TrimPrefix(line, "| `"), "`")
		rows[Code(code)] = line
	}
	for _, c := range Codes() {
		row, ok := rows[c]
		if !ok {
			t.Errorf("%s has no row", c)
			continue
		}
		// The row gives the subsection as the law column does, without
		// the Act's name ("s.44C(1)(b), s.44A(3)(b)").
		law := strings.TrimPrefix(c.Law(), "PCSC Act 2022 ")
		if !strings.Contains(row, law) && !(strings.HasPrefix(c.Law(), "Code of Practice") && strings.Contains(row, "as above")) {
			t.Errorf("%s's row does not cite %q", c, law)
		}
	}
}
