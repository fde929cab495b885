package request

// Policy holds the checks that are the provider's policy rather than the
// letter of the law (LAW.md, "Checks that are product policy"), so that a
// provider can set them. The zero value of any field means its default, so a
// Policy read from settings that were never saved still checks properly.
type Policy struct {
	// AllowedDomains are the email domains requests may come from, each
	// with any subdomain. Default: police.uk, nca.gov.uk, cjsm.net.
	AllowedDomains []string

	// MaxAuthorisationAgeDays is how old, in days before receipt, an
	// authorisation may be before it must be confirmed as still standing.
	// Default: 90.
	MaxAuthorisationAgeDays int

	// ExtraSeniorRanks are ranks or grades to accept as Chief Inspector or
	// above besides the police ranks, for example NCA grades ("Grade 2",
	// "Branch Commander"). Compared ignoring case, spacing and punctuation.
	// Default: none, so an NCA grade needs verification.
	ExtraSeniorRanks []string

	// OutOfScopeDomains are domains (with any subdomain) of forces that may
	// not make a victim information request (s.44E), though they may sit
	// under an allowed domain. Default: Police Scotland, PSNI, Jersey,
	// Guernsey and Isle of Man police domains.
	OutOfScopeDomains []string

	// OutOfScopeForces are words or phrases that, found in the force's
	// name, mark a force or body outside s.44E/F (compared as whole words,
	// ignoring case and punctuation). Default: see DefaultPolicy.
	OutOfScopeForces []string
}

// DefaultPolicy is the policy of LAW.md.
func DefaultPolicy() Policy {
	return Policy{
		AllowedDomains:          []string{"police.uk", "nca.gov.uk", "cjsm.net"},
		MaxAuthorisationAgeDays: 90,
		ExtraSeniorRanks:        nil,
		OutOfScopeDomains: []string{
			"scotland.police.uk", "scotland.pnn.police.uk",
			"psni.police.uk", "psni.pnn.police.uk",
			"jersey.police.uk", "jersey.pnn.police.uk",
			"guernsey.police.uk", "guernsey.pnn.police.uk",
			"iom.police.uk", "iom.pnn.police.uk",
			"gov.je", "gov.gg", "gov.im", "garda.ie",
		},
		OutOfScopeForces: []string{
			// Police Scotland; "Scotland Yard" (the Met) is excepted in forceOutOfScope.
			"scotland", "scottish",
			"northern ireland", "psni", "ruc", "ireland", "irish", "garda", "gardai", "an garda siochana",
			"jersey", "guernsey", "alderney", "sark", "channel islands",
			"isle of man", "manx",
			"gibraltar", "bermuda", "cayman", "falkland", "falklands", "sovereign base areas",
			"interpol", "europol", "fbi", "nypd", "lapd", "rcmp", "mounted police",
			"gendarmerie", "polizei", "politie", "policia", "polisen", "carabinieri", "guardia civil",
			"police nationale", "police municipale", "police federale", "police cantonale", "police judiciaire",
			"victoria police", "tasmania", "northern territory",
			"portugal", "portuguese", "greece", "greek", "sweden", "swedish", "norway", "norwegian",
			"denmark", "danish", "finland", "finnish", "iceland", "austria", "austrian", "switzerland", "swiss",
			"czech", "slovakia", "hungary", "romania", "bulgaria", "croatia", "serbia", "ukraine", "russia", "russian",
			"turkey", "turkish", "israel", "egypt", "ghana", "uganda", "zimbabwe", "japan", "china", "chinese",
			"korea", "brazil", "mexico", "argentina", "lithuania", "latvia", "estonia", "luxembourg", "monaco",
			"bangladesh", "sri lanka", "philippines", "thailand", "malaysia", "indonesia", "dubai", "qatar", "saudi",
			"barbados", "bahamas", "new jersey", "south african", "maltese", "thai", "texas", "florida", "california",
			"federal bureau of investigation", "homeland security", "secret service", "drug enforcement administration",
			"us", "department of justice", "bundeskriminalamt",
			"united states", "usa", "america", "american", "canada", "canadian",
			"australia", "australian", "new zealand", "france", "french", "germany", "german",
			"spain", "spanish", "italy", "italian", "netherlands", "dutch", "belgium", "belgian",
			"poland", "polish", "india", "indian", "pakistan", "nigeria", "south africa",
			"new york", "los angeles", "chicago", "new south wales", "queensland", "ontario", "quebec",
			"hong kong", "singapore", "cyprus", "malta", "jamaica", "trinidad", "kenya",
			"paris", "berlin", "madrid", "dublin", "amsterdam", "brussels", "toronto", "sydney",
			// Bodies that investigate but are not among s.44E's authorised persons.
			"hmrc", "revenue and customs", "dwp", "work and pensions", "immigration enforcement",
			"border force", "trading standards", "crown prosecution service", "cps", "serious fraud office",
			"private investigator", "private investigators", "solicitors", "insurance",
		},
	}
}

// withDefaults fills each zero field from DefaultPolicy.
func (p Policy) withDefaults() Policy {
	if len(p.AllowedDomains) > 0 && p.MaxAuthorisationAgeDays > 0 &&
		len(p.OutOfScopeDomains) > 0 && len(p.OutOfScopeForces) > 0 {
		return p
	}
	d := DefaultPolicy()
	if len(p.AllowedDomains) == 0 {
		p.AllowedDomains = d.AllowedDomains
	}
	if p.MaxAuthorisationAgeDays <= 0 {
		p.MaxAuthorisationAgeDays = d.MaxAuthorisationAgeDays
	}
	if len(p.OutOfScopeDomains) == 0 {
		p.OutOfScopeDomains = d.OutOfScopeDomains
	}
	if len(p.OutOfScopeForces) == 0 {
		p.OutOfScopeForces = d.OutOfScopeForces
	}
	return p
}
