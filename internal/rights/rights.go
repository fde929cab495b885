// Package rights holds the plain-words explanation, for a client, of what
// the police must do before they can see counselling notes and what the
// service will do (PCSC Act 2022 ss.44A–44F and the Victim Information
// Request Code of Practice). It is one text an admin may edit: the survivor
// portal shows it as a page and staff print it as a leaflet (HTML or PDF),
// so the two never say different things.
//
// The text is a text/template (so it can name the provider) in a tiny
// markup that needs no HTML: a line starting "# " is the title, "## " a
// heading, "- " an item of a list, and a blank line ends a paragraph.
// Rendering is pure; Blocks turns the text into structure that html/template
// escapes, so an admin's edit can never inject markup.
package rights

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"

	"confidant/internal/fault"
)

// Default is the text as shipped, written for a reading age of about 11:
// short sentences, everyday words, "you" and "we".
const Default = `# Your counselling notes and the police

What you tell us in counselling is private. The police can only ask to see your notes in a few cases, and they have to follow rules when they do. This leaflet tells you what those rules are.

## What the police must do

- Ask us in writing. A phone call is not enough.
- Say which notes they want and give a reason. They must explain why they need them and why they cannot find out another way.
- Get a senior police officer to agree first. This must be a chief inspector or someone higher, not the officer who is asking.
- Tell you that they have asked for your notes. They can only keep this from you for a few reasons, such as when telling you would not be safe.

## What we will do

- Check every request against the rules. If a request breaks the rules, we tell the police and we do not send anything.
- Check that the request really comes from the police.
- Ask you before anything is shared. We will show you exactly what we would send.
- Send as little as we can. We take out other people's names and anything the police do not need.
- Tell you what we sent, who we sent it to and when.

## You can say no

If you say no, we will not send your notes. You can change your mind at any time until the moment anything is sent.

## If a court orders it

A judge can order us to hand over notes. Then we may have to, even if you say no. We will still only send what the court needs. We will tell you about it unless the court says we must not. We can also ask the court to think again.

## Questions

Talk to your counsellor, or ask to speak to the safeguarding lead at {{.Provider}}. You do not have to decide anything on your own.
`

// Data is what the text may use.
type Data struct {
	Provider string // the service's name
}

// ErrTemplate wraps a text that does not parse or run.
var ErrTemplate = fault.New(fault.Invalid, "the text has an error")

// MaxLen is the longest text accepted.
const MaxLen = 20000

// Render fills the text.
func Render(tmpl string, d Data) (string, error) {
	t, err := template.New("rights").Option("missingkey=error").Parse(tmpl)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrTemplate, clean(err))
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return "", fmt.Errorf("%w: %v", ErrTemplate, clean(err))
	}
	return buf.String(), nil
}

func clean(err error) string {
	return strings.TrimSpace(strings.TrimPrefix(err.Error(), "template: rights:"))
}

// Check refuses a text that would not render, is too long or has no title,
// before it can replace a working one.
func Check(tmpl string) error {
	if len(tmpl) > MaxLen {
		return fmt.Errorf("%w: keep it under %d characters", ErrTemplate, MaxLen)
	}
	out, err := Render(tmpl, Data{Provider: "Example Counselling Service"})
	if err != nil {
		return err
	}
	if Title(out) == "" {
		return fmt.Errorf("%w: start with a title line beginning with \"# \"", ErrTemplate)
	}
	return nil
}

// Block is one piece of the text: a title ("h1"), a heading ("h2"), a
// paragraph ("p") or a list ("ul", with Items).
type Block struct {
	Kind  string
	Text  string
	Items []string
}

// Blocks reads rendered text into blocks. Lines of one paragraph are
// joined with spaces; list items may not span lines.
func Blocks(text string) []Block {
	var out []Block
	var para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, Block{Kind: "p", Text: strings.Join(para, " ")})
			para = nil
		}
	}
	for _, raw := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line := strings.TrimSpace(raw)
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "## "):
			flush()
			out = append(out, Block{Kind: "h2", Text: strings.TrimSpace(line[3:])})
		case strings.HasPrefix(line, "# "):
			flush()
			out = append(out, Block{Kind: "h1", Text: strings.TrimSpace(line[2:])})
		case strings.HasPrefix(line, "- "):
			flush()
			item := strings.TrimSpace(line[2:])
			if n := len(out); n > 0 && out[n-1].Kind == "ul" {
				out[n-1].Items = append(out[n-1].Items, item)
			} else {
				out = append(out, Block{Kind: "ul", Items: []string{item}})
			}
		default:
			para = append(para, line)
		}
	}
	flush()
	return out
}

// Title is the text's title (its first "# " line), or "".
func Title(text string) string {
	for _, b := range Blocks(text) {
		if b.Kind == "h1" {
			return b.Text
		}
	}
	return ""
}
