package words

import (
	"strings"
	"testing"
)

func TestObstacleNamesTheStepOnlyWhereTheReasonIsTheStep(t *testing.T) {
	if got := Obstacle("", "client_consented"); got != "" {
		t.Errorf("no obstacle reads %q, want no words", got)
	}
	got := Obstacle("agreed_wrong_step", "lead_approved")
	if !strings.Contains(got, "“"+Status("lead_approved")+"”") || strings.Contains(got, "lead_approved") {
		t.Errorf("the wrong-step reason reads %q, want the step in words", got)
	}
	if got := Obstacle("not_agreed", "lead_approved"); got != "The client has not agreed to the current extract." {
		t.Errorf("not_agreed reads %q", got)
	}
}
