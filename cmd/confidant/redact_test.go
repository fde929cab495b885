package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"confidant/internal/pdftest"
	"confidant/internal/redact"
)

// runRedactCmd runs "confidant redact args..." in-process.
func runRedactCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, append([]string{"redact"}, args...))
	return code, out.String(), errb.String()
}

const redactNote = "Session 3. Sam said her new mobile is 07700 900123 and her email sam.turner@example.org.\n" +
	"Daniel Price has stopped messaging. We practised grounding together.\n"

func writeNote(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "note.txt")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func decodeSpans(t *testing.T, out string) []redact.Span {
	t.Helper()
	var doc struct {
		Spans []redact.Span `json:"spans"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if doc.Spans == nil {
		t.Fatalf(`output has no "spans" list: %s`, out)
	}
	return doc.Spans
}

func TestRedactSuggestPrintsSpansWithFlagsInAnyOrder(t *testing.T) {
	note := writeNote(t, redactNote)
	for _, args := range [][]string{
		{"--suggest", note, "--known", "Sam Turner;Daniel Price"},
		{"--known", "Sam Turner;Daniel Price", "--suggest", note},
		{note, "--suggest", "--known", "Sam Turner; Daniel Price"},
		{"--suggest=" + note, "-known=Sam Turner;Daniel Price"},
	} {
		code, out, errs := runRedactCmd(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		spans := decodeSpans(t, out)
		var got []string
		for _, sp := range spans {
			if redactNote[sp.Start:sp.End] != sp.Text {
				t.Errorf("%v: span %+v does not match the file", args, sp)
			}
			got = append(got, string(sp.Kind)+":"+sp.Text)
		}
		want := "name:Sam|phone:07700 900123|email:sam.turner@example.org|name:Daniel Price"
		if strings.Join(got, "|") != want {
			t.Errorf("%v: got %q, want %q", args, got, want)
		}
	}
}

func TestRedactSuggestPrintsAnEmptyListNotNull(t *testing.T) {
	code, out, _ := runRedactCmd(t, "--suggest", writeNote(t, "Nothing identifying here.\n"))
	if code != 0 || strings.TrimSpace(out) != `{"spans":[]}` {
		t.Errorf("exit %d, output %q", code, out)
	}
}

func TestRedactRejectsBadInputWithOneLine(t *testing.T) {
	dir := t.TempDir()
	latin := filepath.Join(dir, "latin1.txt")
	os.WriteFile(latin, []byte("caf\xe9 07700 900123\n"), 0o600)
	note := writeNote(t, redactNote)
	badSpans := filepath.Join(dir, "bad.json")
	os.WriteFile(badSpans, []byte(`{"spans":[{"start":0,"end":7,"kind":"name","text":"Someone"}]}`), 0o600)
	outOfRange := filepath.Join(dir, "range.json")
	os.WriteFile(outOfRange, []byte(`{"spans":[{"start":0,"end":9999,"kind":"name","text":"x"}]}`), 0o600)
	overlap := filepath.Join(dir, "overlap.json")
	os.WriteFile(overlap, []byte(`{"spans":[{"start":11,"end":14,"kind":"name","text":"Sam"},{"start":11,"end":15,"kind":"name","text":"Sam "}]}`), 0o600)
	notJSON := filepath.Join(dir, "notjson.json")
	os.WriteFile(notJSON, []byte(`spans: yes`), 0o600)
	badKind := filepath.Join(dir, "kind.json")
	os.WriteFile(badKind, []byte(`{"spans":[{"start":11,"end":14,"kind":"person","text":"Sam"}]}`), 0o600)
	badLabel := filepath.Join(dir, "label.json")
	os.WriteFile(badLabel, []byte(`{"spans":[{"start":11,"end":14,"kind":"other","text":"Sam","label":"x] Sam"}]}`), 0o600)
	pdf := filepath.Join(dir, "out.pdf")
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"missing file", []string{"--suggest", filepath.Join(dir, "nope.txt")}, 1},
		{"not UTF-8", []string{"--suggest", latin}, 1},
		{"no file", []string{"--suggest"}, 2},
		{"two files", []string{"--suggest", note, note}, 2},
		{"no mode", []string{note}, 2},
		{"both modes", []string{"--suggest", "--apply", badSpans, "--pdf", pdf, note}, 2},
		{"apply without output", []string{"--apply", badSpans, note}, 2},
		{"unknown flag", []string{"--suggest", note, "--colour"}, 2},
		{"spans not matching", []string{"--apply", badSpans, "--pdf", pdf, note}, 1},
		{"span out of range", []string{"--apply", outOfRange, "--pdf", pdf, note}, 1},
		{"overlapping spans", []string{"--apply", overlap, "--pdf", pdf, note}, 1},
		{"spans not JSON", []string{"--apply", notJSON, "--pdf", pdf, note}, 1},
		{"unknown kind", []string{"--apply", badKind, "--pdf", pdf, note}, 1},
		{"label that is not words", []string{"--apply", badLabel, "--pdf", pdf, note}, 1},
		{"missing spans file", []string{"--apply", filepath.Join(dir, "none.json"), "--pdf", pdf, note}, 1},
		{"apply to a non-UTF-8 note", []string{"--apply", badSpans, "--pdf", pdf, latin}, 1},
		{"bad date", []string{"--apply", badSpans, "--pdf", pdf, "--date", "4 March", note}, 2},
	}
	for _, c := range cases {
		code, out, errs := runRedactCmd(t, c.args...)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d (stderr %q)", c.name, code, c.code, errs)
		}
		if out != "" {
			t.Errorf("%s: wrote to stdout: %q", c.name, out)
		}
		if strings.Count(strings.TrimRight(errs, "\n"), "\n") != 0 || strings.TrimSpace(errs) == "" {
			t.Errorf("%s: stderr is not one line: %q", c.name, errs)
		}
		if strings.Contains(errs, "Someone") || strings.Contains(errs, "07700") {
			t.Errorf("%s: stderr repeats note or span text: %q", c.name, errs)
		}
		if _, err := os.Stat(pdf); err == nil {
			t.Fatalf("%s: wrote %s although the command failed", c.name, pdf)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestRedactHelpPrintsUsage(t *testing.T) {
	code, _, errs := runRedactCmd(t, "-h")
	if code != 0 || !strings.Contains(errs, "--suggest FILE.txt") || !strings.Contains(errs, "-apply") {
		t.Errorf("exit %d, usage %q", code, errs)
	}
}

func TestRedactApplyRendersAPDFWithoutTheRedactedText(t *testing.T) {
	dir := t.TempDir()
	note := writeNote(t, redactNote)
	code, out, errs := runRedactCmd(t, "--suggest", note, "--known", "Sam Turner;Daniel Price")
	if code != 0 {
		t.Fatalf("suggest: exit %d: %s", code, errs)
	}
	spansFile := filepath.Join(dir, "spans.json")
	os.WriteFile(spansFile, []byte(out), 0o600)
	pdf := filepath.Join(dir, "out.pdf")
	txt := filepath.Join(dir, "out.txt")
	code, _, errs = runRedactCmd(t, "--apply", spansFile, "--pdf", pdf, "--text", txt,
		"--request-ref", "REQ-7", "--date", "2025-03-04", note)
	if code != 0 {
		t.Fatalf("apply: exit %d: %s", code, errs)
	}
	raw, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("%PDF-")) {
		t.Fatalf("%s is not a PDF", pdf)
	}
	if fi, _ := os.Stat(pdf); fi.Mode().Perm() != 0o600 {
		t.Errorf("extract mode %v, want 0600", fi.Mode().Perm())
	}
	plain, _ := os.ReadFile(txt)
	texts := []string{string(plain)}
	if pdftest.Available(t) {
		b, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, pdftest.Text(t, b))
	}
	for _, sp := range decodeSpans(t, out) {
		if bytes.Contains(raw, []byte(sp.Text)) {
			t.Errorf("PDF bytes contain redacted %q", sp.Text)
		}
		for _, text := range texts {
			if strings.Contains(text, sp.Text) {
				t.Errorf("extract text contains redacted %q", sp.Text)
			}
		}
	}
	for _, text := range texts {
		flat := strings.Join(strings.Fields(text), " ")
		for _, want := range []string{"[redacted: phone]", "[redacted: email]", "[redacted: name]",
			"has stopped messaging. We practised grounding together.", "REQ-7", "4 March 2025"} {
			if !strings.Contains(flat, want) {
				t.Errorf("extract lacks %q:\n%s", want, text)
			}
		}
	}
}

func TestRedactApplyMarksALabelledSpanWithItsLabel(t *testing.T) {
	dir := t.TempDir()
	note := writeNote(t, redactNote)
	spans := filepath.Join(dir, "spans.json")
	os.WriteFile(spans, []byte(`{"spans":[{"start":11,"end":14,"kind":"other","text":"Sam","label":"third party"},`+
		`{"start":38,"end":50,"kind":"phone","text":"07700 900123"}]}`), 0o600)
	out := filepath.Join(dir, "out.txt")
	if code, _, errs := runRedactCmd(t, "--apply", spans, "--text", out, note); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if !strings.Contains(text, "Session 3. [redacted: third party] said her new mobile is [redacted: phone]") {
		t.Errorf("markers: %s", text)
	}
	if strings.Contains(text, "Sam said") || strings.Contains(text, "07700") {
		t.Errorf("redacted text is still there: %s", text)
	}
}
