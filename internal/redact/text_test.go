package redact

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// spansOver marks every occurrence of each secret in text.
func spansOver(text string, kind Kind, secrets ...string) []Span {
	var out []Span
	for _, s := range secrets {
		for from := 0; ; {
			i := strings.Index(text[from:], s)
			if i < 0 {
				break
			}
			start := from + i
			out = append(out, Span{Start: start, End: start + len(s), Kind: kind, Text: s})
			from = start + len(s)
		}
	}
	return out
}

func TestApplyOutputNeverHoldsTheTextOfItsSpans(t *testing.T) {
	cases := []struct {
		name, text string
		spans      []Span
	}{
		{"suggested", "Sam's new mobile is 07700 900123; email sam.turner@example.org, postcode SK4 3QT.",
			Suggest("Sam's new mobile is 07700 900123; email sam.turner@example.org, postcode SK4 3QT.", []string{"Sam Turner"})},
		{"every occurrence, by hand", "Leah saw Craig. Craig said Leah's sister Mia knew.",
			spansOver("Leah saw Craig. Craig said Leah's sister Mia knew.", KindName, "Leah", "Craig", "Mia")},
		{"labelled", "Her neighbour Ruth Hale drove her home.",
			[]Span{{Start: 14, End: 23, Kind: KindOther, Text: "Ruth Hale", Label: "third party"}}},
		{"the whole note", "07700 900123", []Span{{Start: 0, End: 12, Kind: KindPhone, Text: "07700 900123"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if len(c.spans) == 0 {
				t.Fatal("no spans: the case proves nothing")
			}
			out, err := Apply(c.text, c.spans)
			if err != nil {
				t.Fatal(err)
			}
			for _, sp := range c.spans {
				if strings.Contains(out.String(), sp.Text) {
					t.Errorf("%q is still in %q", sp.Text, out)
				}
				if !strings.Contains(out.String(), sp.marker()) {
					t.Errorf("marker %q is missing from %q", sp.marker(), out)
				}
			}
		})
	}
}

// TestTextCanOnlyBeMadeByApplyOrSealed checks the shape that makes the
// guarantee: Text is a struct whose fields no other package can set, so
// redact.Text("...") and redact.Text{s: "..."} do not compile outside this
// package, and a JSON string cannot be decoded into one behind a reviewer's
// back.
func TestTextCanOnlyBeMadeByApplyOrSealed(t *testing.T) {
	typ := reflect.TypeOf(Text{})
	if typ.Kind() != reflect.Struct {
		t.Fatalf("Text is a %s: a plain conversion would make one", typ.Kind())
	}
	for i := range typ.NumField() {
		if f := typ.Field(i); f.IsExported() {
			t.Errorf("Text has an exported field %s", f.Name)
		}
	}
	var back Text
	//lint:ignore SA9005 decoding into a Text must fail; that is what is tested.
	if err := json.Unmarshal([]byte(`"Sam rang from 07700 900123"`), &back); err == nil {
		t.Errorf("a JSON string decoded into a Text: %q", back)
	}
	if got := Sealed("[redacted: name] rang.").String(); got != "[redacted: name] rang." {
		t.Errorf("Sealed changed the text to %q", got)
	}
	if (Text{}).String() != "" {
		t.Error("the zero Text is not empty")
	}
}

func TestTextIsStoredAsAPlainString(t *testing.T) {
	out, err := Apply("Sam rang.", []Span{{Start: 0, End: 3, Kind: KindName, Text: "Sam"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(struct{ Text Text }{out})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"Text":"[redacted: name] rang."}`; string(b) != want {
		t.Errorf("stored as %s, want %s", b, want)
	}
}
