// Package extract drafts and renders a disclosure extract: the notes chosen
// for one request, already redacted, laid out as a PDF and as plain text
// with the same content. Drafting (draft.go) is the lead's decisions on each
// note, turned into the spans redact.Apply removes, and the words that sum
// the extract up. A frozen version (frozen.go) is what a version keeps of
// how it was built, its manifest, and the document reopened from it.
//
// The renderer never sees the original note text. Redaction happens before
// (redact.Apply replaces each span by a "[redacted: kind]" marker), a Note
// takes only the redact.Text that Apply returns, and the document is rebuilt
// from that text alone, so there is nothing under a black
// box to recover and the markers survive copy and paste. The PDF's metadata
// names no one: its title is "Disclosure extract" and the request reference,
// its dates come from the document (so the same extract renders to the same
// bytes and its hash can stand for it), and there is no author, subject or
// keywords. The fonts are the Go fonts, embedded, so the extract looks the
// same wherever it is opened and prints any Latin, Greek or Cyrillic text.
package extract

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"confidant/internal/redact"
)

// Document is one disclosure extract.
type Document struct {
	Provider   string    // the service disclosing, "Northtown Rape Crisis"
	RequestRef string    // the request's reference, never the client's name
	ClientRef  string    // the client's reference on the record, never the name
	PeriodFrom time.Time // the period the request covers; zero if not stated
	PeriodTo   time.Time
	Prepared   time.Time // when the extract was prepared; also the PDF's dates
	Recipient  string    // who receives it: "DC Ann Lee, X Force (ann.lee@x.police.uk)"
	LegalBasis string    // "Police, Crime, Sentencing and Courts Act 2022 s.44A"
	Handling   string    // the handling conditions the recipient must follow
	Notes      []Note
}

// Note is one session note in the extract, its text already redacted.
//
// Text is a redact.Text, not a string: the only ways to get one are
// redact.Apply and redact.Sealed (for a version reopened from the vault), so
// a note as written cannot reach the renderer by mistake.
type Note struct {
	Date       time.Time
	AuthorRole string // "Counsellor", not the author's name
	Text       redact.Text
}

// Title is the document's title, also used as the PDF's title.
func (d Document) Title() string {
	if ref := clean(d.RequestRef); ref != "" {
		return "Disclosure extract " + ref
	}
	return "Disclosure extract"
}

const dateLayout = "2 January 2006"

func formatDate(t time.Time) string {
	if t.IsZero() {
		return "not stated"
	}
	return t.Format(dateLayout)
}

func (d Document) period() string {
	if d.PeriodFrom.IsZero() && d.PeriodTo.IsZero() {
		return "not stated"
	}
	return formatDate(d.PeriodFrom) + " to " + formatDate(d.PeriodTo)
}

func orNone(s string) string {
	if s = clean(s); s == "" {
		return "not stated"
	}
	return s
}

// headerRows are the labelled facts at the top of the extract.
func (d Document) headerRows() [][2]string {
	return [][2]string{
		{"Provider", orNone(d.Provider)},
		{"Recipient", orNone(d.Recipient)},
		{"Request reference", orNone(d.RequestRef)},
		{"Client reference", orNone(d.ClientRef)},
		{"Period", d.period()},
		{"Prepared", formatDate(d.Prepared)},
		{"Notes included", fmt.Sprint(len(d.Notes))},
	}
}

const explanation = "Each note below is rebuilt from the redacted record: removed text is " +
	"shown as [redacted: ...], naming what it was (a phone number, a name) or why it was removed " +
	"(a third party), and is not present in this document in any form."

func (d Document) noteHeading(i int) string {
	n := d.Notes[i]
	h := fmt.Sprintf("Note %d of %d: %s", i+1, len(d.Notes), formatDate(n.Date))
	if role := clean(n.AuthorRole); role != "" {
		h += ", " + role
	}
	return h
}

func (d Document) footerLines() []string {
	return []string{"Legal basis: " + orNone(d.LegalBasis), "Handling: " + orNone(d.Handling)}
}

// Row is one labelled line of the extract.
type Row struct{ Label, Value string }

// Section is one note of the extract as a reader sees it: its heading and
// its paragraphs, redaction markers included.
type Section struct {
	Heading    string
	Paragraphs []string
}

// Layout is the extract's whole content in reading order, for a page that
// shows it (the client's portal) from the same source as the PDF: every
// line the recipient gets, and nothing else.
type Layout struct {
	Title       string
	Header      []Row
	Explanation string
	Notes       []Section
	Footer      []Row
}

// Layout lays the document out for reading.
func (d Document) Layout() Layout {
	l := Layout{Title: d.Title(), Explanation: explanation}
	for _, r := range d.headerRows() {
		l.Header = append(l.Header, Row{r[0], r[1]})
	}
	for i, n := range d.Notes {
		sec := Section{Heading: d.noteHeading(i)}
		for _, p := range strings.Split(strings.TrimRight(cleanBody(n.Text.String()), "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				sec.Paragraphs = append(sec.Paragraphs, p)
			}
		}
		l.Notes = append(l.Notes, sec)
	}
	for _, f := range d.footerLines() {
		label, value, _ := strings.Cut(f, ": ")
		l.Footer = append(l.Footer, Row{label, value})
	}
	return l
}

// RenderText renders the extract as plain text with the same content as the
// PDF.
func RenderText(d Document) string {
	var b strings.Builder
	rule := strings.Repeat("-", 72)
	b.WriteString(strings.ToUpper(d.Title()) + "\n\n")
	for _, r := range d.headerRows() {
		fmt.Fprintf(&b, "%-19s %s\n", r[0]+":", r[1])
	}
	b.WriteString("\n" + explanation + "\n")
	for i, n := range d.Notes {
		b.WriteString("\n" + rule + "\n")
		b.WriteString(d.noteHeading(i) + "\n\n")
		b.WriteString(strings.TrimRight(cleanBody(n.Text.String()), "\n") + "\n")
	}
	b.WriteString("\n" + rule + "\n")
	for _, l := range d.footerLines() {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// Page geometry, in millimetres on A4.
const (
	pageW      = 210.0
	pageH      = 297.0
	marginX    = 20.0
	marginTop  = 22.0
	bodyLine   = 5.2
	footerLine = 3.6
)

// RenderPDF renders the extract as a PDF to w.
func RenderPDF(w io.Writer, d Document) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.AddUTF8FontFromBytes("go", "I", goitalic.TTF)
	// Metadata: a neutral title, no author, subject or keywords, and
	// dates from the document so that the output is reproducible.
	pdf.SetTitle(d.Title(), true)
	pdf.SetCreator("Confidant", true)
	pdf.SetProducer("Confidant", true)
	created := d.Prepared
	if created.IsZero() {
		created = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	pdf.SetCreationDate(created.UTC())
	pdf.SetModificationDate(created.UTC())
	pdf.SetCatalogSort(true)
	pdf.SetLang("en-GB")
	pdf.AliasNbPages("{nb}")
	pdf.SetMargins(marginX, marginTop, marginX)
	textW := pageW - 2*marginX

	// The footer's height decides where the body must stop.
	pdf.SetFont("go", "", 7.5)
	var footer []string
	for _, l := range d.footerLines() {
		footer = append(footer, pdf.SplitText(pdfSafe(l), textW)...)
	}
	footerH := float64(len(footer)+1)*footerLine + 4
	pdf.SetAutoPageBreak(true, footerH+8)

	title := pdfSafe(d.Title())
	pdf.SetHeaderFunc(func() {
		pdf.SetY(10)
		pdf.SetFont("go", "", 8)
		pdf.SetTextColor(90, 90, 90)
		left := title
		if p := clean(d.Provider); p != "" {
			left = pdfSafe(p) + " | " + title
		}
		pdf.CellFormat(textW, 4, left, "", 0, "L", false, 0, "")
		pdf.SetDrawColor(160, 160, 160)
		pdf.Line(marginX, 15, pageW-marginX, 15)
		pdf.SetTextColor(0, 0, 0)
		pdf.SetY(marginTop)
	})
	pdf.SetFooterFunc(func() {
		top := pageH - footerH - 4
		pdf.SetDrawColor(160, 160, 160)
		pdf.Line(marginX, top, pageW-marginX, top)
		pdf.SetY(top + 1.5)
		pdf.SetFont("go", "", 7.5)
		pdf.SetTextColor(60, 60, 60)
		for _, l := range footer {
			pdf.CellFormat(textW, footerLine, l, "", 1, "L", false, 0, "")
		}
		pdf.CellFormat(textW, footerLine, fmt.Sprintf("Page %d of {nb}", pdf.PageNo()), "", 1, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})

	pdf.AddPage()
	pdf.SetFont("go", "B", 16)
	pdf.CellFormat(textW, 9, title, "", 1, "L", false, 0, "")
	pdf.Ln(2)
	for _, r := range d.headerRows() {
		pdf.SetFont("go", "B", 10)
		pdf.CellFormat(42, 6, r[0], "", 0, "L", false, 0, "")
		pdf.SetFont("go", "", 10)
		pdf.MultiCell(textW-42, 6, pdfSafe(r[1]), "", "L", false)
	}
	pdf.Ln(3)
	pdf.SetFont("go", "I", 9)
	pdf.MultiCell(textW, 4.5, explanation, "", "L", false)

	for i, n := range d.Notes {
		pdf.Ln(5)
		// Keep a heading with the first lines of its note.
		if pdf.GetY()+6+3*bodyLine > pageH-footerH-8 {
			pdf.AddPage()
		}
		pdf.SetDrawColor(200, 200, 200)
		pdf.Line(marginX, pdf.GetY(), pageW-marginX, pdf.GetY())
		pdf.Ln(2)
		pdf.SetFont("go", "B", 11)
		pdf.MultiCell(textW, 6, pdfSafe(d.noteHeading(i)), "", "L", false)
		pdf.Ln(1.5)
		pdf.SetFont("go", "", 10.5)
		for _, para := range strings.Split(cleanBody(n.Text.String()), "\n") {
			if strings.TrimSpace(para) == "" {
				pdf.Ln(bodyLine * 0.6)
				continue
			}
			pdf.MultiCell(textW, bodyLine, pdfSafe(para), "", "L", false)
		}
	}
	if pdf.Err() {
		return fmt.Errorf("render extract: %w", pdf.Error())
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("write extract: %w", err)
	}
	return nil
}

// clean makes a one-line field safe to print: control characters and line
// breaks become spaces.
func clean(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}

// cleanBody normalises a note's text: one kind of line break, tabs as
// spaces, no other control characters, valid UTF-8.
func cleanBody(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t' || r == '\r' || r == '\u2028' || r == '\u2029':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// pdfSafe replaces what the PDF fonts cannot carry (characters beyond the
// Basic Multilingual Plane, such as emoji) by U+FFFD, which fpdf would
// otherwise reject.
func pdfSafe(s string) string {
	for _, r := range s {
		if r > 0xFFFF || r == utf8.RuneError {
			return strings.Map(func(r rune) rune {
				if r > 0xFFFF {
					return '\uFFFD'
				}
				return r
			}, s)
		}
	}
	return s
}
