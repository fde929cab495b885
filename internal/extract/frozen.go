package extract

import (
	"encoding/json"
	"time"

	"confidant/internal/redact"
)

// This file is an extract once frozen: what a version keeps of how it was
// built (Frozen, sealed in the vault as JSON), the manifest that travels
// beside its PDF, and the facts that name a version. The JSON field names
// are part of the stored record and of the manifest the police receive.

// Version is one frozen extract: its number, the SHA-256 of its PDF (what
// the client agrees to and the lead approves), its summary and when it was
// built.
type Version struct {
	Version   int
	SHA256    string
	Summary   string
	CreatedAt time.Time
}

// FrozenNote is one note of a built extract, as frozen in a version.
type FrozenNote struct {
	ID          string         `json:"id"`
	SessionDate string         `json:"session_date"`
	AuthorRole  string         `json:"author_role"`
	Redacted    string         `json:"redacted_text"`
	Suggested   []SpanDecision `json:"suggested"`
	Manual      []ManualSpan   `json:"manual"`
}

// Frozen is a frozen version: everything it was built from.
type Frozen struct {
	RequestRef string       `json:"request_ref"`
	ClientRef  string       `json:"client_ref"`
	PeriodFrom string       `json:"period_from"`
	PeriodTo   string       `json:"period_to"`
	Notes      []FrozenNote `json:"notes"`
	PreparedBy string       `json:"prepared_by"`
	Prepared   time.Time    `json:"prepared"`
	// Document is exactly what the PDF was rendered from, so the client's
	// portal shows the very same content (absent in versions built before
	// it was kept).
	Document *Document `json:"document,omitempty"`
}

// Dates are the session dates of the version's notes, in order.
func (f Frozen) Dates() []string {
	var ds []string
	for _, n := range f.Notes {
		ds = append(ds, n.SessionDate)
	}
	return ds
}

// Manifest travels beside the PDF.
type Manifest struct {
	Request    string           `json:"request"`
	Version    int              `json:"version"`
	Notes      []ManifestNote   `json:"notes"`
	ByKind     map[string]int   `json:"redactions_by_kind"`
	ByReason   map[string]int   `json:"redactions_by_reason"`
	SHA256     string           `json:"extract_sha256"`
	PreparedBy ManifestPreparer `json:"prepared_by"`
	Prepared   string           `json:"prepared"`
	Summary    string           `json:"summary"`
}

// ManifestNote names an included note by id and date.
type ManifestNote struct {
	ID   string `json:"id"`
	Date string `json:"date"`
}

// ManifestPreparer is who prepared the extract, by id and role.
type ManifestPreparer struct {
	UserID string `json:"user_id"`
	Role   string `json:"role"`
}

// Reopen is the document a frozen version's PDF was rendered from, read
// from the version's Frozen JSON (raw), so that the client reads exactly
// what the police would receive. Versions built before the document was
// kept are rebuilt from their notes, under the provider's name.
//
// The notes' text was redacted when the version was built and has been
// sealed in the vault since: it is reopened with redact.Sealed, never
// redacted again, so the page shows the very words of the PDF.
func Reopen(raw []byte, provider string) (Document, error) {
	// The stored document's notes hold their text as plain JSON strings;
	// Document (the outer field) shadows Frozen.Document so that they
	// decode into sealedNote rather than into a redact.Text.
	var obj struct {
		Frozen
		Document *sealedDocument `json:"document,omitempty"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return Document{}, err
	}
	if obj.Document != nil {
		doc := obj.Document.Document
		doc.Notes = nil
		for _, n := range obj.Document.Notes {
			doc.Notes = append(doc.Notes, Note{Date: n.Date, AuthorRole: n.AuthorRole, Text: redact.Sealed(n.Text)})
		}
		return doc, nil
	}
	doc := Document{Provider: provider, RequestRef: obj.RequestRef, ClientRef: obj.ClientRef, Prepared: obj.Prepared}
	doc.PeriodFrom, _ = time.Parse("2006-01-02", obj.PeriodFrom)
	doc.PeriodTo, _ = time.Parse("2006-01-02", obj.PeriodTo)
	for _, n := range obj.Notes {
		d, _ := time.Parse("2006-01-02", n.SessionDate)
		doc.Notes = append(doc.Notes, Note{Date: d, AuthorRole: n.AuthorRole, Text: redact.Sealed(n.Redacted)})
	}
	return doc, nil
}

// sealedDocument is a Document as an extract version stores it, its notes'
// text still a plain string (see Reopen).
type sealedDocument struct {
	Document
	Notes []sealedNote
}

// sealedNote is a Note as stored: Text is what redact.Apply made.
type sealedNote struct {
	Date       time.Time
	AuthorRole string
	Text       string
}
