package app_test

import (
	"context"
	"errors"
	"testing"

	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// TestRequestsForClientListsEachRequestWithItsOwnViewsAndThread: the
// counsellor's list of the requests about a client gives each request its
// own views and its own thread (never another request's, never another
// client's), the same thread the thread page shows, and records one read
// of each thread that has messages.
func TestRequestsForClientListsEachRequestWithItsOwnViewsAndThread(t *testing.T) {
	ctx := context.Background()
	a, _ := apptest.New(t)
	counsellor := core.Actor(apptest.AddUser(t, a, "c@example.org", "Casey", "counsellor"))
	lead := core.Actor(apptest.AddUser(t, a, "l@example.org", "Lee", "lead"))
	rowan, err := a.Clients.CreateClient(ctx, counsellor, "Rowan Example", "")
	if err != nil {
		t.Fatal(err)
	}
	other, err := a.Clients.CreateClient(ctx, counsellor, "Sam Example", "")
	if err != nil {
		t.Fatal(err)
	}
	newRequest := func(clientID, received string) string {
		t.Helper()
		r := store.Request{ClientID: clientID, Kind: "victim_information_request", Status: "checked", Verdict: "compliant",
			ReceivedOn: received, RecordEnc: []byte("x"), CreatedBy: lead.UserID, ClientVisible: true}
		if err := a.Store().CreateRequest(ctx, &r, nil, "checked"); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	older, newer, hers := newRequest(rowan, "2026-03-01"), newRequest(rowan, "2026-03-10"), newRequest(other, "2026-03-05")
	for _, v := range []struct{ client, req, body string }{
		{rowan, older, "view on the older"}, {rowan, newer, "first view on the newer"},
		{rowan, newer, "second view on the newer"}, {other, hers, "view on Sam's"},
	} {
		if err := a.Requests.AddCounsellorView(ctx, counsellor, v.client, v.req, v.body); err != nil {
			t.Fatal(err)
		}
	}
	write := func(clientID, requestID, body string) {
		t.Helper()
		c, err := a.Store().ClientByID(ctx, clientID)
		if err != nil {
			t.Fatal(err)
		}
		enc, err := vault.Encrypt([]byte(body), c.Recipient)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Store().AddMessage(ctx, &store.Message{RequestID: requestID, Sender: store.SenderClient, AuthorID: "client:acc", HasText: true, BodyEnc: enc}); err != nil {
			t.Fatal(err)
		}
	}
	write(rowan, newer, "a question about the newer")
	if err := a.Requests.ReplyToClient(ctx, lead, newer, "our answer"); err != nil {
		t.Fatal(err)
	}
	write(other, hers, "Sam's question")

	reads := func() int {
		t.Helper()
		es, err := a.Store().ListAudit(ctx, store.AuditFilter{Event: audit.MessageRead, ActorID: counsellor.UserID, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	got, err := a.Requests.RequestsForClient(ctx, counsellor, rowan)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != newer || got[1].ID != older {
		t.Fatalf("requests: %+v, want the newer then the older", got)
	}
	if n := reads(); n != 1 {
		t.Fatalf("%d thread reads recorded, want 1 (only the newer has messages)", n)
	}
	nv := got[0].Views
	if len(nv) != 2 || nv[0].Body != "first view on the newer" || nv[1].Body != "second view on the newer" || nv[0].By != "Casey" {
		t.Fatalf("views of the newer: %+v", nv)
	}
	if ov := got[1].Views; len(ov) != 1 || ov[0].Body != "view on the older" {
		t.Fatalf("views of the older: %+v", ov)
	}
	th := got[0].Thread
	if th.RequestID != newer || len(th.Entries) != 2 || !th.Entries[0].FromClient || th.Entries[0].Body != "a question about the newer" ||
		th.Entries[1].FromClient || th.Entries[1].Body != "our answer" || th.Entries[1].By != "Lee" || th.AwaitsReply || !th.ClientCanSee {
		t.Fatalf("thread of the newer: %+v", th)
	}
	if th := got[1].Thread; th.RequestID != older || len(th.Entries) != 0 || !th.ClientCanSee {
		t.Fatalf("thread of the older: %+v", th)
	}
	for _, r := range got {
		alone, err := a.Requests.ClientThread(ctx, counsellor, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(alone.Entries) != len(r.Thread.Entries) || alone.AwaitsReply != r.Thread.AwaitsReply || alone.ClientCanSee != r.Thread.ClientCanSee {
			t.Fatalf("the list's thread of %s differs from the thread page's: %+v vs %+v", r.ID, r.Thread, alone)
		}
		for i := range alone.Entries {
			if alone.Entries[i] != r.Thread.Entries[i] {
				t.Fatalf("entry %d of %s: %+v vs %+v", i, r.ID, r.Thread.Entries[i], alone.Entries[i])
			}
		}
	}
	sams, err := a.Requests.RequestsForClient(ctx, counsellor, other)
	if err != nil {
		t.Fatal(err)
	}
	if len(sams) != 1 || sams[0].ID != hers || len(sams[0].Views) != 1 || sams[0].Views[0].Body != "view on Sam's" ||
		len(sams[0].Thread.Entries) != 1 || sams[0].Thread.Entries[0].Body != "Sam's question" || !sams[0].Thread.AwaitsReply {
		t.Fatalf("Sam's requests: %+v", sams)
	}
}

// TestSendingsAreOnlyForTheClientsOwnVisibleRequest: what was sent for a
// request is listed for the client's own portal account and a request her
// portal shows, and for nobody else.
func TestSendingsAreOnlyForTheClientsOwnVisibleRequest(t *testing.T) {
	ctx := context.Background()
	a, _ := apptest.New(t)
	counsellor := core.Actor(apptest.AddUser(t, a, "c@example.org", "Casey", "counsellor"))
	rowan, err := a.Clients.CreateClient(ctx, counsellor, "Rowan Example", "")
	if err != nil {
		t.Fatal(err)
	}
	other, err := a.Clients.CreateClient(ctx, counsellor, "Sam Example", "")
	if err != nil {
		t.Fatal(err)
	}
	newRequest := func(visible bool) string {
		t.Helper()
		r := store.Request{ClientID: rowan, Kind: "victim_information_request", Status: "checked", Verdict: "compliant",
			ReceivedOn: "2026-03-01", RecordEnc: []byte("x"), CreatedBy: counsellor.UserID, ClientVisible: visible}
		if err := a.Store().CreateRequest(ctx, &r, nil, "checked"); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	shown, hidden := newRequest(true), newRequest(false)
	hers, sams := core.PortalAccount{ID: store.NewID(), ClientID: rowan}, core.PortalAccount{ID: store.NewID(), ClientID: other}
	if _, err := a.Disclosure.Sendings(ctx, hers, shown); err != nil {
		t.Fatalf("her own visible request: %v", err)
	}
	for _, tc := range []struct {
		name string
		acc  core.PortalAccount
		id   string
	}{
		{"another client's account", sams, shown},
		{"a request her portal does not show", hers, hidden},
		{"no account", core.PortalAccount{}, shown},
		{"no such request", hers, store.NewID()},
	} {
		if _, err := a.Disclosure.Sendings(ctx, tc.acc, tc.id); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("%s: %v, want not found", tc.name, err)
		}
	}
}
