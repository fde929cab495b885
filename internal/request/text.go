package request

import (
	"regexp"
	"strings"
	"unicode"
)

// blank reports whether a statement in a request says nothing: empty, or a
// placeholder such as "N/A" or "TBC" that stands where the statement should
// be. A placeholder is no more a reason than an empty box is.
func blank(s string) bool {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.Trim(t, " .,;:!?-–—_*()[]\"'")
	switch t {
	case "", "n/a", "na", "n.a", "n a", "none", "nil", "null", "tbc", "tba", "tbd",
		"not applicable", "not stated", "not given", "not provided", "not known", "unknown",
		"none given", "none stated", "...", "xxx", "x":
		return true
	}
	return false
}

// folded lower-cases text and makes its spacing and punctuation uniform, so
// that phrase tests see "all  notes", "All\nnotes" and "all notes" alike and
// curly apostrophes as straight ones.
func folded(s string) string {
	s = strings.ToLower(s)
	if !isASCII(s) {
		s = typography.Replace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

var typography = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u2013", "-", "\u2014", "-", "\u00a0", " ")

// broadPhrases are FINDINGS.md's "Too broad" phrases.
var broadPhrases = [...]string{
	"all notes", "all records", "all counselling", "any and all", "anything relevant",
	"full file", "whole file", "entire file", "complete file",
	"full record", "whole record", "entire record", "complete record",
	"full set", "all material", "all information",
}

// broadPattern catches the same asks in other words: "all of the notes",
// "all her records", "the entire counselling file", "every note", "everything
// you hold". Each asks for the lot rather than a specific extract.
var broadPattern = regexp.MustCompile(`\b(?:` +
	`all (?:of )?(?:the |her |his |their |my |your |its |this |these )?(?:client's |victim's |complainant's |service user's |patient's )?(?:counselling |counseling |session |case |therapy |therapeutic |clinical |medical |support |contact |client )?(?:notes|records|files|documents|documentation|materials?|information|data|correspondence)\b` +
	`|(?:full|whole|entire|complete) (?:counselling |counseling |case |client |therapy |clinical |medical |support )(?:file|files|record|records|notes|history)\b` +
	`|(?:full|whole|entire|complete) case file` +
	`|everything (?:you|the service|your service|your organisation|your organization) (?:hold|holds|has|have|keep|keeps)\b` +
	`|everything held\b` +
	`|every (?:note|record|file|document) (?:you|the service|your service|your organisation|your organization) (?:hold|holds|has|have|keep|keeps)\b` +
	`)`)

// tooBroad reports whether text asks for everything rather than a
// specific extract.
func tooBroad(s string) bool {
	t := folded(s)
	if t == "" {
		return false
	}
	for _, p := range broadPhrases {
		if strings.Contains(t, p) {
			return true
		}
	}
	// Every alternative of broadPattern has one of these words; most
	// specific requests have none, and skip the regular expression.
	for _, w := range [...]string{"all ", "full ", "whole ", "entire ", "complete ", "every"} {
		if strings.Contains(t, w) {
			return broadPattern.MatchString(t)
		}
	}
	return false
}

// The parts of a legal basis that matter to dpa_cited_as_obligation.
var (
	dpaAct = regexp.MustCompile(`\bdata protection act\b|\bdpa\b|\bdpa ?2018\b|\bdpa18\b`)
	// Any schedule of the Act, to tell "Sch 1 para 10" from Sch 2.
	dpaAnySch = regexp.MustCompile(`\bsch(?:edule|ed|d)?\.? ?[0-9]+\b`)
	// Schedule 2 (paragraph 2), or the exemption's name.
	// Section 29 of the 1998 Act was the same exemption before 2018.
	dpaSch2 = regexp.MustCompile(`\bsch(?:edule|ed|d)?\.? ?2\b|\bs2 ?p1 ?p2\b|crime and taxation|\bcrime exemption\b|\bprevention (?:and|or) detection of crime\b|\b(?:s|section|sec)\.? ?29\b`)
	// A paragraph of Schedule 2 other than 2: another exemption, not this one.
	dpaOtherPara = regexp.MustCompile(`\bsch(?:edule|ed|d)?\.? ?2\b[^;]{0,40}?\bpara(?:graph)?s?\.? ?([0-9]+)\b`)
	pcsc44A      = regexp.MustCompile(`\b(?:s|ss|section|sections|sec)?\.? ?44 ?a\b|chapter 3a`)
	compulsion   = regexp.MustCompile(`\b(?:requir(?:e|es|ed|ing)|oblig\w*|must|duty|duties|compel\w*|compuls\w*|mandat\w*|legally bound|have to|has to|legally enforceable|enforceable)\b`)
	negation     = regexp.MustCompile(`\b(?:not|no|never|nor|without|neither|cannot|can't|doesn't|does not|isn't|is not|n't)\b[^.;]{0,25}$`)
)

// dpaAsObligation reports whether a legal basis relies on DPA 2018 Sch.2
// para 2 as if it compelled disclosure: it cites it with words of
// compulsion, or cites it without PCSC Act 2022 s.44A. The paragraph only
// permits a provider to disclose; it never compels. Words of compulsion that
// are negated ("does not require") are no claim of compulsion.
func dpaAsObligation(basis string) bool {
	t := folded(basis)
	if !strings.Contains(t, "dpa") && !strings.Contains(t, "data protection") && !strings.Contains(t, "crime and taxation") {
		return false
	}
	if !citesDPASch2Para2(t) {
		return false
	}
	if !pcsc44A.MatchString(t) {
		return true
	}
	return claimsCompulsion(basis)
}

// citesDPASch2Para2 reports whether folded text relies on the crime and
// taxation exemption of DPA 2018 (Schedule 2 Part 1 paragraph 2). Citing
// the Act with no schedule counts: for a provider's disclosure to the police
// that exemption is the only thing the Act offers. Citing another schedule
// or another paragraph of Schedule 2 does not.
func citesDPASch2Para2(t string) bool {
	if strings.Contains(t, "crime and taxation") {
		return true
	}
	if !dpaAct.MatchString(t) {
		return false
	}
	if !dpaSch2.MatchString(t) {
		// "DPA 2018 Sch 1 para 10" is a condition for special category
		// data, not this exemption; "DPA 2018" alone is taken as it.
		return !dpaAnySch.MatchString(t)
	}
	// "Sch 2 para 5" is another exemption; "Sch 2 Part 1 para 2", "Sch 2
	// para 2" or "Sch 2" alone are this one.
	if m := dpaOtherPara.FindStringSubmatch(t); m != nil {
		return m[1] == "2" || strings.Contains(t, "para 2") || strings.Contains(t, "paragraph 2")
	}
	return true
}

// sameName reports whether two names are the same person's as written,
// ignoring case, spacing, dots and other punctuation, and a title or rank
// written in front ("DCI Mark Evans" and "mark evans").
func sameName(a, b string) bool {
	na, nb := nameKey(a, false), nameKey(b, false)
	if na == "" || nb == "" {
		return false
	}
	return na == nb || nameKey(a, true) == nameKey(b, true)
}

// nameKey is a name reduced to its letters and digits; with stripTitle, a
// leading title or rank is dropped first when a forename and surname remain.
func nameKey(s string, stripTitle bool) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '/'
	})
	if stripTitle {
		for len(words) > 2 {
			w := compact(words[0])
			if lvl, _, ok := lookupRank(w); ok && (lvl == rankSenior || lvl == rankBelow) {
				words = words[1:]
				continue
			}
			switch w {
			case "mr", "mrs", "ms", "miss", "mx", "dr", "det", "detective", "acting", "a", "t", "temp", "sir", "dame":
				words = words[1:]
				continue
			}
			break
		}
	}
	return compact(strings.Join(words, ""))
}

// forceOutOfScope reports whether a force's name holds one of a service's
// own words or phrases for bodies outside s.44E/F, and returns it. Words are
// matched whole, ignoring case and punctuation. Entries the data files
// already judge (bodies.tsv, countries.tsv) are left to them, so that an old
// list holding "scotland" does not catch "New Scotland Yard", nor "us" a
// sentence.
func forceOutOfScope(force string, outside []string) (string, bool) {
	t := " " + wordsOnly(force) + " "
	if strings.TrimSpace(t) == "" {
		return "", false
	}
	for _, w := range strings.Fields(t) {
		if foreignPoliceWord(w) {
			return w, true
		}
	}
	for _, o := range outside {
		w := o
		if !isPlainWords(o) {
			w = wordsOnly(o)
		}
		if w != "" && strings.Contains(t, " "+w+" ") && !knownWord(w) {
			return o, true
		}
	}
	return "", false
}

// isPlainWords reports whether s is already lower-case ASCII words with
// single spaces, as wordsOnly would leave it.
func isPlainWords(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ' ' && s[i-1] != ' ') {
			return false
		}
	}
	return true
}

// wordsOnly lower-cases s, folds common accents and keeps letters and
// digits, with single spaces between words.
func wordsOnly(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case r == '\'' || r == '\u2019' || r == '.':
			// "Garda Síochána", "Gardaí"; "U.S.A." reads as "usa".
		case unicode.IsLetter(r):
			b.WriteString(foldConfusable(r))
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// claimsCompulsion reports whether a legal basis says the service is
// bound to disclose ("you are required to", "under a duty", "must
// provide"), in words that are not negated ("you are not required").
func claimsCompulsion(basis string) bool {
	t := folded(basis)
	for _, loc := range compulsion.FindAllStringIndex(t, -1) {
		if !negation.MatchString(t[:loc[0]]) {
			return true
		}
	}
	return false
}
