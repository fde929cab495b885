package intake

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

func TestEncryptedPDFIsRefused(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetProtection(fpdf.CnProtectPrint, "user", "owner")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	pdf.Cell(40, 10, "Information sought: notes")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	_, err := Read("x.pdf", buf.Bytes(), Tools{})
	if !errors.Is(err, ErrEncryptedPDF) {
		t.Fatalf("err = %v, want ErrEncryptedPDF", err)
	}
}

func TestScannedPDFSaysTypeItInOrInstallOCR(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddPage()
	pdf.Rect(20, 20, 100, 50, "F") // a page with marks but no text
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	_, err := Read("scan.pdf", buf.Bytes(), Tools{})
	if err == nil || !strings.Contains(err.Error(), "scanned: type it in, or install the OCR tool") {
		t.Fatalf("err = %v", err)
	}
	// With an OCR tool, its text is used and the notes say so.
	doc, err := Read("scan.pdf", buf.Bytes(), Tools{OCR: func([]byte) (string, error) { return "Information sought: notes", nil }})
	if err != nil || !strings.Contains(doc.Text, "Information sought") || len(doc.Notes) == 0 || !strings.Contains(doc.Notes[0], "OCR") {
		t.Fatalf("doc = %+v, err = %v", doc, err)
	}
}

func TestZipBombDocxIsRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write(bytes.Repeat([]byte("<w:p/>"), 4<<20)) // 24 MiB that packs to kilobytes
	zw.Close()
	_, err := Read("bomb.docx", buf.Bytes(), Tools{})
	if !errors.Is(err, ErrZipBomb) {
		t.Fatalf("err = %v, want ErrZipBomb", err)
	}
}

func TestOversizeFileIsRefused(t *testing.T) {
	_, err := Read("big.txt", make([]byte, MaxFileBytes+1), Tools{})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestEmailWithNoBodyIsRefused(t *testing.T) {
	msg := "From: a@x.police.uk\r\nTo: b@example.org\r\nSubject: hi\r\nMessage-ID: <1@x>\r\n\r\n   \r\n"
	_, err := Read("m.eml", []byte(msg), Tools{})
	if !errors.Is(err, ErrNoBody) {
		t.Fatalf("err = %v, want ErrNoBody", err)
	}
}

func TestSenderMismatchAndFailedDMARCAreFindings(t *testing.T) {
	data, err := os.ReadFile("testdata/cases/14-dpa-compulsion.eml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Read("m.eml", data, Tools{})
	if err != nil {
		t.Fatal(err)
	}
	res := Find(doc)
	codes := map[string]bool{}
	for _, f := range res.Findings {
		codes[f.Code] = true
	}
	for _, want := range []string{FindingReplyToOtherDomain, FindingDMARCFailed, FindingSPFFailed, FindingReturnPathOtherDomain} {
		if !codes[want] {
			t.Errorf("missing finding %s in %v", want, res.Findings)
		}
	}
	if res.Sender.ReplyTo != "records@police-uk.org" || res.Sender.DMARC != "fail" {
		t.Errorf("sender = %+v", res.Sender)
	}
	// A clean email from a police domain has none of them.
	data, _ = os.ReadFile("testdata/cases/04-email-body-request.eml")
	doc, _ = Read("m.eml", data, Tools{})
	if fs := Find(doc).Findings; len(fs) != 0 {
		t.Errorf("clean email findings = %v", fs)
	}
}

func TestDatesInWordsAndFigures(t *testing.T) {
	for in, want := range map[string]string{
		"9th March 2026": "2026-03-09", "09/03/2026": "2026-03-09", "9 Mar 26": "2026-03-09",
		"the 9th of March, 2026": "2026-03-09", "March 9, 2026": "2026-03-09", "9.3.26": "2026-03-09",
		"2026-03-09": "2026-03-09", "Tue, 10 Mar 2026 09:14:00 +0000": "2026-03-10",
	} {
		ds := findDates(in)
		if len(ds) != 1 || ds[0].iso != want {
			t.Errorf("findDates(%q) = %v, want %s", in, ds, want)
		}
	}
	if ds := findDates("31/04/2026 and 13/13/2026"); len(ds) != 0 {
		t.Errorf("impossible dates read as %v", ds)
	}
}

func TestRanksAbbreviatedAndInFull(t *testing.T) {
	for in, want := range map[string]string{
		"DC": "Detective Constable", "DS": "Detective Sergeant", "DI": "Detective Inspector",
		"DCI": "Detective Chief Inspector", "Det Supt": "Detective Superintendent", "Ch Insp": "Chief Inspector",
		"A/DCI": "Acting Detective Chief Inspector", "T/Supt": "Temporary Superintendent",
		"Chief Superintendent": "Chief Superintendent", "PC": "Police Constable", "Sgt": "Sergeant",
		"dc": "", "Director": "",
	} {
		if got := normaliseRank(in); got != want {
			t.Errorf("normaliseRank(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNothingIsInventedFromAnEmptyLetter(t *testing.T) {
	doc, err := Read("x.txt", []byte("Dear colleague,\n\nPlease call me back about a client.\n\nThanks\n"), Tools{})
	if err != nil {
		t.Fatal(err)
	}
	if ev := Find(doc).Evidence; len(ev) != 0 {
		t.Errorf("filled from nothing: %v", ev)
	}
}

// BenchmarkFindTwoPageLetter times reading and field finding for one
// generated two-page PDF letter (issue 17: well under 100 ms).
func BenchmarkFindTwoPageLetter(b *testing.B) {
	src, err := os.ReadFile("testdata/cases/02-prose-letter.txt")
	if err != nil {
		b.Fatal(err)
	}
	letter := string(src) + "\n\n" + strings.Repeat("Further background to the investigation is set out here for the reader. ", 60)
	data := makePDF(b, letter, true)
	b.ResetTimer()
	for b.Loop() {
		doc, err := Read("letter.pdf", data, Tools{})
		if err != nil {
			b.Fatal(err)
		}
		Find(doc)
	}
}

// BenchmarkFindCorpus times every corpus document in turn.
func BenchmarkFindCorpus(b *testing.B) {
	var docs [][]byte
	var names []string
	for _, c := range corpusCases(b) {
		d, _ := os.ReadFile(c)
		docs, names = append(docs, d), append(names, c)
	}
	b.ResetTimer()
	for b.Loop() {
		for i := range docs {
			doc, err := Read(names[i], docs[i], Tools{})
			if err != nil {
				b.Fatal(err)
			}
			Find(doc)
		}
	}
}

// TestPDFWordsPlacedOneByOne reads a page whose words are placed one by
// one under a scaled text matrix, as some generators write them.
func TestPDFWordsPlacedOneByOne(t *testing.T) {
	content := "BT /F1 1 Tf 12 0 0 12 72 700 Tm (Reason:) Tj 4 0 Td (The) Tj 2.2 0 Td (client) Tj 0 -1.2 Td (said) Tj 2.5 0 Td [(so) -250 (twice)] TJ ET"
	pdf := "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
		"3 0 obj << /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >> endobj\n" +
		"4 0 obj << /Length " + strconv.Itoa(len(content)) + " >> stream\n" + content + "\nendstream endobj\n" +
		"5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n" +
		"trailer << /Root 1 0 R >>\n%%EOF"
	text, err := pdfText([]byte(pdf))
	if err != nil {
		t.Fatal(err)
	}
	if text != "Reason: The client\nsaid so twice" {
		t.Errorf("text = %q", text)
	}
}

func TestGroundsInWordsAndByProvision(t *testing.T) {
	for in, want := range map[string]string{
		"Withheld under s.44B(5)(c)":                              "serious_harm",
		"might interfere with the investigation":                  "interfere_with_investigation",
		"it was not reasonably practicable to give notice before": "not_practicable",
		"omitted under section 44C(2)(a)":                         "not_practicable",
		"notice would put her at risk of serious harm from him":   "serious_harm",
		"we gave notice on 8 March":                               "",
	} {
		if got := groundIn(in); got != want {
			t.Errorf("groundIn(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVictimFactsInProse(t *testing.T) {
	for in, want := range map[string]string{
		"The victim is 16 years of age.":                              `"age":16`,
		"The client, aged 15, lives with her mother.":                 `"age":15`,
		"She is a 17-year-old girl.":                                  `"age":17`,
		"The victim lacks capacity to consent.":                       `"lacks_capacity":true`,
		"The client has capacity and is not in local authority care.": `"lacks_capacity":false,"in_local_authority_care":false`,
	} {
		doc, err := Read("x.txt", []byte("Dear Sir,\n\n"+in+"\n"), Tools{})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(Find(doc).Record.Victim)
		if !strings.Contains(string(b), want) {
			t.Errorf("%q gives %s, want %s", in, b, want)
		}
	}
}
