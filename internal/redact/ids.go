package redact

// NHS numbers and National Insurance numbers. Each has a structure that
// ordinary text does not: an NHS number is ten digits whose last is a
// modulus-11 check digit; a National Insurance number is two letters from
// HMRC's allowed prefixes, six digits and a letter A to D. A number with the
// right shape that fails its check is still flagged, as other: a mistyped
// identifier still identifies.

// nhsCheckOK reports whether ten digits carry a valid modulus-11 check digit.
func nhsCheckOK(d []byte) bool {
	if len(d) != 10 {
		return false
	}
	sum := 0
	for k := 0; k < 9; k++ {
		sum += int(d[k]-'0') * (10 - k)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(d[9]-'0')
}

var nhsCues = []string{"nhs", "chi", "health number", "health and care number", "h&c"}

// findNHSNumbers finds ten digits written 999 526 0182, 999-526-0182 or
// 9995260182.
func findNHSNumbers(sc *scan, _ *nameIndex, out []Span) []Span {
	s := sc.text
	skip := 0
	for _, r := range sc.runs {
		i := int(r)
		if i < skip || !isDigit(s[i]) || continuesNumberBefore(s, i) {
			continue
		}
		e1 := digitRun(s, i)
		var digits []byte
		end := -1
		switch n := e1 - i; {
		case n == 10:
			digits, end = []byte(s[i:e1]), e1
		case n == 3 && e1+8 < len(s) && (s[e1] == ' ' || s[e1] == '-'):
			sep := s[e1]
			e2 := digitRun(s, e1+1)
			if e2-(e1+1) == 3 && e2 < len(s) && s[e2] == sep {
				e3 := digitRun(s, e2+1)
				if e3-(e2+1) == 4 {
					digits = append(append(append(digits, s[i:e1]...), s[e1+1:e2]...), s[e2+1:e3]...)
					end = e3
				}
			}
		}
		if end < 0 || !boundaryAfter(s, end) || continuesNumberAfter(s, end) {
			continue
		}
		skip = end
		if s[i] == '0' && !cueBefore(s, i, 48, nhsCues...) {
			continue // leave 01xx and 07xxx numbers to the phone detector
		}
		kind := KindNHSNumber
		if !nhsCheckOK(digits) {
			kind = KindOther
		}
		out = append(out, Span{Start: i, End: end, Kind: kind})
	}
	return out
}

// continuesNumberBefore reports whether the digits at i continue a number
// written in groups before them ("12 345 ...", "12-345").
func continuesNumberBefore(s string, i int) bool {
	return i >= 2 && (s[i-1] == ' ' || s[i-1] == '-') && isDigit(s[i-2])
}

// continuesNumberAfter is continuesNumberBefore after the number.
func continuesNumberAfter(s string, e int) bool {
	return e+1 < len(s) && (s[e] == ' ' || s[e] == '-') && isDigit(s[e+1])
}

// niPrefixOK applies HMRC's rules to the two prefix letters (upper case).
func niPrefixOK(a, b byte) bool {
	switch a {
	case 'D', 'F', 'I', 'Q', 'U', 'V':
		return false
	}
	switch b {
	case 'D', 'F', 'I', 'O', 'Q', 'U', 'V':
		return false
	}
	switch string([]byte{a, b}) {
	case "BG", "GB", "KN", "NK", "NT", "TN", "ZZ":
		return false
	}
	return true
}

var niCues = []string{"ni", "n.i", "nino", "national insurance", "ni no", "insurance number"}

func upperByte(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// findNINumbers finds JK 12 34 56 C, JK123456C, jk 123456 c.
func findNINumbers(sc *scan, _ *nameIndex, out []Span) []Span {
	s := sc.text
	skip := 0
	for _, r := range sc.runs {
		i := int(r)
		if i < skip || i+8 > len(s) || !isASCIILetter(s[i]) || !isASCIILetter(s[i+1]) {
			continue
		}
		j := i + 2
		if j < len(s) && s[j] == ' ' {
			j++
		}
		// Six digits: "123456", "12 34 56", "12-34-56", "123 456".
		n := 0
		for n < 6 && j < len(s) {
			if isDigit(s[j]) {
				n++
				j++
				continue
			}
			if (s[j] == ' ' || s[j] == '-') && n > 0 && n%2 == 0 || (s[j] == ' ' && n == 3) {
				if j+1 < len(s) && isDigit(s[j+1]) {
					j++
					continue
				}
			}
			break
		}
		if n != 6 || (j < len(s) && isDigit(s[j])) {
			continue
		}
		end := j
		suffix := false
		k := j
		if k < len(s) && s[k] == ' ' {
			k++
		}
		if k < len(s) && upperByte(s[k]) >= 'A' && upperByte(s[k]) <= 'D' && boundaryAfter(s, k+1) {
			end, suffix = k+1, true
		}
		if !boundaryAfter(s, end) {
			continue
		}
		upper := s[i] >= 'A' && s[i] <= 'Z' && s[i+1] >= 'A' && s[i+1] <= 'Z'
		if !(upper && suffix) && !cueBefore(s, i, 48, niCues...) {
			continue
		}
		kind := KindNINumber
		if !niPrefixOK(upperByte(s[i]), upperByte(s[i+1])) {
			kind = KindOther
		}
		out = append(out, Span{Start: i, End: end, Kind: kind})
		skip = end
	}
	return out
}
