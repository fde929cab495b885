package rights

import (
	"io"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// PDF writes the rendered text as a printable A4 leaflet in large, plain
// type with embedded fonts. The metadata holds only the title.
func PDF(w io.Writer, text string, created time.Time) error {
	title := Title(text)
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(title, true)
	pdf.SetCreator("Confidant", true)
	pdf.SetProducer("Confidant", true)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetLang("en-GB")
	pdf.AddUTF8FontFromBytes("Go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("Go", "B", gobold.TTF)
	pdf.SetMargins(20, 18, 20)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AddPage()
	const body = 12.5
	for _, b := range Blocks(text) {
		switch b.Kind {
		case "h1":
			pdf.SetFont("Go", "B", 20)
			pdf.SetTextColor(40, 48, 107)
			pdf.MultiCell(0, 9, b.Text, "", "L", false)
			pdf.SetTextColor(0, 0, 0)
			pdf.Ln(2)
		case "h2":
			pdf.Ln(2)
			pdf.SetFont("Go", "B", 15)
			pdf.SetTextColor(40, 48, 107)
			pdf.MultiCell(0, 7.5, b.Text, "", "L", false)
			pdf.SetTextColor(0, 0, 0)
			pdf.Ln(1)
		case "p":
			pdf.SetFont("Go", "", body)
			pdf.MultiCell(0, 6.2, b.Text, "", "L", false)
			pdf.Ln(2)
		case "ul":
			pdf.SetFont("Go", "", body)
			left, _, _, _ := pdf.GetMargins()
			for _, it := range b.Items {
				y := pdf.GetY()
				pdf.SetX(left)
				pdf.CellFormat(7, 6.2, "•", "", 0, "L", false, 0, "")
				pdf.SetLeftMargin(left + 7)
				pdf.SetXY(left+7, y)
				pdf.MultiCell(0, 6.2, it, "", "L", false)
				pdf.SetLeftMargin(left)
				pdf.Ln(1)
			}
			pdf.Ln(1)
		}
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}
