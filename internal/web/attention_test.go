package web

import (
	"strings"
	"testing"

	"confidant/internal/access"
	"confidant/internal/app"
)

func TestEachThingThatWaitsIsWordedWithItsLink(t *testing.T) {
	for _, c := range []struct {
		it          app.AttentionItem
		words, link string
	}{
		{app.AttentionItem{What: app.WaitingReplyToClient, RequestID: "r1", RequestRef: "R-1"}, "request R-1 and is waiting for a reply", "/requests/r1#thread"},
		{app.AttentionItem{What: app.WaitingReplyToYourClient, RequestID: "r1", RequestRef: "R-1", ClientID: "c1", ClientRef: "C-1"}, "Your client C-1 has written", "/clients/c1#requests"},
		{app.AttentionItem{What: app.WaitingApproval, RequestID: "r1", RequestRef: "R-1"}, "the extract for request R-1: it waits for a lead's approval", "/requests/r1#approval"},
		{app.AttentionItem{What: app.WaitingGrant, UserID: "u1", Role: access.Lead}, "(Safeguarding lead) waits for your approval", "/admin/users/u1"},
	} {
		l, ok := attentionLineOf(c.it)
		if !ok || !strings.Contains(l.What, c.words) || l.Link != c.link {
			t.Errorf("%s: %+v (%v), want words with %q and link %s", c.it.What, l, ok, c.words, c.link)
		}
	}
	if l, ok := attentionLineOf(app.AttentionItem{What: "something_new"}); ok {
		t.Errorf("something with no words was shown: %+v", l)
	}
}
