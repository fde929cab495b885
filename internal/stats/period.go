package stats

import (
	"fmt"
	"time"
)

// Month is a calendar month. The monitoring figures are counted by month
// and their exports never hold a finer date, so the period is in months.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf is the month a time falls in, in the time's own location.
func MonthOf(t time.Time) Month { return Month{t.Year(), t.Month()} }

// ParseMonth reads "2026-03".
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil || len(s) != 7 {
		return Month{}, fmt.Errorf("%q is not a month written as YYYY-MM", s)
	}
	return MonthOf(t), nil
}

// String is the month as YYYY-MM, the form the exports and forms use.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Label is the month in words: "March 2026".
func (m Month) Label() string { return m.Month.String() + " " + fmt.Sprint(m.Year) }

// Add moves n months on (or back, for negative n).
func (m Month) Add(n int) Month {
	i := m.index() + n
	return Month{i / 12, time.Month(i%12 + 1)}
}

// Before reports whether m comes before o.
func (m Month) Before(o Month) bool { return m.index() < o.index() }

func (m Month) index() int { return m.Year*12 + int(m.Month) - 1 }

// start is the first instant of the month in loc.
func (m Month) start(loc *time.Location) time.Time {
	return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
}

// Period is the months a report covers, both ends included: the requests
// counted are those received in it, and their progress is read as it
// stood at the end of its last month (or now, for the current month).
type Period struct {
	From, To Month
}

// LastTwelveMonths is the default period: the current month and the eleven
// before it.
func LastTwelveMonths(now time.Time) Period {
	m := MonthOf(now)
	return Period{From: m.Add(-11), To: m}
}

// Months lists the period's months in order.
func (p Period) Months() []Month {
	var out []Month
	for m := p.From; !p.To.Before(m); m = m.Add(1) {
		out = append(out, m)
	}
	return out
}

// Len is the number of months in the period (0 if it is back to front).
func (p Period) Len() int {
	n := p.To.index() - p.From.index() + 1
	if n < 0 {
		return 0
	}
	return n
}

// Label is the period in words: "April 2025 to March 2026".
func (p Period) Label() string {
	if p.From == p.To {
		return p.From.Label()
	}
	return p.From.Label() + " to " + p.To.Label()
}
