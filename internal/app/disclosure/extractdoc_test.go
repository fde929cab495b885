package disclosure

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"confidant/internal/extract"
	"confidant/internal/redact"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// TestReopenedExtractIsTheFrozenDocumentWordForWord seals a version as
// BuildVersion does and reads it back as the portal does: the redacted text
// comes back unchanged, through redact.Sealed, for versions that kept their
// document and for older ones rebuilt from their notes.
func TestReopenedExtractIsTheFrozenDocumentWordForWord(t *testing.T) {
	id, err := vault.Generate(vault.Classic)
	if err != nil {
		t.Fatal(err)
	}
	note := "Sam rang from 07700 900123 about the hearing."
	red, err := redact.Apply(note, redact.Suggest(note, []string{"Sam Turner"}))
	if err != nil {
		t.Fatal(err)
	}
	date := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	doc := extract.Document{Provider: "Northtown Rape Crisis", RequestRef: "REQ-2026-0042", ClientRef: "C-7F3A",
		PeriodFrom: date, PeriodTo: date, Prepared: date, Recipient: "DC Ann Lee, X Force", LegalBasis: "s.44A", Handling: "Securely.",
		Notes: []extract.Note{{Date: date, AuthorRole: "Counsellor", Text: red}}}
	seal := func(obj ExtractObject) store.Extract {
		b, err := json.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		enc, err := vault.Encrypt(b, id.Recipient())
		if err != nil {
			t.Fatal(err)
		}
		return store.Extract{ObjectEnc: enc}
	}
	obj := ExtractObject{RequestRef: doc.RequestRef, ClientRef: doc.ClientRef, PeriodFrom: "2026-03-02", PeriodTo: "2026-03-02", Prepared: date,
		Notes: []ExtractNote{{SessionDate: "2026-03-02", AuthorRole: "Counsellor", Redacted: red.String()}}}

	t.Run("kept document", func(t *testing.T) {
		frozen := doc
		obj := obj
		obj.Document = &frozen
		got, err := ExtractDocument(id, seal(obj), "another name")
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
		got, err := ExtractDocument(id, seal(obj), doc.Provider)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Notes) != 1 || got.Notes[0].Text != red || got.Provider != doc.Provider || !got.PeriodFrom.Equal(date) {
			t.Errorf("rebuilt document %+v", got)
		}
	})
}
