package request

import (
	"slices"
	"testing"
)

// compliantRecord is a victim information request with nothing wrong: each
// rule's test changes one thing about it.
func compliantRecord() Record {
	age := 34
	return Record{
		Kind:        KindVictimInformationRequest,
		ReceivedOn:  "2026-03-10",
		Channel:     ChannelEmail,
		SenderEmail: "dc.ann.lee@xforce.police.uk",
		Force:       "X Force",
		Requester:   Requester{Name: "Ann Lee", Rank: "Detective Constable", Email: "dc.ann.lee@xforce.police.uk"},
		Authoriser: Authoriser{Name: "Raj Patel", Rank: "Detective Chief Inspector",
			Email: "raj.patel@xforce.police.uk", AuthorisedOn: "2026-03-09"},
		RequestDate:                 "2026-03-10",
		InformationSought:           "Notes of counselling sessions between 2025-01-01 and 2025-06-30 that record the client's account of the incident on 2024-12-20",
		Period:                      Period{From: "2025-01-01", To: "2025-06-30"},
		Topic:                       "the client's account of the incident on 2024-12-20",
		Reason:                      "The client told the officer she described the incident to her counsellor in January 2025.",
		ReasonableLineOfEnquiry:     "The timing of the incident is disputed; an early account is a reasonable line of enquiry.",
		NecessityAndProportionality: "No other record of the early account exists; only the passages on the incident are sought.",
		SubstantialProbativeValue:   "An account within weeks of the incident has substantial probative value on the disputed timing.",
		Handling:                    "Held on the force's secure case system, seen by the investigation team and CPS, retained under MoPI, disclosed to the defence only under the CPIA.",
		Victim:                      Victim{Age: &age},
		Notice:                      Notice{Status: NoticeGiven, GivenOn: "2026-03-08", To: RecipientVictim},
		LegalBasisCited:             "Police, Crime, Sentencing and Courts Act 2022 s.44A",
	}
}

func intp(n int) *int { return &n }

func codesOf(v Verdict) []Code {
	out := make([]Code, 0, len(v.Findings))
	for _, f := range v.Findings {
		out = append(out, f.Code)
	}
	return out
}

// checkInvariants asserts what must hold of every verdict, whatever the
// record: the shape of CONTRACT.md and the rules of FINDINGS.md that tie
// the fields together.
func checkInvariants(t *testing.T, r Record, v Verdict) {
	t.Helper()
	if v.Findings == nil || v.FollowUps == nil {
		t.Fatalf("findings or follow_ups is nil: %+v", v)
	}
	switch v.Outcome {
	case Compliant, NonCompliant, NeedsVerification, Compulsory:
	default:
		t.Fatalf("verdict %q is not one of the four", v.Outcome)
	}
	defect, verify := false, false
	for _, f := range v.Findings {
		sev, law, url := f.Code.info()
		if sev == "" || f.Severity != sev || f.Law != law || f.URL != url || f.Message == "" {
			t.Fatalf("finding %+v does not match its code's severity %q and law %q", f, sev, law)
		}
		defect = defect || f.Severity == SeverityDefect
		verify = verify || f.Severity == SeverityVerify
	}
	if v.SuspectedFraud != v.Has(CodeSenderDomainLookalike) {
		t.Fatalf("suspected_fraud %v but lookalike finding %v", v.SuspectedFraud, v.Has(CodeSenderDomainLookalike))
	}
	suppressed := r.Notice.Status == NoticeWithheld && r.Notice.Ground == GroundSeriousHarm
	if v.NotifyClient == suppressed {
		t.Fatalf("notify_client %v with notice %q on ground %q", v.NotifyClient, r.Notice.Status, r.Notice.Ground)
	}
	if suppressed != v.Has(CodeClientContactSuppressed) {
		t.Fatalf("client_contact_suppressed %v, want %v", v.Has(CodeClientContactSuppressed), suppressed)
	}
	var want Outcome
	switch {
	case v.SuspectedFraud:
		want = NonCompliant
	case r.Kind == KindWitnessSummons || r.Kind == KindCourtOrder:
		want = Compulsory
	case defect:
		want = NonCompliant
	case verify:
		want = NeedsVerification
	default:
		want = Compliant
	}
	if v.Outcome != want {
		t.Fatalf("verdict %q, the verdict rule gives %q (codes %v)", v.Outcome, want, codesOf(v))
	}
	if r.Kind == KindOther && !v.Has(CodeNotVictimInformationRequest) {
		t.Fatalf("kind other without not_victim_information_request")
	}
	if (r.Kind == KindWitnessSummons || r.Kind == KindCourtOrder) != v.Has(CodeCourtProcess) {
		t.Fatalf("court_process %v for kind %q", v.Has(CodeCourtProcess), r.Kind)
	}
	for i, f := range v.FollowUps {
		if f == "" || slices.Contains(v.FollowUps[i+1:], f) {
			t.Fatalf("follow-up %d empty or repeated: %q", i, f)
		}
	}
}
