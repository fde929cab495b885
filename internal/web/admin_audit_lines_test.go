package web

import (
	"testing"
	"time"

	"confidant/internal/app/admin"
	"confidant/internal/audit"
)

// The audit view's sentences are worded here from the records the service
// resolved: names and references, never content, and a plain fallback for
// an account that is gone.
func TestAuditLinesNameWhoDidWhatToWhichRecord(t *testing.T) {
	names := map[string]admin.Record{
		"staff-1":   {Kind: admin.RecordStaff, Name: "Sam Example"},
		"client-1":  {Kind: admin.RecordClient, Reference: "C-0001"},
		"request-1": {Kind: admin.RecordRequest, Reference: "R-0001"},
		"note-1":    {Kind: admin.RecordNote, ClientID: "client-1"},
	}
	at := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	es := []audit.Entry{
		{Seq: 1, At: at, Event: audit.NoteRead, ActorID: "staff-1", Subject: "client-1", Detail: "notes=3 request=request-1"},
		{Seq: 2, At: at, Event: audit.NoteRead, ActorID: "staff-1", Subject: "note-1"},
		{Seq: 3, At: at, Event: audit.RequestStatus, ActorID: "gone-1", Subject: "request-1", Detail: "checked->verified"},
		{Seq: 4, At: at, Event: audit.RequestLetter, ActorID: "system", Subject: "request-1", Detail: "refusal"},
		{Seq: 5, At: at, Event: "extract.download", ActorID: "staff-1", Subject: "request-1", Detail: "sha256=0123456789abcdef0123 status=sent"},
	}
	want := []struct{ sentence, detail string }{
		{"Sam Example read 3 notes of client C-0001 to draft the extract for request R-0001.", ""},
		{"Sam Example read 1 note of client C-0001.", ""},
		{"A former member of staff moved request R-0001 from \u201cChecked\u201d to \u201cRequester verified\u201d.", ""},
		{"Confidant, automatically produced the letter \u201cRefusal\u201d for request R-0001.", ""},
		{"", "fingerprint 0123456789ab…; status: sent"},
	}
	got := auditLines(es, names)
	for i, w := range want {
		if w.sentence != "" && got[i].Sentence != w.sentence {
			t.Errorf("entry %d: sentence %q, want %q", i+1, got[i].Sentence, w.sentence)
		}
		if got[i].Detail != w.detail {
			t.Errorf("entry %d: detail %q, want %q", i+1, got[i].Detail, w.detail)
		}
		if got[i].Seq != es[i].Seq || !got[i].At.Equal(at) || got[i].Event != es[i].Event {
			t.Errorf("entry %d: %+v", i+1, got[i])
		}
	}
	if s := got[4].Sentence; s == "" || s[:11] != "Sam Example" {
		t.Errorf("extract download: %q", s)
	}
}
