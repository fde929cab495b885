package redact

import "strings"

// Identifiers broken by a line break. A note typed in a narrow box, pasted
// from an email or copied out of a PDF may carry a phone number as
// "07700\n900123", a postcode as "S1\n4HP" or an email address as
// "p.shah@\nexample.org". The byte-level detectors read such a break as the
// end of the identifier, so they run a second time over a copy of the note
// in which each single line break between two parts of an identifier is
// joined up: by one space between digits or letters ("07700 900123"), by
// nothing after a hyphen ("07700-900123") or beside the punctuation of an
// email address. Only what that pass finds across a joined break is added;
// every check a detector makes (lengths, check digits, cues) is made on the
// joined text just as on any other. A blank line is never joined.

// lineDetectors are the detectors of identifiers that a line break can cut.
var lineDetectors = []func(sc *scan, names *nameIndex, out []Span) []Span{
	findEmails, findPhones, findNHSNumbers, findNINumbers, findPostcodes, findBankDetails,
}

// joinedText is a note with its joinable line breaks joined up.
type joinedText struct {
	text   string
	orig   []int // orig[k] is the offset in the note of byte k of text
	joints []int // offsets in text where a break was joined: the glue, or what follows an empty one
}

// findAcrossBreaks runs the line detectors over the joined copy of the note
// and returns, in the note's offsets, what they find across a joined break.
func findAcrossBreaks(sc *scan, names *nameIndex, out []Span) []Span {
	j, ok := joinBreaks(sc.text)
	if !ok {
		return out
	}
	jsc := newScan(j.text)
	var found []Span
	for _, d := range lineDetectors {
		found = d(jsc, names, found)
	}
	for _, sp := range found {
		if !j.crosses(sp.Start, sp.End) {
			continue
		}
		if start, end := j.orig[sp.Start], j.orig[sp.End-1]+1; start < end {
			out = append(out, Span{Start: start, End: end, Kind: sp.Kind})
		}
	}
	return out
}

// crosses reports whether [start, end) of the joined text holds bytes on
// both sides of a joined break.
func (j *joinedText) crosses(start, end int) bool {
	for _, p := range j.joints {
		if start < p && p < end {
			return true
		}
		if p >= end {
			break
		}
	}
	return false
}

// joinBreaks returns the note with its joinable breaks joined, or false if
// it has none (most notes: the second pass then costs nothing).
func joinBreaks(s string) (joinedText, bool) {
	var j joinedText
	var b strings.Builder
	copied := 0 // bytes of s copied so far
	for i := strings.IndexByte(s, '\n'); i >= 0; {
		// The run of blanks around this line break.
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
		if hi < len(s) && s[hi] != '\n' && lo > 0 && s[lo-1] != '\n' {
			if glue, ok := breakGlue(s, lo, hi); ok {
				if j.orig == nil {
					j.orig = make([]int, 0, len(s)+8)
					b.Grow(len(s))
				}
				for k := copied; k < lo; k++ {
					j.orig = append(j.orig, k)
				}
				b.WriteString(s[copied:lo])
				if glue != "" {
					j.joints = append(j.joints, b.Len())
					b.WriteString(glue)
					j.orig = append(j.orig, lo)
				} else {
					j.joints = append(j.joints, b.Len())
				}
				copied = hi
			}
		}
		i = next
	}
	if j.orig == nil {
		return j, false
	}
	for k := copied; k < len(s); k++ {
		j.orig = append(j.orig, k)
	}
	b.WriteString(s[copied:])
	j.text = b.String()
	return j, true
}

// isBlank is whitespace within a line.
func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// breakGlue decides whether the break between s[:lo] and s[hi:] (blanks and
// one line break) may cut an identifier, and what joins the two sides.
func breakGlue(s string, lo, hi int) (string, bool) {
	a, z := s[lo-1], s[hi]
	// The words either side of the break, as far as the blanks.
	left := s[max(0, strings.LastIndexAny(s[:lo], " \t\r\n")+1):lo]
	right := s[hi:]
	if k := strings.IndexAny(right, " \t\r\n"); k >= 0 {
		right = right[:k]
	}
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
	// Digits or letters and digits either side: "07700\n900123", "S1\n4HP",
	// "JK 12 34\n56 C". A word on both sides ("said\nthat") never.
	case isAlnum(a) && isDigit(z), isDigit(a) && isAlnum(z):
		return " ", true
	}
	return "", false
}
