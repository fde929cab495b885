package redact

import (
	"strings"
)

// People's names. Three detectors:
//
//   - known names: every part of a name the provider has on record (the
//     client, family, the alleged perpetrator, other professionals), alone or
//     together, in any case, possessive or not, with any title in front;
//   - titled names: anyone else introduced with a title ("Dr Okafor",
//     "Mx Rowe", "DC Patel");
//   - named relations: anyone else introduced by who they are to the client
//     ("her friend Sophie", "Uncle Dave", "his brother, Callum Reid").
//
// A name that is also an ordinary word ("Hope", "Will", "Price") is only
// taken when capitalised, and at the start of a sentence only when the words
// around it read like a person; a month used as a name ("May") not when it
// reads as a date. Short forms ("Tom" for "Thomas") are taken capitalised.

type unitInfo struct {
	derived bool // a short form or part of a name, not written so on the record
	surname bool // the last part of a name of two or more: "Whitfield"
	wordy   bool // also an ordinary English word
	month   bool // also a month
	proper  bool // also a capitalised word: a language, a faith, a country, a day
}

// nameIndex maps the folded parts of known names to what we know of them.
type nameIndex struct {
	units map[string]unitInfo
	// filter is a one-hash Bloom filter over first byte, last byte and
	// length of the units: most words of a note need no map lookup.
	filter [filterBits / 64]uint64
}

const filterBits = 1 << 14

func filterBit(first, last byte, n int) (int, uint64) {
	h := (uint(first)*0x9E37 ^ uint(last)*0x85EB ^ uint(n)*0xC2B2) % filterBits
	return int(h / 64), 1 << (h % 64)
}

func (ix *nameIndex) mayHold(key string) bool {
	w, b := filterBit(key[0]|0x20, key[len(key)-1]|0x20, len(key))
	return ix.filter[w]&b != 0
}

func newNameIndex(known []string) *nameIndex {
	ix := &nameIndex{units: map[string]unitInfo{}}
	add := func(part string, derived, surname bool) {
		key := string(appendFold(nil, part))
		if len(key) < 2 || isTitle(key) || nameParticles[key] {
			return
		}
		if old, ok := ix.units[key]; ok && !old.derived {
			return
		}
		ix.units[key] = unitInfo{derived: derived, surname: surname, wordy: wordyNames[key] || months[key] || properWords[key],
			month: months[key], proper: properWords[key]}
		w, b := filterBit(key[0], key[len(key)-1], len(key))
		ix.filter[w] |= b
	}
	for _, name := range known {
		parts := strings.FieldsFunc(name, func(r rune) bool {
			return !(r == '\'' || r == '’' || r == '-' || isLetterRune(r))
		})
		// In "Sam Turner (client)" or "Karen Morgan, mother" the lower-case
		// words describe the person; they are not part of the name.
		capitalised := false
		for _, p := range parts {
			if c := wordCase(p); c == cTitle || c == cUpper {
				capitalised = true
			}
		}
		last, named := -1, 0
		for k, p := range parts {
			if p = strings.Trim(p, "'’-"); p != "" && !(capitalised && wordCase(p) == cLower) && !isTitle(string(appendFold(nil, p))) {
				last, named = k, named+1
			}
		}
		for k, p := range parts {
			p = strings.Trim(p, "'’-")
			if p == "" || (capitalised && wordCase(p) == cLower) {
				continue
			}
			surname := k == last && named >= 2
			add(p, false, surname)
			if strings.Contains(p, "-") {
				for _, sub := range strings.Split(p, "-") {
					add(sub, true, surname)
				}
			}
			if k == 0 || len(parts) == 1 {
				for _, nick := range nicknames[string(appendFold(nil, p))] {
					add(nick, true, false)
				}
			}
		}
	}
	return ix
}

// match checks whether token i, or a hyphen-joined part of it, is a known
// name in a position where it reads as a name; it returns the bytes to
// redact.
func (ix *nameIndex) match(sc *scan, i int) (start, end int, ok bool) {
	t := sc.toks[i]
	if t.kind != tWord {
		return 0, 0, false
	}
	// A quick test on the first byte and the length, for plain ASCII words
	// (folding may change the length of others; parts of hyphenated words
	// are tested below).
	if w := sc.text[t.start():t.nameEnd()]; !ix.mayHold(w) && plainASCIIWord(w) {
		return 0, 0, false
	}
	if u, found := ix.units[string(sc.fold(sc.text[t.start():t.nameEnd()]))]; found {
		if ix.accept(sc, i, u, wordCase(sc.text[t.start():t.nameEnd()])) {
			return t.start(), t.nameEnd(), true
		}
		return 0, 0, false
	}
	// "Leah-Marie", "post-Daniel": try the parts.
	w := sc.text[t.start():t.nameEnd()]
	if !strings.Contains(w, "-") {
		return 0, 0, false
	}
	start, end = -1, -1
	off := t.start()
	for _, part := range strings.Split(w, "-") {
		if u, found := ix.units[string(sc.fold(part))]; found && ix.accept(sc, i, u, wordCase(part)) {
			if start < 0 {
				start = off
			}
			end = off + len(part)
		}
		off += len(part) + 1
	}
	return start, end, start >= 0
}

func (ix *nameIndex) accept(sc *scan, i int, u unitInfo, cs letterCase) bool {
	if (cs == cLower || cs == cMixed) && (u.derived || u.wordy) {
		return false
	}
	if u.month && monthContext(sc, i) {
		return false
	}
	if u.proper && sc.toks[i].cs != cUpper {
		// "She spoke Welsh", "her Christian faith": only with a title,
		// beside another part of a known name, possessive, or before a verb.
		return titleBefore(sc, i) >= 0 || ix.readsAsPerson(sc, i) || ix.knownNeighbour(sc, i)
	}
	if u.wordy && sc.sentenceStart(i) && sc.toks[i].cs != cUpper {
		return ix.readsAsPerson(sc, i) || labelBefore(sc, i)
	}
	if u.wordy && sc.toks[i].cs == cTitle && articleBefore(sc, i) {
		// "the Rose and Crown", "a Mark 2 Golf": a thing, not a person.
		return false
	}
	return true
}

// articleBefore reports whether an article stands directly before token i
// on the same line.
func articleBefore(sc *scan, i int) bool {
	if i == 0 || sc.toks[i].gap != gSpace {
		return false
	}
	if sc.toks[i-1].kind != tWord {
		return false
	}
	switch string(sc.fold(sc.str(i - 1))) {
	case "a", "an", "the":
		return true
	}
	return false
}

// labelBefore reports whether token i, at what reads as the start of a
// sentence, follows a word that introduces a person: "Client: Grace",
// "her sister (Will)", "Attended - May".
func labelBefore(sc *scan, i int) bool {
	if i < 2 || sc.toks[i].gap >= gPara || !sc.isPunct(i-1, ":(-–") {
		return false
	}
	p := sc.toks[i-2]
	if p.kind != tWord || sc.toks[i-1].gap >= gLine {
		return false
	}
	w := sc.fold(sc.str(i - 2))
	return relations[string(w)] || personLabels[string(w)]
}

// relations are words for the people in a client's life: a name after them
// ("her sister Grace", "Grace, her sister,") is a person.
var relations = setOf("sister", "brother", "mum", "mother", "mam", "mom", "dad", "father",
	"parent", "parents", "partner", "ex", "ex-partner", "boyfriend", "girlfriend", "husband",
	"wife", "son", "daughter", "child", "baby", "friend", "cousin", "aunt", "auntie",
	"uncle", "nan", "nana", "gran", "granny", "grandma", "grandmother", "grandad",
	"grandfather", "niece", "nephew", "stepdad", "stepmum", "stepfather", "stepmother",
	"stepson", "stepdaughter", "fiance", "fiancee", "colleague", "neighbour", "neighbor",
	"flatmate", "housemate", "roommate", "manager", "boss", "teacher", "tutor", "carer",
	"sibling", "twin", "godmother", "godfather", "landlord", "landlady", "lodger", "mate",
	"bestie", "bf", "gf", "counsellor", "worker", "advocate", "isva", "idva", "officer")

// personLabels head a line or a bracket that names someone: "Client: Will".
var personLabels = setOf("client", "name", "names", "attended", "attendee", "attendees",
	"present", "with", "by", "from", "cc", "contact", "re", "alias", "known",
	"perpetrator", "suspect", "victim", "survivor", "referrer", "nok", "kin")

// readsAsPerson decides for a capitalised name-that-is-a-word at the start of
// a sentence ("Hope said..." against "Hope came up as a theme").
func (ix *nameIndex) readsAsPerson(sc *scan, i int) bool {
	t := sc.toks[i]
	if t.nameEnd() < t.end() {
		return true // "Grace's"
	}
	if sc.isPunct(i+1, ",") && sc.toks[i+1].gap == gNone {
		// "Grace, her sister, came": a relation in apposition.
		return relationAfter(sc, i+2)
	}
	if i+1 >= len(sc.toks) || sc.toks[i+1].gap == gNone {
		return false
	}
	n := sc.toks[i+1]
	if n.kind != tWord {
		return false
	}
	if v := string(sc.fold(sc.str(i + 1))); v == "and" || v == "&" {
		// "Will and his mum", "Grace and Tom", not "Hope and fear".
		return ix.companionAt(sc, i+2)
	}
	if n.cs == cTitle || n.cs == cUpper {
		_, known := ix.units[string(sc.fold(sc.text[n.start():n.nameEnd()]))]
		return known
	}
	j := i + 1
	// "Hope also said", "Will then rang".
	if adverbs[string(sc.fold(sc.str(j)))] && j+1 < len(sc.toks) && sc.toks[j+1].kind == tWord {
		j++
	}
	switch v := string(sc.fold(sc.str(j))); v {
	case "came", "comes", "come":
		// "Hope came up as a theme" against "Will came alone".
		return !sc.is(j+1, "up")
	default:
		return personVerbs[v]
	}
}

// relationAfter reports whether tokens from k read "her sister", "his
// mum", "the client's friend", "their son".
func relationAfter(sc *scan, k int) bool {
	if k+1 >= len(sc.toks) || sc.toks[k].kind != tWord || sc.toks[k].gap == gNone {
		return false
	}
	switch string(sc.fold(sc.str(k))) {
	case "her", "his", "their", "my", "our", "your", "the", "a", "client's", "clients'":
	default:
		return false
	}
	if sc.is(k+1, "client's") || sc.is(k+1, "ex") || sc.is(k+1, "older") || sc.is(k+1, "younger") ||
		sc.is(k+1, "best") || sc.is(k+1, "little") || sc.is(k+1, "big") || sc.is(k+1, "new") {
		k++
	}
	return k+1 < len(sc.toks) && sc.toks[k+1].kind == tWord && relations[string(sc.fold(sc.str(k+1)))]
}

// companionAt reports whether token k, after "and", is someone: a pronoun
// ("and she", "and his mum") or a capitalised word ("and Tom").
func (ix *nameIndex) companionAt(sc *scan, k int) bool {
	if k >= len(sc.toks) || sc.toks[k].kind != tWord || sc.toks[k].gap == gNone {
		return false
	}
	t := sc.toks[k]
	w := string(sc.fold(sc.str(k)))
	switch w {
	case "she", "he", "they", "i", "we", "her", "his", "their", "my", "our":
		return true
	}
	if t.cs != cTitle || sc.sentenceStart(k) {
		return false
	}
	if _, known := ix.units[string(sc.fold(sc.text[t.start():t.nameEnd()]))]; known {
		return true
	}
	return !notNames[w] && !months[w] && !properWords[w]
}

// findRelationNames finds people named just after a word for who they are
// to the client: "her friend Sophie", "Aunt Bev", "his cousin, Amir Khan".
// The name must be capitalised where a capital means something (not at the
// start of a sentence or a line) and not a word that is capitalised anyway.
func findRelationNames(sc *scan, _ *nameIndex, out []Span) []Span {
	if sc.lexAny&lxRelation == 0 {
		return out
	}
	toks := sc.toks
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		if t.lex&lxRelation == 0 || t.kind != tWord || t.cs == cMixed || t.poss > 0 {
			continue
		}
		j := i + 1
		if sc.isPunct(j, ",") && toks[j].gap == gNone {
			j++ // "her friend, Sophie,"
		}
		if j >= len(toks) || toks[j].gap != gSpace {
			continue
		}
		start, end, last := -1, -1, j
		for k := j; k < len(toks) && k < j+3; k++ {
			n := toks[k]
			if n.kind != tWord || n.cs != cTitle || (k > j && n.gap != gSpace) || !relationNameWord(sc, k) {
				break
			}
			if start < 0 {
				start = n.start()
			}
			end, last = n.nameEnd(), k
			if n.nameEnd() < n.end() {
				break // "her friend Sophie's flat"
			}
		}
		if start < 0 {
			continue
		}
		out = append(out, Span{Start: start, End: end, Kind: KindName})
		i = last
	}
	return out
}

// relationNameWord reports whether the capitalised word k may be part of a
// name after a relation word.
func relationNameWord(sc *scan, k int) bool {
	t := sc.toks[k]
	w := sc.fold(sc.text[t.start():t.nameEnd()])
	if len(w) < 2 || t.lex&(lxTitle|lxUpperTitle|lxMonth|lxNotName|lxRelation|lxSuffix) != 0 {
		return false
	}
	return !properWords[string(w)] && !notRelationNames[string(w)]
}

// notRelationNames are capitalised words that follow a relation word
// without naming anyone: "her son Year 9", "her mum Googled it".
var notRelationNames = setOf("year", "googled", "facetimed", "whatsapped", "zoomed",
	"i", "im", "i'm", "i'd", "i'll", "i've", "ok", "okay", "but", "so", "then", "yes", "no",
	"this", "that", "there", "here", "when", "what", "if", "because", "also", "later",
	"mr", "mrs", "ms", "miss", "dr", "asked", "said", "hub", "office", "referral", "support",
	"line", "helpline", "duty", "report", "form", "meeting", "appointment", "contact")

// knownNeighbour reports whether the word before token i is part of a known
// name: "Rhiannon Welsh".
func (ix *nameIndex) knownNeighbour(sc *scan, i int) bool {
	if i == 0 || sc.toks[i].gap != gSpace {
		return false
	}
	p := sc.toks[i-1]
	if p.kind != tWord || p.cs == cLower || p.nameEnd() < p.end() {
		return false
	}
	_, ok := ix.units[string(sc.fold(sc.text[p.start():p.nameEnd()]))]
	return ok
}

// monthContext reports whether a month-named token reads as a month: "7 May",
// "May 2025", "in May", "3rd of May".
func monthContext(sc *scan, i int) bool {
	if i+1 < len(sc.toks) && sc.toks[i+1].kind == tNum {
		return true
	}
	if i == 0 {
		return false
	}
	p := sc.toks[i-1]
	if p.kind == tNum {
		return true
	}
	if p.kind != tWord {
		return false
	}
	w := string(sc.fold(sc.str(i - 1)))
	switch w {
	case "and", "or", "to":
		// "April and May", "March to May"; not "Grace and May".
		return i >= 2 && (sc.toks[i-2].kind == tNum || sc.toks[i-2].lex&lxMonth != 0)
	case "st", "nd", "rd", "th":
		return i >= 2 && sc.toks[i-2].kind == tNum
	case "of":
		return i >= 2 && (sc.toks[i-2].kind == tNum || sc.is(i-2, "st") || sc.is(i-2, "nd") ||
			sc.is(i-2, "rd") || sc.is(i-2, "th") || sc.is(i-2, "end") || sc.is(i-2, "start") ||
			sc.is(i-2, "beginning") || sc.is(i-2, "middle"))
	}
	return monthPrepositions[w]
}

var monthPrepositions = setOf("in", "since", "until", "till", "by", "from", "early", "late",
	"mid", "last", "next", "this", "during", "before", "after", "throughout", "every",
	"each", "through", "to", "between", "and", "or", "of", "that", "end", "start")

// findKnownNames finds the names the provider has on record.
func findKnownNames(sc *scan, ix *nameIndex, out []Span) []Span {
	if ix == nil || len(ix.units) == 0 {
		return out
	}
	toks := sc.toks
	for i := 0; i < len(toks); i++ {
		start, end, ok := ix.match(sc, i)
		if !ok {
			continue
		}
		// Join "Sam Turner" into one span.
		j := i
		for j+1 < len(toks) && end == toks[j].nameEnd() && toks[j].nameEnd() == toks[j].end() &&
			(toks[j+1].gap == gSpace || toks[j+1].gap == gLine) {
			s2, e2, ok := ix.match(sc, j+1)
			if !ok || s2 != toks[j+1].start() {
				break
			}
			end = e2
			j++
		}
		if ts := titleBefore(sc, i); ts >= 0 && start == toks[i].start() {
			start = ts
		} else if gs := ix.givenNameBefore(sc, i); gs >= 0 && start == toks[i].start() {
			start = gs
		}
		out = append(out, Span{Start: start, End: end, Kind: KindName})
		i = j
	}
	return out
}

// givenNameBefore returns the start of a given name directly before a known
// surname at token i, or -1: with "Jo Whitfield" known, "Emma" in "she
// said Emma Whitfield came" is her relative. The word must be capitalised
// where a capital means something (not at the start of a sentence), and not
// a word that is capitalised anyway or that could be part of a place
// ("Castle Hill": a surname that is also a word takes no given name).
func (ix *nameIndex) givenNameBefore(sc *scan, i int) int {
	t := sc.toks[i]
	u, ok := ix.units[string(sc.fold(sc.text[t.start():t.nameEnd()]))]
	if !ok || !u.surname || u.wordy || t.gap != gSpace || i == 0 || t.cs == cLower {
		return -1
	}
	p := sc.toks[i-1]
	if p.kind != tWord || p.cs != cTitle || p.poss > 0 || !relationNameWord(sc, i-1) {
		return -1
	}
	w := string(sc.fold(sc.str(i - 1)))
	if wordyNames[w] {
		return -1
	}
	// At the start of a sentence the capital says nothing: "When Whitfield
	// left", "Sadly Whitfield"; take only a word that rarely opens one.
	if sc.sentenceStart(i-1) && (sentenceOpeners[w] || strings.HasSuffix(w, "ly")) {
		return -1
	}
	// "in Leeds Whitfield", "the Sheffield Whitfield": a place, perhaps.
	if i >= 2 && sc.toks[i-2].kind == tWord && placeWords[string(sc.fold(sc.str(i-2)))] {
		return -1
	}
	return p.start()
}

// sentenceOpeners are words that often open a sentence, with a capital that
// makes no name of them.
var sentenceOpeners = setOf("when", "after", "before", "then", "later", "yesterday", "today",
	"tonight", "tomorrow", "although", "though", "because", "since", "so", "but", "and", "or",
	"if", "maybe", "perhaps", "now", "once", "meanwhile", "still", "also", "even", "sometimes",
	"here", "there", "this", "that", "these", "those", "what", "why", "how", "where", "who",
	"whilst", "while", "until", "unless", "as", "at", "in", "on", "for", "with", "without", "by",
	"from", "to", "of", "about", "again", "both", "all", "some", "every", "each", "no", "not",
	"yes", "ok", "okay", "she", "he", "they", "we", "i", "her", "his", "their", "our", "my",
	"your", "it", "its", "a", "an", "the", "did", "does", "has", "had", "was", "is", "says",
	"said", "asked", "told", "thanks", "whether", "whereas", "nor", "yet", "next", "last",
	"first", "second", "third", "finally", "instead", "otherwise", "however", "therefore",
	"overall", "plan", "note", "notes", "action", "actions", "update", "risk", "safety",
	"client", "session", "re", "per", "dear", "hi", "hello", "saw", "met", "called", "rang",
	"texted", "emailed", "spoke", "contacted", "discussed", "informed", "advised")

// placeWords come before the name of a place more often than a person's.
var placeWords = setOf("in", "at", "near", "from", "outside", "around", "across", "via",
	"into", "the", "of", "towards", "through")

// titleBefore returns the start of a title directly before token i ("Ms
// Turner", "Dr. Okafor"), or -1.
func titleBefore(sc *scan, i int) int {
	if i == 0 || sc.toks[i].gap == gNone || sc.toks[i].gap == gPara {
		return -1
	}
	k := i - 1
	if sc.isPunct(k, ".") && sc.toks[k].gap == gNone {
		k--
	}
	if k >= 0 && titleToken(sc, k) {
		return sc.toks[k].start()
	}
	return -1
}

// titleToken reports whether token i is a title, in a case that makes it one.
func titleToken(sc *scan, i int) bool {
	t := sc.toks[i]
	if t.kind != tWord || t.cs == cLower || t.cs == cMixed {
		return false
	}
	if t.lex&lxUpperTitle != 0 {
		return t.cs == cUpper
	}
	return t.lex&lxTitle != 0
}

func isTitle(w string) bool { return titles[w] || upperOnlyTitles[w] }

var titles = setOf("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "doctor",
	"sir", "dame", "rev", "revd", "reverend", "cllr", "councillor", "judge", "sgt",
	"sergeant", "insp", "inspector", "det", "detective", "constable", "supt",
	"superintendent", "pastor", "imam", "rabbi", "father", "fr")

// Police ranks read as titles only in capitals: "DC Patel", not "Dc".
var upperOnlyTitles = setOf("pc", "dc", "ds", "di", "dci", "dsi", "dsu", "psc")

// nameParticles may sit inside a name in lower case: "Dr van der Berg".
var nameParticles = map[string]bool{"van": true, "von": true, "der": true, "den": true,
	"de": true, "da": true, "di": true, "du": true, "le": true, "la": true, "al": true,
	"el": true, "bin": true, "ibn": true, "ter": true}

// findTitledNames finds anyone introduced with a title: the title and the
// capitalised name words after it.
func findTitledNames(sc *scan, _ *nameIndex, out []Span) []Span {
	toks := sc.toks
	if sc.lexAny&(lxTitle|lxUpperTitle) == 0 {
		return out
	}
	for i := 0; i < len(toks); i++ {
		if toks[i].lex&(lxTitle|lxUpperTitle) == 0 || !titleToken(sc, i) {
			continue
		}
		upper := toks[i].cs == cUpper && toks[i].lex&lxUpperTitle == 0
		ambiguous := upper && (sc.is(i, "ms") || sc.is(i, "dr"))
		j := i + 1
		if sc.isPunct(j, ".") && toks[j].gap == gNone {
			j++
		}
		// "Det Sgt", "Detective Constable".
		for j < len(toks) && toks[j].gap != gNone && toks[j].gap != gPara && titleToken(sc, j) {
			j++
			if sc.isPunct(j, ".") && toks[j].gap == gNone {
				j++
			}
		}
		// A police officer's collar number: "PC 2345 Jane Doherty".
		if j < len(toks) && toks[j].kind == tNum && toks[j].gap == gSpace && toks[j-1].lex&lxUpperTitle != 0 &&
			toks[j].end()-toks[j].start() <= 6 {
			j++
		}
		end, last := -1, -1
		words := 0
		for j < len(toks) && words < 4 {
			t := toks[j]
			if t.gap == gNone || t.gap == gPara || t.kind != tWord {
				break
			}
			w := sc.text[t.start():t.nameEnd()]
			f := string(sc.fold(w))
			switch {
			case nameParticles[f] && t.cs == cLower:
				j++
				continue
			case len(w) == 1 && t.cs == cTitle:
				// An initial, "Dr J. Smith": only inside a name.
				if sc.isPunct(j+1, ".") && toks[j+1].gap == gNone {
					j++
				}
				j++
				continue
			case !nameWord(t, f, upper, ambiguous):
				j = len(toks)
				continue
			}
			end, last = t.nameEnd(), j
			words++
			if t.nameEnd() < t.end() {
				break // "Mr Dobson's car"
			}
			j++
		}
		if end < 0 {
			continue
		}
		out = append(out, Span{Start: toks[i].start(), End: end, Kind: KindName})
		i = last
	}
	return out
}

// nameWord reports whether a word after a title can be part of the name.
func nameWord(t token, folded string, upperTitle, upperAmbiguous bool) bool {
	switch t.cs {
	case cTitle:
		// "MS" and "DR" in capitals before a capitalised word are something
		// else: "MS Teams", "her MS Nurse", "DR Congo".
		if upperTitle && upperAmbiguous {
			return false
		}
	case cUpper:
		if !upperTitle {
			return false
		}
	default:
		return false
	}
	if len(folded) < 2 || notNames[folded] || months[folded] || isTitle(folded) {
		return false
	}
	return true
}

// notNames are capitalised words that follow a title without being a name.
var notNames = setOf("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "and", "or", "the", "a", "an", "i", "she", "he", "they", "we", "who",
	"nhs", "gp", "isva", "idva", "sarc", "cps", "police", "hospital", "surgery",
	"practice", "clinic", "centre", "center", "service", "team", "unit", "christmas",
	"barnardo", "barnardo's", "who", "google", "right", "wrong", "nobody", "everybody")

var months = setOf("january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december")

// personVerbs, after a sentence-initial name that is also a word, make it a
// person: "Will said", "Hope was".
var personVerbs = setOf("said", "says", "told", "tells", "asked", "asks", "arrived",
	"was", "is", "has", "had", "reported", "reports", "described", "describes",
	"called", "rang", "texted", "messaged", "emailed", "wrote", "wants", "wanted",
	"feels", "felt", "explained", "explains", "mentioned", "agreed", "spoke", "talked",
	"attended", "cancelled", "canceled", "did", "does", "seemed", "seems", "appeared",
	"shared", "disclosed", "became", "left", "brought", "would", "could", "can",
	"cried", "laughed", "smiled", "disclosed", "denied", "hit", "raped", "assaulted",
	"threatened", "followed", "lives", "lived", "works", "worked", "knows", "knew",
	"thinks", "thought", "believes", "believed", "got", "gets", "went", "goes",
	"hasn't", "hadn't", "wasn't", "isn't", "didn't", "doesn't", "won't", "can't",
	"couldn't", "wouldn't", "himself", "herself", "themself", "themselves", "rated",
	"scored", "noticed", "decided", "chose", "needs", "needed", "tried", "tries",
	"managed", "struggled", "struggles", "continues", "continued", "remains", "remained",
	"presented", "looked", "sounded", "missed", "phoned", "showed", "began", "started",
	"stopped", "finished", "returned", "took", "gave", "made", "found", "heard", "saw",
	"might", "should", "must", "discussed", "spent", "identified", "named", "listed",
	"brought", "completed", "engaged", "reflected", "acknowledged", "recalled",
	"remembered", "admitted", "confirmed", "consented", "declined", "requested",
	"expressed", "shows", "says", "agrees", "describes", "explained", "reports")

// adverbs may stand between a name and its verb: "Hope also said".
var adverbs = setOf("also", "then", "still", "again", "later", "now", "just", "really",
	"never", "always", "often", "finally", "initially", "eventually", "briefly",
	"quickly", "clearly", "only", "first", "recently", "previously", "herself", "himself")

// plainASCIIWord reports whether w is ASCII letters only.
func plainASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isASCIILetter(w[i]) {
			return false
		}
	}
	return true
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func isLetterRune(r rune) bool {
	if r < 0x80 {
		return isASCIILetter(byte(r))
	}
	return letterRune(r)
}
