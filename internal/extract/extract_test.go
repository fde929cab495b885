package extract

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"confidant/internal/pdftest"
	"confidant/internal/redact"
)

// sampleNotes are invented notes with the spans a lead chose to redact.
var sampleNotes = []struct {
	date  string
	text  string
	known []string
	// kept are sentences that must survive redaction word for word.
	kept []string
}{
	{
		date:  "2025-03-04",
		known: []string{"Sam Turner", "Daniel Price"},
		text: "Sam arrived ten minutes early and said the waiting room felt easier than last week.\n\n" +
			"Sam asked me to update her contact details: new mobile 07700 900123, email sam.turner@example.org. " +
			"She spoke about Daniel Price and how the memory arrives now.\n" +
			"We practised the grounding exercise together and agreed to meet weekly.",
		kept: []string{
			"arrived ten minutes early and said the waiting room felt easier than last week.",
			"We practised the grounding exercise together and agreed to meet weekly.",
		},
	},
	{
		date:  "2025-03-11",
		known: []string{"Leah Morgan", "Craig Dobson"},
		text: "Leah Morgan has moved out of 14 Elm Road and is staying at 7 Larch Close, Stockport SK4 3QT.\n" +
			"She saw Mr Dobson's car, registration AB12 CDE, outside the supermarket.\n" +
			"GAD-7 score of 9 today (was 12). Zoë's café note: résumé ✓.",
		kept: []string{
			"GAD-7 score of 9 today (was 12).",
			"outside the supermarket.",
			"café note: résumé ✓.",
		},
	},
}

func sampleDocument(t testing.TB, pages int) (Document, []string, []string) {
	t.Helper()
	d := Document{
		Provider:   "Northtown Rape Crisis",
		RequestRef: "REQ-2026-0042",
		ClientRef:  "C-7F3A",
		PeriodFrom: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		PeriodTo:   time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC),
		Prepared:   time.Date(2026, 3, 12, 9, 30, 0, 0, time.UTC),
		LegalBasis: "Police, Crime, Sentencing and Courts Act 2022 s.44A; UK GDPR Art. 6(1)(c), Art. 9(2)(f)",
		Handling:   "Disclose only to the officer in the case and the CPS; do not copy; destroy at the end of proceedings.",
	}
	var redacted, kept []string
	for p := 0; p < pages; p++ {
		for _, n := range sampleNotes {
			spans := redact.Suggest(n.text, n.known)
			text, err := redact.Apply(n.text, spans)
			if err != nil {
				t.Fatal(err)
			}
			for _, sp := range spans {
				redacted = append(redacted, sp.Text)
			}
			kept = append(kept, n.kept...)
			date, _ := time.Parse("2006-01-02", n.date)
			d.Notes = append(d.Notes, Note{Date: date, AuthorRole: "Counsellor", Text: text})
		}
	}
	return d, redacted, kept
}

func pdftotext(t *testing.T, pdf []byte) string {
	t.Helper()
	return pdftest.Text(t, pdf)
}

// squash makes text comparable across PDF line wrapping.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestPDFHoldsNoRedactedTextAndEveryKeptSentence(t *testing.T) {
	d, redacted, kept := sampleDocument(t, 1)
	var buf bytes.Buffer
	if err := RenderPDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	if len(redacted) < 10 {
		t.Fatalf("only %d redactions in the sample; the test proves little", len(redacted))
	}
	for _, r := range redacted {
		if bytes.Contains(buf.Bytes(), []byte(r)) {
			t.Errorf("redacted text %q is in the PDF's bytes", r)
		}
	}
	text := squash(pdftotext(t, buf.Bytes()))
	for _, r := range redacted {
		if strings.Contains(text, r) {
			t.Errorf("redacted text %q is in the PDF's text", r)
		}
	}
	for _, k := range kept {
		if !strings.Contains(text, squash(k)) {
			t.Errorf("kept sentence %q is missing from the PDF's text", k)
		}
	}
	for _, want := range []string{"[redacted: phone]", "[redacted: email]", "[redacted: name]",
		"[redacted: address]", "[redacted: postcode]", "[redacted: vehicle_registration]",
		"REQ-2026-0042", "C-7F3A", "1 January 2025 to 30 June 2025", "12 March 2026",
		"Northtown Rape Crisis", "Note 1 of 2: 4 March 2025, Counsellor", "Page 1 of 1",
		"Legal basis: Police, Crime, Sentencing and Courts Act 2022 s.44A", "Handling: Disclose only"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func TestPDFMetadataNamesNoOne(t *testing.T) {
	d, _, _ := sampleDocument(t, 1)
	var buf bytes.Buffer
	if err := RenderPDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()
	for _, key := range []string{"/Author", "/Subject", "/Keywords"} {
		if bytes.Contains(pdf, []byte(key)) {
			t.Errorf("PDF has %s metadata", key)
		}
	}
	if !bytes.Contains(pdf, []byte("/CreationDate (D:20260312093000")) {
		t.Errorf("creation date is not the document's")
	}
	if bin, err := exec.LookPath("pdfinfo"); err == nil {
		dir := t.TempDir()
		p := filepath.Join(dir, "x.pdf")
		os.WriteFile(p, pdf, 0o600)
		out, err := exec.Command(bin, p).Output()
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`(?m)^Title:\s+Disclosure extract REQ-2026-0042$`).Match(out) {
			t.Errorf("pdfinfo title:\n%s", out)
		}
	}
}

func TestPDFIsReproducible(t *testing.T) {
	d, _, _ := sampleDocument(t, 3)
	var a, b bytes.Buffer
	if err := RenderPDF(&a, d); err != nil {
		t.Fatal(err)
	}
	if err := RenderPDF(&b, d); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same document rendered to different bytes")
	}
}

func TestPDFNumbersPagesOfTotal(t *testing.T) {
	d, _, _ := sampleDocument(t, 20)
	var buf bytes.Buffer
	if err := RenderPDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, buf.Bytes())
	m := regexp.MustCompile(`Page (\d+) of (\d+)`).FindAllStringSubmatch(text, -1)
	if len(m) < 2 {
		t.Fatalf("expected several pages, found page numbers %v", m)
	}
	total := m[0][2]
	for i, p := range m {
		if p[1] != fmt.Sprint(i+1) || p[2] != total {
			t.Errorf("page label %d reads %q", i+1, p[0])
		}
	}
	if fmt.Sprint(len(m)) != total {
		t.Errorf("%d page labels, total says %s", len(m), total)
	}
}

func TestPDFSurvivesAwkwardText(t *testing.T) {
	body, err := redact.Apply("emoji 😀 tab\there\r\nCRLF \x00nul \u2028 and a "+
		strings.Repeat("x", 400)+" long word; Ελληνικά, кириллица, 中文", nil)
	if err != nil {
		t.Fatal(err)
	}
	d := Document{Notes: []Note{{Text: body}}}
	var buf bytes.Buffer
	if err := RenderPDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, buf.Bytes())
	for _, want := range []string{"emoji", "CRLF", "Ελληνικά", "кириллица", "not stated", "Page 1 of 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}

func TestTextMatchesPDFContent(t *testing.T) {
	d, redacted, kept := sampleDocument(t, 1)
	txt := RenderText(d)
	for _, r := range redacted {
		if strings.Contains(txt, r) {
			t.Errorf("redacted text %q is in the text rendering", r)
		}
	}
	for _, k := range kept {
		if !strings.Contains(squash(txt), squash(k)) {
			t.Errorf("kept sentence %q is missing from the text rendering", k)
		}
	}
	for _, want := range []string{"DISCLOSURE EXTRACT REQ-2026-0042", "Client reference:   C-7F3A",
		"Note 2 of 2: 11 March 2025, Counsellor", "Legal basis: Police", "Handling: Disclose"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text rendering lacks %q:\n%s", want, txt)
		}
	}
}

func BenchmarkRenderPDF20Pages(b *testing.B) {
	d, _, _ := sampleDocument(b, 1)
	note := d.Notes[0]
	long, err := redact.Apply(strings.Repeat(note.Text.String()+"\n\n", 3), nil)
	if err != nil {
		b.Fatal(err)
	}
	note.Text = long
	d.Notes = nil
	for range 48 {
		d.Notes = append(d.Notes, note)
	}
	var buf bytes.Buffer
	if err := RenderPDF(&buf, d); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := RenderPDF(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bytes.Count(buf.Bytes(), []byte("/Type /Page\n"))), "pages")
}

func TestNoteBodyMustBeRedactedText(t *testing.T) {
	f, ok := reflect.TypeOf(Note{}).FieldByName("Text")
	if !ok || f.Type != reflect.TypeOf(redact.Text{}) {
		t.Fatalf("Note.Text is %v, want redact.Text: only text that went through redact.Apply may be rendered", f.Type)
	}
}
