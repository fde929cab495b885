package disclosure

import (
	"strings"
	"testing"

	"confidant/internal/words"
)

// TestEveryObstacleHasItsOwnWords: each reason the lead cannot approve
// reads as a sentence of its own, never as the code made readable.
func TestEveryObstacleHasItsOwnWords(t *testing.T) {
	seen := map[string]Obstacle{}
	for _, o := range []Obstacle{NoExtract, AlreadySent, AgreedElsewhen, NotAgreed, NotDrafted, AgreedEarlier, OwnExtract, AwaitingReply} {
		w := words.Obstacle(string(o), "extract_drafted")
		if w == "" || w == words.Humanise(string(o)) || !strings.HasSuffix(w, ".") {
			t.Errorf("obstacle %q reads %q", o, w)
		}
		if other, ok := seen[w]; ok {
			t.Errorf("obstacles %q and %q read the same: %q", o, other, w)
		}
		seen[w] = o
	}
}
