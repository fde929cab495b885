package letters

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestEveryDefaultLetterRendersWithSampleData(t *testing.T) {
	for _, k := range Kinds() {
		out, err := Render(Defaults[k.Kind], Sample())
		if err != nil {
			t.Fatalf("%s: %v", k.Kind, err)
		}
		if !strings.Contains(out, "R-EXAMPLE1") || !strings.Contains(out, "Ann Example") {
			t.Errorf("%s does not name the reference and officer:\n%s", k.Kind, out)
		}
	}
}

func TestClarificationListsEachDefectWithProvisionAndNeed(t *testing.T) {
	d := Sample()
	d.Defects, _ = DefectsFrom([]Defect{
		{Code: "authoriser_rank_too_low", Law: "Code of Practice: authorisation at chief inspector rank or above", Message: "Rank too low."},
		{Code: "topic_missing", Law: "PCSC Act 2022 s.44A(3)(c)", Message: "No issue named."},
		{Code: "notice_withheld", Law: "PCSC Act 2022 s.44B(5)", Message: "Verify the ground."},
	}, []string{"defect", "defect", "verify"})
	out, err := Render(Defaults[Clarification], d)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Rank too low.", "No issue named.", "PCSC Act 2022 s.44A(3)(c)", "Chief Inspector rank or above", "name the incident, account or issue"} {
		if !strings.Contains(out, want) {
			t.Errorf("clarification lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Verify the ground.") {
		t.Error("a verify finding is listed as a defect")
	}
}

func TestBrokenTemplateIsRefused(t *testing.T) {
	for _, tmpl := range []string{"{{.Nope}}", "{{if}}", "{{range .Defects}}"} {
		if err := Check(tmpl); !errors.Is(err, ErrTemplate) {
			t.Errorf("Check(%q) = %v", tmpl, err)
		}
	}
}

func TestPDFHoldsTheLetterText(t *testing.T) {
	var buf bytes.Buffer
	body, _ := Render(Defaults[Acknowledgement], Sample())
	if err := PDF(&buf, "Acknowledgement R-EXAMPLE1", body, time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (CI installs poppler-utils)")
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = &buf
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"We acknowledge your request", "R-EXAMPLE1", "Page 1 of 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q: %s", want, text)
		}
	}
}
