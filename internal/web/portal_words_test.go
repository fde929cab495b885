package web

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"confidant/internal/app/disclosure"
	"confidant/internal/app/portal"
	"confidant/internal/request"
)

// TestTheClientReadsHerRequestInHerOwnWords: the portal's words for a
// request are put together in the web from the service's facts: the law
// that applies (a court's order says so), her stage, who the extract went
// to and when, and her thread as "You" and "Us", never a staff name.
func TestTheClientReadsHerRequestInHerOwnWords(t *testing.T) {
	sent := time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC)
	p := portal.Request{ID: "r1", Reference: "REQ-1", Force: "X Force", Requester: "DC Ann Lee", ReceivedOn: "2026-03-01",
		Status: request.StatusSent, HasExtract: true, ExtractSHA256: "abc", Decision: "agree", DecisionForCurrent: true,
		Sent: []disclosure.Sending{{Summary: "2 notes", At: sent, Expires: sent.Add(7 * 24 * time.Hour), DownloadedAt: sent.Add(24 * time.Hour)}}}
	c := clientRequestOf(p)
	if c.Law != lawSentence || c.Stage != request.StatusSent.ForClient(false) || c.Asking != "DC Ann Lee" || c.CanDecide || c.CanWithdraw {
		t.Errorf("voluntary request in her words: %+v", c)
	}
	if len(c.Sent) != 1 || c.Sent[0].To != "DC Ann Lee, X Force" || c.Sent[0].What != "2 notes" || !c.Sent[0].Downloaded ||
		c.Sent[0].DownloadedOn != "3 March 2026" || c.Sent[0].When != "2 March 2026 at 10:30" {
		t.Errorf("what was sent, in her words: %+v", c.Sent)
	}
	p.Compulsory, p.Sent = true, nil
	if c := clientRequestOf(p); c.Law != courtSentence || c.Stage != request.StatusSent.ForClient(true) || len(c.Sent) != 0 {
		t.Errorf("a court's order in her words: %+v", c)
	}

	pages, err := loadPages()
	if err != nil {
		t.Fatal(err)
	}
	thread := []portal.Message{{FromClient: true, Decision: "agree", At: sent, Body: "Yes, that is fine."}, {At: sent.Add(time.Hour), Body: "Thank you."}}
	var b bytes.Buffer
	data := portalView{SignedIn: true, Name: "Support", Errors: map[string]string{}, Data: portalRequestPage{clientRequestOf(p), thread}}
	if err := pages.byName["portal_request"].ExecuteTemplate(&b, "layout", data); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{"You, 2 March 2026 at 10:30 · you agreed", "Us, 2 March 2026 at 11:30", courtSentence} {
		if !strings.Contains(page, want) {
			t.Errorf("the client's request page lacks %q", want)
		}
	}
}
