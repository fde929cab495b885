package request

import (
	"slices"
	"testing"
)

func TestDueFollowUpsComeFromTheStatusAndTheFindingCodes(t *testing.T) {
	for _, c := range []struct {
		status Status
		codes  []Code
		want   []FollowUp
	}{
		{StatusChecked, nil, []FollowUp{FollowUpVerifyRequester}},
		{StatusVerified, nil, nil},
		{StatusAwaitingClarification, []Code{CodeNoticeToFollow}, []FollowUp{FollowUpClarification, FollowUpConfirmNotice}},
		{StatusChecked, []Code{CodeAuthorisationStale, CodeNoticeToFollow}, []FollowUp{FollowUpConfirmNotice, FollowUpReverifyAuthorisation, FollowUpVerifyRequester}},
		{StatusVerified, []Code{CodeTopicMissing}, nil},
	} {
		if got := DueFollowUps(c.status, c.codes); !slices.Equal(got, c.want) {
			t.Errorf("DueFollowUps(%s, %v) = %v, want %v", c.status, c.codes, got, c.want)
		}
	}
}

func TestEveryFollowUpIsListed(t *testing.T) {
	all := FollowUps()
	due := DueFollowUps(StatusAwaitingClarification, []Code{CodeNoticeToFollow, CodeAuthorisationStale})
	due = append(due, DueFollowUps(StatusChecked, nil)...)
	if !slices.Equal(all, due) {
		t.Fatalf("FollowUps() = %v, but the follow-ups that can be due are %v", all, due)
	}
}
