package intake

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedCorpus adds the corpus files with the given extension as seeds.
func seedCorpus(f *testing.F, ext string) {
	files, _ := filepath.Glob("testdata/cases/*" + ext)
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// checkResult holds what every parse must keep: evidence is the text at
// its offsets, whatever the input.
func checkResult(t *testing.T, doc *Document) {
	res := Find(doc)
	for k, ev := range res.Evidence {
		if ev.Start < 0 || ev.End > len(doc.Text) || ev.Start > ev.End || doc.Text[ev.Start:ev.End] != ev.Text {
			t.Fatalf("evidence for %s is not the text at its offsets", k)
		}
	}
}

func FuzzReadEmail(f *testing.F) {
	seedCorpus(f, ".eml")
	f.Add([]byte("From: a@b\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: message/rfc822\r\n\r\nFrom: c@d\r\n\r\nhi\r\n--x--"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("m.eml", data, Tools{})
		if err == nil {
			checkResult(t, doc)
		}
	})
}

func FuzzReadPDF(f *testing.F) {
	seedCorpus(f, ".pdf")
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] >> endobj\n3 0 obj << /Type /Page /Contents 4 0 R >> endobj\n4 0 obj << /Length 20 >> stream\nBT (Hello) Tj ET\nendstream endobj\ntrailer << /Root 1 0 R >>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("x.pdf", data, Tools{})
		if err == nil {
			checkResult(t, doc)
		}
	})
}

func FuzzReadDocx(f *testing.F) {
	seedCorpus(f, ".docx")
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("x.docx", data, Tools{})
		if err == nil {
			checkResult(t, doc)
		}
	})
}

func FuzzFindText(f *testing.F) {
	seedCorpus(f, ".txt")
	f.Add([]byte("Requesting officer:\nName: DC\nDate: 31/02/2026\nPeriod: 1 Jan 2026 to"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Read("x.txt", data, Tools{})
		if err == nil {
			if strings.ContainsRune(doc.Text, '\r') {
				t.Fatal("carriage return left in text")
			}
			checkResult(t, doc)
		}
	})
}
