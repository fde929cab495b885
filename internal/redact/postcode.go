package redact

// UK postcodes in every valid format (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA,
// A9A 9AA, AA9A 9AA), in any case, with or without the space. The outward
// code must begin with one of the real postcode areas, which keeps random
// letter-digit mixes out.

// postcodeAreas are the UK's postcode areas (plus the non-geographic BF, BX).
var postcodeAreas = setOf("AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN",
	"BR", "BS", "BT", "BX", "CA", "CB", "CF", "CH", "CM", "CO", "CR", "CT", "CV",
	"CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EH",
	"EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR",
	"HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L",
	"LA", "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE",
	"NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR",
	"RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP",
	"SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW",
	"UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE")

// validOutward checks an outward code (upper case): area letters, then
// 9, 99 or 9A.
func validOutward(o string) bool {
	k := 0
	for k < len(o) && isASCIILetter(o[k]) {
		k++
	}
	if k == 0 || k > 2 || !postcodeAreas[o[:k]] {
		return false
	}
	rest := o[k:]
	switch len(rest) {
	case 1:
		return isDigit(rest[0])
	case 2:
		if !isDigit(rest[0]) {
			return false
		}
		if isDigit(rest[1]) {
			return true
		}
		// A9A (London central) and AA9A: the letter is restricted.
		if k == 1 {
			return rest[1] >= 'A' && rest[1] <= 'Z' && stringHas("ABCDEFGHJKPSTUW", rest[1])
		}
		return stringHas("ABEHMNPRVWXY", rest[1])
	}
	return false
}

// validInward checks an inward code (upper case): 9AA, letters not C I K M O V.
func validInward(in string) bool {
	return len(in) == 3 && isDigit(in[0]) && isASCIILetter(in[1]) && isASCIILetter(in[2]) &&
		!stringHas("CIKMOV", in[1]) && !stringHas("CIKMOV", in[2])
}

func stringHas(set string, c byte) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

// alnumRun returns the end of the run of ASCII letters and digits at i.
func alnumRun(s string, i int) int {
	for i < len(s) && isAlnum(s[i]) {
		i++
	}
	return i
}

// isPostcode checks outward and inward codes as written, in one case.
func isPostcode(out, in string) bool {
	if (hasUpper(out) || hasUpper(in)) && (hasLower(out) || hasLower(in)) {
		return false // "M6 2nd"
	}
	o, n := upperASCII(out), upperASCII(in)
	if o == "GIR" && n == "0AA" {
		return true
	}
	if !validOutward(o) || !validInward(n) {
		return false
	}
	// An ordinal in lower case ("b1 2nd") is not a postcode.
	switch in[1:] {
	case "st", "nd", "rd", "th":
		return false
	}
	return true
}

func upperASCII(s string) string {
	if !hasLower(s) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		b[i] = upperByte(c)
	}
	return string(b)
}

// findPostcodes finds postcodes.
func findPostcodes(sc *scan, _ *nameIndex, out []Span) []Span {
	s := sc.text
	skip := 0
	for _, i := range sc.runs {
		if i < skip || !isASCIILetter(s[i]) {
			continue
		}
		e := alnumRun(s, i)
		run := s[i:e]
		switch {
		case len(run) >= 2 && len(run) <= 4 && e+4 <= len(s) && s[e] == ' ':
			// "SK4 3QT"
			e2 := alnumRun(s, e+1)
			if e2-(e+1) == 3 && boundaryAfter(s, e2) && isPostcode(run, s[e+1:e2]) {
				out = append(out, Span{Start: i, End: e2, Kind: KindPostcode})
				skip = e2
			}
		case len(run) >= 5 && len(run) <= 7 && boundaryAfter(s, e):
			// "BD13QP"
			if isPostcode(run[:len(run)-3], run[len(run)-3:]) {
				out = append(out, Span{Start: i, End: e, Kind: KindPostcode})
			}
		}
	}
	return out
}
