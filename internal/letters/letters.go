// Package letters writes the service's replies to a police request:
// acknowledgement, request for clarification, refusal and disclosure cover
// letter. The body of each is a text/template an admin may edit (the
// defaults are here); the frame around it (letterhead, date, reference,
// addressee) comes from the service's identity and the request, so that
// every letter looks like the service's own. A letter renders as HTML and
// as PDF from the same blocks; a placeholder with nothing to fill it stops
// the letter with a message naming what is missing, rather than sending
// "Dear ," to a force's legal team.
package letters

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"text/template"
	"time"

	"confidant/internal/fault"
	"confidant/internal/words"
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

// KindTitle is a letter kind with its title.
type KindTitle struct {
	Kind  Kind
	Title string
}

// Kinds lists every letter with its title, in the order a request uses them.
func Kinds() []KindTitle {
	return []KindTitle{
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

// Service is who writes the letter: the service's identity.
type Service struct {
	Name      string
	Address   []string
	Phone     string
	Email     string
	Signature string // who signs, e.g. "Safeguarding lead"
}

// Defect is one point a letter puts to the force: a defect to correct or a
// point to confirm. Every word of it is addressed to the force; the
// checker's own message, written for the lead, never goes in a letter.
type Defect struct {
	Code   string
	Title  string // the point in a few words
	Law    string // the provision, as FINDINGS.md writes it
	URL    string // the provision on legislation.gov.uk, "" for no statute
	Issue  string // what the request lacks, in a sentence
	Supply string // what the force must supply or confirm
}

// Data is everything a letter may use. No client name: letters name the
// client by reference only. Dates are already in words.
type Data struct {
	Provider          string
	Signature         string
	Date              string
	Reference         string
	ClientRef         string
	Force             string
	OfficerName       string
	OfficerRank       string
	ReceivedOn        string
	RequestDate       string
	InformationSought string
	Defects           []Defect
	ToVerify          []Defect
	CompulsionClaimed bool
	ExtractHash       string
	ExtractSummary    string
}

// optional are the fields a letter may leave empty: the template tests
// them with "with", "if" or "or".
var optional = map[string]bool{"OfficerRank": true, "RequestDate": true}

// need says, for each field, what is missing when it is empty and where
// to put it right.
var need = map[string]string{
	"Provider":          "the service's name (an administrator sets it under Administration, The service's details)",
	"Signature":         "who signs letters (an administrator sets it under Administration, The service's details)",
	"Date":              "today's date",
	"Reference":         "the request's reference",
	"ClientRef":         "the client's reference",
	"Force":             "the force's name (add it to the request)",
	"OfficerName":       "the requesting officer's name (add it to the request)",
	"ReceivedOn":        "the date the request was received (add it to the request)",
	"InformationSought": "what the request asks for (add it to the request)",
	"ExtractHash":       "the extract's fingerprint (build the extract first)",
	"ExtractSummary":    "what the extract holds (build the extract first)",
}

// ErrTemplate wraps a template that does not parse or run.
var ErrTemplate = fault.New(fault.Invalid, "the letter template has an error")

// MissingError is a letter that cannot be written because a placeholder
// it uses has nothing to fill it.
type MissingError struct{ Missing []string }

func (e *MissingError) Error() string {
	return "This letter cannot be written yet. It needs " + joinAnd(e.Missing) + "."
}

// ErrNothingToAsk is a clarification letter for a request with no
// defect and nothing to confirm.
var ErrNothingToAsk = fault.New(fault.Conflict, "this request has no defect and nothing to confirm, so a request for clarification would have nothing to say")

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// Defaults are the letter bodies as shipped: from the salutation to the
// signature. The letterhead, date, reference and addressee are added
// around them.
var Defaults = map[Kind]string{
	Acknowledgement: `Dear {{with .OfficerRank}}{{.}} {{end}}{{.OfficerName}},

Thank you for your request for counselling records, dated {{or .RequestDate .ReceivedOn}}, which we received on {{.ReceivedOn}}.

We are considering it under sections 44A to 44F of the Police, Crime, Sentencing and Courts Act 2022 and the Victim Information Request Code of Practice. Those provisions start from the presumption that counselling records are not needed: a request must be in writing, necessary and proportionate, limited to information relevant to a reasonable line of enquiry, authorised, and notified to the victim unless a ground in section 44B(5) applies.

We will verify the request with your force through its published switchboard before going further, and we consult our client before any disclosure. We will write to you again.

Yours sincerely,

{{.Signature}}
{{.Provider}}
`,
	Clarification: `Dear {{with .OfficerRank}}{{.}} {{end}}{{.OfficerName}},

Thank you for your request for counselling records, dated {{or .RequestDate .ReceivedOn}}, which we received on {{.ReceivedOn}}. We cannot act on it as it stands.
{{if .Defects}}
The request does not meet the requirements of the Police, Crime, Sentencing and Courts Act 2022 or the Victim Information Request Code of Practice in the following respects. For each, we say what a corrected request needs to supply.

{{range $i, $d := .Defects}}{{add $i 1}}. {{$d.Title}}. {{$d.Issue}} {{$d.Supply}} ({{provision $d}})
{{end}}{{end}}{{if .ToVerify}}
{{if .Defects}}We also ask you to confirm the following{{else}}Before we go further, please confirm the following{{end}}:

{{range .ToVerify}}- {{.Title}}. {{.Supply}} ({{provision .}})
{{end}}{{end}}{{if .CompulsionClaimed}}
Your request describes disclosure as required of us. A victim information request under section 44A of the Act asks for information; it does not compel it. Disclosure under Chapter 3A of Part 2 of the Act is voluntary, and we will decide it with our client's wishes in mind. Only a court can compel disclosure.
{{end}}
Please reply in writing, quoting our reference. The request remains open with us and we are keeping the records it concerns in the meantime. Nothing will be disclosed until a request that meets these requirements has been received and verified and our client has been consulted.

Yours sincerely,

{{.Signature}}
{{.Provider}}
`,
	Refusal: `Dear {{with .OfficerRank}}{{.}} {{end}}{{.OfficerName}},

We have considered your request for counselling records, dated {{or .RequestDate .ReceivedOn}}, which we received on {{.ReceivedOn}}.

We will not be disclosing the records requested. A victim information request under section 44A of the Police, Crime, Sentencing and Courts Act 2022 does not compel disclosure, and having consulted our client and considered the request we have decided not to provide the information.

If your investigation requires this material, the proper route is an application to the court, where our client's interests can be represented.

Yours sincerely,

{{.Signature}}
{{.Provider}}
`,
	Cover: `Dear {{with .OfficerRank}}{{.}} {{end}}{{.OfficerName}},

In response to your request dated {{or .RequestDate .ReceivedOn}}, which we received on {{.ReceivedOn}}, we are providing an extract of counselling records: {{.ExtractSummary}}.

The extract is limited to the period and issue your request stated. Third parties and matters unrelated to that issue have been removed, and each removal is marked in the text. Our client has been consulted. The extract's SHA-256 fingerprint is {{.ExtractHash}}; the copy you download should have the same.

The extract is provided for the purpose stated in your request only, and must be handled as you set out: stored securely, seen only by those who need to see it, and disclosed to the defence only in line with your disclosure duties. Please do not contact our client about this material other than through us.

Yours sincerely,

{{.Signature}}
{{.Provider}}
`,
}

// linkOpen and linkClose bracket a provision in a rendered body, as
// "⟦law|url⟧", so that the HTML and PDF can make it a link.
const (
	linkOpen  = "⟦"
	linkClose = "⟧"
)

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"provision": func(d Defect) string {
		if d.URL == "" {
			return d.Law
		}
		return linkOpen + d.Law + "|" + d.URL + linkClose
	},
}

// missingMark stands in for an empty field while the template runs; any
// that survive into the output name what is missing.
const missingMark = "\x00missing:"

var missingRE = regexp.MustCompile("\x00missing:([A-Za-z]+)\x00")

// withMarks returns d with every empty required field replaced by its
// mark.
func withMarks(d Data) Data {
	v := reflect.ValueOf(&d).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := v.Field(i)
		if f.Kind() == reflect.String && strings.TrimSpace(f.String()) == "" && !optional[t.Field(i).Name] {
			f.SetString(missingMark + t.Field(i).Name + "\x00")
		}
	}
	return d
}

// Render fills a letter's body. A template that does not parse or run is
// ErrTemplate; a placeholder with nothing to fill it is a *MissingError.
func Render(tmpl string, d Data) (string, error) {
	t, err := template.New("letter").Funcs(funcs).Option("missingkey=error").Parse(tmpl)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrTemplate, cleanTemplateErr(err))
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, withMarks(d)); err != nil {
		return "", fmt.Errorf("%w: %v", ErrTemplate, cleanTemplateErr(err))
	}
	out := buf.String()
	if ms := missingRE.FindAllStringSubmatch(out, -1); ms != nil {
		seen := map[string]bool{}
		var missing []string
		for _, m := range ms {
			if !seen[m[1]] {
				seen[m[1]] = true
				missing = append(missing, need[m[1]])
			}
		}
		return "", &MissingError{Missing: missing}
	}
	return out, nil
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
	var me *MissingError
	if errors.As(err, &me) {
		return fmt.Errorf("%w: %v", ErrTemplate, err)
	}
	return err
}

// Sample is invented data for previews and checks.
func Sample() Data {
	d := Data{
		Provider: "Example Counselling Service", Signature: "Safeguarding lead", Date: FormatDate(time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)),
		Reference: "R-EXAMPLE1", ClientRef: "C-EXAMPLE1", Force: "Example Constabulary",
		OfficerName: "Ann Example", OfficerRank: "DC", ReceivedOn: "10 March 2026", RequestDate: "9 March 2026",
		InformationSought: "Notes of sessions between 1 January 2025 and 30 June 2025",
		ExtractSummary:    "3 notes from 12 Jan to 2 Mar 2026", ExtractHash: strings.Repeat("ab", 32),
	}
	d.Defects, d.ToVerify, d.CompulsionClaimed = Points([]Finding{
		{Code: "authoriser_rank_too_low", Severity: "defect", Law: "Code of Practice: authorisation at chief inspector rank or above"},
		{Code: "handling_missing", Severity: "defect", Law: "PCSC Act 2022 s.44C(1)(c)", URL: words.LawURL("PCSC Act 2022 s.44C(1)(c)")},
		{Code: "notice_status_not_stated", Severity: "verify", Law: "PCSC Act 2022 s.44B(1)", URL: words.LawURL("PCSC Act 2022 s.44B(1)")},
	})
	return d
}

// FormatDate writes a date as a letter does: 12 March 2026.
func FormatDate(t time.Time) string { return words.Date(t) }

// Finding is a checker finding as a letter reads it.
type Finding struct {
	Code, Severity, Law, URL string
}

// Points turns a request's findings into what a clarification letter
// puts to the force: the defects to correct (in the order of the Act),
// the points to confirm, and whether the request claimed compulsion.
// Findings that are the service's own business (checking the sender by
// telephone, keeping the client's contact suppressed) are left out.
func Points(findings []Finding) (defects, verify []Defect, compulsion bool) {
	for _, f := range findings {
		if f.Code == "compulsion_claimed" {
			compulsion = true
			continue
		}
		p, ok := points[f.Code]
		if !ok {
			continue
		}
		d := Defect{Code: f.Code, Title: words.Finding(f.Code), Law: f.Law, URL: f.URL, Issue: p.issue, Supply: p.supply}
		switch f.Severity {
		case "defect":
			defects = append(defects, d)
		case "verify":
			verify = append(verify, d)
		}
	}
	// The Act's provisions first, in the order of the Act, then the Code
	// of Practice and the service's own policy.
	sort.SliceStable(defects, func(i, j int) bool {
		si, sj := defects[i].URL != "", defects[j].URL != ""
		if si != sj {
			return si
		}
		return defects[i].Law < defects[j].Law
	})
	return defects, verify, compulsion
}

// point is what a letter says to the force about one finding code.
type point struct{ issue, supply string }

// points cover every code of FINDINGS.md that a letter puts to the force.
// Not here, on purpose: sender_domain_not_allowed (the service checks the
// sender through the force's switchboard itself), client_contact_suppressed
// and authoriser_acting_rank (information for the lead), court_process
// (no clarification letter for a court process), and compulsion_claimed
// (a sentence of its own).
var points = map[string]point{
	"not_victim_information_request":    {"The request is not a victim information request made by a person who may make one.", "If you seek these records, please send a victim information request under section 44A, or apply to the court."},
	"requester_not_authorised_person":   {"The request comes from a body that is not among those that may make a victim information request under sections 44E and 44F.", "Please send the request through a force or body listed there."},
	"not_in_writing":                    {"The request was made by telephone.", "Please make the request in writing."},
	"information_sought_missing":        {"The request does not say what information is sought.", "Please state exactly what information you seek."},
	"reason_missing":                    {"The request does not say why the information is sought.", "Please state the reason for the request."},
	"line_of_enquiry_missing":           {"The request does not say what reasonable line of enquiry the information is relevant to.", "Please state that line of enquiry."},
	"necessity_proportionality_missing": {"The request does not explain why it is necessary and proportionate.", "Please explain why the information is necessary and proportionate to seek, including why it cannot be obtained by other means."},
	"probative_value_missing":           {"The request does not explain why the information would have substantial probative value.", "Please explain why it would."},
	"handling_missing":                  {"The request does not say how the information will be handled.", "Please state how it will be stored, who will see it, how long it will be kept and how disclosure to the defence will be dealt with."},
	"why_sought_omitted_on_ground":      {"The request leaves out why the information is sought, on a ground stated under section 44C(2).", "Please confirm that the authorising officer considered that ground applies."},
	"handling_omitted_on_ground":        {"The request leaves out how the information will be handled, on a ground stated under section 44C(2).", "Please confirm that the authorising officer considered that ground applies."},
	"request_too_broad":                 {"The request asks for all of the records rather than specific information.", "Please limit it to the information relevant to your line of enquiry."},
	"period_missing":                    {"The request gives no usable date range.", "Please state the period the records should come from."},
	"topic_missing":                     {"The request names no incident, account or issue.", "Please name the matter the records should concern."},
	"period_multi_year_without_issue":   {"The request covers more than a year and names no issue.", "Please limit the period and name the matter it concerns."},
	"notice_missing":                    {"The request says that the victim was not given notice, and gives no ground for withholding it.", "Please give the victim notice, or tell us on which ground in section 44B(5) it is withheld."},
	"notice_status_not_stated":          {"The request does not say whether the victim was given notice of it.", "Please tell us whether notice was given, and if not, on which ground in section 44B(5) it was withheld."},
	"notice_to_follow":                  {"The request says that notice to the victim will follow.", "Please confirm when notice has been given."},
	"notice_withheld_without_ground":    {"The request says that notice was withheld but not on which ground.", "Please tell us which ground in section 44B(5) applies."},
	"notice_withheld":                   {"The request says that notice was withheld on a ground in section 44B(5).", "Please confirm that the authorising officer considered that ground applies."},
	"notice_to_wrong_recipient":         {"Notice went to someone other than the person section 44B(4) names.", "Please give notice to the victim or, for a child or an adult who lacks capacity, to the person section 44B(4) names."},
	"notice_to_other_adult":             {"Notice went to an adult other than a parent, guardian or the body caring for the victim.", "Please confirm that no such person was available."},
	"notice_recipient_is_suspect":       {"The person given notice is a suspect.", "Please give notice to another proper recipient, or confirm that none is available."},
	"authoriser_missing":                {"The request names nobody as authorising it.", "Please name the officer, of Chief Inspector rank or above, who authorised it."},
	"authoriser_rank_too_low":           {"The request was authorised below the rank of Chief Inspector.", "Please have it authorised by an officer of Chief Inspector rank or above."},
	"authoriser_rank_unclear":           {"We cannot tell the authorising officer's rank from the request.", "Please confirm that the authorising officer holds the rank of Chief Inspector or above."},
	"authoriser_is_requester":           {"The officer who made the request also authorised it.", "Please have it authorised by a senior officer independent of the enquiry."},
	"authorisation_after_request":       {"The authorisation is dated after the request.", "Please confirm that the request was authorised before it was made."},
	"authorisation_date_missing":        {"The request does not say when it was authorised.", "Please give the date of authorisation."},
	"authorisation_stale":               {"The authorisation was given more than 90 days before the request reached us.", "Please confirm that it still stands."},
	"sender_domain_lookalike":           {"The request came from an email address that is not on a police domain.", "Please send the request from your force's official email address."},
	"dpa_cited_as_obligation":           {"The request relies on the Data Protection Act 2018, Schedule 2, paragraph 2 as if it required disclosure. That paragraph permits disclosure; it never requires it.", "Please make the request under section 44A of the Police, Crime, Sentencing and Courts Act 2022."},
}

// Written says whether a finding code has words for a letter.
func Written(code string) bool { _, ok := points[code]; return ok }
