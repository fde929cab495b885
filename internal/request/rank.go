package request

import (
	"strings"
	"unicode"
)

// rankLevel places a rank against the Code of Practice threshold.
type rankLevel int

const (
	rankUnknown rankLevel = iota // not recognisable as a rank
	rankRole                     // a role, such as SIO, not a rank
	rankGrade                    // an NCA grade, senior only if the policy says so
	rankBelow                    // below Chief Inspector
	rankSenior                   // Chief Inspector or above
)

// rankReading is what an authoriser's rank as written amounts to.
type rankReading struct {
	level  rankLevel
	acting bool   // an acting or temporary rank
	name   string // the rank as recognised, in words, for messages
}

// maxRankWords bounds how many words one rank can span ("Deputy Assistant
// Commissioner", or "D. Ch. Supt." split at the dots).
const maxRankWords = 5

// readRank reads a rank as police write it: any case, spacing and dots,
// with or without "Det"/"Detective", acting or temporary prefixes ("A/DCI",
// "T/Supt", "Acting", "Temp"), collar numbers and remarks ("DCI 4521 (SIO)").
// Where one text names several ranks ("DI, acting DCI") the highest counts,
// since an acting rank counts as the rank. A rank beats a role written beside
// it: "DCI (SIO)" is a Chief Inspector.
func readRank(s string, extraSenior []string) rankReading {
	words := rankWords(s)
	var extra map[string]bool
	for _, e := range extraSenior {
		if c := compact(e); c != "" {
			if extra == nil {
				extra = make(map[string]bool, len(extraSenior))
			}
			extra[c] = true
		}
	}
	var found []rankReading
	pendingActing := false
	afterMatch := false // only noise words since the last rank found
	trailing := -1      // the rank an "acting" just after it was taken to mark
	for i := 0; i < len(words); {
		w := words[i]
		switch {
		case isActingWord(w):
			if afterMatch {
				// "Chief Inspector (acting)": the marker follows its rank,
				// unless another rank comes straight after it.
				trailing = len(found) - 1
				found[trailing].acting = true
			}
			pendingActing = true
			i++
			continue
		case isNoiseWord(w):
			i++
			continue
		}
		matched := false
		for n := min(maxRankWords, len(words)-i); n >= 1; n-- {
			key := strings.Join(words[i:i+n], "")
			var r rankReading
			if extra[key] {
				r = rankReading{level: rankSenior, name: strings.Join(words[i:i+n], " ")}
			} else if lvl, name, ok := lookupRank(key); ok {
				r = rankReading{level: lvl, name: name}
			} else if lvl, name, ok := gluedActing(key, n); ok {
				r = rankReading{level: lvl, name: name, acting: true}
			} else {
				continue
			}
			if pendingActing && trailing >= 0 {
				// "Chief Inspector, acting Superintendent".
				found[trailing].acting = false
			}
			r.acting = r.acting || pendingActing
			found = append(found, r)
			i += n
			matched = true
			break
		}
		pendingActing = false
		afterMatch = matched
		trailing = -1
		if !matched {
			i++
		}
	}
	best := rankReading{level: rankUnknown}
	for _, r := range found {
		if r.level > best.level || (r.level == best.level && best.acting && !r.acting) {
			best = r
		}
	}
	return best
}

// rankWords lower-cases a rank, turns "A/" and "T/" prefixes into the word
// "acting", and splits the rest into words at anything that is not a letter
// or digit, so that "D.C.I." gives d, c, i and "C/Insp" gives c, insp.
func rankWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	spaceSinceWord := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			cur = append(cur, r)
			spaceSinceWord = false
			continue
		}
		if r == '/' {
			switch {
			case len(cur) > 0 && isActingSlashPrefix(string(cur)):
				cur = cur[:0]
				words = append(words, "acting")
				continue
			case len(cur) == 0 && spaceSinceWord && len(words) > 0 && isActingSlashPrefix(words[len(words)-1]):
				words[len(words)-1] = "acting" // "A / DCI"
				spaceSinceWord = false
				continue
			}
		}
		if len(cur) > 0 {
			flush()
			spaceSinceWord = unicode.IsSpace(r)
		} else if !unicode.IsSpace(r) {
			spaceSinceWord = false
		}
	}
	flush()
	return words
}

// gluedActing reads a one-word rank with an acting or temporary marker
// glued on, as in "TDCI" or "ASupt". "TDC", a trainee detective constable,
// is in the rank table and never reaches here.
func gluedActing(key string, words int) (rankLevel, string, bool) {
	if words != 1 || len(key) < 3 || (key[0] != 'a' && key[0] != 't') {
		return rankUnknown, "", false
	}
	if lvl, name, ok := lookupRank(key[1:]); ok && (lvl == rankSenior || lvl == rankBelow) {
		return lvl, name, true
	}
	return rankUnknown, "", false
}

func isActingSlashPrefix(w string) bool {
	switch w {
	case "a", "t", "ag", "act", "actg", "tmp", "temp", "ty":
		return true
	}
	return false
}

func isActingWord(w string) bool {
	switch w {
	case "acting", "actg", "temporary", "temp", "tempy", "temporarily", "interim":
		return true
	}
	return false
}

// isNoiseWord reports words that never change a rank: "Detective" (ranks
// are the same with or without it), "Police" ("Police Sergeant"), and
// connectives. Digits (collar numbers) fall through as unknown words.
func isNoiseWord(w string) bool {
	switch w {
	case "detective", "det", "dt", "police", "nca", "the", "rank", "of", "and", "or":
		return true
	}
	return false
}

// compact keeps only letters and digits, lower-cased.
func compact(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lookupRank recognises one rank written as a single run of letters, with
// "detective", "det" or a lone "d" in front also accepted ("dsupt",
// "detsupt", "dchinsp").
func lookupRank(key string) (rankLevel, string, bool) {
	if lvl, name, ok := rankTable(key); ok {
		return lvl, name, true
	}
	for _, p := range []string{"detective", "det", "police", "d"} {
		if rest, ok := strings.CutPrefix(key, p); ok && len(rest) >= 2 {
			if lvl, name, ok := rankTable(rest); ok && (lvl == rankSenior || lvl == rankBelow) {
				return lvl, name, true
			}
		}
	}
	return rankUnknown, "", false
}

// rankTable is the rank vocabulary of FINDINGS.md ("Ranks"), keyed by the
// rank with everything but letters removed.
func rankTable(key string) (rankLevel, string, bool) {
	switch key {
	// At or above Chief Inspector.
	case "chiefinspector", "ci", "chinsp", "cinsp", "chiefinsp", "chinspector", "chfinsp",
		"chiefinspr", "chinspr", "dci", "cheifinspector", "chiefinpector":
		return rankSenior, "Chief Inspector", true
	case "superintendent", "supt", "superintendant", "superint", "supdt", "dsu", "dsupt":
		return rankSenior, "Superintendent", true
	case "chiefsuperintendent", "chiefsuperintendant", "chsupt", "chiefsupt", "csupt", "chfsupt",
		"chsuperintendent", "dcs", "dcsupt":
		return rankSenior, "Chief Superintendent", true
	case "assistantchiefconstable", "asstchiefconstable", "acc":
		return rankSenior, "Assistant Chief Constable", true
	case "deputychiefconstable", "dcc":
		return rankSenior, "Deputy Chief Constable", true
	case "chiefconstable", "chiefconst", "chconst", "chfconst", "cc":
		return rankSenior, "Chief Constable", true
	case "commander", "cmdr", "cdr", "comdr", "cmndr":
		return rankSenior, "Commander", true
	case "deputyassistantcommissioner", "dac":
		return rankSenior, "Deputy Assistant Commissioner", true
	case "assistantcommissioner", "asstcommissioner", "ac":
		return rankSenior, "Assistant Commissioner", true
	case "deputycommissioner":
		return rankSenior, "Deputy Commissioner", true
	case "commissioner", "commr":
		return rankSenior, "Commissioner", true

	// Below Chief Inspector.
	case "inspector", "insp", "inspr", "di", "inspecter":
		return rankBelow, "Inspector", true
	case "sergeant", "sgt", "sergt", "serjeant", "sargeant", "sergant", "ps", "ds", "dsgt", "psgt", "wps", "wds":
		return rankBelow, "Sergeant", true
	case "constable", "const", "con", "pc", "dc", "tdc", "wpc", "wdc", "traineedetectiveconstable",
		"traineeconstable", "studentofficer", "probationer", "probationaryconstable",
		"specialconstable", "investigativeconstable":
		return rankBelow, "Constable", true
	case "pcso", "communitysupportofficer", "policecommunitysupportofficer":
		return rankBelow, "Police Community Support Officer", true

	// Roles, not ranks.
	case "sio", "seniorinvestigatingofficer", "seniorinvestigatingoffice", "deputysio", "dsio",
		"deputyseniorinvestigatingofficer", "oic", "officerincase", "officerinthecase",
		"officerincharge", "officerinchargeofthecase", "officerinchargeofcase", "investigatingofficer",
		"io", "leadinvestigator", "caseofficer", "investigator", "goldcommander", "silvercommander",
		"bronzecommander", "gold", "silver", "bronze", "headofcid", "headofpublicprotection",
		"authorisingofficer", "authorisedofficer", "dutyofficer", "headofcrime":
		return rankRole, "a role, not a rank", true

	// NCA grades: senior only if the provider's policy lists them.
	case "grade1", "grade2", "grade3", "grade4", "grade5", "grade6",
		"g1", "g2", "g3", "g4", "g5", "g6", "ncagrade1", "ncagrade2", "ncagrade3", "ncagrade4",
		"ncagrade5", "ncagrade6", "branchcommander", "deputydirector", "director", "directorgeneral",
		"operationsmanager", "seniormanager", "seniorinvestigatingmanager", "ncaofficer", "ncaseniormanager",
		"ncaoperationsmanager", "ncabranchcommander":
		return rankGrade, "an NCA grade", true
	}
	return rankUnknown, "", false
}
