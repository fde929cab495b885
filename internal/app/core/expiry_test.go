package core

import (
	"testing"
	"time"
)

func TestSessionEndsWhenPastItsEndIdleTooLongOrTooOld(t *testing.T) {
	start := time.Unix(1_780_000_000, 0)
	const idle, absolute = 30 * time.Minute, 12 * time.Hour
	end := start.Add(absolute)
	short := start.Add(2 * time.Hour) // an end set before the absolute limit
	for _, tc := range []struct {
		name     string
		now      time.Time
		lastSeen time.Time
		expires  time.Time
		want     bool
	}{
		{"fresh", start.Add(time.Minute), start, end, false},
		{"idle exactly the limit", start.Add(idle), start, end, false},
		{"idle a moment past the limit", start.Add(idle + time.Nanosecond), start, end, true},
		{"active, a moment past the absolute limit", start.Add(absolute + time.Nanosecond), start.Add(absolute), end.Add(time.Hour), true},
		// The end is kept in whole seconds, and a session is good for all
		// of its last second.
		{"within the stored end's second", short.Add(999 * time.Millisecond), short.Add(-time.Minute), short, false},
		{"the second after the stored end", short.Add(time.Second), short.Add(-time.Minute), short, true},
	} {
		if got := SessionExpired(tc.now, start, tc.lastSeen, tc.expires, idle, absolute); got != tc.want {
			t.Errorf("%s: expired = %v, want %v", tc.name, got, tc.want)
		}
	}
}
