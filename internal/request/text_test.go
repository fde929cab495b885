package request

import "testing"

func TestEmailDomainIsReadFromAnyAddressForm(t *testing.T) {
	cases := map[string]string{
		"ann@xforce.police.uk":                   "xforce.police.uk",
		"  Ann@XForce.Police.UK  ":               "xforce.police.uk",
		"Ann Lee <ann@xforce.police.uk>":         "xforce.police.uk",
		"mailto:ann@xforce.police.uk":            "xforce.police.uk",
		"ann@xforce.police.uk.":                  "xforce.police.uk",
		"xforce.police.uk":                       "xforce.police.uk",
		"weird@name@xforce-police.co.uk":         "xforce-police.co.uk",
		"":                                       "",
		"\"Lee, Ann\" <ann.lee@nca.gov.uk>":      "nca.gov.uk",
		"ann.lee@xforce.police.uk.example.com":   "xforce.police.uk.example.com",
		"ANN.LEE@XFORCE.POLICE.UK.EXAMPLE.COM  ": "xforce.police.uk.example.com",
	}
	for in, want := range cases {
		if got := emailDomain(in); got != want {
			t.Errorf("emailDomain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDomainsAreAllowedLabelByLabel(t *testing.T) {
	allowed := DefaultPolicy().AllowedDomains
	cases := map[string]bool{
		"police.uk":                  true,
		"xforce.police.uk":           true,
		"a.b.c.police.uk":            true,
		"nca.gov.uk":                 true,
		"cjsm.net":                   true,
		"xforce.police.uk.cjsm.net":  true,
		"xpolice.uk":                 false,
		"police.uk.example.com":      false,
		"xforce.police.uk.evil.com":  false,
		"fakenca.gov.uk":             false,
		"gov.uk":                     false,
		"uk":                         false,
		"":                           false,
		"notcjsm.net":                false,
		"cjsm.net.evil":              false,
		"xforce-police.uk":           false,
		"scotland.police.uk":         true, // allowed as a domain; out of s.44E scope separately
		"psni.police.uk":             true,
		"xforce.pnn.police.uk":       true,
		"xforce.police.uk.cjsm.net.": false, // the dot is removed by emailDomain, not here
	}
	for d, want := range cases {
		if got := underAny(d, allowed); got != want {
			t.Errorf("underAny(%q) = %v, want %v", d, got, want)
		}
	}
}

func TestLookalikeDomains(t *testing.T) {
	allowed := DefaultPolicy().AllowedDomains
	cases := map[string]bool{
		"xforce-police.co.uk":          true,
		"police-uk.org":                true,
		"xforce.police.uk.example.com": true,
		"met-police.uk.com":            true,
		"northshire-police.org.uk":     true,
		"policeuk.net":                 true,
		"police.uk.com":                true,
		"met.police.gov.uk":            true,
		"xforce.pol1ce.uk":             true,
		"xforce.p0lice.uk":             true,
		"nca.gov.uk.secure.com":        true,
		"nca-gov.uk":                   true,
		"ncagov.co.uk":                 true,
		"nca.org.uk":                   true,
		"national-crime-agency.co.uk":  true,
		"cjsm.net.co":                  true,
		"cjsm-net.com":                 true,
		"mycjsm.org":                   true,
		"xn--plice-jye.uk":             true,
		"p\u043elice.uk":               true,
		"gmail.com":                    false,
		"hotmail.co.uk":                false,
		"outlook.com":                  false,
		"btinternet.com":               false,
		"yahoo.co.uk":                  false,
		"protonmail.com":               false,
		"justice.gov.uk":               false,
		"cps.gov.uk":                   false,
		"francais.fr":                  false,
		"financial-times.com":          false,
		"xn--mnchen-3ya.de":            false,
		"123mail.com":                  false,
	}
	for d, want := range cases {
		if got := isLookalike(d, allowed); got != want {
			t.Errorf("isLookalike(%q) = %v, want %v", d, got, want)
		}
	}
}

func TestPunycodeDecodes(t *testing.T) {
	cases := map[string]string{
		"mnchen-3ya": "münchen",
		"plice-jye":  "p\u043elice",
		"bcher-kva":  "bücher",
		"abc-":       "abc",
		"ls8h":       "\U0001F4A9",
	}
	for in, want := range cases {
		if got, ok := punycodeDecode(in); !ok || got != want {
			t.Errorf("punycodeDecode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"zz-!!", "99999999999a9", "-", "a-\u00e9", "zzzzzzzzzzzzzzzzzzzzzzzzzzzz"} {
		if _, ok := punycodeDecode(bad); ok && bad != "-" {
			t.Logf("punycodeDecode(%q) accepted", bad) // must not panic; acceptance is harmless
		}
	}
}

func TestTooBroadPhrases(t *testing.T) {
	cases := map[string]bool{
		"All notes held on the client":      true,
		"ALL RECORDS":                       true,
		"all counselling notes":             true,
		"Any and all material":              true,
		"anything relevant":                 true,
		"the full file":                     true,
		"the whole file":                    true,
		"her entire file":                   true,
		"the complete file":                 true,
		"her full record":                   true,
		"the whole record":                  true,
		"the entire record of her sessions": true,
		"the complete records":              true,
		"a full set of notes":               true,
		"all material held":                 true,
		"all information you hold":          true,
		"all   notes":                       true,
		"All\nnotes":                        true,
		"all of the notes":                  true,
		"all her counselling records":       true,
		"all of the client's session notes": true,
		"all the client\u2019s notes":       true,
		"the entire counselling file":       true,
		"her complete case history":         true,
		"every note you hold":               true,
		"every note that records her account of the incident":  false,
		"a complete history of the incident":                   false,
		"everything you hold on her":                           true,
		"Notes of the session on 2025-02-03":                   false,
		"notes recording the client's account of the incident": false,
		"the client's account of the incident on 2024-12-20":   false,
		"a full account of the incident":                       false,
		"any notes in which the client describes the assault":  false,
		"the note recording all she said about the incident":   false,
		"": false,
	}
	for s, want := range cases {
		if got := tooBroad(s); got != want {
			t.Errorf("tooBroad(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestDPACitedAsObligation(t *testing.T) {
	cases := map[string]bool{
		"Data Protection Act 2018 Schedule 2 paragraph 2: you are legally required to provide these records": true,
		"DPA 2018 Sch.2 para 2":      true,
		"DPA 2018 Sch 2 Pt 1 para 2": true,
		"Schedule 2, Part 1, paragraph 2 of the Data Protection Act 2018":                   true,
		"DPA 2018 Sch 2 para 2 obliges you to disclose":                                     true,
		"Under the DPA 2018, Schedule 2, you have a duty to disclose":                       true,
		"The crime and taxation exemption (DPA 2018) compels disclosure":                    true,
		"PCSC Act 2022 s.44A; DPA 2018 Sch 2 para 2 means you must disclose":                true,
		"PCSC Act 2022 s.44A; DPA 2018 Sch 2 para 2 creates an obligation to disclose":      true,
		"Data Protection Act 1998 section 29: you are required to disclose":                 true,
		"PCSC Act 2022 s.44A; DPA 2018 Sch 2 para 2 permits disclosure":                     false,
		"Section 44A PCSC Act 2022, with DPA 2018 Sch.2 para.2 allowing disclosure":         false,
		"PCSC Act 2022 s.44A. DPA 2018 Sch 2 para 2 permits but does not compel disclosure": false,
		"PCSC Act 2022 s.44A; DPA 2018 Sch 2 para 2: you are not obliged to disclose":       false,
		"Police, Crime, Sentencing and Courts Act 2022 s.44A":                               false,
		"PCSC Act 2022 s.44A; you are required to respond":                                  false,
		"Data Protection Act 2018: you are required to disclose":                            true,
		"DPA 2018": true,
		"PCSC Act 2022 s.44A; DPA 2018 Sch 1 para 10": false,
		"DPA 2018 Sch 1 para 10":                      false,
		"PCSC Act 2022 s.44A and the DPA 2018":        false,
		"UK GDPR Article 6(1)(e)":                     false,
		"DPA 2018 Sch 2 para 5 (legal proceedings)":   false,
		"": false,
	}
	for s, want := range cases {
		if got := dpaAsObligation(s); got != want {
			t.Errorf("dpaAsObligation(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSameNameIgnoresCaseSpacingAndDots(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"Mark Evans", "Mark Evans", true},
		{"Mark Evans", "mark evans", true},
		{"Mark Evans", "MARK  EVANS", true},
		{"Mark Evans", " Mark Evans. ", true},
		{"M.Evans", "M Evans", true},
		{"Mark Evans", "DCI Mark Evans", true},
		{"Det Supt Mark Evans", "Mark Evans", true},
		{"Mark Evans", "Mark Evens", false},
		{"Mark Evans", "Ann Evans", false},
		{"Mark Evans", "", false},
		{"", "", false},
		{"Di Wright", "Wright", false},
	}
	for _, tc := range cases {
		if got := sameName(tc.a, tc.b); got != tc.want {
			t.Errorf("sameName(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestForcesOutsideEnglandAndWales(t *testing.T) {
	cases := map[string]bool{
		"Police Scotland":                    true,
		"POLICE SCOTLAND":                    true,
		"Police Service of Scotland":         true,
		"Police Service of Northern Ireland": true,
		"PSNI":                               true,
		"P.S.N.I.":                           true,
		"States of Jersey Police":            true,
		"Guernsey Police":                    true,
		"Isle of Man Constabulary":           true,
		"An Garda Síochána":                  true,
		"Royal Gibraltar Police":             true,
		"HM Revenue and Customs":             true,
		"Crown Prosecution Service":          true,
		"New York Police Department":         true,
		"NYPD":                               true,
		"Metropolitan Police Service":        false,
		"New Scotland Yard":                  false,
		"Scotland Yard":                      false,
		"British Transport Police":           false,
		"City of London Police":              false,
		"Ministry of Defence Police":         false,
		"National Crime Agency":              false,
		"Royal Military Police":              false,
		"Dyfed-Powys Police":                 false,
		"Northumbria Police":                 false,
		"":                                   false,
	}
	for f, want := range cases {
		b, ok := recogniseForce(f)
		if got := ok && b.Scope == ScopeOutside; got != want {
			t.Errorf("recogniseForce(%q) = %+v %v, want outside %v", f, b, ok, want)
		}
	}
}

func TestPlaceholdersAreBlank(t *testing.T) {
	for _, s := range []string{"", "  ", "N/A", "n/a", "None", "TBC", "-", "Not stated.", "..."} {
		if !blank(s) {
			t.Errorf("blank(%q) = false", s)
		}
	}
	for _, s := range []string{"No other source exists", "None of the other sources cover it", "x y"} {
		if blank(s) {
			t.Errorf("blank(%q) = true", s)
		}
	}
}

func TestForeignForceDomain(t *testing.T) {
	allowed := DefaultPolicy().AllowedDomains
	cases := map[string]bool{
		"fbi.gov": true, "army.mil": true, "afp.gov.au": true, "police.vic.gov.au": true,
		"police.govt.nz": true, "interieur.gouv.fr": true, "rcmp-grc.gc.ca": true, "fedpol.admin.ch": true,
		"polizei.bayern.de": true, "politie.nl": true, "garda.ie": true, "europol.europa.eu": true,
		"interpol.int": true, "npa.go.jp": true,
		// Not foreign forces: allowed, British, webmail, lookalikes of allowed domains.
		"kent.police.uk": false, "nca.gov.uk": false, "cjsm.net": false, "mod.gov.uk": false,
		"justice.gov.uk": false, "gmail.com": false, "yahoo.fr": false, "gmx.de": false,
		"police-uk.org": false, "police.uk.co": false, "nca.gov.uk.secure-transfer.io": false,
		"xforce-police.co.uk": false, "": false,
	}
	for d, want := range cases {
		if got := foreignForceDomain(d, allowed); got != want {
			t.Errorf("foreignForceDomain(%q) = %v, want %v", d, got, want)
		}
	}
}
