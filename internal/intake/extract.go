package intake

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"confidant/internal/fault"
)

// MaxFileBytes is the largest file intake reads: a request letter with its
// attachments is well under a megabyte; 20 MiB allows a scanned form.
const MaxFileBytes = 20 << 20

// ErrTooLarge is returned for a file over MaxFileBytes.
var ErrTooLarge = fault.Errorf(fault.Invalid, "the file is over the %d MiB limit", MaxFileBytes>>20)

// Format is the kind of file a request arrived as.
type Format string

// The formats intake reads.
const (
	FormatEmail Format = "eml"
	FormatPDF   Format = "pdf"
	FormatDocx  Format = "docx"
	FormatText  Format = "text"
)

// Document is the text of a request as received, ready for field finding.
// Every offset the package reports indexes Text.
type Document struct {
	Format Format
	Text   string
	// Sender is set for an email: what its headers say about who sent it.
	Sender *Sender
	// ReceivedOn is the day an email reached the service (from its
	// Received or Date header), YYYY-MM-DD; empty for other formats.
	ReceivedOn string
	// receivedSpan is where, in Text, the line that shows ReceivedOn is.
	receivedSpan [2]int
	// Notes say how the text was had ("read by OCR"), or what was skipped.
	Notes []string
}

// Tools are the optional outside programs extraction may use. A zero Tools
// uses none; ReadFile with DefaultTools looks for them on the PATH.
type Tools struct {
	// PDFToText runs poppler's pdftotext on a PDF and returns its text,
	// for a PDF our own reader finds no text in.
	PDFToText func(pdf []byte) (string, error)
	// OCR reads a PDF with no text layer (pdftoppm and tesseract).
	OCR func(pdf []byte) (string, error)
}

// Read extracts the text of one file as received. name is used only for
// its extension; the content decides where the two disagree.
func Read(name string, data []byte, tools Tools) (*Document, error) {
	if len(data) > MaxFileBytes {
		return nil, ErrTooLarge
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("the file is empty")
	}
	switch detect(name, data) {
	case FormatPDF:
		text, notes, err := readPDF(data, tools)
		if err != nil {
			return nil, err
		}
		return &Document{Format: FormatPDF, Text: text, Notes: notes}, nil
	case FormatDocx:
		text, err := docxText(data)
		if err != nil {
			return nil, err
		}
		return &Document{Format: FormatDocx, Text: text}, nil
	case FormatEmail:
		return readEmail(data, tools)
	}
	if !utf8.Valid(data) {
		if bytes.IndexByte(data, 0) >= 0 {
			return nil, errors.New("not a file intake can read: want an email (.eml), a PDF, a Word document (.docx) or text")
		}
		data = []byte(decodeCharset(data, "windows-1252"))
	}
	text := cleanExtracted(strings.TrimPrefix(string(data), "\ufeff"))
	if strings.TrimSpace(text) == "" {
		return nil, errors.New("the file has no text")
	}
	return &Document{Format: FormatText, Text: text}, nil
}

// detect decides a file's format from its first bytes, then its name.
func detect(name string, data []byte) Format {
	head := data[:min(len(data), 1024)]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return FormatPDF
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatDocx
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pdf":
		return FormatPDF
	case ".docx":
		return FormatDocx
	case ".eml", ".msg", ".mbox":
		return FormatEmail
	}
	if looksLikeEmail(head) {
		return FormatEmail
	}
	return FormatText
}

// looksLikeEmail reports whether data starts with RFC 5322 headers, with a
// From and at least one other header of a message, as a saved .eml does.
func looksLikeEmail(head []byte) bool {
	s := string(head)
	end := strings.Index(s, "\n\n")
	if e2 := strings.Index(s, "\r\n\r\n"); e2 >= 0 && (end < 0 || e2 < end) {
		end = e2
	}
	if end < 0 {
		end = len(s)
	}
	hasFrom, other := false, false
	for _, l := range strings.Split(s[:end], "\n") {
		l = strings.TrimRight(l, "\r")
		if l == "" || l[0] == ' ' || l[0] == '\t' {
			continue
		}
		k, _, ok := strings.Cut(l, ":")
		if !ok || strings.ContainsAny(k, " \t") {
			return false
		}
		switch strings.ToLower(k) {
		case "from":
			hasFrom = true
		case "received", "return-path", "message-id", "mime-version", "content-type", "delivered-to":
			other = true
		}
	}
	return hasFrom && other
}

func readPDF(data []byte, tools Tools) (string, []string, error) {
	text, err := pdfText(data)
	if err == nil {
		return text, nil, nil
	}
	if errors.Is(err, ErrEncryptedPDF) {
		return "", nil, err
	}
	if tools.PDFToText != nil {
		if t, perr := tools.PDFToText(data); perr == nil && strings.TrimSpace(t) != "" {
			return cleanExtracted(t), []string{"text read by pdftotext"}, nil
		}
	}
	if errors.Is(err, errNoTextLayer) {
		if tools.OCR != nil {
			t, oerr := tools.OCR(data)
			if oerr != nil {
				return "", nil, fmt.Errorf("scanned PDF: OCR failed: %w", oerr)
			}
			if strings.TrimSpace(t) == "" {
				return "", nil, errors.New("scanned PDF: OCR found no text; type it in")
			}
			return cleanExtracted(t), []string{"scanned PDF: text read by OCR (tesseract); check every field against the original"}, nil
		}
		return "", nil, err
	}
	return "", nil, fmt.Errorf("cannot read the PDF: %w", err)
}

// readEmail lays an email out as one text: the headers a lead reads, the
// body, then each attachment's text under a heading of its own.
func readEmail(data []byte, tools Tools) (*Document, error) {
	e, err := parseEmail(data)
	if err != nil {
		return nil, err
	}
	doc := &Document{Format: FormatEmail, Sender: &e.sender}
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line("From", strings.Join(strings.Fields(e.header.Get("From")), " "))
	line("To", e.to)
	if !e.received.IsZero() {
		start := b.Len()
		line("Received", e.received.Format("2 January 2006"))
		doc.ReceivedOn = e.received.Format("2006-01-02")
		doc.receivedSpan = [2]int{start + len("Received: "), b.Len() - 1}
	}
	if !e.date.IsZero() {
		start := b.Len()
		line("Date", e.date.Format("2 January 2006"))
		if doc.ReceivedOn == "" {
			doc.ReceivedOn = e.date.Format("2006-01-02")
			doc.receivedSpan = [2]int{start + len("Date: "), b.Len() - 1}
		}
	}
	line("Subject", e.subject)
	b.WriteString("\n")
	hasText := strings.TrimSpace(e.body) != ""
	b.WriteString(e.body)
	for _, a := range e.attachments {
		format := detect(a.name, a.data)
		var text string
		var aerr error
		switch {
		case format == FormatPDF:
			var notes []string
			text, notes, aerr = readPDF(a.data, tools)
			doc.Notes = append(doc.Notes, notes...)
		case format == FormatDocx:
			text, aerr = docxText(a.data)
		case strings.HasPrefix(a.ct, "text/") || strings.EqualFold(filepath.Ext(a.name), ".txt"):
			text = cleanExtracted(decodeCharset(a.data, "utf-8"))
		default:
			doc.Notes = append(doc.Notes, fmt.Sprintf("attachment %q not read (%s)", a.name, a.ct))
			continue
		}
		if aerr != nil {
			doc.Notes = append(doc.Notes, fmt.Sprintf("attachment %q not read: %v", a.name, aerr))
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		hasText = true
		fmt.Fprintf(&b, "\n\n[Attachment: %s]\n\n%s", a.name, text)
	}
	if !hasText {
		return nil, ErrNoBody
	}
	doc.Text = cleanExtracted(b.String())
	return doc, nil
}
