package extract

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"confidant/internal/redact"
)

// TestReopenedExtractIsTheFrozenDocumentWordForWord freezes a version as
// the disclosure service does and reads it back as the portal does: the
// redacted text comes back unchanged, through redact.Sealed, for versions
// that kept their document and for older ones rebuilt from their notes.
func TestReopenedExtractIsTheFrozenDocumentWordForWord(t *testing.T) {
	note := "Sam rang from 07700 900123 about the hearing."
	red, err := redact.Apply(note, redact.Suggest(note, []string{"Sam Turner"}))
	if err != nil {
		t.Fatal(err)
	}
	date := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	doc := Document{Provider: "Northtown Rape Crisis", RequestRef: "REQ-2026-0042", ClientRef: "C-7F3A",
		PeriodFrom: date, PeriodTo: date, Prepared: date, Recipient: "DC Ann Lee, X Force", LegalBasis: "s.44A", Handling: "Securely.",
		Notes: []Note{{Date: date, AuthorRole: "Counsellor", Text: red}}}
	freeze := func(obj Frozen) []byte {
		b, err := json.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	obj := Frozen{RequestRef: doc.RequestRef, ClientRef: doc.ClientRef, PeriodFrom: "2026-03-02", PeriodTo: "2026-03-02", Prepared: date,
		Notes: []FrozenNote{{SessionDate: "2026-03-02", AuthorRole: "Counsellor", Redacted: red.String()}}}

	t.Run("kept document", func(t *testing.T) {
		frozen := doc
		obj := obj
		obj.Document = &frozen
		got, err := Reopen(freeze(obj), "another name")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Layout(), doc.Layout()) {
			t.Errorf("reopened layout\n  %+v\nwant\n  %+v", got.Layout(), doc.Layout())
		}
		if got.Notes[0].Text != red {
			t.Errorf("note text %q, want %q", got.Notes[0].Text, red)
		}
	})
	t.Run("rebuilt from notes", func(t *testing.T) {
		got, err := Reopen(freeze(obj), doc.Provider)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Notes) != 1 || got.Notes[0].Text != red || got.Provider != doc.Provider || !got.PeriodFrom.Equal(date) {
			t.Errorf("rebuilt document %+v", got)
		}
	})
	t.Run("not JSON", func(t *testing.T) {
		if _, err := Reopen([]byte("not json"), doc.Provider); err == nil {
			t.Error("a version that is not JSON reopened without error")
		}
	})
}
