package app_test

import (
	"confidant/internal/access"
	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/fault"
	"confidant/internal/request"
	"confidant/internal/store"
	"testing"
)

// asFields is errors.As for a form's field errors: it reports whether err
// carries messages by field, and puts them in fe.
func asFields(err error, fe *core.FieldErrors) bool {
	*fe = fault.FieldsOf(err)
	return *fe != nil
}

// wantConflictOn fails the test unless err is a Conflict with a message on
// the form's field: a step the state refuses, which retyping would not put
// right.
func wantConflictOn(t *testing.T, what, field string, err error) {
	t.Helper()
	var fe core.FieldErrors
	if fault.CodeOf(err) != fault.Conflict || !asFields(err, &fe) || fe[field] == "" {
		t.Errorf("%s: code %q, fields %v", what, fault.CodeOf(err), fe)
	}
}

// caseOnFile is a vault with a counsellor, a lead and one of the
// counsellor's clients.
type caseOnFile struct {
	a                *app.App
	counsellor, lead access.Actor
	client           string
}

// newCaseOnFile opens a vault with a counsellor, a lead and a client.
func newCaseOnFile(t *testing.T) caseOnFile {
	t.Helper()
	a, _ := apptest.New(t)
	c := caseOnFile{a: a,
		counsellor: core.Actor(apptest.AddUser(t, a, "c@example.org", "Casey", "counsellor")),
		lead:       core.Actor(apptest.AddUser(t, a, "l@example.org", "Lee", "lead"))}
	var err error
	if c.client, err = a.Clients.CreateClient(t.Context(), c.counsellor, "Rowan Example", ""); err != nil {
		t.Fatal(err)
	}
	return c
}

// recordRequest records a compliant request about the client straight in
// the store, at status, shown in her portal when visible.
func (c caseOnFile) recordRequest(t *testing.T, status request.Status, visible bool) store.Request {
	t.Helper()
	r := store.Request{ClientID: c.client, Kind: "victim_information_request", Status: status, Verdict: "compliant",
		ReceivedOn: "2026-03-01", RecordEnc: []byte("x"), CreatedBy: c.lead.UserID, NotifyClient: true, ClientVisible: visible}
	if err := c.a.Store().CreateRequest(t.Context(), &r, nil, status); err != nil {
		t.Fatal(err)
	}
	return r
}
