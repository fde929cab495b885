package extract_test

import (
	"fmt"
	"strings"

	"confidant/internal/extract"
	"confidant/internal/redact"
)

// A note reaches the extract only as the redact.Text that redact.Apply
// returns: extract.Note{Text: "Sam rang..."} does not compile.
func ExampleRenderText() {
	note := "Sam rang from 07700 900123."
	text, err := redact.Apply(note, redact.Suggest(note, []string{"Sam Turner"}))
	if err != nil {
		panic(err)
	}
	doc := extract.Document{RequestRef: "REQ-2026-0042", Notes: []extract.Note{{AuthorRole: "Counsellor", Text: text}}}
	out := extract.RenderText(doc)
	fmt.Println(strings.Contains(out, "07700"), strings.Contains(out, "Sam"))
	fmt.Println(strings.Contains(out, "[redacted: name] rang from [redacted: phone]."))
	// Output:
	// false false
	// true
}
