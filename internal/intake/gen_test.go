package intake

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"
)

// The corpus's PDF, .docx and .eml files are made from the text sources in
// testdata/src by "go test -run TestGenerateCorpus -gen ./internal/intake"
// and committed, so that the tests read the same bytes every time.
var gen = flag.Bool("gen", false, "regenerate testdata/cases from testdata/src")

// TestGenerateCorpus writes the corpus's generated files (only with -gen).
func TestGenerateCorpus(t *testing.T) {
	if !*gen {
		t.Skip("run with -gen to regenerate the corpus")
	}
	srcs, _ := filepath.Glob("testdata/src/*")
	for _, src := range srcs {
		if fi, err := os.Stat(src); err != nil || fi.IsDir() {
			continue
		}
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(src)
		name := strings.TrimSuffix(base, filepath.Ext(base))
		var out []byte
		var ext string
		switch filepath.Ext(base) {
		case ".pdf":
			out, ext = makePDF(t, string(b), strings.Contains(name, "utf8")), ".pdf"
		case ".docx":
			out, ext = makeDocx(t, string(b)), ".docx"
		case ".eml":
			out, ext = makeEmail(t, string(b)), ".eml"
		default:
			continue
		}
		if err := os.WriteFile(filepath.Join("testdata/cases", name+ext), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// makePDF renders a text as a letter or a form: a line with a tab becomes
// a label in the left column and its value in a box on the right.
func makePDF(t testing.TB, text string, utf8Font bool) []byte {
	pdf := fpdf.New("P", "mm", "A4", "")
	font := "Helvetica"
	if utf8Font {
		pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
		font = "go"
	}
	pdf.SetFont(font, "", 10)
	pdf.SetMargins(20, 20, 20)
	pdf.AddPage()
	tr := func(s string) string { return s }
	if !utf8Font {
		tr = pdf.UnicodeTranslatorFromDescriptor("")
	}
	for _, l := range strings.Split(text, "\n") {
		if label, value, ok := strings.Cut(l, "\t"); ok {
			y := pdf.GetY()
			pdf.SetXY(20, y)
			pdf.MultiCell(55, 5, tr(label), "", "L", false)
			yl := pdf.GetY()
			pdf.SetXY(80, y)
			pdf.MultiCell(110, 5, tr(value), "1", "L", false)
			pdf.SetY(max(yl, pdf.GetY()) + 2)
			continue
		}
		if strings.TrimSpace(l) == "" {
			pdf.Ln(5)
			continue
		}
		pdf.MultiCell(170, 5, tr(l), "", "L", false)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// makeDocx writes a minimal Word document: paragraphs, and a table row
// for each line with a tab.
func makeDocx(t testing.TB, text string) []byte {
	var body strings.Builder
	inTable := false
	for _, l := range strings.Split(text, "\n") {
		label, value, isRow := strings.Cut(l, "\t")
		if isRow && !inTable {
			body.WriteString("<w:tbl>")
			inTable = true
		}
		if !isRow && inTable {
			body.WriteString("</w:tbl>")
			inTable = false
		}
		if isRow {
			fmt.Fprintf(&body, "<w:tr><w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc><w:tc>", html.EscapeString(label))
			for _, para := range strings.Split(value, " ¶ ") {
				fmt.Fprintf(&body, "<w:p><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>", html.EscapeString(para))
			}
			body.WriteString("</w:tc></w:tr>")
			continue
		}
		fmt.Fprintf(&body, "<w:p><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>", html.EscapeString(l))
	}
	if inTable {
		body.WriteString("</w:tbl>")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`,
	}
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// makeEmail builds a message from a source whose headers may name
// attachments to make ("X-Attach: NAME.pdf" renders testdata/src/NAME.pdf)
// and may ask for an HTML body ("X-Html: yes").
func makeEmail(t testing.TB, src string) []byte {
	head, body, _ := strings.Cut(src, "\n\n")
	var hdrs []string
	var attach []string
	htmlBody := false
	for _, h := range strings.Split(head, "\n") {
		switch {
		case strings.HasPrefix(h, "X-Attach: "):
			attach = append(attach, strings.TrimPrefix(h, "X-Attach: "))
		case h == "X-Html: yes":
			htmlBody = true
		default:
			hdrs = append(hdrs, h)
		}
	}
	var b strings.Builder
	for _, h := range hdrs {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	part := func(ct, content string) string {
		if ct == "text/html; charset=utf-8" {
			var hb strings.Builder
			hb.WriteString("<html><head><style>p{margin:0}</style></head><body>")
			for _, p := range strings.Split(content, "\n\n") {
				hb.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>\n") + "</p>\n")
			}
			hb.WriteString("</body></html>")
			content = hb.String()
		}
		return "Content-Type: " + ct + "\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + qp(content)
	}
	ct := "text/plain; charset=utf-8"
	if htmlBody {
		ct = "text/html; charset=utf-8"
	}
	if len(attach) == 0 {
		b.WriteString(part(ct, body))
		return []byte(b.String())
	}
	boundary := "=_confidant_test_boundary"
	b.WriteString("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n")
	b.WriteString("--" + boundary + "\r\n" + part(ct, body) + "\r\n")
	for _, a := range attach {
		src, err := os.ReadFile(filepath.Join("testdata/src", a))
		if err != nil {
			t.Fatal(err)
		}
		var data []byte
		mt := "application/pdf"
		if strings.HasSuffix(a, ".docx") {
			data = makeDocx(t, string(src))
			mt = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		} else {
			data = makePDF(t, string(src), false)
		}
		enc := base64.StdEncoding.EncodeToString(data)
		name := filepath.Base(a)
		b.WriteString("--" + boundary + "\r\nContent-Type: " + mt + "; name=\"" + name + "\"\r\n")
		b.WriteString("Content-Disposition: attachment; filename=\"" + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return []byte(b.String())
}

// qp encodes text as quoted-printable, soft-breaking long lines.
func qp(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		n := 0
		for _, c := range []byte(l) {
			enc := string(c)
			if c == '=' || c >= 0x80 {
				enc = fmt.Sprintf("=%02X", c)
			}
			if n+len(enc) > 73 {
				b.WriteString("=\r\n")
				n = 0
			}
			b.WriteString(enc)
			n += len(enc)
		}
		b.WriteString("\r\n")
	}
	return b.String()
}
