package redact_test

import (
	"fmt"

	"confidant/internal/redact"
)

func ExampleSuggest() {
	note := "Sam's new mobile is 07700 900123. Her GP, Dr Okafor, has the referral."
	for _, sp := range redact.Suggest(note, []string{"Sam Turner"}) {
		fmt.Printf("%d-%d %s %q\n", sp.Start, sp.End, sp.Kind, sp.Text)
	}
	// Output:
	// 0-3 name "Sam"
	// 20-32 phone "07700 900123"
	// 42-51 name "Dr Okafor"
}

func ExampleApply() {
	note := "Sam's new mobile is 07700 900123."
	spans := redact.Suggest(note, []string{"Sam Turner"})
	out, err := redact.Apply(note, spans)
	if err != nil {
		panic(err)
	}
	fmt.Println(out)
	// Output: [redacted: name]'s new mobile is [redacted: phone].
}

func ExampleApply_mismatch() {
	spans := []redact.Span{{Start: 0, End: 3, Kind: redact.KindName, Text: "Sam"}}
	_, err := redact.Apply("Tom rang.", spans)
	fmt.Println(err)
	// Output: span 0..3: its text does not match the note
}
