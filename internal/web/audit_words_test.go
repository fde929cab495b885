package web

import (
	"strings"
	"testing"

	"confidant/internal/store"
)

func countEvents(t *testing.T, e *testEnv, event string) int {
	t.Helper()
	es, err := e.app.Store().ListAudit(t.Context(), store.AuditFilter{Event: event, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestOnePageOfNotesIsOneAuditEntryReadAsASentence(t *testing.T) {
	e := newTestEnv(t)
	counsellor, lead, clientPath, req := setupRequest(t, e, compliantRequest)
	counsellor.addNote(clientPath, "2025-03-04", "A second note in the period.")
	counsellor.addNote(clientPath, "2025-04-04", "A third note in the period.")
	advance(t, lead, req, "verified", "client_consulted")

	before := countEvents(t, e, "note.read")
	if code, _ := lead.get(req + "/extract"); code != 200 {
		t.Fatalf("extract builder: %d", code)
	}
	if got := countEvents(t, e, "note.read") - before; got != 1 {
		t.Fatalf("one view of three notes wrote %d note.read entries, want 1", got)
	}
	_, reqPage := lead.get(req)
	ref := between(reqPage, "<h1>Request ", "</h1>")
	_, clientPage := counsellor.get(clientPath)
	cref := between(clientPage, "Reference ", "<")

	admin := e.browser()
	admin.signIn("admin@example.org")
	_, page := admin.get("/admin/audit?event=note.read")
	want := "Test lead read 3 notes of client " + strings.TrimSpace(cref) + " to draft the extract for request " + ref + "."
	if !strings.Contains(page, want) {
		t.Errorf("the audit view lacks %q:\n%s", want, between(page, "<ol", "</ol>"))
	}
	_, page = admin.get("/admin/audit")
	for _, want := range []string{"Test lead recorded a police request: request " + ref + ".", "Test lead moved request " + ref + " from \u201cChecked\u201d to \u201cRequester verified\u201d."} {
		if !strings.Contains(page, want) {
			t.Errorf("the audit view lacks %q", want)
		}
	}
}
