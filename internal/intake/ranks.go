package intake

import (
	"regexp"
	"strings"
)

// rankForm is one way of writing a rank, and the rank's full name.
type rankForm struct {
	re   string // a regular expression fragment
	full string
}

// rankForms are the ranks of the police forces of England and Wales, as
// officers write them, longest first. Abbreviations in capitals match only
// in capitals ("DC", not "dc"), so that ordinary words are not read as ranks.
// The full names keep "Detective", as a request would: internal/request
// reads them all.
var rankForms = []rankForm{
	{`(?i:deputy\s+assistant\s+commissioner)|DAC`, "Deputy Assistant Commissioner"},
	{`(?i:assistant\s+commissioner)|AC`, "Assistant Commissioner"},
	{`(?i:deputy\s+commissioner)`, "Deputy Commissioner"},
	{`(?i:commissioner)`, "Commissioner"},
	{`(?i:assistant\s+chief\s+constable)|ACC`, "Assistant Chief Constable"},
	{`(?i:deputy\s+chief\s+constable)|DCC`, "Deputy Chief Constable"},
	{`(?i:chief\s+constable)`, "Chief Constable"},
	{`(?i:branch\s+commander)`, "Branch Commander"},
	{`(?i:commander|cmdr\.?)`, "Commander"},
	{`(?i:detective\s+chief\s+superintendent|det\.?\s*ch(?:ief|\.)?\s*supt\.?|d/ch\.?\s*supt\.?)|DCS|DCSupt`, "Detective Chief Superintendent"},
	{`(?i:chief\s+superintendent|ch(?:ief|\.)?\s*supt\.?|c/supt\.?)`, "Chief Superintendent"},
	{`(?i:detective\s+superintendent|det\.?\s*supt\.?|d/supt\.?)|DSU|DSupt|D\.\s?Supt\.?`, "Detective Superintendent"},
	{`(?i:superintendent|supt\.?)`, "Superintendent"},
	{`(?i:detective\s+chief\s+inspector|det\.?\s*ch(?:ief|\.)?\s*insp(?:ector|\.)?|d/ch\.?\s*insp\.?)|DCI|D\.C\.I\.?`, "Detective Chief Inspector"},
	{`(?i:chief\s+inspector|ch\.?\s*insp\.?|c/insp\.?)|CI`, "Chief Inspector"},
	{`(?i:detective\s+inspector|det\.?\s*insp(?:ector|\.)?|d/insp\.?)|DI|D\.I\.?`, "Detective Inspector"},
	{`(?i:inspector|insp\.?)`, "Inspector"},
	{`(?i:detective\s+sergeant|det\.?\s*sgt\.?|d/sgt\.?)|DS|D\.S\.?`, "Detective Sergeant"},
	{`(?i:police\s+sergeant)|PS`, "Police Sergeant"},
	{`(?i:sergeant|sgt\.?)`, "Sergeant"},
	{`(?i:trainee\s+detective\s+constable)|TDC`, "Trainee Detective Constable"},
	{`(?i:detective\s+constable|det\.?\s*con\.?)|DC|D\.C\.?`, "Detective Constable"},
	{`(?i:police\s+constable)|PC`, "Police Constable"},
	{`(?i:constable)`, "Constable"},
	{`(?i:senior\s+investigating\s+officer)|SIO`, "Senior Investigating Officer"},
}

const actingPrefix = `(?:(?i:acting|temporary|temp\.?)\s+|(?:A|T|Ag|Actg)\s?/\s?)`

var (
	rankRes   []*regexp.Regexp
	anyRankRe *regexp.Regexp
	actingRe  = regexp.MustCompile(`^` + actingPrefix)
)

func init() {
	var alts []string
	for _, f := range rankForms {
		rankRes = append(rankRes, regexp.MustCompile(`^(?:`+f.re+`)$`))
		alts = append(alts, f.re)
	}
	anyRankRe = regexp.MustCompile(`(?:^|[^\pL\pN/])(` + actingPrefix + `?(?:` + strings.Join(alts, "|") + `))(?:[^\pL\pN]|$)`)
}

// normaliseRank turns a rank as written into its full name ("DCI" →
// "Detective Chief Inspector", "A/DS" → "Acting Detective Sergeant").
// It returns "" for something that is not a rank.
func normaliseRank(s string) string {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), ".,;:()"))
	prefix := ""
	if m := actingRe.FindString(s); m != "" {
		l := strings.ToLower(m)
		if strings.HasPrefix(l, "t") {
			prefix = "Temporary "
		} else {
			prefix = "Acting "
		}
		s = strings.TrimSpace(s[len(m):])
	}
	for i, re := range rankRes {
		if re.MatchString(s) {
			return prefix + rankForms[i].full
		}
	}
	return ""
}

// rankAt finds the first rank in s: its span and full name.
func rankAt(s string) (start, end int, full string, ok bool) {
	m := anyRankRe.FindStringSubmatchIndex(s)
	if m == nil {
		return 0, 0, "", false
	}
	full = normaliseRank(s[m[2]:m[3]])
	if full == "" {
		return 0, 0, "", false
	}
	return m[2], m[3], full, true
}
