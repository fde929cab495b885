// Package letters writes the provider's replies to a police request:
// acknowledgement, request for clarification, refusal and disclosure cover
// letter. Each is a text/template that an admin may edit; the defaults are
// here. Rendering is pure; PDF output embeds the Go fonts so a letter looks
// the same wherever it is opened.
package letters

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// Kind names a letter.
type Kind string

// The letters.
const (
	Acknowledgement Kind = "acknowledgement"
	Clarification   Kind = "clarification"
	Refusal         Kind = "refusal"
	Cover           Kind = "cover"
)

// Kinds lists every letter with its title, in the order a request uses them.
func Kinds() []struct {
	Kind  Kind
	Title string
} {
	return []struct {
		Kind  Kind
		Title string
	}{
		{Acknowledgement, "Acknowledgement"},
		{Clarification, "Request for clarification"},
		{Refusal, "Refusal"},
		{Cover, "Disclosure cover letter"},
	}
}

// Title is a letter's title.
func (k Kind) Title() string {
	for _, x := range Kinds() {
		if x.Kind == k {
			return x.Title
		}
	}
	return ""
}

// Valid reports whether k is a letter.
func (k Kind) Valid() bool { return k.Title() != "" }

// Defect is one thing wrong with a request, as a clarification letter
// lists it.
type Defect struct {
	Code    string
	Law     string
	Message string
	Needed  string // what a compliant request would state
}

// Data is everything a letter may use. No client name: letters name the
// client by reference only.
type Data struct {
	Provider          string
	Date              string // e.g. 3 March 2026
	Reference         string // our reference for the request
	ClientRef         string
	Force             string
	OfficerName       string
	OfficerRank       string
	ReceivedOn        string
	RequestDate       string
	InformationSought string
	Defects           []Defect
	ToVerify          []Defect
	ExtractHash       string
	ExtractSummary    string
}

// Defaults are the letters as shipped.
var Defaults = map[Kind]string{
	Acknowledgement: `{{.Date}}

Dear {{with .OfficerRank}}{{.}} {{end}}{{.OfficerName}},

Our reference: {{.Reference}}

We acknowledge your request for counselling records, dated {{or .RequestDate .ReceivedOn}} and received on {{.ReceivedOn}}.

We are considering it under the Police, Crime, Sentencing and Courts Act 2022, sections 44A to 44F, and the Victim Information Request Code of Practice. Those rules start from the presumption that counselling records are not needed: a request must be necessary and proportionate, specific, in writing, authorised by an officer of Chief Inspector rank or above, and notified to the victim.

We will verify the request with your force through its published switchboard before we go further, and we consult our client before any disclosure. We will write to you again.

Yours sincerely,

Safeguarding lead
{{.Provider}}
`,
	Clarification: `{{.Date}}

Dear {{with .OfficerRank}}{{.}} {{end}}{{.OfficerName}},

Our reference: {{.Reference}}

Thank you for your request received on {{.ReceivedOn}}. We cannot act on it as it stands, because it does not meet the requirements of the Police, Crime, Sentencing and Courts Act 2022 and the Victim Information Request Code of Practice:
{{range $i, $d := .Defects}}
{{add $i 1}}. {{$d.Message}}
   Provision: {{$d.Law}}
   A compliant request would: {{$d.Needed}}
{{end}}{{if .ToVerify}}
We will also need to confirm the following with the authorising officer:
{{range .ToVerify}}
- {{.Message}} ({{.Law}})
{{end}}{{end}}
Please send a corrected request in writing. The request remains open with us, and we are preserving the records it concerns in the meantime. Nothing will be disclosed until a compliant request has been received, verified and our client consulted.

Yours sincerely,

Safeguarding lead
{{.Provider}}
`,
	Refusal: `{{.Date}}

Dear {{with .OfficerRank}}{{.}} {{end}}{{.OfficerName}},

Our reference: {{.Reference}}

We have considered your request received on {{.ReceivedOn}} for counselling records.

We will not be disclosing the records requested. A victim information request under section 44A of the Police, Crime, Sentencing and Courts Act 2022 does not compel disclosure, and having consulted our client and considered the request we have decided not to provide the information.

If your investigation requires this material, the proper route is an application to the court, where our client's interests can be represented.

Yours sincerely,

Safeguarding lead
{{.Provider}}
`,
	Cover: `{{.Date}}

Dear {{with .OfficerRank}}{{.}} {{end}}{{.OfficerName}},

Our reference: {{.Reference}}

In response to your request received on {{.ReceivedOn}}, we enclose an extract of counselling records ({{.ExtractSummary}}).

The extract is limited to the period and issue your request stated. Third parties and matters unrelated to that issue have been removed; each removal is marked in the text. Our client has been consulted{{if .ExtractHash}}, and the extract's fingerprint (SHA-256) is {{.ExtractHash}}{{end}}.

The extract is provided for the purpose stated in your request only, and must be handled as you set out: stored securely, seen only by those who need to see it, and disclosed to the defence only in line with your disclosure duties. Please do not contact our client about this material other than through us.

Yours sincerely,

Safeguarding lead
{{.Provider}}
`,
}

var funcs = template.FuncMap{"add": func(a, b int) int { return a + b }}

// ErrTemplate wraps a template that does not parse or run.
var ErrTemplate = errors.New("the letter template has an error")

// Render fills a letter template with data.
func Render(tmpl string, d Data) (string, error) {
	t, err := template.New("letter").Funcs(funcs).Option("missingkey=error").Parse(tmpl)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrTemplate, cleanTemplateErr(err))
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return "", fmt.Errorf("%w: %v", ErrTemplate, cleanTemplateErr(err))
	}
	return buf.String(), nil
}

func cleanTemplateErr(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "template: letter:")
	return strings.TrimSpace(s)
}

// Check tries a template on sample data, so an admin's edit is refused
// before it can break a letter.
func Check(tmpl string) error {
	if len(tmpl) > 20000 {
		return fmt.Errorf("%w: keep the letter under 20,000 characters", ErrTemplate)
	}
	_, err := Render(tmpl, Sample())
	return err
}

// Sample is invented data for previews and checks.
func Sample() Data {
	return Data{
		Provider: "Example Counselling Service", Date: FormatDate(time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)),
		Reference: "R-EXAMPLE1", ClientRef: "C-EXAMPLE1", Force: "Example Constabulary",
		OfficerName: "Ann Example", OfficerRank: "DC", ReceivedOn: "2026-03-10", RequestDate: "2026-03-09",
		InformationSought: "Notes of sessions between 2025-01-01 and 2025-06-30",
		Defects:           []Defect{{Code: "authoriser_rank_too_low", Law: "Code of Practice: authorisation at chief inspector rank or above", Message: "The authoriser is an Inspector.", Needed: "be authorised by an officer of Chief Inspector rank or above."}},
		ExtractSummary:    "3 notes from 12 Jan to 2 Mar 2026",
	}
}

// FormatDate writes a date as a letter does: 12 March 2026.
func FormatDate(t time.Time) string { return t.Format("2 January 2006") }

// Needed says what a compliant request would state, for each defect code
// of the checker (FINDINGS.md).
func Needed(code string) string {
	if s, ok := needed[code]; ok {
		return s
	}
	return "address the point above."
}

var needed = map[string]string{
	"not_victim_information_request":    "come from a person who may make a victim information request (PCSC Act 2022 s.44E), or be made through the court.",
	"requester_not_authorised_person":   "come from a police force of England and Wales or another body listed in s.44E/F.",
	"not_in_writing":                    "be made in writing; a telephone call is not a request.",
	"information_sought_missing":        "state exactly what information is sought.",
	"reason_missing":                    "state why you believe we hold the information.",
	"line_of_enquiry_missing":           "state the reasonable line of enquiry the information is relevant to.",
	"necessity_proportionality_missing": "explain why the request is necessary and proportionate, including why the information cannot be obtained by other means.",
	"probative_value_missing":           "explain why the counselling records would have substantial probative value.",
	"handling_missing":                  "state how the information will be stored, who will see it, how long it will be kept and how disclosure to the defence will be handled.",
	"request_too_broad":                 "ask for a specific extract, not all notes or the whole file.",
	"period_missing":                    "name the date range of the notes sought.",
	"topic_missing":                     "name the incident, account or issue the notes must concern.",
	"period_multi_year_without_issue":   "limit the period, and name the issue it concerns.",
	"notice_missing":                    "confirm that written notice has been given to the victim, or state the s.44B(5) ground on which it was withheld.",
	"notice_withheld_without_ground":    "state the s.44B(5) ground on which notice to the victim was withheld.",
	"notice_to_wrong_recipient":         "confirm that notice went to the proper recipient (the victim, or for a child or an adult lacking capacity a parent, guardian or the local authority).",
	"authoriser_missing":                "name the officer, of Chief Inspector rank or above, who authorised it.",
	"authoriser_rank_too_low":           "be authorised by an officer of Chief Inspector rank or above.",
	"authoriser_is_requester":           "be authorised by a senior officer other than the requesting officer.",
	"authorisation_after_request":       "have been authorised on or before the date of the request.",
	"sender_domain_lookalike":           "come from your force's official email domain.",
	"dpa_cited_as_obligation":           "rely on PCSC Act 2022 s.44A; DPA 2018 Schedule 2 paragraph 2 permits disclosure but never requires it.",
}

// DefectsFrom splits findings into defects and things to verify, in code
// order, with what a compliant request would need.
func DefectsFrom(findings []Defect, severities []string) (defects, verify []Defect) {
	for i, f := range findings {
		f.Needed = Needed(f.Code)
		switch severities[i] {
		case "defect":
			defects = append(defects, f)
		case "verify":
			verify = append(verify, f)
		}
	}
	sort.SliceStable(defects, func(i, j int) bool { return defects[i].Law < defects[j].Law })
	return defects, verify
}

// PDF writes a letter as an A4 PDF with embedded fonts and page numbers.
// The document's metadata carries only the title.
func PDF(w io.Writer, title, body string, created time.Time) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(title, true)
	pdf.SetCreator("Confidant", true)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.AddUTF8FontFromBytes("Go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("Go", "B", gobold.TTF)
	pdf.SetMargins(22, 22, 22)
	pdf.SetAutoPageBreak(true, 22)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("Go", "", 9)
		pdf.CellFormat(0, 10, fmt.Sprintf("Page %d of {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("Go", "B", 14)
	pdf.MultiCell(0, 8, title, "", "L", false)
	pdf.Ln(4)
	pdf.SetFont("Go", "", 11)
	pdf.MultiCell(0, 5.5, body, "", "L", false)
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}
