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
func validOutward(o []byte) bool {
	k := 0
	for k < len(o) && isASCIILetter(o[k]) {
		k++
	}
	if k == 0 || k > 2 || !postcodeAreas[string(o[:k])] {
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
func validInward(in []byte) bool {
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

// isPostcode checks outward and inward codes as written, in any case.
func isPostcode(out, in string) bool {
	if len(out) > 4 || len(in) != 3 {
		return false
	}
	// An ordinal in lower case ("M6 2nd", "b12 3rd") is not a postcode;
	// see ordinalPostcodeOK for the exception.
	switch in[1:] {
	case "st", "nd", "rd", "th":
		return false
	}
	var ob [4]byte
	var ib [3]byte
	for k := range len(out) {
		ob[k] = upperByte(out[k])
	}
	for k := range 3 {
		ib[k] = upperByte(in[k])
	}
	o, n := ob[:len(out)], ib[:]
	if string(o) == "GIR" && string(n) == "0AA" {
		return true
	}
	return validOutward(o) && validInward(n)
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
	for _, r := range sc.runs {
		i := int(r)
		// An outward code is one or two letters and a digit.
		if i < skip || i+4 >= len(s) || !isASCIILetter(s[i]) ||
			!(isDigit(s[i+1]) || (isASCIILetter(s[i+1]) && isDigit(s[i+2]))) {
			continue
		}
		e := alnumRun(s, i)
		run := s[i:e]
		switch {
		case len(run) >= 2 && len(run) <= 4 && e+4 <= len(s) && s[e] == ' ':
			// "SK4 3QT"
			e2 := alnumRun(s, e+1)
			if e2-(e+1) == 3 && boundaryAfter(s, e2) && (isPostcode(run, s[e+1:e2]) || ordinalPostcodeOK(s, i, e, e2)) {
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

// ordinalPostcodeOK takes a postcode whose inward code reads as an ordinal
// ("b33 8th") when it is written all in lower case and no word follows it,
// as a noun follows an ordinal ("b12 3rd dose", "the M6 2nd junction"), or
// when "postcode" comes just before it.
func ordinalPostcodeOK(s string, i, e, e2 int) bool {
	out, in := s[i:e], s[e+1:e2]
	if !isPostcode(out, upperASCII(in)) {
		return false
	}
	if cueBefore(s, i, 24, "postcode", "post code") {
		return true
	}
	if hasUpper(out) {
		return false
	}
	k := e2
	for k < len(s) && s[k] == ' ' {
		k++
	}
	return k >= len(s) || !isASCIILetter(s[k])
}
