package redact

// UK telephone numbers in the ways people write them: 07700 900123,
// 07700900123, 07700-900-123, (020) 7946 0000, +44 7700 900123,
// +44 (0)20 7946 0000, 0044 7700 900 321, 0161 496 0000. A number must have
// the right count of digits for its leading digits, so that dates, times,
// scores and exercise names ("5-4-3-2-1") never qualify. Freephone numbers
// (0800, 0808, 0500) belong to services, not people, and are left alone.
// Numbers in other countries' formats are taken when written with a "+"
// country code.

// phoneSep returns the width of a separator between digit groups at i: a
// space, hyphen, dot, non-breaking space, or " - ". 0 if none.
func phoneSep(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	switch s[i] {
	case ' ':
		if i+2 < len(s) && (s[i+1] == '-' || s[i+1] == '.') && s[i+2] == ' ' {
			return 3
		}
		return 1
	case '-', '.':
		return 1
	case 0xC2:
		if i+1 < len(s) && s[i+1] == 0xA0 {
			return 2
		}
	}
	return 0
}

// digitRun returns the end of the run of ASCII digits starting at i.
func digitRun(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// parsePhone reads a phone number starting at i and returns its end, or -1.
func parsePhone(s string, i int) int {
	j := i
	intl := false
	switch {
	case s[j] == '+':
		if j+3 <= len(s) && s[j+1] == '4' && s[j+2] == '4' {
			j += 3
			intl = true
		} else {
			return parseForeignPhone(s, i)
		}
	case j+4 <= len(s) && s[j:j+4] == "0044":
		j += 4
		intl = true
	}
	paren := false // an area code in brackets, "(020)"
	if intl {
		// "+44 7700", "+44 (0)20", "+44(0)20", "+447700".
		if w := phoneSep(s, j); w > 0 && w < 3 {
			j += w
		}
		if j+3 <= len(s) && s[j:j+3] == "(0)" {
			j += 3
			if w := phoneSep(s, j); w > 0 && w < 3 {
				j += w
			}
		}
		if j >= len(s) || s[j] < '1' || s[j] > '9' {
			return -1
		}
	} else {
		if s[j] == '(' {
			paren = true
			j++
		}
		if j+1 >= len(s) || s[j] != '0' || s[j+1] < '1' || s[j+1] > '9' {
			return -1
		}
	}
	digits, last := 0, -1
	var lead [4]byte
groups:
	for {
		e := digitRun(s, j)
		n := e - j
		if n == 0 {
			break
		}
		if digits+n > 11 {
			break
		}
		// No one groups a national number as "01 ..." or "07 ...": two
		// digits and a separator begin a date, "01.07.2025 14:00".
		if digits == 0 && !intl && !paren && n == 2 && phoneSep(s, e) > 0 {
			return -1
		}
		for k := 0; k < n && digits+k < len(lead); k++ {
			lead[digits+k] = s[j+k]
		}
		digits += n
		j = e
		if phoneLengthOK(lead[:min(digits, len(lead))], digits, intl) && !paren {
			last = j
		}
		// The separator before the next group.
		switch {
		case paren && j < len(s) && s[j] == ')':
			if digits < 3 || digits > 6 {
				return -1
			}
			paren = false
			j++
			if w := phoneSep(s, j); w > 0 {
				j += w
			}
		default:
			w := phoneSep(s, j)
			if w == 0 {
				break groups
			}
			j += w
		}
		if j >= len(s) || !isDigit(s[j]) {
			break
		}
	}
	if last < 0 || !boundaryAfter(s, last) {
		return -1
	}
	// A longer number that merely starts like a phone is not one.
	if w := phoneSep(s, last); w == 1 && last+1 < len(s) && isDigit(s[last+1]) && s[last] != ' ' {
		return -1
	}
	return extensionEnd(s, last)
}

// extensionEnd extends a phone number ending at i over an extension:
// " ext. 2241", " ext 45", " extn 3", " x214", " x 214", " extension 12".
func extensionEnd(s string, i int) int {
	j := i
	if j < len(s) && s[j] == ' ' {
		j++
	} else if j+1 < len(s) && s[j] == ',' && s[j+1] == ' ' {
		j += 2
	}
	k := j
	for k < len(s) && isASCIILetter(s[k]) && k-j < 9 {
		k++
	}
	word := k - j
	switch string(lowerASCII(s[j:k])) {
	case "x", "ext", "extn", "extension":
	default:
		return i
	}
	if k < len(s) && (s[k] == '.' || s[k] == ':') {
		k++
	}
	if k < len(s) && s[k] == ' ' {
		k++
	}
	e := digitRun(s, k)
	if n := e - k; n < 1 || n > 6 || !boundaryAfter(s, e) {
		return i
	}
	// "x2" right after a number is a count ("07700 900123 x2" is odd, but
	// "x 2" on its own may be one); ask for at least two digits after a bare x.
	if word == 1 && e-k < 2 {
		return i
	}
	return e
}

// lowerASCII returns s with ASCII capitals in lower case, in a small buffer.
func lowerASCII(s string) []byte {
	var buf [16]byte
	b := buf[:0]
	for k := 0; k < len(s) && k < len(buf); k++ {
		c := s[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// phoneLengthOK reports whether a number whose first digits are lead has a
// valid length. National numbers are counted with their trunk 0, numbers
// after +44 without it.
func phoneLengthOK(lead []byte, digits int, intl bool) bool {
	if len(lead) < 2 {
		return false
	}
	if intl {
		// Put the trunk 0 back so that both cases read alike.
		digits++
		lead = append([]byte{'0'}, lead...)
	}
	if len(lead) >= 4 {
		switch string(lead[:4]) {
		case "0800", "0808", "0500":
			return false
		}
	}
	switch lead[1] {
	case '1':
		return digits == 10 || digits == 11
	case '2', '3', '5', '7', '9':
		return digits == 11
	case '8':
		return digits == 10 || digits == 11
	}
	return false
}

// parseForeignPhone reads "+353 87 123 4567": a plus, a country code and
// 8 to 15 digits in all, in groups.
func parseForeignPhone(s string, i int) int {
	j := i + 1
	if j >= len(s) || s[j] < '1' || s[j] > '9' {
		return -1
	}
	digits, groups := 0, 0
	end := -1
	for {
		e := digitRun(s, j)
		if e == j {
			break
		}
		digits += e - j
		groups++
		j = e
		if digits >= 8 && digits <= 15 {
			end = j
		}
		if digits > 15 {
			return -1
		}
		w := phoneSep(s, j)
		if w == 0 || j+w >= len(s) || !isDigit(s[j+w]) {
			break
		}
		j += w
	}
	if end < 0 || end != j || !boundaryAfter(s, end) {
		return -1
	}
	return end
}

// findPhones finds telephone numbers.
func findPhones(sc *scan, _ *nameIndex, out []Span) []Span {
	s := sc.text
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '0' && c != '+' && c != '(' {
			continue
		}
		if i > 0 {
			p := s[i-1]
			if isAlnum(p) || p == '+' || p == '/' {
				continue
			}
			// "1.07700..." and "3,0161..." continue a number; "Tel.07700" does not.
			if (p == '.' || p == ',') && i > 1 && isDigit(s[i-2]) {
				continue
			}
			if (p == '-' || p == '(') && i > 1 && isDigit(s[i-2]) {
				continue
			}
		}
		if e := parsePhone(s, i); e > 0 {
			out = append(out, Span{Start: i, End: e, Kind: KindPhone})
			i = e - 1
		} else if isDigit(c) {
			// Skip the rest of this number.
			for i+1 < len(s) && isDigit(s[i+1]) {
				i++
			}
		}
	}
	return out
}
