package letters

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Letter is a rendered letter, ready for HTML or PDF: the frame from the
// service and the request, and the body as blocks.
type Letter struct {
	Title     string
	Service   Service
	Date      string
	Reference string
	Addressee []string // the officer, their force
	Blocks    []Block
}

// Block is a paragraph or a list item of a letter's body.
type Block struct {
	Marker string // "1.", "–" for a list item; "" for a paragraph
	Lines  [][]Span
}

// Span is a run of text, a link when URL is set.
type Span struct{ Text, URL string }

// Addressee is the frame's "to" block: rank and name, then the force.
func Addressee(d Data) []string {
	var out []string
	if n := strings.TrimSpace(strings.TrimSpace(d.OfficerRank) + " " + strings.TrimSpace(d.OfficerName)); n != "" {
		out = append(out, n)
	}
	if f := strings.TrimSpace(d.Force); f != "" {
		out = append(out, f)
	}
	return out
}

// Compose renders a letter: the body from its template and the frame.
func Compose(kind Kind, tmpl string, svc Service, d Data) (Letter, error) {
	if kind == Clarification && len(d.Defects) == 0 && len(d.ToVerify) == 0 && !d.CompulsionClaimed {
		return Letter{}, ErrNothingToAsk
	}
	d.Provider, d.Signature = svc.Name, svc.Signature
	body, err := Render(tmpl, d)
	if err != nil {
		return Letter{}, err
	}
	return Letter{Title: kind.Title(), Service: svc, Date: d.Date, Reference: d.Reference, Addressee: Addressee(d), Blocks: Parse(body)}, nil
}

var listRE = regexp.MustCompile(`^(\d+\.|-|•)\s+`)

// Parse splits a rendered body into blocks: blank lines end a paragraph;
// a line starting "1." or "-" starts a list item.
func Parse(body string) []Block {
	var out []Block
	var cur *Block
	flush := func() {
		if cur != nil && len(cur.Lines) > 0 {
			out = append(out, *cur)
		}
		cur = nil
	}
	for _, line := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		line = strings.TrimRight(line, " \t")
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if m := listRE.FindStringSubmatch(line); m != nil {
			flush()
			marker := m[1]
			if marker == "-" || marker == "•" {
				marker = "–"
			}
			cur = &Block{Marker: marker}
			line = line[len(m[0]):]
		} else if cur == nil {
			cur = &Block{}
		} else if cur.Marker != "" && strings.HasPrefix(line, " ") {
			// An indented line continues the list item.
			last := &cur.Lines[len(cur.Lines)-1]
			*last = append(*last, Span{Text: " "})
			*last = append(*last, spans(strings.TrimSpace(line))...)
			continue
		}
		cur.Lines = append(cur.Lines, spans(strings.TrimSpace(line)))
	}
	flush()
	return out
}

var linkRE = regexp.MustCompile(linkOpen + `([^|` + linkClose + `]*)\|([^` + linkClose + `]*)` + linkClose)

// spans splits a line at its links.
func spans(line string) []Span {
	var out []Span
	last := 0
	for _, m := range linkRE.FindAllStringSubmatchIndex(line, -1) {
		if m[0] > last {
			out = append(out, Span{Text: line[last:m[0]]})
		}
		out = append(out, Span{Text: line[m[2]:m[3]], URL: line[m[4]:m[5]]})
		last = m[1]
	}
	if last < len(line) {
		out = append(out, Span{Text: line[last:]})
	}
	return out
}

// Text is the letter as plain text, links written out after their words.
func (l Letter) Text() string {
	var b strings.Builder
	b.WriteString(l.Service.Name + "\n")
	for _, a := range l.Service.Address {
		b.WriteString(a + "\n")
	}
	for _, c := range []string{l.Service.Phone, l.Service.Email} {
		if c != "" {
			b.WriteString(c + "\n")
		}
	}
	b.WriteString("\n" + strings.Join(l.Addressee, "\n") + "\n\n" + l.Date + "\nOur reference: " + l.Reference + "\n\n" + l.Title + "\n")
	for _, bl := range l.Blocks {
		b.WriteString("\n")
		for i, ln := range bl.Lines {
			if i == 0 && bl.Marker != "" {
				b.WriteString(bl.Marker + " ")
			}
			for _, s := range ln {
				b.WriteString(s.Text)
				if s.URL != "" {
					b.WriteString(" <" + s.URL + ">")
				}
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// PDF writes the letter as an A4 PDF with embedded fonts, the letterhead
// on the first page, provisions as links, and page numbers. The
// document's metadata carries only the title.
func (l Letter) PDF(w io.Writer, created time.Time) error {
	const margin, textW = 22.0, 210.0 - 44.0
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(l.Title+" – "+l.Reference, true)
	pdf.SetCreator("Confidant", true)
	pdf.SetProducer("Confidant", true)
	pdf.SetCreationDate(created.UTC())
	pdf.SetModificationDate(created.UTC())
	pdf.SetLang("en-GB")
	pdf.AddUTF8FontFromBytes("Go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("Go", "B", gobold.TTF)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, 22)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("Go", "", 8.5)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 10, fmt.Sprintf("%s · Our reference %s · Page %d of {nb}", l.Service.Name, l.Reference, pdf.PageNo()), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()

	// Letterhead, right-aligned: the service's name and contact details.
	pdf.SetFont("Go", "B", 15)
	pdf.CellFormat(textW, 7, l.Service.Name, "", 1, "R", false, 0, "")
	pdf.SetFont("Go", "", 9.5)
	pdf.SetTextColor(60, 60, 60)
	for _, a := range l.Service.Address {
		pdf.CellFormat(textW, 4.6, a, "", 1, "R", false, 0, "")
	}
	contact := []string{}
	if l.Service.Phone != "" {
		contact = append(contact, "Telephone "+l.Service.Phone)
	}
	if l.Service.Email != "" {
		contact = append(contact, l.Service.Email)
	}
	if len(contact) > 0 {
		pdf.CellFormat(textW, 4.6, strings.Join(contact, " · "), "", 1, "R", false, 0, "")
	}
	pdf.SetTextColor(0, 0, 0)
	y := pdf.GetY() + 3
	pdf.SetDrawColor(150, 150, 150)
	pdf.Line(margin, y, margin+textW, y)
	pdf.SetY(y + 8)

	// Addressee on the left; date and reference below it.
	pdf.SetFont("Go", "", 11)
	for _, a := range l.Addressee {
		pdf.CellFormat(textW, 5.5, a, "", 1, "L", false, 0, "")
	}
	pdf.Ln(5)
	pdf.CellFormat(textW, 5.5, l.Date, "", 1, "L", false, 0, "")
	pdf.CellFormat(textW, 5.5, "Our reference: "+l.Reference, "", 1, "L", false, 0, "")
	pdf.Ln(5)
	pdf.SetFont("Go", "B", 12)
	pdf.CellFormat(textW, 6, l.Title, "", 1, "L", false, 0, "")
	pdf.Ln(3)

	const lh = 5.5
	pdf.SetFont("Go", "", 11)
	for _, bl := range l.Blocks {
		indent := 0.0
		if bl.Marker != "" {
			indent = 7
			pdf.SetX(margin)
			pdf.CellFormat(indent, lh, bl.Marker, "", 0, "L", false, 0, "")
			pdf.SetLeftMargin(margin + indent)
		}
		for _, ln := range bl.Lines {
			for _, s := range ln {
				if s.URL != "" {
					pdf.SetTextColor(20, 60, 160)
					pdf.WriteLinkString(lh, s.Text, s.URL)
					pdf.SetTextColor(0, 0, 0)
				} else {
					pdf.Write(lh, s.Text)
				}
			}
			pdf.Ln(lh)
		}
		pdf.SetLeftMargin(margin)
		pdf.Ln(2.5)
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}
