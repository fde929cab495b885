package intake

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"confidant/internal/fault"
)

// Limits on a .docx. A request letter's document.xml is tens of kilobytes;
// a file that unpacks to far more than it weighs is a zip bomb.
const (
	maxDocxUnpacked = 64 << 20 // all parts together
	maxDocxXML      = 16 << 20 // word/document.xml
	maxDocxRatio    = 100      // unpacked bytes per packed byte
	maxDocxParts    = 2000
)

// ErrZipBomb is returned for an archive whose unpacked size is out of
// proportion to its size, or over the limit.
var ErrZipBomb = fault.New(fault.Invalid, "the .docx unpacks to far more than its size (a zip bomb?): refused")

// docxText extracts the text of word/document.xml: one line per
// paragraph, a table row's cells separated by tabs, so that a form laid out
// as a table reads "Label<TAB>value".
func docxText(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", fmt.Errorf("not a .docx file (not a zip archive): %w", err)
	}
	if len(zr.File) > maxDocxParts {
		return "", ErrZipBomb
	}
	var total uint64
	var doc *zip.File
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if total > maxDocxUnpacked || total > uint64(len(data))*maxDocxRatio+(1<<20) {
		return "", ErrZipBomb
	}
	if doc == nil {
		return "", errors.New("not a Word document: the .docx has no word/document.xml")
	}
	if doc.UncompressedSize64 > maxDocxXML {
		return "", ErrZipBomb
	}
	rc, err := doc.Open()
	if err != nil {
		return "", fmt.Errorf("open word/document.xml: %w", err)
	}
	defer rc.Close()
	// The declared size may lie: read no more than the limit allows.
	limit := min(int64(maxDocxXML), int64(doc.UncompressedSize64)+1)
	xmlBytes, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return "", fmt.Errorf("read word/document.xml: %w", err)
	}
	if int64(len(xmlBytes)) > limit {
		return "", ErrZipBomb
	}
	text, err := wordXMLText(xmlBytes)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(text) == "" {
		return "", errors.New("the .docx has no text")
	}
	return text, nil
}

// wordXMLText walks WordprocessingML and keeps its text.
func wordXMLText(b []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	var out strings.Builder
	var para strings.Builder
	inText := false
	cellDepth := 0
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("word/document.xml is not valid XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > 256 {
				return "", errors.New("word/document.xml is nested too deeply")
			}
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				para.WriteByte('\t')
			case "br", "cr":
				if cellDepth > 0 {
					para.WriteByte(' ')
				} else {
					para.WriteByte('\n')
				}
			case "tc":
				cellDepth++
			case "tr":
				flushLine(&out, &para)
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				if cellDepth > 0 {
					// Paragraphs inside one cell run on as one value.
					para.WriteByte(' ')
					continue
				}
				flushLine(&out, &para)
				out.WriteByte('\n')
			case "tc":
				cellDepth--
				s := strings.TrimRight(para.String(), " ")
				para.Reset()
				para.WriteString(s)
				para.WriteByte('\t')
			case "tr":
				s := strings.TrimRight(para.String(), "\t ")
				para.Reset()
				if s != "" {
					out.WriteString(s)
					out.WriteByte('\n')
				}
			case "tbl":
				out.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
		if out.Len() > maxTextFromPDF {
			break
		}
	}
	flushLine(&out, &para)
	return cleanExtracted(collapseBlankLines(out.String())), nil
}

func flushLine(out, para *strings.Builder) {
	if para.Len() == 0 {
		return
	}
	out.WriteString(strings.TrimRight(para.String(), " "))
	para.Reset()
}

// collapseBlankLines leaves at most one blank line between paragraphs.
func collapseBlankLines(s string) string {
	for strings.Contains(s, "\n\n\n") {
		s = strings.ReplaceAll(s, "\n\n\n", "\n\n")
	}
	return s
}
