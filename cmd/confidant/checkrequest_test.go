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

// runCheck runs "confidant check-request args..." in-process.
func runCheck(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, append([]string{"check-request"}, args...))
	return code, out.String(), errb.String()
}

func exampleRequest(name string) string {
	return filepath.Join("..", "..", "internal", "request", "testdata", "examples", name)
}

func TestCheckRequestPrintsTheVerdict(t *testing.T) {
	cases := []struct {
		file    string
		verdict string
		code    string
	}{
		{"01-compliant.json", "compliant", ""},
		{"02-rank-too-low.json", "non_compliant", "authoriser_rank_too_low"},
		{"08-notice-withheld-serious-harm.json", "needs_verification", "client_contact_suppressed"},
		{"10-witness-summons.json", "compulsory", "court_process"},
	}
	for _, tc := range cases {
		code, stdout, stderr := runCheck(t, "", exampleRequest(tc.file))
		if code != 0 || stderr != "" {
			t.Fatalf("%s: exit %d, stderr %q", tc.file, code, stderr)
		}
		var v struct {
			Verdict        string            `json:"verdict"`
			SuspectedFraud *bool             `json:"suspected_fraud"`
			NotifyClient   *bool             `json:"notify_client"`
			Findings       []json.RawMessage `json:"findings"`
			FollowUps      []string          `json:"follow_ups"`
		}
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatalf("%s: stdout is not JSON: %v\n%s", tc.file, err, stdout)
		}
		if v.Verdict != tc.verdict || v.SuspectedFraud == nil || v.NotifyClient == nil || v.Findings == nil || v.FollowUps == nil {
			t.Errorf("%s: got %s", tc.file, stdout)
		}
		if tc.code != "" && !strings.Contains(stdout, `"code": "`+tc.code+`"`) {
			t.Errorf("%s: no %s in %s", tc.file, tc.code, stdout)
		}
	}
}

func TestCheckRequestCompliantPrintsEmptyArrays(t *testing.T) {
	_, stdout, _ := runCheck(t, "", exampleRequest("01-compliant.json"))
	if !strings.Contains(stdout, `"findings": []`) || !strings.Contains(stdout, `"follow_ups": []`) {
		t.Fatalf("findings or follow_ups not an empty array:\n%s", stdout)
	}
}

func TestCheckRequestReadsStdin(t *testing.T) {
	data, err := os.ReadFile(exampleRequest("07-gmail-sender.json"))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runCheck(t, string(data), "-")
	if code != 0 || !strings.Contains(stdout, `"needs_verification"`) {
		t.Fatalf("exit %d: %s", code, stdout)
	}
}

func TestCheckRequestReadsEmptyStdinAsABadRecord(t *testing.T) {
	code, stdout, stderr := runCheck(t, "", "-")
	if code != 2 || stdout != "" || !strings.HasPrefix(stderr, "confidant check-request: standard input: empty input") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestCheckRequestLinksEachStatuteOnLegislationGovUK(t *testing.T) {
	data, err := os.ReadFile(exampleRequest("01-compliant.json"))
	if err != nil {
		t.Fatal(err)
	}
	rec := strings.Replace(string(data), `"status": "given"`, `"status": ""`, 1)
	rec = strings.Replace(rec, `"channel": "email"`, `"channel": "phone"`, 1)
	code, stdout, _ := runCheck(t, rec, "-")
	var v struct {
		Findings []struct{ Code, Law, URL string } `json:"findings"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &v) != nil {
		t.Fatalf("exit %d: %s", code, stdout)
	}
	want := map[string][2]string{
		"not_in_writing":           {"PCSC Act 2022 s.44C(1)", "https://www.legislation.gov.uk/ukpga/2022/32/section/44C"},
		"notice_status_not_stated": {"PCSC Act 2022 s.44B(1)", "https://www.legislation.gov.uk/ukpga/2022/32/section/44B"},
	}
	for _, f := range v.Findings {
		if w, ok := want[f.Code]; ok {
			if f.Law != w[0] || f.URL != w[1] {
				t.Errorf("%s: %q %q, want %q %q", f.Code, f.Law, f.URL, w[0], w[1])
			}
			delete(want, f.Code)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing %v in %s", want, stdout)
	}
}

func TestCheckRequestRejectsBadFilesWithOneLine(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(exampleRequest("01-compliant.json"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := map[string]string{
		"missing file":  filepath.Join(dir, "no-such-request.json"),
		"empty file":    write("empty.json", ""),
		"not JSON":      write("letter.json", "Dear Sir/Madam,\nPlease send the counselling notes.\n"),
		"unknown field": write("unknown.json", strings.Replace(string(good), `"kind"`, `"urgency": "high", "kind"`, 1)),
		"invalid date":  write("date.json", strings.Replace(string(good), `"received_on": "2026-03-10"`, `"received_on": "2026-02-30"`, 1)),
		"invalid enum":  write("enum.json", strings.Replace(string(good), `"channel": "email"`, `"channel": "fax"`, 1)),
		"short date":    write("short.json", strings.Replace(string(good), `"received_on": "2026-03-10"`, `"received_on": "2026-2-3"`, 1)),
		"JSON array":    write("array.json", "["+string(good)+"]"),
		"JSON string":   write("string.json", `"a request"`),
		"JSON null":     write("null.json", "null"),
		"nested field":  write("nested.json", strings.Replace(string(good), `"status"`, `"method": "post", "status"`, 1)),
		"field in caps": write("caps.json", strings.Replace(string(good), `"kind"`, `"Kind"`, 1)),
		"wrong type":    write("type.json", strings.Replace(string(good), `"lacks_capacity": false`, `"lacks_capacity": "no"`, 1)),
		"a directory":   dir,
	}
	for name, path := range cases {
		code, stdout, stderr := runCheck(t, "", path)
		lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
		if code != 2 || stdout != "" || len(lines) != 1 || !strings.HasPrefix(stderr, "confidant check-request: ") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, code, stdout, stderr)
		}
	}
}

func TestCheckRequestUsage(t *testing.T) {
	if code, _, stderr := runCheck(t, "", "-h"); code != 0 || !strings.Contains(stderr, "Usage: confidant check-request FILE.json") {
		t.Errorf("-h: exit %d, %q", code, stderr)
	}
	for _, args := range [][]string{nil, {"a.json", "b.json"}, {"-bogus", "a.json"}} {
		code, stdout, stderr := runCheck(t, "", args...)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}
