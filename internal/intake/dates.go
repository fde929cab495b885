package intake

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateHit is one date found in text: where it is and what day it names.
type dateHit struct {
	start, end int
	iso        string // YYYY-MM-DD
}

const monthWords = `(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|jun(?:e|\.)?|jul(?:y|\.)?|aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)`

// dateRe finds dates as police write them: "2026-03-09", "09/03/2026",
// "9.3.26", "9th March 2026", "9 Mar 26", "the 9th of March, 2026",
// "March 9, 2026". Figures are read day first, as in the UK.
var dateRe = regexp.MustCompile(`(?i)\b(?:` +
	`(\d{4})-(\d{1,2})-(\d{1,2})` +
	`|(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})` +
	`|(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+(` + monthWords + `)[,\s\-]+'?(\d{4}|\d{2})` +
	`|(` + monthWords + `)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})` +
	`)\b`)

// findDates lists the valid dates in s, in order.
func findDates(s string) []dateHit {
	var out []dateHit
	for _, m := range dateRe.FindAllStringSubmatchIndex(s, -1) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		var y, mo, d string
		switch {
		case g(1) != "":
			y, mo, d = g(1), g(2), g(3)
		case g(4) != "":
			d, mo, y = g(4), g(5), g(6)
		case g(7) != "":
			d, mo, y = g(7), monthNumber(g(8)), g(9)
		case g(10) != "":
			mo, d, y = monthNumber(g(10)), g(11), g(12)
		}
		iso, ok := isoDate(y, mo, d)
		if !ok {
			continue
		}
		out = append(out, dateHit{m[0], m[1], iso})
	}
	return out
}

func monthNumber(w string) string {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	for i, name := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if strings.HasPrefix(w, name) {
			return strconv.Itoa(i + 1)
		}
	}
	return ""
}

// isoDate checks a day and formats it; a two-digit year is this century.
func isoDate(y, mo, d string) (string, bool) {
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(mo)
	di, err3 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || err3 != nil {
		return "", false
	}
	if len(y) == 2 {
		yi += 2000
	}
	if yi < 1900 || yi > 2100 || mi < 1 || mi > 12 || di < 1 || di > 31 {
		return "", false
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Day() != di {
		return "", false // 31 April
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di), true
}
