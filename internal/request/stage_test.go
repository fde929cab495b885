package request

import (
	"strings"
	"testing"
)

// The client is told where every request she can see stands, and only a
// sent request is ever described as sent.
func TestEveryStageHasWordsForTheClient(t *testing.T) {
	for _, o := range Statuses() {
		s := Status(o.Value)
		if s == StatusRecordedInError {
			continue // never shown in the portal
		}
		for _, compulsory := range []bool{false, true} {
			w := s.ForClient(compulsory)
			if w == "" {
				t.Errorf("%s: no words for the client", s)
			}
			if sent := strings.HasPrefix(w, "Sent"); sent != (s == StatusSent || s == StatusClosed) {
				t.Errorf("%s: %q", s, w)
			}
		}
	}
}
