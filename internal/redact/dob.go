package redact

import "strconv"

// Dates of birth. A note is full of dates (sessions, appointments, court
// dates) and none of them identifies the client; a birth date does. So a
// date is taken only when the text says it is a birth date: after "DOB",
// "d.o.b.", "date of birth", "birth date", "birthday", right after "born",
// or followed closely by such a cue ("3 April 1990 (DOB)").

// dateSpan is a date found at tokens [start, end).
type dateSpan struct {
	first, stop int // token indexes, stop exclusive
	hasDay      bool
	hasYear     bool
}

// year returns the date's year when written with four digits, else 0.
func (sc *scan) year(d dateSpan) int {
	for k := d.stop - 1; k >= d.first; k-- {
		if v, n, ok := sc.num(k); ok && n == 4 {
			return v
		}
	}
	return 0
}

// latestYear is the latest four-digit year in the text (0 if none): about
// when the note was written.
func (sc *scan) latestYear() int {
	y := 0
	for i, t := range sc.toks {
		if t.kind == tNum && t.end()-t.start() == 4 {
			if v, _, _ := sc.num(i); v >= 1900 && v <= 2099 && v > y {
				y = v
			}
		}
	}
	return y
}

// latestYearOutside is the latest four-digit year among the tokens around
// the date d (about a note's length either side), outside d itself, or 10000
// if there is none: a date is judged against its note's other dates, never
// against itself nor against notes written years apart.
func (sc *scan) latestYearOutside(d dateSpan) int {
	y := 0
	for i := max(0, d.first-yearWindow); i < min(len(sc.toks), d.stop+yearWindow); i++ {
		t := sc.toks[i]
		if t.kind != tNum || t.end()-t.start() != 4 || (i >= d.first && i < d.stop) {
			continue
		}
		if v, _, _ := sc.num(i); v >= 1900 && v <= 2099 && v > y {
			y = v
		}
	}
	if y == 0 {
		return 10000
	}
	return y
}

// yearWindow is how many tokens either side of a date latestYearOutside
// reads: a long note.
const yearWindow = 400

var monthWords = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

func (sc *scan) num(i int) (int, int, bool) {
	if i >= len(sc.toks) || sc.toks[i].kind != tNum {
		return 0, 0, false
	}
	s := sc.str(i)
	if len(s) > 4 {
		return 0, 0, false
	}
	v, _ := strconv.Atoi(s)
	return v, len(s), true
}

func (sc *scan) month(i int) bool {
	if i >= len(sc.toks) || sc.toks[i].kind != tWord {
		return false
	}
	return sc.toks[i].lex&lxMonth != 0
}

// attached reports whether token i follows the previous one with no space.
func (sc *scan) attached(i int) bool { return i < len(sc.toks) && sc.toks[i].gap == gNone }

// spaced reports whether token i follows the previous one after spaces on
// the same line.
func (sc *scan) spaced(i int) bool { return i < len(sc.toks) && sc.toks[i].gap == gSpace }

// parseDate reads a date starting at token i: 03/04/1991, 3.4.91, 1991-04-03,
// 3 April 1990, 3rd of April, April 3rd, 1990, April 1990.
func (sc *scan) parseDate(i int) (dateSpan, bool) {
	if v, n, ok := sc.num(i); ok {
		// Numeric.
		if sc.isPunct(i+1, "/.-") && sc.attached(i+1) {
			sep := sc.str(i + 1)
			v2, n2, ok2 := sc.num(i + 2)
			if ok2 && sc.attached(i+2) && n2 <= 2 && sc.isPunct(i+3, sep) && sc.attached(i+3) {
				v3, n3, ok3 := sc.num(i + 4)
				if ok3 && sc.attached(i+4) {
					switch {
					case n == 4 && n3 <= 2 && validDM(v3, v2):
						return dateSpan{i, i + 5, true, true}, true
					case n <= 2 && (n3 == 2 || n3 == 4) && (validDM(v, v2) || validDM(v2, v)):
						return dateSpan{i, i + 5, true, true}, true
					}
				}
			}
			return dateSpan{}, false
		}
		// "3 April 1990", "3rd of April".
		if n > 2 || v < 1 || v > 31 {
			return dateSpan{}, false
		}
		j := i + 1
		if j < len(sc.toks) && sc.attached(j) && isOrdinal(string(sc.fold(sc.str(j)))) {
			j++
		}
		if sc.is(j, "of") && sc.spaced(j) {
			j++
		}
		if !sc.month(j) || sc.toks[j].gap == gNone {
			return dateSpan{}, false
		}
		j++
		return sc.yearAfter(i, j, true), true
	}
	if !sc.month(i) {
		return dateSpan{}, false
	}
	// "April 3rd, 1990", "April 1990".
	j := i + 1
	if sc.isPunct(j, ".") && sc.attached(j) {
		j++
	}
	if v, n, ok := sc.num(j); ok && sc.spaced(j) {
		if n <= 2 && v >= 1 && v <= 31 {
			j++
			if j < len(sc.toks) && sc.attached(j) && isOrdinal(string(sc.fold(sc.str(j)))) {
				j++
			}
			return sc.yearAfter(i, j, true), true
		}
		if n == 4 {
			return dateSpan{i, j + 1, false, true}, true
		}
	}
	return dateSpan{i, i + 1, false, false}, true
}

// yearAfter extends a day and month ending before token j with ", 1990".
func (sc *scan) yearAfter(i, j int, day bool) dateSpan {
	k := j
	if sc.isPunct(k, ".") && sc.attached(k) {
		k++
	}
	if sc.isPunct(k, ",") && sc.attached(k) {
		k++
	}
	if _, n, ok := sc.num(k); ok && n == 4 && sc.spaced(k) {
		return dateSpan{i, k + 1, day, true}
	}
	return dateSpan{i, j, day, false}
}

func validDM(d, m int) bool { return d >= 1 && d <= 31 && m >= 1 && m <= 12 }

func isOrdinal(w string) bool { return w == "st" || w == "nd" || w == "rd" || w == "th" }

type dobCue uint8

const (
	cueNone     dobCue = iota
	cueDOB             // "DOB", "date of birth": the date may come a few words on
	cueBorn            // "born": the date follows at once
	cueBirthday        // "birthday": a day and month is enough
)

// dobCueAt reports whether a cue starts at token i, and the token after it.
func (sc *scan) dobCueAt(i int) (dobCue, int) {
	t := sc.toks[i]
	if t.kind != tWord || t.lex&lxDOBCue == 0 {
		return cueNone, i
	}
	switch string(sc.fold(sc.str(i))) {
	case "dob":
		return cueDOB, i + 1
	case "birthdate":
		return cueDOB, i + 1
	case "born":
		return cueBorn, i + 1
	case "birthday", "birthdays", "b'day", "bday":
		return cueBirthday, i + 1
	case "birth":
		if sc.is(i+1, "date") {
			return cueDOB, i + 2
		}
	case "date":
		if sc.is(i+1, "of") && sc.is(i+2, "birth") {
			return cueDOB, i + 3
		}
	case "d":
		// "d.o.b.", "D.O.B", "d o b"
		if sc.isPunct(i+1, ".") && sc.is(i+2, "o") && sc.isPunct(i+3, ".") && sc.is(i+4, "b") {
			return cueDOB, i + 5
		}
		if sc.is(i+1, "o") && sc.is(i+2, "b") {
			return cueDOB, i + 3
		}
	}
	return cueNone, i
}

// findDatesOfBirth finds dates said to be birth dates.
func findDatesOfBirth(sc *scan, _ *nameIndex, out []Span) []Span {
	if sc.lexAny&lxDOBCue == 0 {
		return out
	}
	toks := sc.toks
	taken := -1 // dates are not taken twice
	latest := -1
	for i := 0; i < len(toks); i++ {
		cue, next := sc.dobCueAt(i)
		if cue == cueNone {
			continue
		}
		limit := 16
		if cue == cueBorn {
			limit = 4
		}
		// "Her date of birth on the record was wrong. The right one is
		// 02.02.2002." The sentence after a cue may hold the date, but
		// there only a date well before the note's own dates is taken.
		crossed, extended := false, false
		for t := next; t < len(toks) && t < next+limit; t++ {
			if t > next && sc.breakBefore(t) {
				if cue != cueDOB || crossed || toks[t].gap >= gPara {
					break
				}
				crossed, limit = true, limit+12
			}
			if crossed {
				d, ok := sc.parseDate(t)
				if !ok || !d.hasDay {
					continue
				}
				if latest < 0 {
					latest = sc.latestYear()
				}
				if y := sc.year(d); y == 0 || y > latest-10 {
					continue
				}
			}
			if t == next && toks[t].gap >= gPara {
				break
			}
			if cue == cueBorn && (t > next) && !sc.is(t-1, "on") && !sc.is(t-1, "the") &&
				!sc.is(t-1, "in") && !sc.isPunct(t-1, ":,") {
				break
			}
			d, ok := sc.parseDate(t)
			if !ok {
				// "born in 1990", "DOB: 1990"
				if v, n, isNum := sc.num(t); isNum && n == 4 && v >= 1900 && v <= 2099 &&
					cue != cueBirthday && !sc.isPunct(t+1, "/.-:") {
					// "DOB confirmed at the review in 2025" is not a birth year.
					if t > next+2 && cue != cueBorn && v >= sc.latestYearOutside(dateSpan{t, t + 1, false, true})-1 {
						continue
					}
					if t > taken {
						out = append(out, Span{Start: toks[t].start(), End: toks[t].end(), Kind: KindDateOfBirth})
						taken = t
					}
					break
				}
				continue
			}
			if !d.hasDay && !d.hasYear {
				continue // a bare month
			}
			// "DOB checked with her today, 14/05/2025": a date a few words
			// on from the cue, in the note's own year or the one before, is
			// the day of the checking, not of the birth.
			if t > next+2 && cue != cueBorn {
				if y := sc.year(d); y != 0 && y >= sc.latestYearOutside(d)-1 {
					// Look on past it: "DOB checked today, 02/09/2025: it
					// is recorded as 17.03.2001".
					if !extended {
						limit, extended = limit+d.stop-t+6, true
					}
					t = d.stop - 1
					continue
				}
			}
			if t > taken {
				out = append(out, Span{Start: toks[d.first].start(), End: toks[d.stop-1].end(), Kind: KindDateOfBirth})
				taken = d.stop - 1
			}
			break
		}
	}
	// A cue after the date: "14/06/1988 (DOB)", "3 April 1990 is her date
	// of birth". Look back from each cue for a full date ending at most six
	// tokens before it, in the same sentence.
	for c := 0; c < len(toks); c++ {
		if cue, _ := sc.dobCueAt(c); cue != cueDOB && cue != cueBirthday {
			continue
		}
		for t := c - 1; t >= 0 && t >= c-12; t-- {
			if sc.breakBefore(t + 1) {
				break
			}
			d, ok := sc.parseDate(t)
			if !ok || d.stop > c || c-d.stop > 6 {
				continue
			}
			if !d.hasDay || !d.hasYear {
				continue // "April 1990" of "3 April 1990": look further back
			}
			if d.first > taken {
				out = append(out, Span{Start: toks[d.first].start(), End: toks[d.stop-1].end(), Kind: KindDateOfBirth})
			}
			break
		}
	}
	return out
}
