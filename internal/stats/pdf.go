package stats

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// definitions are the one-line meanings printed at the foot of a return, so
// that a reader far from Confidant knows what each figure counts.
var definitions = []string{
	"Requests are counted in the month they were received; outcomes are as they stood at the end of the period.",
	"Acknowledgement: the provider's first act on the request after recording and checking it (a suspected-fraud stop, a verified call-back or a refusal). Awaiting clarification, set automatically when the check finds a defect, does not count.",
	"Decision: approval for disclosure, sending, refusal, withdrawal or a suspected-fraud stop, whichever came first.",
	"Refused by the client: refused while the request waited on the client (after consultation, on seeing the draft extract, or consent withdrawn before sending). Other refusals are the provider's.",
	"Findings are what the compliance checker found wrong or to verify in the requests, with the provision each rests on.",
}

// pdfLine is one measured line of the return's flowing text.
type pdfLine struct {
	kind  string // "head" (and "headc", its continuation), "row", "code", "sub", "note"
	text  string
	value string
	link  string // a provision's page on legislation.gov.uk, for "sub" lines
}

// PDF writes the return on one A4 page: a heading, then the sections in
// three columns, in the largest type that fits. A provider that has dealt
// with more forces than fit lists the forces with most requests and
// points to the CSV for the rest (never a sum of the rest, which could
// give a suppressed count away). Its metadata holds only the title, and
// its dates are rounded to the month, like its contents.
func (r Report) PDF(w io.Writer, provider string, created time.Time) error {
	for _, forces := range []int{0, 45, 30, 20, 10} {
		if forces > 0 && forces >= len(r.ByForce) {
			continue
		}
		for size := 8.0; size >= 6.0; size -= 0.5 {
			pdf, ok := r.layout(provider, created, size, forces)
			if !ok {
				continue
			}
			if err := pdf.Error(); err != nil {
				return err
			}
			return pdf.Output(w)
		}
	}
	return errors.New("the return does not fit on one page")
}

const (
	pdfMargin  = 12.0
	pdfGutter  = 5.0
	pdfColumns = 3
	pdfValueW  = 21.0
)

func (r Report) layout(provider string, created time.Time, size float64, forces int) (*fpdf.Fpdf, bool) {
	month := time.Date(created.Year(), created.Month(), 1, 0, 0, 0, 0, time.UTC)
	title := "Monitoring the Victim Information Request Code"
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(title, true)
	pdf.SetCreator("Confidant", true)
	pdf.SetProducer("Confidant", true)
	pdf.SetCreationDate(month)
	pdf.SetModificationDate(month)
	pdf.AddUTF8FontFromBytes("Go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("Go", "B", gobold.TTF)
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(false, pdfMargin)
	pdf.AddPage()
	pageW, pageH := pdf.GetPageSize()

	pdf.SetFont("Go", "B", 14)
	pdf.MultiCell(0, 6.5, title, "", "L", false)
	pdf.SetFont("Go", "", 9.5)
	t := r.Threshold
	if t <= 0 {
		t = DefaultThreshold
	}
	pdf.MultiCell(0, 4.6, fmt.Sprintf("%s · %s · a return under the PCSC Act 2022 ss.44A–44F", provider, r.Period.Label()), "", "L", false)
	pdf.SetFont("Go", "", 8)
	pdf.MultiCell(0, 3.8, fmt.Sprintf("Counts from 1 to %d show as “%s”; “%s” marks a count held back so that a small one cannot be worked out from a total. No client, officer or note data is included.", t-1, FewerThan(t), Withheld), "", "L", false)
	pdf.Ln(1.5)
	pdf.SetDrawColor(40, 48, 107)
	pdf.Line(pdfMargin, pdf.GetY(), pageW-pdfMargin, pdf.GetY())
	top := pdf.GetY() + 2.5
	bottom := pageH - pdfMargin

	colW := (pageW - 2*pdfMargin - float64(pdfColumns-1)*pdfGutter) / pdfColumns
	lineH := size * 0.46
	lines := r.pdfLines(pdf, size, colW, forces)

	// Balance the columns: the shortest column height at which every line
	// fits in the three columns.
	var at []slot
	for limit := top + float64(len(lines))*lineH/pdfColumns; ; limit += lineH {
		limit = min(limit, bottom)
		if a, ok := flow(lines, lineH, top, limit); ok {
			at = a
			break
		}
		if limit == bottom {
			return nil, false
		}
	}
	for i, l := range lines {
		col, y := at[i].col, at[i].y
		x := pdfMargin + float64(col)*(colW+pdfGutter)
		switch l.kind {
		case "head", "headc":
			pdf.SetFont("Go", "B", size+1)
			pdf.SetTextColor(40, 48, 107)
			pdf.SetXY(x, y)
			pdf.CellFormat(colW, lineH, l.text, "", 0, "L", false, 0, "")
			pdf.SetTextColor(0, 0, 0)
		case "row":
			pdf.SetFont("Go", "", size)
			pdf.SetXY(x, y)
			pdf.CellFormat(colW-pdfValueW, lineH, l.text, "", 0, "L", false, 0, "")
			pdf.SetFont("Go", "B", size)
			pdf.CellFormat(pdfValueW, lineH, l.value, "", 0, "R", false, 0, "")
		case "code":
			pdf.SetFont("Go", "", size)
			pdf.SetXY(x, y)
			pdf.CellFormat(colW, lineH, l.text, "", 0, "L", false, 0, "")
		case "sub", "note":
			pdf.SetFont("Go", "", size-1)
			pdf.SetTextColor(80, 90, 95)
			pdf.SetXY(x, y)
			w := colW
			if l.kind == "sub" {
				w = colW - pdfValueW
			}
			pdf.CellFormat(w, lineH, l.text, "", 0, "L", false, 0, l.link)
			pdf.SetTextColor(0, 0, 0)
			if l.value != "" {
				pdf.SetFont("Go", "B", size)
				pdf.CellFormat(pdfValueW, lineH, l.value, "", 0, "R", false, 0, "")
			}
		}
	}
	return pdf, true
}

// slot is where a line goes: its column and top.
type slot struct {
	col int
	y   float64
}

// flow places the lines in columns from top to bottom, keeping a heading
// with the line after it and a little space above it.
func flow(lines []pdfLine, lineH, top, bottom float64) ([]slot, bool) {
	out := make([]slot, len(lines))
	col, y := 0, top
	for i, l := range lines {
		if l.kind == "head" {
			gap := lineH * 0.6
			if y == top {
				gap = 0
			}
			if y+gap+2*lineH > bottom {
				col, y, gap = col+1, top, 0
			}
			y += gap
		} else if y+lineH > bottom {
			col, y = col+1, top
		}
		if col >= pdfColumns {
			return nil, false
		}
		out[i] = slot{col, y}
		y += lineH
	}
	return out, true
}

// pdfLines measures every section into lines of one column's width,
// listing at most forces forces (0: all).
func (r Report) pdfLines(pdf *fpdf.Fpdf, size, colW float64, forces int) []pdfLine {
	var out []pdfLine
	wrap := func(kind, text string, w, sz float64, value string) {
		pdf.SetFont("Go", "", sz)
		parts := pdf.SplitText(text, w)
		for i, p := range parts {
			l := pdfLine{kind: kind, text: p}
			if i == len(parts)-1 {
				l.value = value
			}
			out = append(out, l)
		}
	}
	head := func(text string) {
		pdf.SetFont("Go", "B", size+1)
		for i, p := range pdf.SplitText(text, colW) {
			kind := "head"
			if i > 0 {
				kind = "headc"
			}
			out = append(out, pdfLine{kind: kind, text: p})
		}
	}
	for _, s := range r.Sections() {
		head(s.Title)
		if s.Note != "" {
			wrap("note", s.Note, colW, size-1, "")
		}
		if len(s.Rows) == 0 {
			wrap("note", "None in the period.", colW, size-1, "")
		}
		rows := s.Rows
		if s.Key == "force" && forces > 0 && len(rows) > forces {
			wrap("note", fmt.Sprintf("The %d forces with most requests; the CSV lists all %d.", forces, len(rows)), colW, size-1, "")
			rows = rows[:forces]
		}
		for _, row := range rows {
			v := row.Value
			if row.Share != "" {
				v += " (" + row.Share + ")"
			}
			if row.Provision != "" {
				// The finding takes the whole width, and the value
				// goes beside its provision.
				wrap("code", row.Item, colW, size, "")
				from := len(out)
				wrap("sub", row.Provision, colW-pdfValueW-1, size-1, v)
				for i := from; i < len(out); i++ {
					out[i].link = row.URL // the provision links to the Act's text
				}
				continue
			}
			wrap("row", row.Item, colW-pdfValueW-1, size, v)
		}
	}
	head("Definitions")
	for _, d := range definitions {
		wrap("note", d, colW, size-1, "")
	}
	return out
}
