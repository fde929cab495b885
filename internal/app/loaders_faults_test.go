package app_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"confidant/internal/access"
	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/fault"
	"confidant/internal/store"
)

// loaderWorld is a lead, a counsellor and two clients, each with a request
// her portal shows.
type loaderWorld struct {
	a                *app.App
	dir              string
	lead, counsellor access.Actor
	rowan, sam       string // clients
	hers, sams       string // a request about each
}

func newLoaderWorld(t *testing.T) loaderWorld {
	t.Helper()
	ctx := context.Background()
	a, dir := apptest.New(t)
	w := loaderWorld{a: a, dir: dir,
		counsellor: core.Actor(apptest.AddUser(t, a, "c@example.org", "Casey", "counsellor")),
		lead:       core.Actor(apptest.AddUser(t, a, "l@example.org", "Lee", "lead"))}
	var err error
	if w.rowan, err = a.Clients.CreateClient(ctx, w.counsellor, "Rowan Example", ""); err != nil {
		t.Fatal(err)
	}
	if w.sam, err = a.Clients.CreateClient(ctx, w.counsellor, "Sam Example", ""); err != nil {
		t.Fatal(err)
	}
	newRequest := func(clientID string) string {
		r := store.Request{ClientID: clientID, Kind: "victim_information_request", Status: "checked", Verdict: "compliant",
			ReceivedOn: "2026-03-01", RecordEnc: []byte("x"), CreatedBy: w.lead.UserID, ClientVisible: true}
		if err := a.Store().CreateRequest(ctx, &r, nil, "checked"); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	w.hers, w.sams = newRequest(w.rowan), newRequest(w.sam)
	return w
}

// spoil makes a row unreadable (a time column that holds text), so that
// reading it fails with something other than "no such row".
func (w loaderWorld) spoil(t *testing.T, table, id string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(w.dir, store.DBFile)+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE `+table+` SET created_at = 'not a time' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, what string, err error, want fault.Code) {
	t.Helper()
	if got := fault.CodeOf(err); got != want {
		t.Errorf("%s: code %q (%v), want %q", what, got, err, want)
	}
}

// A request that cannot be read because the database is busy is not "no
// such request": the loaders say Unavailable, so the person tries again
// rather than being told it does not exist.
func TestLoadersCallABusyDatabaseUnavailableNotNotFound(t *testing.T) {
	ctx := context.Background()
	w := newLoaderWorld(t)
	hers := core.PortalAccount{ID: store.NewID(), ClientID: w.rowan}
	lockDatabase(t, w.a, w.dir)
	_, err := w.a.Disclosure.Sendings(ctx, hers, w.hers)
	wantCode(t, "Sendings", err, fault.Unavailable)
	_, err = w.a.Portal.RequestDetail(ctx, hers, w.hers)
	wantCode(t, "portal RequestDetail", err, fault.Unavailable)
	_, err = w.a.Requests.ClientThread(ctx, w.lead, w.hers)
	wantCode(t, "ClientThread", err, fault.Unavailable)
}

// A loader answers NotFound only for what is not there or what the actor
// may not see; any other failed read (here, a row that cannot be read) is
// passed on as it is.
func TestLoadersAnswerNotFoundOnlyForWhatIsNotThere(t *testing.T) {
	ctx := context.Background()
	w := newLoaderWorld(t)
	hers := core.PortalAccount{ID: store.NewID(), ClientID: w.rowan}
	sams := core.PortalAccount{ID: store.NewID(), ClientID: w.sam}

	// Not there, or not theirs: NotFound, as before.
	_, err := w.a.Requests.LoadRequest(ctx, w.lead, store.NewID())
	wantCode(t, "LoadRequest of no request", err, fault.NotFound)
	_, err = w.a.Requests.LoadRequest(ctx, w.counsellor, w.hers)
	wantCode(t, "LoadRequest by a counsellor", err, fault.NotFound)
	_, err = w.a.Requests.ClientThread(ctx, w.lead, store.NewID())
	wantCode(t, "ClientThread of no request", err, fault.NotFound)
	_, err = w.a.Portal.RequestDetail(ctx, hers, w.sams)
	wantCode(t, "RequestDetail of another client's request", err, fault.NotFound)
	_, err = w.a.Disclosure.Sendings(ctx, hers, store.NewID())
	wantCode(t, "Sendings of no request", err, fault.NotFound)
	err = w.a.Requests.AddCounsellorView(ctx, w.counsellor, w.rowan, w.sams, "a view")
	wantCode(t, "AddCounsellorView on another client's request", err, fault.NotFound)
	err = w.a.Requests.AddCounsellorView(ctx, w.counsellor, w.rowan, store.NewID(), "a view")
	wantCode(t, "AddCounsellorView on no request", err, fault.NotFound)

	// Sam's client row, and Rowan's request, cannot be read.
	w.spoil(t, "clients", w.sam)
	w.spoil(t, "requests", w.hers)
	_, err = w.a.Requests.LoadRequest(ctx, w.lead, w.sams)
	wantCode(t, "LoadRequest with an unreadable client", err, fault.Internal)
	_, err = w.a.Requests.ClientThread(ctx, w.lead, w.sams)
	wantCode(t, "ClientThread with an unreadable client", err, fault.Internal)
	_, err = w.a.Requests.ClientThread(ctx, w.lead, w.hers)
	wantCode(t, "ClientThread of an unreadable request", err, fault.Internal)
	_, err = w.a.Portal.RequestDetail(ctx, sams, w.sams)
	wantCode(t, "RequestDetail with an unreadable client", err, fault.Internal)
	_, err = w.a.Portal.RequestDetail(ctx, hers, w.hers)
	wantCode(t, "RequestDetail of an unreadable request", err, fault.Internal)
	_, err = w.a.Disclosure.Sendings(ctx, hers, w.hers)
	wantCode(t, "Sendings of an unreadable request", err, fault.Internal)
	err = w.a.Requests.AddCounsellorView(ctx, w.counsellor, w.rowan, w.hers, "a view")
	wantCode(t, "AddCounsellorView on an unreadable request", err, fault.Internal)
}
