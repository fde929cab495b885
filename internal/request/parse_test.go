package request

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"confidant/internal/fault"
)

func compliantJSON(t testing.TB) []byte {
	t.Helper()
	b, err := json.Marshal(compliantRecord())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withField returns the compliant record's JSON with one field, given as a
// dotted path, set to a raw JSON value.
func withField(t testing.TB, path string, raw string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(compliantJSON(t), &m); err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	obj := m
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		obj = obj[p].(map[string]any)
	}
	obj[parts[len(parts)-1]] = v
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseRecordReadsTheContractExample(t *testing.T) {
	r, err := ParseRecord(compliantJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	if r.Authoriser.Rank != "Detective Chief Inspector" || *r.Victim.Age != 34 || r.Notice.To != RecipientVictim {
		t.Fatalf("got %+v", r)
	}
}

func TestParseRecordTakesAbsentFieldsAsNotStated(t *testing.T) {
	r, err := ParseRecord([]byte(`{"kind": "other", "victim": {}, "notice": null}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Victim.Age != nil || r.Notice.Status != "" || r.ReceivedOn != "" {
		t.Fatalf("got %+v", r)
	}
}

func TestParseRecordRejectsBadInputInOneLine(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want string // in the message
	}{
		{"empty", nil, "empty"},
		{"only spaces", []byte("  \n\t "), "empty"},
		{"a letter", []byte("Dear Sir/Madam,\nPlease send the notes.\n"), "not valid JSON"},
		{"an array", []byte(`[{"kind":"other"}]`), "JSON object"},
		{"a string", []byte(`"kind"`), "JSON object"},
		{"null", []byte(`null`), "JSON object"},
		{"truncated", []byte(`{"kind": "other",`), "not valid JSON"},
		{"syntax error", []byte("{\n\"kind\": other}"), "line 2"},
		{"trailing object", []byte(`{"kind":"other"} {"kind":"other"}`), "after"},
		{"trailing garbage", []byte(`{"kind":"other"}x`), "after"},
		{"unknown field", withField(t, "urgency", `"high"`), `unknown field "urgency"`},
		{"unknown nested field", withField(t, "notice.method", `"post"`), `unknown field "notice.method"`},
		{"field name in capitals", withField(t, "Kind", `"other"`), `unknown field "Kind"`},
		{"nested field name in capitals", withField(t, "notice.Status", `"given"`), `unknown field "notice.Status"`},
		{"wrong type", withField(t, "victim.age", `"34"`), "victim.age"},
		{"fractional age", withField(t, "victim.age", `34.5`), "victim.age"},
		{"negative age", withField(t, "victim.age", `-1`), "victim.age"},
		{"bool as string", withField(t, "victim.lacks_capacity", `"no"`), "victim.lacks_capacity"},
		{"date as number", withField(t, "received_on", `20260310`), "received_on"},
		{"impossible date", withField(t, "received_on", `"2026-02-30"`), "received_on"},
		{"not a leap year", withField(t, "period.from", `"2025-02-29"`), "period.from"},
		{"month thirteen", withField(t, "request_date", `"2026-13-01"`), "request_date"},
		{"British date", withField(t, "authoriser.authorised_on", `"09/03/2026"`), "authoriser.authorised_on"},
		{"short date", withField(t, "period.to", `"2026-3-1"`), "period.to"},
		{"date with time", withField(t, "notice.given_on", `"2026-03-08T10:00:00Z"`), "notice.given_on"},
		{"unknown kind", withField(t, "kind", `"subpoena"`), "kind"},
		{"unknown channel", withField(t, "channel", `"fax"`), "channel"},
		{"unknown ground", withField(t, "omitted_statements_ground", `"national_security"`), "omitted_statements_ground"},
		{"unknown notice status", withField(t, "notice.status", `"sent"`), "notice.status"},
		{"unknown recipient", withField(t, "notice.to", `"teacher"`), "notice.to"},
		{"unknown notice ground", withField(t, "notice.ground", `"harm"`), "notice.ground"},
		{"enum in capitals", withField(t, "kind", `"OTHER"`), "kind"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRecord(tc.data)
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q does not mention %q", msg, tc.want)
			}
			if strings.ContainsAny(msg, "\n\r") {
				t.Errorf("error spans lines: %q", msg)
			}
		})
	}
}

func TestParseRecordAcceptsAByteOrderMark(t *testing.T) {
	if _, err := ParseRecord(append([]byte("\xef\xbb\xbf"), compliantJSON(t)...)); err != nil {
		t.Fatal(err)
	}
}

func TestValidateNamesEveryBadField(t *testing.T) {
	r := compliantRecord()
	r.ReceivedOn = "yesterday"
	r.Kind = "letter"
	r.Notice.To = "teacher"
	err := r.Validate()
	if fault.CodeOf(err) != fault.Invalid {
		t.Fatalf("error %v is not a fault.Invalid", err)
	}
	by := fault.FieldsOf(err)
	for _, f := range []string{"received_on", "kind", "notice.to"} {
		if by[f] == "" {
			t.Errorf("no message for %s in %v", f, by)
		}
	}
	if len(by) != 3 {
		t.Errorf("messages for %d fields, want 3: %v", len(by), by)
	}
	if compliantRecord().Validate() != nil {
		t.Error("the compliant record is invalid")
	}
}

func TestEnumOptionsMatchValidation(t *testing.T) {
	lists := map[string][]Option{
		"kind": Kinds(), "channel": Channels(), "omitted_statements_ground": Grounds(),
		"notice.status": NoticeStatuses(), "notice.to": Recipients(),
	}
	for field, opts := range lists {
		for _, o := range opts {
			if o.Label == "" {
				t.Errorf("%s %q has no label", field, o.Value)
			}
			raw, _ := json.Marshal(o.Value)
			if _, err := ParseRecord(withField(t, field, string(raw))); err != nil {
				t.Errorf("%s %q rejected: %v", field, o.Value, err)
			}
		}
	}
}

func TestFieldHelpCoversEveryField(t *testing.T) {
	help := FieldHelp()
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			path := prefix + k
			if sub, ok := v.(map[string]any); ok {
				walk(path+".", sub)
				continue
			}
			if strings.TrimSpace(help[path]) == "" {
				t.Errorf("no help for %s", path)
			}
		}
	}
	var m map[string]any
	if err := json.Unmarshal(compliantJSON(t), &m); err != nil {
		t.Fatal(err)
	}
	walk("", m)
	for k, v := range help {
		if strings.Count(v, ". ") > 0 || !strings.HasSuffix(v, ".") {
			t.Errorf("help for %s is not one sentence: %q", k, v)
		}
	}
}

func TestRecordRoundTripsThroughJSON(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "examples", "[0-9]*.json"))
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ParseRecord(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out, _ := json.Marshal(r)
		r2, err := ParseRecord(out)
		if err != nil {
			t.Fatalf("%s re-encoded: %v", f, err)
		}
		out2, _ := json.Marshal(r2)
		if string(out) != string(out2) {
			t.Fatalf("%s does not round-trip", f)
		}
	}
}
