package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text is cut once into tokens that the word-level detectors share: runs
// of letters (words, which keep inner apostrophes and hyphens, "O'Brien",
// "self-harm"), runs of ASCII digits (numbers), and single other characters
// (punctuation). Whitespace is not a token; each token records what
// whitespace came before it. The byte-level detectors (phones, postcodes...)
// read the text directly.

type tokKind uint8

const (
	tWord tokKind = iota + 1
	tNum
	tPunct
)

// letterCase of a word.
type letterCase uint8

const (
	cLower letterCase = iota // "hope"
	cTitle                   // "Hope", "McDonald", "I"
	cUpper                   // "HOPE"
	cMixed                   // "iPhone"
)

// gap is the whitespace before a token.
type gap uint8

const (
	gNone  gap = iota // directly after the previous token
	gSpace            // spaces or tabs
	gLine             // one line break
	gPara             // a blank line or more
)

// token is kept small (16 bytes): a note of a megabyte has 200,000 of them.
type token struct {
	s0, e0 int32    // byte offsets; use start() and end()
	lex    lexFlags // what the word is in the lexicon, looked up once
	kind   tokKind
	cs     letterCase
	gap    gap
	poss   uint8 // length of a possessive "'s" or "’s" ending the word
}

func (t token) start() int { return int(t.s0) }
func (t token) end() int   { return int(t.e0) }

// nameEnd is end without a possessive "'s" ("Sam's" ends at "Sam").
func (t token) nameEnd() int { return int(t.e0) - int(t.poss) }

type scan struct {
	text string
	toks []token
	// runs are the byte offsets where a run of ASCII letters and digits
	// starts after a non-alphanumeric character: where the byte-level
	// detectors (postcodes, registrations...) look.
	runs   []int32
	lexAny lexFlags // the union of every token's lex flags
	buf    []byte   // scratch space for folding words
}

func newScan(text string) *scan {
	sc := &scan{}
	sc.reset(text)
	return sc
}

// reset scans text, reusing the buffers of an earlier scan.
func (sc *scan) reset(text string) {
	sc.text, sc.toks, sc.runs, sc.lexAny = text, sc.toks[:0], sc.runs[:0], 0
	if n := len(text)/4 + 1; cap(sc.toks) < n {
		sc.toks = make([]token, 0, n)
	}
	if n := len(text)/6 + 1; cap(sc.runs) < n {
		sc.runs = make([]int32, 0, n)
	}
	sc.tokenize()
}

// lexFlags classify the words the detectors look for, so that each word of
// the text is folded and looked up once rather than once per detector.
type lexFlags uint32

const (
	lxStreetPrep   lexFlags = 1 << iota // "on", "to": may head a street name
	lxDOBCue                            // "dob", "born", "birth", "date", "d"
	lxTitle                             // "mr", "dr", "prof"
	lxUpperTitle                        // "dc", "pc": titles only in capitals
	lxRefCue                            // "reference", "urn"
	lxRefWeak                           // "crime", "case": need "number" after
	lxMonth                             // "may", "sept"
	lxUnit                              // "flat", "apartment"
	lxNotName                           // capitalised words that are no name after a title
	lxSocial                            // "instagram", "username": a handle may follow
	lxSuffix                            // "road", "close", "rd": ends a street name
	lxStrongSuffix                      // "road", "avenue": names a street by itself
	lxStreetStop                        // "minute", "very": no street after a number
	lxRelation                          // "sister", "uncle": a name may follow
)

var lexicon = func() map[string]lexFlags {
	m := map[string]lexFlags{}
	add := func(f lexFlags, words map[string]bool) {
		for w := range words {
			m[w] |= f
		}
	}
	add(lxStreetPrep, streetPrepositions)
	add(lxDOBCue, setOf("dob", "birthdate", "born", "birthday", "birthdays", "birth", "date", "d",
		"b'day", "bday"))
	add(lxTitle, titles)
	add(lxUpperTitle, upperOnlyTitles)
	add(lxRefCue, refCueWords)
	add(lxRefWeak, refWeakCues)
	for w := range monthWords {
		m[w] |= lxMonth
	}
	add(lxUnit, unitWords)
	add(lxNotName, notNames)
	add(lxSocial, socialCues)
	add(lxSuffix, streetSuffixes)
	add(lxStrongSuffix, strongSuffixes)
	add(lxStreetStop, lowerStreetStop)
	add(lxRelation, relations)
	return m
}()

// maxLexLen is the length of the longest word in the lexicon.
const maxLexLen = 16

// lexFilter has bit n of entry c set when the lexicon holds a word of n
// bytes starting with c: most words of a note need no lookup at all.
var lexFilter = func() (f [256]uint32) {
	for w := range lexicon {
		if len(w) > maxLexLen {
			panic("redact: lexicon word longer than maxLexLen: " + w)
		}
		f[w[0]] |= 1 << len(w)
	}
	return f
}()

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool       { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool       { return isDigit(c) || isASCIILetter(c) }

// letterAt reports whether a letter starts at i, and its width.
func letterAt(s string, i int) (bool, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return isASCIILetter(c), 1
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r), w
}

// apostropheAt returns the width of an apostrophe (' or ’) at i, or 0.
func apostropheAt(s string, i int) int {
	if s[i] == '\'' {
		return 1
	}
	if strings.HasPrefix(s[i:], "’") {
		return len("’")
	}
	return 0
}

func (sc *scan) tokenize() {
	s := sc.text
	g := gNone
	for i := 0; i < len(s); {
		c := s[i]
		// Whitespace.
		if c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			if g < gSpace {
				g = gSpace
			}
			i++
			continue
		}
		if c == '\n' {
			if g >= gLine {
				g = gPara
			} else {
				g = gLine
			}
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, w := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				if g < gSpace {
					g = gSpace
				}
				i += w
				continue
			}
		}
		start := i
		// A run of ASCII letters and digits starts here if the character
		// before is neither (a gap, punctuation, the start).
		if isAlnum(c) && (g != gNone || len(sc.toks) == 0 || sc.toks[len(sc.toks)-1].kind == tPunct) {
			sc.runs = append(sc.runs, int32(start))
		}
		if isDigit(c) {
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			sc.toks = append(sc.toks, token{s0: int32(start), e0: int32(i), kind: tNum, gap: g})
			g = gNone
			continue
		}
		if ok, _ := letterAt(s, i); ok {
			// Letters, counting capitals as we go; ASCII takes the fast path.
			upper, lower, ascii := 0, 0, true
			firstUpper := c >= 'A' && c <= 'Z'
			for i < len(s) {
				c := s[i]
				switch {
				case c >= 'a' && c <= 'z':
					lower++
					i++
					continue
				case c >= 'A' && c <= 'Z':
					upper++
					i++
					continue
				case c >= utf8.RuneSelf:
					r, w := utf8.DecodeRuneInString(s[i:])
					if letterRune(r) {
						ascii = false
						if unicode.IsUpper(r) {
							upper++
							firstUpper = firstUpper || i == start
						} else if unicode.IsLower(r) {
							lower++
						}
						i += w
						continue
					}
				}
				// An apostrophe or hyphen joins two runs of letters.
				j := apostropheAt(s, i)
				if j == 0 && c == '-' {
					j = 1
				}
				if j > 0 && i+j < len(s) {
					if ok, _ := letterAt(s, i+j); ok {
						ascii = ascii && j == 1
						i += j
						continue
					}
				}
				break
			}
			t := token{s0: int32(start), e0: int32(i), kind: tWord, gap: g}
			switch {
			case upper == 0:
				t.cs = cLower
			case lower == 0 && upper >= 2:
				t.cs = cUpper
			case firstUpper:
				t.cs = cTitle
			default:
				t.cs = cMixed
			}
			if ascii && i-start <= maxLexLen && lexFilter[c|0x20]&(1<<(i-start)) != 0 {
				if upper == 0 {
					t.lex = lexicon[s[start:i]]
				} else {
					t.lex = lexicon[string(sc.fold(s[start:i]))]
				}
				sc.lexAny |= t.lex
			}
			// Possessive: "Sam's", "Sam’s", "SAM'S".
			if i-start > 2 && (s[i-1] == 's' || s[i-1] == 'S') {
				if s[i-2] == '\'' {
					t.poss = 2
				} else if strings.HasSuffix(s[start:i-1], "’") && i-1-len("’") > start {
					t.poss = uint8(1 + len("’"))
				}
			}
			sc.toks = append(sc.toks, t)
			g = gNone
			continue
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
		sc.toks = append(sc.toks, token{s0: int32(start), e0: int32(i), kind: tPunct, gap: g})
		g = gNone
	}
}

func wordCase(w string) letterCase {
	upper, lower := 0, 0
	firstUpper := false
	for k, r := range w {
		switch {
		case unicode.IsUpper(r):
			upper++
			if k == 0 {
				firstUpper = true
			}
		case unicode.IsLower(r):
			lower++
		}
	}
	switch {
	case upper == 0:
		return cLower
	case lower == 0 && upper >= 2:
		return cUpper
	case firstUpper:
		return cTitle
	}
	return cMixed
}

// str is the text of token i.
func (sc *scan) str(i int) string { t := sc.toks[i]; return sc.text[t.start():t.end()] }

// is reports whether token i is the word or punctuation w, ignoring case.
func (sc *scan) is(i int, w string) bool {
	if i < 0 || i >= len(sc.toks) {
		return false
	}
	t := sc.toks[i]
	return t.end()-t.start() == len(w) && strings.EqualFold(sc.text[t.start():t.end()], w)
}

// isPunct reports whether token i is one of the characters in set.
func (sc *scan) isPunct(i int, set string) bool {
	if i < 0 || i >= len(sc.toks) || sc.toks[i].kind != tPunct {
		return false
	}
	return strings.Contains(set, sc.str(i))
}

// fold returns the folded form of s (lower case, common Latin accents
// removed, curly apostrophes straightened), valid until the next call.
func (sc *scan) fold(s string) []byte {
	sc.buf = appendFold(sc.buf[:0], s)
	return sc.buf
}

func appendFold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		if r == '’' || r == '‘' {
			dst = append(dst, '\'')
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue // a combining accent
		}
		r = unicode.ToLower(r)
		if b, ok := deaccent[r]; ok {
			dst = append(dst, b...)
			continue
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// deaccent maps accented Latin letters to plain ones, so that a name known as
// "Zoë" is found when typed "Zoe" and the other way round.
var deaccent = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th"}
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ",
		"h": "ĥħ", "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ",
		"o": "òóôõöōŏő", "r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų",
		"w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	}
	for plain, accented := range groups {
		for _, r := range accented {
			m[r] = plain
		}
	}
	return m
}()

// sentenceStart reports whether token i begins a sentence (or a line, a
// quotation, a list item): a capital letter there says nothing about names.
func (sc *scan) sentenceStart(i int) bool {
	if i == 0 {
		return true
	}
	t := sc.toks[i]
	if t.gap >= gPara {
		return true
	}
	p := sc.toks[i-1]
	if p.kind != tPunct {
		// A line break may be hard wrapping or a new line of a list; take
		// the cautious reading.
		return t.gap >= gLine
	}
	switch sc.str(i - 1) {
	case ".":
		// "Dr. Hale" is not a new sentence.
		return !(i >= 2 && p.gap == gNone && sc.toks[i-2].kind == tWord && isAbbrev(sc.fold(sc.str(i-2))))
	case "!", "?", ":", ";", "\"", "“", "‘", "'", "(", "[", "–", "—", "-", "•", "*", "…":
		return true
	}
	return t.gap >= gLine
}

// sentenceEnd reports whether token i ends a sentence: a full stop, question
// or exclamation mark followed by whitespace or the end of the text.
func (sc *scan) sentenceEnd(i int) bool {
	t := sc.toks[i]
	if t.kind != tPunct {
		return false
	}
	switch sc.str(i) {
	case "!", "?":
	case ".":
		if i >= 1 && sc.toks[i-1].kind == tWord && t.gap == gNone && isAbbrev(sc.fold(sc.str(i-1))) {
			return false
		}
	default:
		return false
	}
	return i+1 == len(sc.toks) || sc.toks[i+1].gap > gNone
}

// breakBefore reports whether a sentence or paragraph boundary lies between
// tokens i-1 and i.
func (sc *scan) breakBefore(i int) bool {
	return i > 0 && (sc.toks[i].gap >= gPara || sc.sentenceEnd(i-1))
}

// isAbbrev is true for words commonly followed by a full stop that does not
// end the sentence.
func isAbbrev(w []byte) bool {
	switch string(w) {
	case "mr", "mrs", "ms", "mx", "dr", "prof", "rev", "revd", "fr", "st", "no", "nos",
		"sgt", "insp", "det", "cllr", "supt", "d", "o", "b", "e", "g", "i", "ie", "eg", "vs",
		"approx", "ref", "tel", "mob", "ext", "jan", "feb", "mar", "apr", "jun", "jul",
		"aug", "sep", "sept", "oct", "nov", "dec", "rd", "ave", "a", "c":
		return true
	}
	return false
}

// cueBefore reports whether one of the cues (lower-case phrases) appears in
// the n bytes of text before pos, without a sentence boundary in between.
func cueBefore(text string, pos, n int, cues ...string) bool {
	lo := max(0, pos-n)
	for lo > 0 && lo < len(text) && !utf8.RuneStart(text[lo]) {
		lo-- // stay on a character boundary
	}
	win := afterSentenceBreak(text[lo:pos])
	for _, c := range cues {
		if containsWord(win, c) {
			return true
		}
	}
	return false
}

// cueAfter is cueBefore looking forward from pos.
func cueAfter(text string, pos, n int, cues ...string) bool {
	hi := min(len(text), pos+n)
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	win := text[pos:hi]
	if k := sentenceBreakIndex(win); k >= 0 {
		win = win[:k]
	}
	for _, c := range cues {
		if containsWord(win, c) {
			return true
		}
	}
	return false
}

// afterSentenceBreak returns what follows the last sentence boundary in s.
func afterSentenceBreak(s string) string {
	for i := len(s) - 2; i >= 0; i-- {
		if isSentenceBreakAt(s, i) {
			return s[i+1:]
		}
	}
	return s
}

func sentenceBreakIndex(s string) int {
	for i := 0; i < len(s)-1; i++ {
		if isSentenceBreakAt(s, i) {
			return i
		}
	}
	return -1
}

// isSentenceBreakAt: ". " "! " "? " or a blank line at i.
func isSentenceBreakAt(s string, i int) bool {
	switch s[i] {
	case '\n':
		return s[i+1] == '\n' || (s[i+1] == '\r' && i+2 < len(s) && s[i+2] == '\n')
	case '!', '?':
		return s[i+1] == ' ' || s[i+1] == '\n'
	case '.':
		if s[i+1] != ' ' && s[i+1] != '\n' {
			return false
		}
		// Not after a short abbreviation ("d.o.b. ", "No. ", "Dr. ").
		j := i
		for j > 0 && i-j < 8 && isASCIILetter(s[j-1]) {
			j--
		}
		if j < i && (j == 0 || !isASCIILetter(s[j-1])) {
			var w [8]byte
			for k := j; k < i; k++ {
				w[k-j] = s[k] | 0x20
			}
			if isAbbrev(w[:i-j]) {
				return false
			}
		}
		return true
	}
	return false
}

// containsWord reports whether s holds cue (lower case), in any case,
// starting and ending at word boundaries.
func containsWord(s, cue string) bool {
	first := cue[0]
	for k := 0; k+len(cue) <= len(s); k++ {
		if s[k]|0x20 != first && s[k] != first {
			continue
		}
		end := k + len(cue)
		if !strings.EqualFold(s[k:end], cue) {
			continue
		}
		okStart := k == 0 || !isAlnum(s[k-1])
		okEnd := end == len(s) || !isAlnum(s[end]) || !isAlnum(cue[len(cue)-1])
		if okStart && okEnd {
			return true
		}
	}
	return false
}

// boundaryBefore reports whether no letter or digit directly precedes i.
func boundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	c := s[i-1]
	if c < utf8.RuneSelf {
		return !isAlnum(c)
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// boundaryAfter reports whether no letter or digit starts at i.
func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	c := s[i]
	if c < utf8.RuneSelf {
		return !isAlnum(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func letterRune(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }
