package redact

import (
	"strings"
	"testing"
)

func TestApplyRefusesSpansThatDoNotFit(t *testing.T) {
	text := "Zoë rang Sam on 07700 900123."
	sam := strings.Index(text, "Sam")
	ok := Span{Start: sam, End: sam + 3, Kind: KindName, Text: "Sam"}
	cases := []struct {
		name  string
		spans []Span
		err   string
	}{
		{"out of range", []Span{{Start: 20, End: 99, Kind: KindPhone, Text: "x"}}, "outside the text"},
		{"negative", []Span{{Start: -1, End: 2, Kind: KindName, Text: "x"}}, "outside the text"},
		{"empty", []Span{{Start: 3, End: 3, Kind: KindName}}, "outside the text"},
		{"overlapping", []Span{ok, {Start: sam + 2, End: sam + 4, Kind: KindName, Text: "m "}}, "overlaps"},
		{"text differs", []Span{{Start: sam, End: sam + 3, Kind: KindName, Text: "Tom"}}, "does not match"},
		{"splits a character", []Span{{Start: 0, End: 3, Kind: KindName, Text: "Zo\xc3"}}, "splits a character"},
		{"unknown kind", []Span{{Start: sam, End: sam + 3, Kind: "person", Text: "Sam"}}, "unknown kind"},
		{"label with a bracket", []Span{{Start: sam, End: sam + 3, Kind: KindOther, Text: "Sam", Label: "x] Sam ["}}, "label"},
		{"label with a line break", []Span{{Start: sam, End: sam + 3, Kind: KindOther, Text: "Sam", Label: "third\nparty"}}, "label"},
		{"label that is a name", []Span{{Start: sam, End: sam + 3, Kind: KindOther, Text: "Sam", Label: "Sam"}}, "label"},
	}
	for _, c := range cases {
		_, err := Apply(text, c.spans)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.err)
		}
		if err != nil && strings.Contains(err.Error(), "Tom") {
			t.Errorf("%s: the error repeats span text: %v", c.name, err)
		}
	}
}

func TestApplyReplacesEachSpanInAnyOrder(t *testing.T) {
	text := "Zoë rang Sam on 07700 900123."
	at := func(s string) int { return strings.Index(text, s) }
	spans := []Span{
		{Start: at("07700"), End: at("07700") + 12, Kind: KindPhone, Text: "07700 900123"},
		{Start: 0, End: len("Zoë"), Kind: KindName, Text: "Zoë"},
		{Start: at("Sam"), End: at("Sam") + 3, Kind: KindName, Text: "Sam"},
	}
	got, err := Apply(text, spans)
	if err != nil {
		t.Fatal(err)
	}
	want := "[redacted: name] rang [redacted: name] on [redacted: phone]."
	if got.String() != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, _ := Apply(text, nil); got.String() != text {
		t.Errorf("no spans changed the text to %q", got)
	}
}

func TestEveryKindIsValidAndMarked(t *testing.T) {
	for _, k := range Kinds() {
		if !k.Valid() || Marker(k) != "[redacted: "+string(k)+"]" {
			t.Errorf("kind %q", k)
		}
	}
	if Kind("person").Valid() {
		t.Error("an unknown kind is valid")
	}
}

func TestApplyMarksALabelledSpanWithItsLabel(t *testing.T) {
	text := "Zoë rang Sam on 07700 900123."
	at := func(s string) int { return strings.Index(text, s) }
	spans := []Span{
		{Start: at("Sam"), End: at("Sam") + 3, Kind: KindOther, Text: "Sam", Label: "third party"},
		{Start: at("07700"), End: at("07700") + 12, Kind: KindPhone, Text: "07700 900123"},
	}
	got, err := Apply(text, spans)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Zoë rang [redacted: third party] on [redacted: phone]."; got.String() != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestValidLabel(t *testing.T) {
	for _, l := range []string{"third party", "risk of harm", "not relevant", "other"} {
		if !ValidLabel(l) {
			t.Errorf("%q is refused", l)
		}
	}
	for _, l := range []string{"", " other", "other ", "two  spaces", "07700 900123", "a]b", "é", "line\nbreak", "Sam", "Third party", "well-being"} {
		if ValidLabel(l) {
			t.Errorf("%q is accepted", l)
		}
	}
}
