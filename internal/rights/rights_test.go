package rights

import (
	"bytes"
	"confidant/internal/pdftest"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDefaultTextSaysWhatTheIssueAsks(t *testing.T) {
	out, err := Render(Default, Data{Provider: "Example Counselling Service"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Ask us in writing",       // in writing (s.44C)
		"give a reason",           // why it is sought (s.44C(2)(b))
		"senior police officer",   // authorisation at chief inspector or above
		"chief inspector",         // the rank
		"Tell you that they have", // notice to the victim (s.44B)
		"would not be safe",       // unless that is unsafe (s.44B(5))
		"Ask you before anything", // the service asks first
		"Example Counselling Service",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the default text lacks %q", want)
		}
	}
}

func TestDefaultTextReadsAtAboutAgeEleven(t *testing.T) {
	out, _ := Render(Default, Data{Provider: "Example Counselling Service"})
	if age := ReadingAge(out); age < 8 || age > 11.5 {
		t.Fatalf("estimated reading age %.1f; the leaflet is for a reading age of about 11", age)
	}
}

func TestReadingAgeRisesWithHarderText(t *testing.T) {
	easy := "# T\n\nWe will ask you first. You can say no."
	hard := "# T\n\nNotwithstanding the aforementioned statutory considerations, disclosure necessitates comprehensive proportionality determinations undertaken institutionally."
	if e, h := ReadingAge(easy), ReadingAge(hard); e >= h || h < 16 {
		t.Fatalf("easy %.1f, hard %.1f", e, h)
	}
}

func TestBlocks(t *testing.T) {
	got := Blocks("# Title\n\nOne line\nand the next.\n\n## Heading\n- first\n- second\n\nAfter.\r\n")
	want := []Block{
		{Kind: "h1", Text: "Title"},
		{Kind: "p", Text: "One line and the next."},
		{Kind: "h2", Text: "Heading"},
		{Kind: "ul", Items: []string{"first", "second"}},
		{Kind: "p", Text: "After."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Blocks =\n%+v\nwant\n%+v", got, want)
	}
}

func TestBrokenOrUntitledTextIsRefused(t *testing.T) {
	for _, tmpl := range []string{"# T {{.Nope}}", "# T {{if}}", "No title here.", strings.Repeat("x", MaxLen+1)} {
		if err := Check(tmpl); !errors.Is(err, ErrTemplate) {
			t.Errorf("Check(%.30q) = %v", tmpl, err)
		}
	}
	if err := Check(Default); err != nil {
		t.Fatalf("the default is refused: %v", err)
	}
}

func TestLeafletPDFHoldsTheText(t *testing.T) {
	text, _ := Render(Default, Data{Provider: "Example Counselling Service"})
	var buf bytes.Buffer
	if err := PDF(&buf, text, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	out := pdftest.Text(t, buf.Bytes())
	flat := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Your counselling notes and the police", "Ask us in writing. A phone call is not enough.", "Example Counselling Service"} {
		if !strings.Contains(flat, want) {
			t.Errorf("leaflet PDF lacks %q:\n%s", want, out)
		}
	}
}
