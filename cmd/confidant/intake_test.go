package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runIntakeCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, append([]string{"intake"}, args...))
	return code, out.String(), errb.String()
}

func intakeCase(name string) string {
	return filepath.Join("..", "..", "internal", "intake", "testdata", "cases", name)
}

// TestIntakePrintsARecordCheckRequestAccepts pipes intake's output into
// check-request, as "confidant intake letter.eml | confidant check-request -".
func TestIntakePrintsARecordCheckRequestAccepts(t *testing.T) {
	for _, name := range []string{"04-email-body-request.eml", "01-form-labelled.pdf", "07-form.docx", "02-prose-letter.txt"} {
		code, stdout, stderr := runIntakeCmd(t, "", intakeCase(name))
		if code != 0 || stderr != "" {
			t.Fatalf("%s: exit %d, stderr %q", name, code, stderr)
		}
		f := filepath.Join(t.TempDir(), "rec.json")
		os.WriteFile(f, []byte(stdout), 0o600)
		code, verdict, stderr := runCheck(t, "", f)
		if code != 0 || !strings.Contains(verdict, `"verdict"`) {
			t.Fatalf("%s: check-request exit %d, stderr %q\n%s", name, code, stderr, stdout)
		}
	}
}

func TestIntakeExplainGivesTheWordsEachFieldCameFrom(t *testing.T) {
	code, stdout, _ := runIntakeCmd(t, "", "--explain", intakeCase("04-email-body-request.eml"))
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var out struct {
		Record   map[string]any `json:"record"`
		Evidence map[string]struct {
			Text       string
			Start, End int
		} `json:"evidence"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	ev, ok := out.Evidence["authoriser.rank"]
	if !ok || ev.Text != "DCI" || out.Text[ev.Start:ev.End] != "DCI" || out.Record["authoriser"].(map[string]any)["rank"] != "Detective Chief Inspector" {
		t.Errorf("authoriser.rank evidence = %+v, record %v", ev, out.Record["authoriser"])
	}
}

func TestIntakeUnreadableFileIsOneLineAndExit2(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "scan.pdf")
	os.WriteFile(bad, []byte("%PDF-1.4\n1 0 obj << /Type /Page /Contents 2 0 R >> endobj\n2 0 obj << /Length 10 >> stream\n0 0 1 1 re\nendstream endobj\n"), 0o600)
	for _, f := range []string{filepath.Join(dir, "missing.eml"), bad, dir} {
		code, stdout, stderr := runIntakeCmd(t, "", f)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", f, code, stdout, stderr)
		}
	}
	if code, _, _ := runIntakeCmd(t, "", "-h"); code != 0 {
		t.Errorf("-h exit %d", code)
	}
}
