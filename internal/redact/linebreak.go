package redact

import "strings"

// Identifiers broken by a line break. A note typed in a narrow box, pasted
// from an email or copied out of a PDF may carry a phone number as
// "07700\n900123", a postcode as "S1\n4HP" or an email address as
// "p.shah@\nexample.org". The byte-level detectors read such a break as the
// end of the identifier, so they run a second time over copies of the text
// around each break that could cut one, with the break joined up: by one
// space before digits ("07700 900123"), by nothing after a hyphen
// ("07700-900123") or beside the punctuation of an email address. Only what
// that pass finds across a joined break is added; every check a detector
// makes (lengths, check digits, cues) is made on the joined text just as on
// any other. A blank line is never joined.

// lineDetectors are the detectors of identifiers that a line break can cut.
var lineDetectors = []func(sc *scan, names *nameIndex, out []Span) []Span{
	findEmails, findPhones, findNHSNumbers, findNINumbers, findPostcodes, findBankDetails,
}

// lineBreak is a joinable break: bytes [lo, hi) of the note (blanks and one
// line break) and what replaces them.
type lineBreak struct {
	lo, hi int
	glue   string
}

// breakWindow is how much text either side of a break the detectors see:
// more than the longest identifier, and the cues they look for before one.
const breakWindow = 120

// findAcrossBreaks runs the line detectors over the text around each
// joinable break, joined, and returns in the note's offsets what they find
// across a break.
func findAcrossBreaks(sc *scan, names *nameIndex, out []Span) []Span {
	s := sc.text
	breaks := joinableBreaks(s)
	var jsc *scan
	for len(breaks) > 0 {
		// One window: the breaks whose surroundings overlap.
		n := 1
		for n < len(breaks) && breaks[n].lo-breaks[n-1].hi < 2*breakWindow {
			n++
		}
		group := breaks[:n]
		breaks = breaks[n:]
		start := wordStart(s, max(0, group[0].lo-breakWindow))
		end := wordEnd(s, min(len(s), group[n-1].hi+breakWindow))
		j := joinWindow(s, start, end, group)
		if jsc == nil {
			jsc = newScan(j.text)
		} else {
			jsc.reset(j.text)
		}
		var found []Span
		for _, d := range lineDetectors {
			found = d(jsc, names, found)
		}
		for _, sp := range found {
			if !j.crosses(sp.Start, sp.End) {
				continue
			}
			if a, b := j.orig(sp.Start), j.orig(sp.End-1)+1; a < b {
				out = append(out, Span{Start: a, End: b, Kind: sp.Kind})
			}
		}
	}
	return out
}

// wordStart moves i back to the start of the word it falls in.
func wordStart(s string, i int) int {
	for i > 0 && !isSpaceByte(s[i-1]) {
		i--
	}
	return i
}

// wordEnd moves i forward to the end of the word it falls in.
func wordEnd(s string, i int) int {
	for i < len(s) && !isSpaceByte(s[i]) {
		i++
	}
	return i
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// joinedText is a stretch of the note with its breaks joined up.
type joinedText struct {
	text string
	// Piece k: text from at[k] on is the note from from[k] on, up to the
	// next piece.
	at, from []int
	joints   []int // offsets in text where a break was joined
}

// joinWindow joins the breaks in s[start:end].
func joinWindow(s string, start, end int, breaks []lineBreak) joinedText {
	var j joinedText
	var b strings.Builder
	b.Grow(end - start + len(breaks))
	pos := start
	for _, br := range breaks {
		j.at, j.from = append(j.at, b.Len()), append(j.from, pos)
		b.WriteString(s[pos:br.lo])
		j.joints = append(j.joints, b.Len())
		if br.glue != "" {
			j.at, j.from = append(j.at, b.Len()), append(j.from, br.lo)
			b.WriteString(br.glue)
		}
		pos = br.hi
	}
	j.at, j.from = append(j.at, b.Len()), append(j.from, pos)
	b.WriteString(s[pos:end])
	j.text = b.String()
	return j
}

// orig is the offset in the note of byte k of the joined text.
func (j *joinedText) orig(k int) int {
	p := len(j.at) - 1
	for p > 0 && j.at[p] > k {
		p--
	}
	return j.from[p] + k - j.at[p] // the glue maps to the break's start
}

// crosses reports whether [start, end) of the joined text holds bytes on
// both sides of a joined break.
func (j *joinedText) crosses(start, end int) bool {
	for _, p := range j.joints {
		if start < p && p < end {
			return true
		}
	}
	return false
}

// joinableBreaks lists the line breaks in s that could cut an identifier,
// in order. Most notes have none, and cost no more than this look.
func joinableBreaks(s string) []lineBreak {
	var out []lineBreak
	for i := strings.IndexByte(s, '\n'); i >= 0; {
		lo, hi := i, i+1
		for lo > 0 && isBlank(s[lo-1]) {
			lo--
		}
		for hi < len(s) && isBlank(s[hi]) {
			hi++
		}
		next := -1
		if hi < len(s) {
			if k := strings.IndexByte(s[hi:], '\n'); k >= 0 {
				next = hi + k
			}
		}
		// Not at either end, and not a blank line.
		if hi < len(s) && s[hi] != '\n' && lo > 0 && s[lo-1] != '\n' {
			if glue, ok := breakGlue(s, lo, hi); ok {
				out = append(out, lineBreak{lo, hi, glue})
			}
		}
		i = next
	}
	return out
}

// isBlank is whitespace within a line.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// breakGlue decides whether the break between s[:lo] and s[hi:] (blanks and
// one line break) may cut an identifier, and what joins the two sides.
func breakGlue(s string, lo, hi int) (string, bool) {
	a, z := s[lo-1], s[hi]
	// The words either side of the break, as far as the blanks.
	left := s[wordStart(s, lo):lo]
	right := s[hi:wordEnd(s, hi)]
	switch {
	// An email address cut at its punctuation: "p.shah@\nexample.org",
	// "p.shah\n@example.org", "p.shah@example.\norg", "p_\nshah@example.org".
	case a == '@' && isEmailLocal(z), z == '@' && isEmailLocal(a):
		return "", true
	case (a == '.' || a == '-') && strings.IndexByte(left, '@') > 0 && isAlnum(z) && !(z >= 'A' && z <= 'Z'):
		return "", true
	case (a == '_' || a == '-') && isAlnum(z) && strings.IndexByte(right, '@') > 0:
		return "", true
	// A number cut after a hyphen: "07700-\n900123", "943-476-\n5919".
	case a == '-' && isDigit(z) && len(left) >= 2 && isDigit(left[len(left)-2]):
		return "", true
	// Digits after the break, and digits or a short prefix before it:
	// "07700\n900123", "S1\n4HP", "JK\n12 34 56 C". Never "said\n12 people".
	case isAlnum(a) && isDigit(z) && (strings.ContainsAny(left, "0123456789") || len(left) <= 2):
		return " ", true
	}
	return "", false
}
