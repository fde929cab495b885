package redact

import (
	"strings"
	"unicode/utf8"
)

// Bank details. A sort code (12-34-56) looks like a date written with
// hyphens and an account number (41234567) like any other number, so both
// need a cue before them ("sort code", "account"). IBANs and card numbers
// carry their own check digits and are taken anywhere.

var sortCodeCues = []string{"sort code", "sort-code", "sortcode", "s/c", "bank", "account",
	"acc", "a/c", "acct"}

var accountCues = []string{"account", "acc", "acct", "a/c", "account no", "bank", "acc no",
	"account number"}

// findBankDetails finds sort codes, account numbers, IBANs and card numbers.
func findBankDetails(sc *scan, _ *nameIndex, out []Span) []Span {
	s := sc.text
	skip := 0
	for _, r := range sc.runs {
		i := int(r)
		if i < skip || i+3 >= len(s) {
			continue
		}
		if isASCIILetter(s[i]) {
			if !isDigit(s[i+2]) {
				continue
			}
			if e := parseIBAN(s, i); e > 0 {
				out = append(out, Span{Start: i, End: e, Kind: KindBankDetails})
				skip = e
			}
			continue
		}
		e1 := digitRun(s, i)
		if e := parseCard(s, i); e > 0 {
			out = append(out, Span{Start: i, End: e, Kind: KindBankDetails})
			skip = e
			continue
		}
		if e := parseSortCode(s, i); e > 0 &&
			(bankCueBefore(s, i, 60, sortCodeCues) || cueAfter(s, e, 30, "sort code")) {
			out = append(out, Span{Start: i, End: e, Kind: KindBankDetails})
			skip = e
			continue
		}
		if e := parseAccount(s, i); e > 0 && bankCueBefore(s, i, 60, accountCues) {
			out = append(out, Span{Start: i, End: e, Kind: KindBankDetails})
			skip = e
			continue
		}
		// "the account ending 4567", "card ending in 1234".
		if e1-i == 4 && boundaryAfter(s, e1) && cueBefore(s, i, 16, "ending", "ending in", "ends in",
			"last four digits", "last 4 digits", "last four", "last 4") &&
			cueBefore(s, i, 60, append(accountCues, "card")...) {
			out = append(out, Span{Start: i, End: e1, Kind: KindBankDetails})
		}
	}
	return out
}

// bankCueBefore is cueBefore for bank details, except that "bank holiday",
// "an account of" and "on account of" are no cues: "the bank holiday on
// 26-05-25", "she gave an account of 12-03-25".
func bankCueBefore(text string, pos, n int, cues []string) bool {
	if !cueBefore(text, pos, n, cues...) {
		return false
	}
	lo := max(0, pos-n)
	for lo > 0 && lo < len(text) && !utf8.RuneStart(text[lo]) {
		lo--
	}
	win := afterSentenceBreak(text[lo:pos])
	for _, c := range cues {
		for off := 0; off < len(win); {
			k := indexWord(win[off:], c)
			if k < 0 {
				break
			}
			k += off
			off = k + len(c)
			rest := strings.TrimLeft(win[off:], " ")
			if next := rest[:alnumRun(rest, 0)]; !(strings.EqualFold(next, "holiday") ||
				strings.EqualFold(next, "holidays") || strings.EqualFold(next, "of")) {
				return true
			}
		}
	}
	return false
}

// indexWord is containsWord returning the index of the first match, or -1.
func indexWord(s, cue string) int {
	first := cue[0]
	for k := 0; k+len(cue) <= len(s); k++ {
		if s[k]|0x20 != first {
			continue
		}
		end := k + len(cue)
		if !strings.EqualFold(s[k:end], cue) {
			continue
		}
		if (k == 0 || !isAlnum(s[k-1])) && (end == len(s) || !isAlnum(s[end]) || !isAlnum(cue[len(cue)-1])) {
			return k
		}
	}
	return -1
}

// parseSortCode reads 12-34-56, 12 34 56 or 123456.
func parseSortCode(s string, i int) int {
	e := digitRun(s, i)
	switch e - i {
	case 6:
		if boundaryAfter(s, e) {
			return e
		}
	case 2:
		if e >= len(s) || (s[e] != '-' && s[e] != ' ') {
			return -1
		}
		sep := s[e]
		if !digitsAt(s, e+1, 2) || e+3 >= len(s) || s[e+3] != sep || !digitsAt(s, e+4, 2) {
			return -1
		}
		end := e + 6
		// "12 34 56 78" is not a sort code; "12-34-56 41234567" holds one.
		if boundaryAfter(s, end) && !(end+1 < len(s) && s[end] == sep && isDigit(s[end+1])) {
			return end
		}
	}
	return -1
}

// parseAccount reads 7 to 10 digits, or two groups of four.
func parseAccount(s string, i int) int {
	e := digitRun(s, i)
	n := e - i
	if n >= 7 && n <= 10 && boundaryAfter(s, e) {
		return e
	}
	if n == 4 && e+5 <= len(s) && (s[e] == ' ' || s[e] == '-') && digitsAt(s, e+1, 4) &&
		boundaryAfter(s, e+5) && !continuesNumberAfter(s, e+5) {
		return e + 5
	}
	return -1
}

// parseCard reads a card number of 16 digits (in groups of four or not)
// that passes the Luhn check.
func parseCard(s string, i int) int {
	var d []byte
	j := i
	for g := 0; g < 4; g++ {
		if !digitsAt(s, j, 4) {
			return -1
		}
		d = append(d, s[j:j+4]...)
		j += 4
		if g < 3 && j < len(s) && (s[j] == ' ' || s[j] == '-') {
			j++
		}
	}
	if !boundaryAfter(s, j) || !luhnOK(d) {
		return -1
	}
	return j
}

func luhnOK(d []byte) bool {
	sum := 0
	for k := 0; k < len(d); k++ {
		v := int(d[len(d)-1-k] - '0')
		if k%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

// parseIBAN reads an IBAN (GB29 NWBK 6016 1331 9268 19) and checks its
// mod-97 check digits. Groups after the IBAN that would break the check
// belong to the sentence, so the longest valid reading wins.
func parseIBAN(s string, i int) int {
	if !letters(s, i, 2) || !digitsAt(s, i+2, 2) || hasLower(s[i:i+2]) {
		return -1
	}
	var b []byte
	var ends, lens []int
	for j := i; j < len(s) && len(b) <= 34; {
		e := alnumRun(s, j)
		if e == j {
			break
		}
		b = append(b, s[j:e]...)
		j = e
		ends, lens = append(ends, j), append(lens, len(b))
		if j+1 < len(s) && s[j] == ' ' && isAlnum(s[j+1]) {
			j++
			continue
		}
		break
	}
	for k := len(ends) - 1; k >= 0; k-- {
		if lens[k] >= 15 && lens[k] <= 34 && ibanOK(upperASCII(string(b[:lens[k]]))) {
			return ends[k]
		}
	}
	return -1
}

func ibanOK(iban string) bool {
	if len(iban) < 15 || len(iban) > 34 {
		return false
	}
	r := iban[4:] + iban[:4]
	rem := 0
	for k := 0; k < len(r); k++ {
		c := r[k]
		switch {
		case isDigit(c):
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		default:
			return false
		}
	}
	return rem == 1
}
