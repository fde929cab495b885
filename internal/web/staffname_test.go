package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"confidant/internal/request"
	"confidant/internal/store"
)

// TestPagesNameAGoneMemberOfStaffInWords: the core hands out no words for
// a member of staff whose account is gone; the request page says "a former
// member of staff" for a step they took, and names a known one.
func TestPagesNameAGoneMemberOfStaffInWords(t *testing.T) {
	e := newTestEnv(t)
	counsellor, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	rid := strings.TrimPrefix(req, "/requests/")
	if code, _, _ := counsellor.post(clientPath+"/requests/"+rid+"/views", url.Values{"view": {"Disclosure could set back her recovery."}}); code != http.StatusSeeOther {
		t.Fatalf("counsellor's view: %d", code)
	}
	r, err := e.app.Store().RequestByID(t.Context(), rid)
	if err != nil {
		t.Fatal(err)
	}
	act, _ := request.ManualAction(request.StatusWithdrawn)
	m := store.Move{RequestID: rid, From: r.Status, To: request.StatusWithdrawn, Action: act, By: request.ActorLead, ActorID: store.NewID(), Version: r.Version}
	if err := e.app.Store().TransitionRequest(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	_, page := lead.get(req)
	if !strings.Contains(page, "(a former member of staff)") {
		t.Errorf("the request's history does not name the gone member of staff in words:\n%s", between(page, `<ol class="history">`, `</ol>`))
	}
	_, cp := counsellor.get(clientPath)
	if !strings.Contains(cp, "Disclosure could set back her recovery.") || strings.Contains(cp, "a former member of staff") {
		t.Errorf("the client page's view is not named by its counsellor")
	}
}
