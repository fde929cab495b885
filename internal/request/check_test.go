package request

import (
	"slices"
	"strings"
	"testing"
)

// ruleCase is one record, made by changing the compliant one, and what the
// checker must say about it.
type ruleCase struct {
	name    string
	edit    func(r *Record)
	verdict Outcome
	want    []Code // must all be among the findings
	absent  []Code // must not be
	fraud   bool
	silent  bool // notify_client false
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := compliantRecord()
			if tc.edit != nil {
				tc.edit(&r)
			}
			v := Check(r, DefaultPolicy())
			checkInvariants(t, r, v)
			got := codesOf(v)
			if v.Outcome != tc.verdict {
				t.Errorf("verdict %q, want %q (codes %v)", v.Outcome, tc.verdict, got)
			}
			for _, c := range tc.want {
				if !slices.Contains(got, c) {
					t.Errorf("missing %s (codes %v)", c, got)
				}
			}
			for _, c := range tc.absent {
				if slices.Contains(got, c) {
					t.Errorf("unexpected %s (codes %v)", c, got)
				}
			}
			if v.SuspectedFraud != tc.fraud {
				t.Errorf("suspected_fraud %v, want %v", v.SuspectedFraud, tc.fraud)
			}
			if v.NotifyClient == tc.silent {
				t.Errorf("notify_client %v, want %v", v.NotifyClient, !tc.silent)
			}
		})
	}
}

func TestCompliantRequestHasNoFindings(t *testing.T) {
	v := Check(compliantRecord(), DefaultPolicy())
	if v.Outcome != Compliant || len(v.Findings) != 0 || len(v.FollowUps) != 0 {
		t.Fatalf("got %+v", v)
	}
}

func TestZeroPolicyChecksAsDefaultPolicy(t *testing.T) {
	r := compliantRecord()
	r.SenderEmail = "someone@gmail.com"
	r.Force = "Police Scotland"
	a, b := Check(r, Policy{}), Check(r, DefaultPolicy())
	if !slices.Equal(codesOf(a), codesOf(b)) || a.Outcome != b.Outcome {
		t.Fatalf("zero policy %v %v, default %v %v", a.Outcome, codesOf(a), b.Outcome, codesOf(b))
	}
}

func TestKindDecidesWhichChecksRun(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "other is not a victim information request", edit: func(r *Record) { r.Kind = KindOther },
			verdict: NonCompliant, want: []Code{CodeNotVictimInformationRequest}},
		{name: "other runs no s.44 checks", edit: func(r *Record) {
			r.Kind = KindOther
			r.Reason, r.Handling, r.Topic = "", "", ""
			r.Authoriser = Authoriser{}
			r.Notice = Notice{}
		}, verdict: NonCompliant, want: []Code{CodeNotVictimInformationRequest},
			absent: []Code{CodeReasonMissing, CodeHandlingMissing, CodeTopicMissing, CodeAuthoriserMissing, CodeNoticeMissing}},
		{name: "other still runs sender checks", edit: func(r *Record) { r.Kind = KindOther; r.SenderEmail = "x@gmail.com" },
			verdict: NonCompliant, want: []Code{CodeNotVictimInformationRequest, CodeSenderDomainNotAllowed}},
		{name: "witness summons is compulsory even with no s.44 statements", edit: func(r *Record) {
			r.Kind = KindWitnessSummons
			r.Reason, r.Handling, r.Topic, r.InformationSought = "", "", "", "All notes"
			r.Authoriser = Authoriser{}
			r.Notice = Notice{Status: NoticeNone}
			r.Channel = ChannelPost
			r.LegalBasisCited = "DPA 2018 Sch 2 para 2: you must comply"
		}, verdict: Compulsory, want: []Code{CodeCourtProcess},
			absent: []Code{CodeReasonMissing, CodeRequestTooBroad, CodeAuthoriserMissing, CodeNoticeMissing, CodeDPACitedAsObligation}},
		{name: "court order is compulsory despite an unverified sender", edit: func(r *Record) {
			r.Kind = KindCourtOrder
			r.SenderEmail = "listing@justice.gov.uk"
		}, verdict: Compulsory, want: []Code{CodeCourtProcess, CodeSenderDomainNotAllowed}},
		{name: "court order from a lookalike domain is suspected fraud", edit: func(r *Record) {
			r.Kind = KindCourtOrder
			r.SenderEmail = "clerk@crown-court-police.co.uk"
		}, verdict: NonCompliant, want: []Code{CodeCourtProcess, CodeSenderDomainLookalike}, fraud: true},
		{name: "witness summons with notice withheld on serious harm stays silent", edit: func(r *Record) {
			r.Kind = KindWitnessSummons
			r.Notice = Notice{Status: NoticeWithheld, Ground: GroundSeriousHarm}
		}, verdict: Compulsory, want: []Code{CodeCourtProcess, CodeClientContactSuppressed}, silent: true},
		{name: "kind not stated runs every check", edit: func(r *Record) { r.Kind = ""; r.Handling = "" },
			verdict: NonCompliant, want: []Code{CodeHandlingMissing}},
	})
}

func TestSenderDomainRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "subdomain of police.uk is allowed", edit: func(r *Record) { r.SenderEmail = "a@met.police.uk" }, verdict: Compliant},
		{name: "nca.gov.uk is allowed", edit: func(r *Record) { r.SenderEmail = "a.b@nca.gov.uk" }, verdict: Compliant},
		{name: "cjsm.net subdomain is allowed", edit: func(r *Record) { r.SenderEmail = "a@xforce.police.uk.cjsm.net" }, verdict: Compliant},
		{name: "upper case domain is allowed", edit: func(r *Record) { r.SenderEmail = "A.Lee@XForce.Police.UK" }, verdict: Compliant},
		{name: "display name form is read", edit: func(r *Record) { r.SenderEmail = "Ann Lee <ann.lee@xforce.police.uk>" }, verdict: Compliant},
		{name: "police in the local part of a gmail address is no lookalike", edit: func(r *Record) { r.SenderEmail = "ann.lee.police@gmail.com" },
			verdict: NeedsVerification, want: []Code{CodeSenderDomainNotAllowed}},
		{name: "plain gmail needs verification", edit: func(r *Record) { r.SenderEmail = "annlee@gmail.com" },
			verdict: NeedsVerification, want: []Code{CodeSenderDomainNotAllowed}},
		{name: "hotmail.co.uk needs verification", edit: func(r *Record) { r.SenderEmail = "a@hotmail.co.uk" },
			verdict: NeedsVerification, want: []Code{CodeSenderDomainNotAllowed}},
		{name: "gov.uk that is not the NCA needs verification", edit: func(r *Record) { r.SenderEmail = "a@homeoffice.gov.uk" },
			verdict: NeedsVerification, want: []Code{CodeSenderDomainNotAllowed}},
		{name: "police.uk under another domain is a lookalike", edit: func(r *Record) { r.SenderEmail = "a@xforce.police.uk.example.com" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "hyphenated police domain is a lookalike", edit: func(r *Record) { r.SenderEmail = "a@xforce-police.co.uk" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true, absent: []Code{CodeSenderDomainNotAllowed}},
		{name: "police-uk.org is a lookalike", edit: func(r *Record) { r.SenderEmail = "a@police-uk.org" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "met-police.uk.com is a lookalike", edit: func(r *Record) { r.SenderEmail = "a@met-police.uk.com" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "policeuk without a dot is a lookalike", edit: func(r *Record) { r.SenderEmail = "a@xforcepolice.uk" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "digit zero for o is a lookalike", edit: func(r *Record) { r.SenderEmail = "a@xforce.p0lice.uk" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "cyrillic o is a lookalike", edit: func(r *Record) { r.SenderEmail = "a@xforce.p\u043elice.uk" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "punycode of a cyrillic police.uk is a lookalike", edit: func(r *Record) { r.SenderEmail = "a@xforce.xn--plice-jye.uk" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "nca.gov.uk under another domain is a lookalike", edit: func(r *Record) { r.SenderEmail = "a@nca.gov.uk.secure-mail.com" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "nca-gov.uk is a lookalike", edit: func(r *Record) { r.SenderEmail = "a@nca-gov.uk" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "cjsm look-alike is a lookalike", edit: func(r *Record) { r.SenderEmail = "a@cjsm-secure.net" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "lookalike on the requester's address is fraud", edit: func(r *Record) { r.Requester.Email = "a@xforce-police.org" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "lookalike on the authoriser's address is fraud", edit: func(r *Record) { r.Authoriser.Email = "raj@police.uk.net" },
			verdict: NonCompliant, want: []Code{CodeSenderDomainLookalike}, fraud: true},
		{name: "webmail requester address alone is not a sender finding", edit: func(r *Record) { r.Requester.Email = "ann@gmail.com" },
			verdict: Compliant},
		{name: "no sender address for a posted request needs nothing", edit: func(r *Record) { r.SenderEmail = ""; r.Channel = ChannelPost },
			verdict: Compliant},
		{name: "sender with no at sign needs verification", edit: func(r *Record) { r.SenderEmail = "annlee" },
			verdict: NeedsVerification, want: []Code{CodeSenderDomainNotAllowed}},
		{name: "francais domain is not taken for the NCA", edit: func(r *Record) { r.SenderEmail = "a@francais.fr" },
			verdict: NeedsVerification, want: []Code{CodeSenderDomainNotAllowed}, absent: []Code{CodeSenderDomainLookalike}},
	})
}

func TestAuthorisedPersonRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "Police Scotland by name", edit: func(r *Record) { r.Force = "Police Scotland" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "Police Scotland by domain", edit: func(r *Record) {
			r.SenderEmail, r.Requester.Email, r.Authoriser.Email = "a@scotland.police.uk", "a@scotland.police.uk", "b@scotland.police.uk"
		}, verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}, absent: []Code{CodeSenderDomainNotAllowed, CodeSenderDomainLookalike}},
		{name: "PSNI by domain", edit: func(r *Record) { r.SenderEmail = "a@psni.police.uk" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "PSNI by name", edit: func(r *Record) { r.Force = "Police Service of Northern Ireland" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "States of Jersey Police", edit: func(r *Record) { r.Force = "States of Jersey Police" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "Guernsey Police", edit: func(r *Record) { r.Force = "Guernsey Police" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "Isle of Man Constabulary", edit: func(r *Record) { r.Force = "Isle of Man Constabulary" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "Garda with accents", edit: func(r *Record) { r.Force = "An Garda Síochána" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "a foreign force", edit: func(r *Record) { r.Force = "Royal Canadian Mounted Police" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "New Scotland Yard is the Met", edit: func(r *Record) { r.Force = "Metropolitan Police Service (New Scotland Yard)" },
			verdict: Compliant},
		{name: "British Transport Police is in scope", edit: func(r *Record) { r.Force = "British Transport Police" }, verdict: Compliant},
		{name: "City of London Police is in scope", edit: func(r *Record) { r.Force = "City of London Police" }, verdict: Compliant},
		{name: "Ministry of Defence Police is in scope", edit: func(r *Record) { r.Force = "Ministry of Defence Police" }, verdict: Compliant},
		{name: "National Crime Agency is in scope", edit: func(r *Record) { r.Force = "National Crime Agency"; r.SenderEmail = "a@nca.gov.uk" }, verdict: Compliant},
		{name: "Welsh force is in scope", edit: func(r *Record) { r.Force = "South Wales Police" }, verdict: Compliant},
		{name: "unknown force is assumed in scope", edit: func(r *Record) { r.Force = "Northshire Constabulary" }, verdict: Compliant},
		{name: "unknown force on a foreign domain is outside", edit: func(r *Record) {
			r.Force = "Northshire Constabulary"
			r.SenderEmail = "a.lee@polizei.hessen.de"
		}, verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "IOPC on its own domain is in scope", edit: func(r *Record) {
			r.Force = "Independent Office for Police Conduct"
			r.SenderEmail, r.Requester.Email, r.Authoriser.Email = "a@policeconduct.gov.uk", "a@policeconduct.gov.uk", "b@policeconduct.gov.uk"
		}, verdict: Compliant},
		{name: "Royal Military Police on mod.gov.uk is in scope", edit: func(r *Record) {
			r.Force = "Royal Military Police"
			r.SenderEmail = "rmp-sib@mod.gov.uk"
		}, verdict: Compliant},
		{name: "RAF Police is in scope", edit: func(r *Record) { r.Force = "RAF Police" }, verdict: Compliant},
		{name: "Royal Navy Police is in scope", edit: func(r *Record) { r.Force = "Royal Navy Police" }, verdict: Compliant},
		{name: "Service Police Complaints Commissioner's designee is in scope", edit: func(r *Record) {
			r.Force = "Office of the Service Police Complaints Commissioner"
		}, verdict: Compliant},
		{name: "us in a sentence is no country", edit: func(r *Record) {
			r.Force = "Kent Police, please reply to us at the address below"
		}, verdict: Compliant},
		{name: "US in a name written all in capitals is the word us", edit: func(r *Record) {
			r.Force = "KENT POLICE - PLEASE CONTACT US ON 101"
		}, verdict: Compliant},
		{name: "US in capitals is the United States", edit: func(r *Record) { r.Force = "US Marshals Service" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "U.S.A. with dots is the United States", edit: func(r *Record) { r.Force = "Police Department, U.S.A." },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "a demonym names a country", edit: func(r *Record) { r.Force = "Lithuanian Police" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "a country named in full", edit: func(r *Record) { r.Force = "National Police of the Republic of Moldova" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "New South Wales is not South Wales", edit: func(r *Record) { r.Force = "New South Wales Police Force" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "Norfolk is in England, Norfolk Island is not", edit: func(r *Record) { r.Force = "Norfolk Constabulary" }, verdict: Compliant},
		{name: "Avon & Somerset with an ampersand is in scope", edit: func(r *Record) { r.Force = "Avon & Somerset Constabulary" }, verdict: Compliant},
		{name: "private investigators on their own are not authorised persons", edit: func(r *Record) { r.Force = "Acme Private Investigators" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "private investigators engaged by a force are its contractors", edit: func(r *Record) {
			r.Force = "Acme Private Investigators, engaged by Kent Police"
			r.SenderEmail = "ops@acme-investigations.example.com"
		}, verdict: NeedsVerification, want: []Code{CodeSenderDomainNotAllowed}, absent: []Code{CodeRequesterNotAuthorisedPerson}},
		{name: "a solicitor is not an authorised person", edit: func(r *Record) { r.Force = "Smith & Co Solicitors" },
			verdict: NonCompliant, want: []Code{CodeRequesterNotAuthorisedPerson}},
	})
}

func TestRecognisedBodyGivesStableIDs(t *testing.T) {
	cases := map[string]string{
		"Metropolitan Police Service":                  "metropolitan",
		"the Met":                                      "metropolitan",
		"New Scotland Yard":                            "metropolitan",
		"Avon & Somerset Constabulary":                 "avon-and-somerset",
		"DYFED-POWYS POLICE":                           "dyfed-powys",
		"British Transport Police":                     "british-transport-police",
		"Independent Office for Police Conduct (IOPC)": "iopc",
		"RAF Police":                                   "raf-police",
		"Police Scotland":                              "police-scotland",
		"PSNI":                                         "psni",
		"Royal Canadian Mounted Police":                "rcmp",
		"Polícia de Segurança Pública, Portugal":       "country-pt",
		"Bundespolizei (German Federal Police)":        "european-forces",
		"Côte d'Ivoire National Police":                "country-ci",
		"Kent Police":                                  "kent",
	}
	for name, want := range cases {
		id, ok := RecognisedBody(name)
		if !ok || id != want {
			t.Errorf("RecognisedBody(%q) = %q %v, want %q", name, id, ok, want)
		}
		if b, ok := BodyByID(id); ok && b.ID != id {
			t.Errorf("BodyByID(%q) = %+v", id, b)
		}
	}
	for _, name := range []string{"", "Northshire Constabulary", "contact us", "X Force", "Serious Crime Unit"} {
		if id, ok := RecognisedBody(name); ok {
			t.Errorf("RecognisedBody(%q) = %q, want none", name, id)
		}
	}
}

func TestRecognisedSenderFallsBackOnTheDomain(t *testing.T) {
	cases := []struct{ force, email, want string }{
		{"Kent Police", "someone@gmail.com", "kent"},
		{"", "a.lee@kent.police.uk", "kent"},
		{"Major Crime Unit", "a.lee@kent.pnn.police.uk", "kent"},
		{"", "a.lee@psni.police.uk", "psni"},
		{"", "a.lee@policeconduct.gov.uk", "iopc"},
		{"", "a.lee@mod.gov.uk", ""},
		{"", "a.lee@northshire.police.uk", ""},
		{"", "a.lee@police.uk", ""},
		{"", "", ""},
	}
	for _, tc := range cases {
		id, ok := RecognisedSender(tc.force, tc.email)
		if id != tc.want || ok != (tc.want != "") {
			t.Errorf("RecognisedSender(%q, %q) = %q %v, want %q", tc.force, tc.email, id, ok, tc.want)
		}
	}
}

func TestBodyDataIsWellFormed(t *testing.T) {
	d, err := loadBodies()
	if err != nil {
		t.Fatal(err)
	}
	within := 0
	for _, b := range Bodies() {
		if b.Scope == ScopeWithin {
			within++
		}
		if b.Name == "" || b.Basis == "" {
			t.Errorf("body %q lacks a name or basis", b.ID)
		}
		if got, ok := recogniseForce(b.Name); !ok || got.ID != b.ID {
			t.Errorf("%q is read as %q", b.Name, got.ID)
		}
	}
	// 43 forces of England and Wales, BTP, MoD Police, NCA, IOPC, three
	// service police, DSCU and the Service Police Complaints Commissioner.
	if within != 52 {
		t.Errorf("%d bodies within s.44E/F", within)
	}
	countries := 0
	for id := range d.byID {
		if strings.HasPrefix(id, "country-") {
			countries++
		}
	}
	if countries < 240 {
		t.Errorf("only %d countries and territories", countries)
	}
	if _, ok := d.byID["country-gb"]; ok {
		t.Error("the United Kingdom is listed as a foreign country")
	}
}

func TestOldPolicyWordsDoNotOverrideTheData(t *testing.T) {
	r := compliantRecord()
	r.Force = "Metropolitan Police (New Scotland Yard), contact us"
	p := DefaultPolicy()
	p.OutOfScopeForces = []string{"scotland", "us", "hmrc"}
	if v := Check(r, p); v.Outcome != Compliant {
		t.Fatalf("got %s %v", v.Outcome, codesOf(v))
	}
	p.OutOfScopeForces = []string{"Northshire"}
	r.Force = "Northshire Constabulary"
	if v := Check(r, p); !v.Has(CodeRequesterNotAuthorisedPerson) {
		t.Fatalf("a service's own word did not count: %v", codesOf(v))
	}
}

func TestStatementRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "phone is not in writing", edit: func(r *Record) { r.Channel = ChannelPhone },
			verdict: NonCompliant, want: []Code{CodeNotInWriting}},
		{name: "post is in writing", edit: func(r *Record) { r.Channel = ChannelPost }, verdict: Compliant},
		{name: "information sought missing", edit: func(r *Record) { r.InformationSought = "" },
			verdict: NonCompliant, want: []Code{CodeInformationSoughtMissing}},
		{name: "information sought missing is never excused by a ground", edit: func(r *Record) {
			r.InformationSought = "  "
			r.OmittedStatementsGround = GroundInterfereWithInvestigation
		}, verdict: NonCompliant, want: []Code{CodeInformationSoughtMissing}},
		{name: "placeholder counts as missing", edit: func(r *Record) { r.Reason = "N/A" },
			verdict: NonCompliant, want: []Code{CodeReasonMissing}},
		{name: "reason missing", edit: func(r *Record) { r.Reason = "" },
			verdict: NonCompliant, want: []Code{CodeReasonMissing}},
		{name: "line of enquiry missing", edit: func(r *Record) { r.ReasonableLineOfEnquiry = "" },
			verdict: NonCompliant, want: []Code{CodeLineOfEnquiryMissing}},
		{name: "necessity and proportionality missing", edit: func(r *Record) { r.NecessityAndProportionality = "" },
			verdict: NonCompliant, want: []Code{CodeNecessityProportionalityMissing}},
		{name: "probative value missing", edit: func(r *Record) { r.SubstantialProbativeValue = "" },
			verdict: NonCompliant, want: []Code{CodeProbativeValueMissing}},
		{name: "handling missing", edit: func(r *Record) { r.Handling = "" },
			verdict: NonCompliant, want: []Code{CodeHandlingMissing}},
		{name: "why sought omitted on a stated ground needs verification", edit: func(r *Record) {
			r.Reason, r.SubstantialProbativeValue = "", ""
			r.OmittedStatementsGround = GroundInterfereWithInvestigation
		}, verdict: NeedsVerification, want: []Code{CodeWhySoughtOmittedOnGround},
			absent: []Code{CodeReasonMissing, CodeProbativeValueMissing}},
		{name: "handling omitted on a stated ground needs verification", edit: func(r *Record) {
			r.Handling = ""
			r.OmittedStatementsGround = GroundSeriousHarm
		}, verdict: NeedsVerification, want: []Code{CodeHandlingOmittedOnGround}, absent: []Code{CodeHandlingMissing}},
		{name: "ground stated with nothing omitted changes nothing", edit: func(r *Record) { r.OmittedStatementsGround = GroundNotPracticable },
			verdict: Compliant},
		{name: "everything omitted on a ground", edit: func(r *Record) {
			r.Reason, r.ReasonableLineOfEnquiry, r.NecessityAndProportionality, r.SubstantialProbativeValue, r.Handling = "", "", "", "", ""
			r.OmittedStatementsGround = GroundNotPracticable
		}, verdict: NeedsVerification, want: []Code{CodeWhySoughtOmittedOnGround, CodeHandlingOmittedOnGround}},
	})
}

func TestScopeRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "all notes is too broad", edit: func(r *Record) { r.InformationSought = "All notes held on the client" },
			verdict: NonCompliant, want: []Code{CodeRequestTooBroad}},
		{name: "the complete file is too broad", edit: func(r *Record) { r.InformationSought = "The Complete File for this client" },
			verdict: NonCompliant, want: []Code{CodeRequestTooBroad}},
		{name: "any and all records is too broad", edit: func(r *Record) { r.InformationSought = "Any and all records relating to her" },
			verdict: NonCompliant, want: []Code{CodeRequestTooBroad}},
		{name: "a broad topic is too broad", edit: func(r *Record) { r.Topic = "anything relevant to the investigation" },
			verdict: NonCompliant, want: []Code{CodeRequestTooBroad}},
		{name: "all her counselling notes is too broad", edit: func(r *Record) { r.InformationSought = "All of her counselling notes" },
			verdict: NonCompliant, want: []Code{CodeRequestTooBroad}},
		{name: "entire counselling file is too broad", edit: func(r *Record) { r.InformationSought = "The entire counselling file" },
			verdict: NonCompliant, want: []Code{CodeRequestTooBroad}},
		{name: "specific extract is not too broad", edit: func(r *Record) {
			r.InformationSought = "The note of the session on 2025-02-03 in which the client described the assault"
		}, verdict: Compliant},
		{name: "period missing its end", edit: func(r *Record) { r.Period.To = "" },
			verdict: NonCompliant, want: []Code{CodePeriodMissing}},
		{name: "period missing entirely", edit: func(r *Record) { r.Period = Period{} },
			verdict: NonCompliant, want: []Code{CodePeriodMissing}},
		{name: "period backwards", edit: func(r *Record) { r.Period = Period{From: "2025-06-30", To: "2025-01-01"} },
			verdict: NonCompliant, want: []Code{CodePeriodMissing}},
		{name: "period of one day is fine", edit: func(r *Record) { r.Period = Period{From: "2025-02-03", To: "2025-02-03"} },
			verdict: Compliant},
		{name: "impossible period date is no usable range", edit: func(r *Record) { r.Period.From = "2025-02-30" },
			verdict: NonCompliant, want: []Code{CodePeriodMissing}},
		{name: "topic missing", edit: func(r *Record) { r.Topic = "" },
			verdict: NonCompliant, want: []Code{CodeTopicMissing}, absent: []Code{CodePeriodMultiYearWithoutIssue}},
		{name: "multi-year period without an issue", edit: func(r *Record) {
			r.Topic = ""
			r.Period = Period{From: "2020-01-01", To: "2025-12-31"}
		}, verdict: NonCompliant, want: []Code{CodeTopicMissing, CodePeriodMultiYearWithoutIssue}},
		{name: "exactly one year without an issue is not multi-year", edit: func(r *Record) {
			r.Topic = ""
			r.Period = Period{From: "2024-03-01", To: "2025-03-01"}
		}, verdict: NonCompliant, want: []Code{CodeTopicMissing}, absent: []Code{CodePeriodMultiYearWithoutIssue}},
		{name: "one year and a day without an issue is multi-year", edit: func(r *Record) {
			r.Topic = ""
			r.Period = Period{From: "2024-03-01", To: "2025-03-02"}
		}, verdict: NonCompliant, want: []Code{CodePeriodMultiYearWithoutIssue}},
		{name: "multi-year period with an issue is not flagged", edit: func(r *Record) {
			r.Period = Period{From: "2020-01-01", To: "2025-12-31"}
		}, verdict: Compliant},
	})
}

func TestNoticeRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "no notice", edit: func(r *Record) { r.Notice = Notice{Status: NoticeNone} },
			verdict: NonCompliant, want: []Code{CodeNoticeMissing}},
		{name: "notice status not stated is asked, not a defect", edit: func(r *Record) { r.Notice = Notice{} },
			verdict: NeedsVerification, want: []Code{CodeNoticeStatusNotStated}, absent: []Code{CodeNoticeMissing}},
		{name: "notice to follow needs a follow-up", edit: func(r *Record) { r.Notice = Notice{Status: NoticeToFollow, To: RecipientVictim} },
			verdict: NeedsVerification, want: []Code{CodeNoticeToFollow}},
		{name: "withheld with no ground is asked, not a defect", edit: func(r *Record) { r.Notice = Notice{Status: NoticeWithheld} },
			verdict: NeedsVerification, want: []Code{CodeNoticeWithheldWithoutGround}, absent: []Code{CodeNoticeWithheld, CodeClientContactSuppressed}},
		{name: "withheld as it might interfere", edit: func(r *Record) {
			r.Notice = Notice{Status: NoticeWithheld, Ground: GroundInterfereWithInvestigation}
		}, verdict: NeedsVerification, want: []Code{CodeNoticeWithheld}, absent: []Code{CodeClientContactSuppressed}},
		{name: "withheld for serious harm suppresses client contact", edit: func(r *Record) {
			r.Notice = Notice{Status: NoticeWithheld, Ground: GroundSeriousHarm}
		}, verdict: NeedsVerification, want: []Code{CodeNoticeWithheld, CodeClientContactSuppressed}, silent: true},
		{name: "adult notice to a parent is wrong", edit: func(r *Record) { r.Notice.To = RecipientParent },
			verdict: NonCompliant, want: []Code{CodeNoticeToWrongRecipient}},
		{name: "child notice to the child is wrong", edit: func(r *Record) { r.Victim.Age = intp(15) },
			verdict: NonCompliant, want: []Code{CodeNoticeToWrongRecipient}},
		{name: "seventeen-year-old is a child", edit: func(r *Record) { r.Victim.Age = intp(17) },
			verdict: NonCompliant, want: []Code{CodeNoticeToWrongRecipient}},
		{name: "eighteen-year-old is an adult", edit: func(r *Record) { r.Victim.Age = intp(18) }, verdict: Compliant},
		{name: "child notice to a parent is right", edit: func(r *Record) { r.Victim.Age = intp(15); r.Notice.To = RecipientParent },
			verdict: Compliant},
		{name: "child notice to a guardian is right", edit: func(r *Record) { r.Victim.Age = intp(9); r.Notice.To = RecipientGuardian },
			verdict: Compliant},
		{name: "adult lacking capacity notice to the victim is wrong", edit: func(r *Record) { r.Victim.LacksCapacity = true },
			verdict: NonCompliant, want: []Code{CodeNoticeToWrongRecipient}},
		{name: "adult lacking capacity notice to a guardian is right", edit: func(r *Record) {
			r.Victim.LacksCapacity = true
			r.Notice.To = RecipientGuardian
		}, verdict: Compliant},
		{name: "child in care notice to the local authority is right", edit: func(r *Record) {
			r.Victim = Victim{Age: intp(14), InLocalAuthorityCare: true}
			r.Notice.To = RecipientLocalAuthority
		}, verdict: Compliant},
		{name: "child in care notice to a parent is another adult", edit: func(r *Record) {
			r.Victim = Victim{Age: intp(14), InLocalAuthorityCare: true}
			r.Notice.To = RecipientParent
		}, verdict: NeedsVerification, want: []Code{CodeNoticeToOtherAdult}},
		{name: "child notice to an appropriate adult needs verification", edit: func(r *Record) {
			r.Victim.Age = intp(12)
			r.Notice.To = RecipientAppropriateAdult
		}, verdict: NeedsVerification, want: []Code{CodeNoticeToOtherAdult}, absent: []Code{CodeNoticeToWrongRecipient}},
		{name: "child notice to follow to the child is wrong", edit: func(r *Record) {
			r.Victim.Age = intp(16)
			r.Notice = Notice{Status: NoticeToFollow, To: RecipientVictim}
		}, verdict: NonCompliant, want: []Code{CodeNoticeToWrongRecipient, CodeNoticeToFollow}},
		{name: "notice to a suspect parent needs verification", edit: func(r *Record) {
			r.Victim.Age = intp(13)
			r.Notice.To = RecipientParent
			r.Notice.RecipientIsSuspect = true
		}, verdict: NeedsVerification, want: []Code{CodeNoticeRecipientIsSuspect}},
		{name: "age not stated with notice to the victim is accepted", edit: func(r *Record) { r.Victim.Age = nil }, verdict: Compliant},
		{name: "age not stated in care is a child", edit: func(r *Record) {
			r.Victim = Victim{InLocalAuthorityCare: true}
		}, verdict: NonCompliant, want: []Code{CodeNoticeToWrongRecipient}},
		{name: "child in voluntary organisation care notice to it is right", edit: func(r *Record) {
			r.Victim = Victim{Age: intp(15), InVoluntaryOrganisationCare: true}
			r.Notice.To = RecipientVoluntaryOrg
		}, verdict: Compliant},
		{name: "child in voluntary organisation care notice to a parent is another adult", edit: func(r *Record) {
			r.Victim = Victim{Age: intp(15), InVoluntaryOrganisationCare: true}
			r.Notice.To = RecipientParent
		}, verdict: NeedsVerification, want: []Code{CodeNoticeToOtherAdult}},
		{name: "child in local authority care notice to a voluntary organisation is another adult", edit: func(r *Record) {
			r.Victim = Victim{Age: intp(15), InLocalAuthorityCare: true}
			r.Notice.To = RecipientVoluntaryOrg
		}, verdict: NeedsVerification, want: []Code{CodeNoticeToOtherAdult}},
		{name: "adult lacking capacity in local authority care notice to it is right", edit: func(r *Record) {
			r.Victim = Victim{Age: intp(40), LacksCapacity: true, InLocalAuthorityCare: true}
			r.Notice.To = RecipientLocalAuthority
		}, verdict: Compliant},
		{name: "adult lacking capacity in voluntary organisation care notice to it is right", edit: func(r *Record) {
			r.Victim = Victim{Age: intp(52), LacksCapacity: true, InVoluntaryOrganisationCare: true}
			r.Notice.To = RecipientVoluntaryOrg
		}, verdict: Compliant},
		{name: "adult lacking capacity in care notice to a guardian is another adult", edit: func(r *Record) {
			r.Victim = Victim{Age: intp(52), LacksCapacity: true, InVoluntaryOrganisationCare: true}
			r.Notice.To = RecipientGuardian
		}, verdict: NeedsVerification, want: []Code{CodeNoticeToOtherAdult}},
		{name: "adult with capacity in care is told personally", edit: func(r *Record) {
			r.Victim = Victim{Age: intp(30), InVoluntaryOrganisationCare: true}
			r.Notice.To = RecipientVoluntaryOrg
		}, verdict: NonCompliant, want: []Code{CodeNoticeToWrongRecipient}},
		{name: "adult lacking capacity in care notice to the victim is wrong", edit: func(r *Record) {
			r.Victim = Victim{Age: intp(30), LacksCapacity: true, InVoluntaryOrganisationCare: true}
		}, verdict: NonCompliant, want: []Code{CodeNoticeToWrongRecipient}},
	})
}

func TestAuthoriserRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "authoriser not named", edit: func(r *Record) { r.Authoriser.Name = "" },
			verdict: NonCompliant, want: []Code{CodeAuthoriserMissing}},
		{name: "no authoriser at all", edit: func(r *Record) { r.Authoriser = Authoriser{} },
			verdict: NonCompliant, want: []Code{CodeAuthoriserMissing}, absent: []Code{CodeAuthorisationDateMissing}},
		{name: "detective inspector is too low", edit: func(r *Record) { r.Authoriser.Rank = "Detective Inspector" },
			verdict: NonCompliant, want: []Code{CodeAuthoriserRankTooLow}},
		{name: "acting inspector is still too low", edit: func(r *Record) { r.Authoriser.Rank = "A/DI" },
			verdict: NonCompliant, want: []Code{CodeAuthoriserRankTooLow}, absent: []Code{CodeAuthoriserActingRank}},
		{name: "SIO is a role", edit: func(r *Record) { r.Authoriser.Rank = "SIO" },
			verdict: NeedsVerification, want: []Code{CodeAuthoriserRankUnclear}},
		{name: "rank not stated", edit: func(r *Record) { r.Authoriser.Rank = "" },
			verdict: NeedsVerification, want: []Code{CodeAuthoriserRankUnclear}},
		{name: "NCA grade is unclear by default", edit: func(r *Record) { r.Authoriser.Rank = "NCA Grade 2" },
			verdict: NeedsVerification, want: []Code{CodeAuthoriserRankUnclear}},
		{name: "acting DCI counts with an info finding", edit: func(r *Record) { r.Authoriser.Rank = "A/DCI" },
			verdict: Compliant, want: []Code{CodeAuthoriserActingRank}},
		{name: "same name is the requester", edit: func(r *Record) { r.Authoriser.Name = "ann  LEE." },
			verdict: NonCompliant, want: []Code{CodeAuthoriserIsRequester}},
		{name: "same email is the requester", edit: func(r *Record) { r.Authoriser.Email = "DC.Ann.Lee@xforce.police.uk" },
			verdict: NonCompliant, want: []Code{CodeAuthoriserIsRequester}},
		{name: "name with a rank in front is the requester", edit: func(r *Record) { r.Authoriser.Name = "DCI Ann Lee" },
			verdict: NonCompliant, want: []Code{CodeAuthoriserIsRequester}},
		{name: "different people with the same surname are not", edit: func(r *Record) { r.Authoriser.Name = "Ben Lee" }, verdict: Compliant},
		{name: "authorised after the request date", edit: func(r *Record) { r.Authoriser.AuthorisedOn = "2026-03-11"; r.ReceivedOn = "2026-03-12" },
			verdict: NonCompliant, want: []Code{CodeAuthorisationAfterRequest}},
		{name: "authorised on the day of the request is fine", edit: func(r *Record) { r.Authoriser.AuthorisedOn = "2026-03-10" }, verdict: Compliant},
		{name: "authorised after receipt with no request date", edit: func(r *Record) {
			r.RequestDate = ""
			r.Authoriser.AuthorisedOn = "2026-03-11"
		}, verdict: NonCompliant, want: []Code{CodeAuthorisationAfterRequest}},
		{name: "authorisation date missing", edit: func(r *Record) { r.Authoriser.AuthorisedOn = "" },
			verdict: NeedsVerification, want: []Code{CodeAuthorisationDateMissing}},
		{name: "impossible authorisation date is as good as missing", edit: func(r *Record) { r.Authoriser.AuthorisedOn = "2026-02-30" },
			verdict: NeedsVerification, want: []Code{CodeAuthorisationDateMissing}},
		{name: "authorisation exactly 90 days old is fine", edit: func(r *Record) { r.Authoriser.AuthorisedOn = "2025-12-10" }, verdict: Compliant},
		{name: "authorisation 91 days old is stale", edit: func(r *Record) { r.Authoriser.AuthorisedOn = "2025-12-09" },
			verdict: NeedsVerification, want: []Code{CodeAuthorisationStale}},
	})
}

func TestLegalBasisRules(t *testing.T) {
	runRuleCases(t, []ruleCase{
		{name: "DPA cited as a requirement", edit: func(r *Record) {
			r.LegalBasisCited = "Data Protection Act 2018 Schedule 2 paragraph 2: you are legally required to provide these records"
		}, verdict: NonCompliant, want: []Code{CodeDPACitedAsObligation}},
		{name: "DPA cited alone", edit: func(r *Record) { r.LegalBasisCited = "DPA 2018 Sch.2 Pt.1 para.2" },
			verdict: NonCompliant, want: []Code{CodeDPACitedAsObligation}},
		{name: "DPA cited beside s.44A as a permission", edit: func(r *Record) {
			r.LegalBasisCited = "PCSC Act 2022 s.44A; disclosure is permitted by DPA 2018 Sch 2 para 2"
		}, verdict: Compliant},
		{name: "DPA cited beside s.44A as an obligation", edit: func(r *Record) {
			r.LegalBasisCited = "PCSC Act 2022 s.44A and DPA 2018 Sch 2 para 2, under which you must disclose"
		}, verdict: NonCompliant, want: []Code{CodeDPACitedAsObligation}},
		{name: "DPA cited beside s.44A saying it does not compel", edit: func(r *Record) {
			r.LegalBasisCited = "PCSC Act 2022 s.44A. DPA 2018 Sch 2 para 2 permits, but does not require, disclosure."
		}, verdict: Compliant},
		{name: "no legal basis cited is no DPA finding", edit: func(r *Record) { r.LegalBasisCited = "" }, verdict: Compliant},
		{name: "s.44A said to require disclosure is compulsion claimed", edit: func(r *Record) {
			r.LegalBasisCited = "PCSC Act 2022 s.44A - you are required to disclose the records requested"
		}, verdict: NeedsVerification, want: []Code{CodeCompulsionClaimed}, absent: []Code{CodeDPACitedAsObligation}},
		{name: "a duty to comply is compulsion claimed", edit: func(r *Record) {
			r.LegalBasisCited = "Section 44A Police, Crime, Sentencing and Courts Act 2022. The service is under a duty to comply."
		}, verdict: NeedsVerification, want: []Code{CodeCompulsionClaimed}},
		{name: "an obligation to comply is compulsion claimed", edit: func(r *Record) {
			r.LegalBasisCited = "Chapter 3A PCSC Act 2022 places an obligation on you to provide the notes"
		}, verdict: NeedsVerification, want: []Code{CodeCompulsionClaimed}},
		{name: "saying the service is not obliged is no compulsion", edit: func(r *Record) {
			r.LegalBasisCited = "PCSC Act 2022 s.44A; we recognise you are not obliged to disclose"
		}, verdict: Compliant, absent: []Code{CodeCompulsionClaimed}},
		{name: "DPA as an obligation is one finding, not two", edit: func(r *Record) {
			r.LegalBasisCited = "DPA 2018 Sch 2 para 2 obliges you to disclose"
		}, verdict: NonCompliant, want: []Code{CodeDPACitedAsObligation}, absent: []Code{CodeCompulsionClaimed}},
		{name: "a witness summons may say it compels", edit: func(r *Record) {
			r.Kind = KindWitnessSummons
			r.LegalBasisCited = "Criminal Procedure (Attendance of Witnesses) Act 1965 s.2: you are required to produce"
		}, verdict: Compulsory, want: []Code{CodeCourtProcess}, absent: []Code{CodeCompulsionClaimed}},
	})
}

func TestFollowUpsNameWhatToChase(t *testing.T) {
	r := compliantRecord()
	r.Notice = Notice{Status: NoticeToFollow, To: RecipientVictim}
	r.Authoriser.AuthorisedOn = "2025-11-01"
	r.SenderEmail = "ann@gmail.com"
	v := Check(r, DefaultPolicy())
	for _, want := range []string{
		"Confirm with the authoriser that notice has been given to the victim",
		"Re-verify that the authorisation of 2025-11-01 still stands",
		"Call the force's published switchboard to verify the sender",
	} {
		if !slices.Contains(v.FollowUps, want) {
			t.Errorf("follow-ups %q lack %q", v.FollowUps, want)
		}
	}
}

func TestFindingsListDefectsFirst(t *testing.T) {
	r := compliantRecord()
	r.SenderEmail = "ann@gmail.com"
	r.Handling = ""
	r.Authoriser.Rank = "A/DCI"
	v := Check(r, DefaultPolicy())
	sevs := make([]int, len(v.Findings))
	for i, f := range v.Findings {
		sevs[i] = severityRank(f.Severity)
	}
	if !slices.IsSorted(sevs) || len(sevs) != 3 {
		t.Fatalf("findings not in severity order: %v", codesOf(v))
	}
}

func TestMessagesAreOneLineOfPlainEnglish(t *testing.T) {
	r := compliantRecord()
	r.Kind = ""
	r.Channel = ChannelPhone
	r.InformationSought = "all notes"
	r.Notice = Notice{Status: NoticeWithheld}
	r.Authoriser.Rank = "PC"
	r.LegalBasisCited = "DPA"
	v := Check(r, DefaultPolicy())
	for _, f := range v.Findings {
		if strings.ContainsAny(f.Message, "\n\r") || !strings.HasSuffix(f.Message, ".") || len(f.Message) < 40 {
			t.Errorf("%s message %q", f.Code, f.Message)
		}
	}
}

func TestCheckIsDeterministic(t *testing.T) {
	r := compliantRecord()
	r.SenderEmail = "x@xforce-police.co.uk"
	r.Topic = ""
	a, b := Check(r, DefaultPolicy()), Check(r, DefaultPolicy())
	if !slices.Equal(codesOf(a), codesOf(b)) || !slices.Equal(a.FollowUps, b.FollowUps) {
		t.Fatal("two checks of one record differ")
	}
}

func TestPolicySettingsChangeTheChecks(t *testing.T) {
	r := compliantRecord()
	r.SenderEmail = "a@secure.example.gov.uk"
	r.Authoriser.Rank = "NCA Grade 2"
	r.Authoriser.AuthorisedOn = "2025-11-20"
	p := DefaultPolicy()
	p.AllowedDomains = append(p.AllowedDomains, "example.gov.uk")
	p.ExtraSeniorRanks = []string{"Grade 2"}
	p.MaxAuthorisationAgeDays = 120
	if v := Check(r, p); v.Outcome != Compliant {
		t.Fatalf("with the policy: %v %v", v.Outcome, codesOf(v))
	}
	v := Check(r, DefaultPolicy())
	for _, c := range []Code{CodeSenderDomainNotAllowed, CodeAuthoriserRankUnclear, CodeAuthorisationStale} {
		if !v.Has(c) {
			t.Errorf("default policy lacks %s: %v", c, codesOf(v))
		}
	}
}

func TestCodesHaveSeverityAndLaw(t *testing.T) {
	seen := map[Code]bool{}
	for _, c := range Codes() {
		if seen[c] {
			t.Errorf("%s listed twice", c)
		}
		seen[c] = true
		if c.Severity() == "" || c.Law() == "" {
			t.Errorf("%s has no severity or law", c)
		}
	}
	if len(seen) != 37 {
		t.Errorf("%d codes, FINDINGS.md has 37", len(seen))
	}
}

func BenchmarkCheck(b *testing.B) {
	r := compliantRecord()
	r.SenderEmail = "ann@gmail.com"
	r.Authoriser.Rank = "A/Det. Ch. Supt."
	r.LegalBasisCited = "PCSC Act 2022 s.44A; DPA 2018 Sch 2 para 2 does not compel disclosure"
	p := DefaultPolicy()
	b.ReportAllocs()
	for b.Loop() {
		Check(r, p)
	}
}

// TestCodesMatchFindingsWhenPresent compares every code's severity and law
// with FINDINGS.md's table, word for word, where the shared documents sit
// beside the clone; elsewhere it skips.
func TestCodesMatchFindingsWhenPresent(t *testing.T) {
	data, err := readShared("FINDINGS.md")
	if err != nil {
		t.Skipf("no FINDINGS.md beside the repository (%v)", err)
	}
	rows := 0
	for line := range strings.Lines(string(data)) {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(line, "|")
		if len(cells) < 5 {
			continue
		}
		rows++
		code := Code(strings.Trim(strings.TrimSpace(cells[1]), "`"))
		sev, law := strings.TrimSpace(cells[2]), strings.TrimSpace(cells[3])
		if string(code.Severity()) != sev || code.Law() != law {
			t.Errorf("%s: severity %q law %q, FINDINGS.md says %q and %q", code, code.Severity(), code.Law(), sev, law)
		}
	}
	if rows != len(Codes()) {
		t.Errorf("FINDINGS.md has %d codes, Codes() %d", rows, len(Codes()))
	}
}
