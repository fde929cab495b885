package request

// Policy holds the checks that are the provider's policy rather than the
// letter of the law (LAW.md, "Checks that are product policy"), so that a
// provider can set them. The zero value of any field means its default, so a
// Policy read from settings that were never saved still checks properly.
type Policy struct {
	// AllowedDomains are the email domains requests may come from, each
	// with any subdomain. Default: police.uk, nca.gov.uk,
	// policeconduct.gov.uk (the IOPC), mod.gov.uk (MoD Police and service
	// police) and cjsm.net (secure criminal justice mail).
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

	// OutOfScopeDomains are domains (with any subdomain) of bodies that may
	// not make a victim information request (s.44E/F), besides those of
	// data/bodies.tsv, though they may sit under an allowed domain.
	// Default: Police Scotland, PSNI, Jersey, Guernsey, Isle of Man and
	// Garda domains.
	OutOfScopeDomains []string

	// OutOfScopeForces are the service's own words or phrases that, found in
	// the force's name, mark a body outside s.44E/F (compared as whole words,
	// ignoring case and punctuation), besides the bodies and countries of
	// the data files, which always apply. Default: none.
	OutOfScopeForces []string
}

// DefaultPolicy is the policy of LAW.md.
func DefaultPolicy() Policy {
	return Policy{
		AllowedDomains:          []string{"police.uk", "nca.gov.uk", "policeconduct.gov.uk", "mod.gov.uk", "cjsm.net"},
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
		OutOfScopeForces: nil,
	}
}

// withDefaults fills each zero field from DefaultPolicy.
func (p Policy) withDefaults() Policy {
	if len(p.AllowedDomains) > 0 && p.MaxAuthorisationAgeDays > 0 && len(p.OutOfScopeDomains) > 0 {
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
	return p
}
