package redact

// Vehicle registrations. The current format, AB12 CDE, is distinctive enough
// to take anywhere (in one case, with or without the space, with a real age
// identifier). The older prefix (A123 BCD), suffix (ABC 123D) and dateless or
// Northern Irish formats (ABC 1234) look too much like other codes ("B12 AND"
// in capitals), so they need a cue in the sentence: "reg", "car", "van".

var vehicleCues = []string{"reg", "registration", "reg.", "plate", "plates", "numberplate",
	"vrm", "car", "van", "vehicle", "motorbike", "motorcycle", "bike", "lorry", "taxi",
	"cab", "pickup", "hatchback", "saloon", "estate", "suv", "truck", "transit", "moped",
	"scooter", "4x4", "jeep", "reg no", "index"}

// letters reports whether s[i:i+n] are ASCII letters.
func letters(s string, i, n int) bool {
	if i+n > len(s) {
		return false
	}
	for k := i; k < i+n; k++ {
		if !isASCIILetter(s[k]) {
			return false
		}
	}
	return true
}

func digitsAt(s string, i, n int) bool {
	if i+n > len(s) {
		return false
	}
	for k := i; k < i+n; k++ {
		if !isDigit(s[k]) {
			return false
		}
	}
	return true
}

// oneCase reports whether the letters of s are all upper or all lower case.
func oneCase(s string) bool { return !(hasUpper(s) && hasLower(s)) }

// parseVehicle reads a registration at i and returns its end and whether it
// needs a cue, or -1.
func parseVehicle(s string, i int) (end int, needsCue bool) {
	skipSpace := func(j int) int {
		if j < len(s) && s[j] == ' ' {
			return j + 1
		}
		return j
	}
	// Current: LL99 LLL.
	if letters(s, i, 2) && digitsAt(s, i+2, 2) {
		j := skipSpace(i + 4)
		if letters(s, j, 3) && boundaryAfter(s, j+3) && oneCase(s[i:j+3]) {
			age := int(s[i+2]-'0')*10 + int(s[i+3]-'0')
			first := upperByte(s[i])
			if ((age >= 2 && age <= 29) || (age >= 51 && age <= 79)) && first != 'I' && first != 'Q' && first != 'Z' {
				return j + 3, false
			}
		}
	}
	// Prefix: L999 LLL (one to three digits).
	if letters(s, i, 1) && isDigitAt(s, i+1) {
		d := digitRun(s, i+1)
		if d-(i+1) <= 3 {
			j := skipSpace(d)
			if letters(s, j, 3) && boundaryAfter(s, j+3) && oneCase(s[i:j+3]) {
				return j + 3, true
			}
		}
	}
	// Suffix: LLL 999L; dateless or Northern Irish: LLL 9999.
	if letters(s, i, 3) {
		j := skipSpace(i + 3)
		d := digitRun(s, j)
		if n := d - j; n >= 1 && n <= 4 {
			if n <= 3 && letters(s, d, 1) && boundaryAfter(s, d+1) && oneCase(s[i:d+1]) {
				return d + 1, true
			}
			if n >= 3 && boundaryAfter(s, d) && hasUpper(s[i:i+3]) && !hasLower(s[i:i+3]) && j > i+3 {
				return d, true
			}
		}
	}
	// Dateless: 9999 LL / 999 LLL, capitals only ("3 PM" is a time).
	if isDigitAt(s, i) {
		d := digitRun(s, i)
		if n := d - i; n >= 3 && n <= 4 && d < len(s) && s[d] == ' ' {
			k := alnumRun(s, d+1)
			if m := k - (d + 1); (m == 2 || m == 3) && letters(s, d+1, m) && !hasLower(s[d+1:k]) &&
				boundaryAfter(s, k) && !notPlateLetters[s[d+1:k]] && !yearOrClock(s[i:d]) {
				return k, true
			}
		}
	}
	return -1, false
}

func isDigitAt(s string, i int) bool { return i < len(s) && isDigit(s[i]) }

// findVehicles finds vehicle registrations.
func findVehicles(sc *scan, _ *nameIndex, out []Span) []Span {
	s := sc.text
	skip := 0
	for _, r := range sc.runs {
		i := int(r)
		if i < skip || !vehicleShape(s, i) {
			continue
		}
		end, needsCue := parseVehicle(s, i)
		if end < 0 || (needsCue && !cueBefore(s, i, 100, vehicleCues...)) {
			continue
		}
		out = append(out, Span{Start: i, End: end, Kind: KindVehicleRegistration})
		skip = end
	}
	return out
}

// vehicleShape is a quick test that a registration could start at i: one to
// three letters then a digit, three letters then a space, or a few digits
// then a space.
func vehicleShape(s string, i int) bool {
	k := i
	for k < len(s) && k-i < 4 && isASCIILetter(s[k]) {
		k++
	}
	switch n := k - i; {
	case n == 0:
		d := digitRun(s, i)
		return d-i >= 3 && d-i <= 4 && d < len(s) && s[d] == ' '
	case n > 3:
		return false
	case k < len(s) && isDigit(s[k]):
		return true
	}
	return k-i == 3 && k+1 < len(s) && s[k] == ' ' && isDigit(s[k+1])
}

// notPlateLetters follow a number in capitals without making a plate: "3
// PM", "1400 BST", "2025 NHS".
var notPlateLetters = setOf("AM", "PM", "BST", "GMT", "UTC", "HRS", "NHS", "GP", "CPS",
	"ISVA", "IDVA", "SARC", "DV", "MS", "MG", "ML", "KG", "KM", "MPH", "CCG", "ICB")

// yearOrClock reports whether four digits read as a year (1900-2099) or a
// 24-hour time (0000-2359).
func yearOrClock(d string) bool {
	if len(d) != 4 {
		return false
	}
	v := int(d[0]-'0')*1000 + int(d[1]-'0')*100 + int(d[2]-'0')*10 + int(d[3]-'0')
	return (v >= 1900 && v <= 2099) || (v/100 <= 23 && v%100 <= 59)
}
