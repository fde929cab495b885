package letters

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"confidant/internal/pdftest"
	"confidant/internal/words"
)

var sampleService = Service{Name: "Northtown Counselling", Address: []string{"1 Example Street", "Northtown NT1 1AA"}, Phone: "01632 960 000", Email: "office@example.org", Signature: "Safeguarding lead"}

func TestEveryDefaultLetterRendersWithSampleData(t *testing.T) {
	for _, k := range Kinds() {
		l, err := Compose(k.Kind, Defaults[k.Kind], sampleService, Sample())
		if err != nil {
			t.Fatalf("%s: %v", k.Kind, err)
		}
		text := l.Text()
		for _, want := range []string{"R-EXAMPLE1", "DC Ann Example", "Example Constabulary", "Northtown Counselling", "1 Example Street", "01632 960 000", "12 March 2026", "Yours sincerely"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q:\n%s", k.Kind, want, text)
			}
		}
		if strings.Contains(text, "()") || strings.Contains(text, "missing:") || len(words.RawCodes(text)) > 0 {
			t.Errorf("%s has an empty placeholder or a code:\n%s", k.Kind, text)
		}
	}
}

func TestClarificationListsEachDefectWithProvisionLinkAndWhatToSupply(t *testing.T) {
	d := Sample()
	d.Defects, d.ToVerify, d.CompulsionClaimed = Points([]Finding{
		{Code: "authoriser_rank_too_low", Severity: "defect", Law: "Code of Practice: authorisation at chief inspector rank or above"},
		{Code: "topic_missing", Severity: "defect", Law: "PCSC Act 2022 s.44A(3)(c)", URL: words.LawURL("PCSC Act 2022 s.44A(3)(c)")},
		{Code: "notice_withheld", Severity: "verify", Law: "PCSC Act 2022 s.44B(5)", URL: words.LawURL("PCSC Act 2022 s.44B(5)")},
		{Code: "sender_domain_not_allowed", Severity: "verify", Law: "Confidant policy: sender domain"},
	})
	l, err := Compose(Clarification, Defaults[Clarification], sampleService, d)
	if err != nil {
		t.Fatal(err)
	}
	text := l.Text()
	for _, want := range []string{
		"1. No incident or issue named.", "Please name the matter the records should concern.",
		"PCSC Act 2022 s.44A(3)(c) <https://www.legislation.gov.uk/ukpga/2022/32/section/44A>",
		"Authorised below Chief Inspector rank", "Please have it authorised by an officer of Chief Inspector rank or above.",
		"– Notice withheld on a stated ground.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("clarification lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"switchboard", "Confidant policy", "Ask the force", "voluntary"} {
		if strings.Contains(text, not) {
			t.Errorf("clarification says %q, which is not for the force:\n%s", not, text)
		}
	}
	var links int
	for _, b := range l.Blocks {
		for _, ln := range b.Lines {
			for _, s := range ln {
				if s.URL != "" {
					links++
				}
			}
		}
	}
	if links != 2 {
		t.Errorf("%d provisions are links, want 2", links)
	}
}

func TestClarificationSaysDisclosureIsVoluntaryWhenTheRequestClaimsCompulsion(t *testing.T) {
	d := Sample()
	d.Defects, d.ToVerify, d.CompulsionClaimed = Points([]Finding{{Code: "compulsion_claimed", Severity: "verify", Law: "PCSC Act 2022 s.44A(1)"}})
	l, err := Compose(Clarification, Defaults[Clarification], sampleService, d)
	if err != nil {
		t.Fatal(err)
	}
	if text := l.Text(); !strings.Contains(text, "Disclosure under Chapter 3A of Part 2 of the Act is voluntary") {
		t.Errorf("no sentence on compulsion:\n%s", text)
	}
}

func TestClarificationWithNothingToAskIsRefused(t *testing.T) {
	d := Sample()
	d.Defects, d.ToVerify = nil, nil
	if _, err := Compose(Clarification, Defaults[Clarification], sampleService, d); !errors.Is(err, ErrNothingToAsk) {
		t.Fatalf("err = %v", err)
	}
}

func TestLetterWithAnEmptyPlaceholderNamesWhatIsMissing(t *testing.T) {
	d := Sample()
	d.OfficerName, d.ExtractSummary = "", ""
	_, err := Compose(Cover, Defaults[Cover], Service{Signature: "Lead"}, d)
	var me *MissingError
	if !errors.As(err, &me) {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"the requesting officer's name", "what the extract holds", "the service's name"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not name %q", err, want)
		}
	}
	// An optional field may be empty.
	d = Sample()
	d.OfficerRank, d.RequestDate = "", ""
	if _, err := Compose(Acknowledgement, Defaults[Acknowledgement], sampleService, d); err != nil {
		t.Errorf("optional fields: %v", err)
	}
}

func TestEveryFindingCodeThatALetterRaisesHasWords(t *testing.T) {
	for _, code := range words.FindingCodes() {
		switch code {
		case "sender_domain_not_allowed", "client_contact_suppressed", "authoriser_acting_rank", "court_process", "compulsion_claimed":
			if Written(code) {
				t.Errorf("%s is not for a letter", code)
			}
		default:
			if !Written(code) {
				t.Errorf("%s has no words for a letter", code)
			}
		}
	}
}

func TestBrokenTemplateIsRefused(t *testing.T) {
	for _, tmpl := range []string{"{{.Nope}}", "{{if}}", "{{range .Defects}}", "Dear {{.OfficerName}}, from {{.Force}} {{.Provider}}x{{.Nope}}"} {
		if err := Check(tmpl); !errors.Is(err, ErrTemplate) {
			t.Errorf("Check(%q) = %v", tmpl, err)
		}
	}
	if err := Check("Dear {{.OfficerName}}"); err != nil {
		t.Errorf("a good template: %v", err)
	}
}

func TestPDFHoldsTheLetterheadTextAndLinks(t *testing.T) {
	var buf bytes.Buffer
	l, err := Compose(Clarification, Defaults[Clarification], sampleService, Sample())
	if err != nil {
		t.Fatal(err)
	}
	if err := l.PDF(&buf, time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if !bytes.Contains(buf.Bytes(), []byte("legislation.gov.uk/ukpga/2022/32/section/44C")) {
		t.Error("the PDF has no link to the provision")
	}
	text := pdftest.Words(t, buf.Bytes())
	for _, want := range []string{"Northtown Counselling", "1 Example Street", "DC Ann Example", "12 March 2026", "Our reference: R-EXAMPLE1", "Request for clarification", "PCSC Act 2022 s.44C(1)(c)", "Page 1 of 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q: %s", want, text)
		}
	}
}

func TestParseKeepsParagraphsListsAndLinks(t *testing.T) {
	bl := Parse("Dear X,\n\n1. First ⟦s.1|https://example.org/1⟧ end\n   more\n2. Second\n- third\n\nYours,\n\nLead\nService\n")
	if len(bl) != 6 {
		t.Fatalf("%d blocks: %+v", len(bl), bl)
	}
	if bl[1].Marker != "1." || bl[1].Lines[0][1].URL != "https://example.org/1" || bl[1].Lines[0][4].Text != "more" {
		t.Errorf("list item: %+v", bl[1])
	}
	if bl[3].Marker != "–" || len(bl[5].Lines) != 2 {
		t.Errorf("blocks: %+v", bl)
	}
}
