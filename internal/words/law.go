package words

import (
	"regexp"
	"strings"
)

// The Acts the checker cites, by the short name FINDINGS.md writes them
// with, and their address on legislation.gov.uk.
var acts = []struct{ prefix, base string }{
	{"PCSC Act 2022", "https://www.legislation.gov.uk/ukpga/2022/32"},
	{"DPA 2018", "https://www.legislation.gov.uk/ukpga/2018/12"},
	{"Criminal Procedure (Attendance of Witnesses) Act 1965", "https://www.legislation.gov.uk/ukpga/1965/69"},
}

var (
	sectionRE  = regexp.MustCompile(`s\.(\d+[A-Z]*)`)
	scheduleRE = regexp.MustCompile(`Sch\.(\d+)(?: para (\d+))?`)
)

// LawURL is the provision a finding's law names, on legislation.gov.uk:
// the first section it cites (s.44C(1)(a) → section/44C) or schedule. A
// law that is no statute (the Code of Practice, Confidant's own policy)
// has none, and LawURL returns "".
func LawURL(law string) string {
	for _, a := range acts {
		if !strings.HasPrefix(law, a.prefix) {
			continue
		}
		rest := law[len(a.prefix):]
		if m := sectionRE.FindStringSubmatch(rest); m != nil {
			return a.base + "/section/" + m[1]
		}
		if m := scheduleRE.FindStringSubmatch(rest); m != nil {
			u := a.base + "/schedule/" + m[1]
			if m[2] != "" {
				u += "/paragraph/" + m[2]
			}
			return u
		}
		return a.base
	}
	return ""
}
