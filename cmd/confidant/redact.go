package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"confidant/internal/extract"
	"confidant/internal/redact"
)

const redactSynopsis = `redact --suggest FILE.txt [--known "Name One;Name Two"]
       confidant redact --apply SPANS.json --pdf OUT.pdf [--text OUT.txt] FILE.txt

--suggest prints the redaction suggestions for a plain-text note as JSON:
{"spans":[{"start":10,"end":22,"kind":"phone","text":"07700 900123"}]}
(byte offsets, end exclusive). --apply renders the note with those spans
replaced by "[redacted: kind]" markers through the disclosure extract
renderer (a span may carry "label" to be marked with a reason instead of
its kind: "third party", "not relevant", "risk of harm" or "other").
Neither needs a vault.`

// modeFlag is --suggest: a switch that may also carry the file
// ("--suggest=FILE.txt"); otherwise the file is the positional argument.
type modeFlag struct {
	on   bool
	file string
}

func (m *modeFlag) String() string   { return "" }
func (m *modeFlag) IsBoolFlag() bool { return true }
func (m *modeFlag) Set(s string) error {
	switch s {
	case "true":
		m.on = true
	case "false":
		m.on = false
	default:
		m.on, m.file = true, s
	}
	return nil
}

// runRedact suggests redactions for a note or applies them (issue 7).
func runRedact(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "redact", redactSynopsis)
	var suggest modeFlag
	fs.Var(&suggest, "suggest", "print redaction suggestions for the note as JSON")
	known := fs.String("known", "", "`NAMES` known to the provider, separated by semicolons")
	apply := fs.String("apply", "", "apply the spans in `SPANS.json` (as --suggest prints them)")
	pdfOut := fs.String("pdf", "", "with --apply: write the redacted extract as PDF to `OUT.pdf`")
	textOut := fs.String("text", "", "with --apply: write the redacted extract as plain text to `OUT.txt`")
	provider := fs.String("provider", "", "with --apply: the provider named in the extract's header")
	requestRef := fs.String("request-ref", "", "with --apply: the request reference in the header")
	clientRef := fs.String("client-ref", "", "with --apply: the client reference in the header (never the name)")
	noteDate := fs.String("date", "", "with --apply: the note's session date, `YYYY-MM-DD`")
	role := fs.String("role", "Counsellor", "with --apply: the note author's role")
	legal := fs.String("legal-basis", "", "with --apply: the legal basis printed in the footer")
	handling := fs.String("handling", "", "with --apply: the handling conditions printed in the footer")
	if wantsHelp(args) {
		fs.Usage()
		return flag.ErrHelp
	}
	// A mistake in the flags is one line (from run), not the whole usage.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	var date time.Time
	if *noteDate != "" {
		if date, err = time.Parse(time.DateOnly, *noteDate); err != nil {
			return fmt.Errorf("%w: --date %q is not YYYY-MM-DD", errUsage, *noteDate)
		}
	}
	if suggest.file != "" {
		pos = append([]string{suggest.file}, pos...)
	}
	switch {
	case suggest.on == (*apply != ""):
		return fmt.Errorf("%w: give exactly one of --suggest and --apply (see -h)", errUsage)
	case len(pos) != 1:
		return fmt.Errorf("%w: give exactly one note FILE.txt (see -h)", errUsage)
	case *apply != "" && *pdfOut == "" && *textOut == "":
		return fmt.Errorf("%w: --apply needs --pdf OUT.pdf (or --text OUT.txt)", errUsage)
	}
	text, err := readNote(pos[0])
	if err != nil {
		return err
	}
	if suggest.on {
		return printSuggestions(e, text, splitKnown(*known))
	}

	spans, err := readSpans(*apply)
	if err != nil {
		return err
	}
	redacted, err := redact.Apply(text, spans)
	if err != nil {
		return fmt.Errorf("spans in %s do not fit %s: %w", *apply, pos[0], err)
	}
	note := extract.Note{Date: date, AuthorRole: *role, Text: redacted}
	now := time.Now().UTC()
	doc := extract.Document{
		Provider:   *provider,
		RequestRef: *requestRef,
		ClientRef:  *clientRef,
		// Day precision keeps the output reproducible through the day.
		Prepared:   time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC),
		LegalBasis: *legal,
		Handling:   *handling,
		Notes:      []extract.Note{note},
	}
	// Render everything before writing anything, so that a failure leaves
	// no file behind.
	var pdf bytes.Buffer
	if *pdfOut != "" {
		if err := extract.RenderPDF(&pdf, doc); err != nil {
			return err
		}
	}
	if *pdfOut != "" {
		if err := writeFileAtomic(*pdfOut, pdf.Bytes()); err != nil {
			return err
		}
	}
	if *textOut != "" {
		if err := writeFileAtomic(*textOut, []byte(extract.RenderText(doc))); err != nil {
			return err
		}
	}
	return nil
}

// wantsHelp reports whether -h or --help appears among the flags.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "--h", "-help", "--help":
			return true
		}
	}
	return false
}

// parseInterleaved parses flags that may come before or after positional
// arguments ("redact FILE.txt --suggest" as well as "redact --suggest
// FILE.txt"); the flag package alone stops at the first positional one.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// readNote reads a note that must be UTF-8 text.
func readNote(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read note: %w", err)
	}
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, w := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && w <= 1 {
				break
			}
			off += w
		}
		return "", fmt.Errorf("note %s is not UTF-8 text (invalid byte at offset %d); convert it first, e.g. with iconv", path, off)
	}
	return string(b), nil
}

func splitKnown(s string) []string {
	var names []string
	for _, n := range strings.Split(s, ";") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// suggestions is the JSON document of --suggest (CONTRACT.md).
type suggestions struct {
	Spans []redact.Span `json:"spans"`
}

func printSuggestions(e env, text string, known []string) error {
	out := suggestions{Spans: redact.Suggest(text, known)}
	if out.Spans == nil {
		out.Spans = []redact.Span{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encode suggestions: %w", err)
	}
	_, err := e.stdout.Write(buf.Bytes())
	return err
}

// readSpans reads a spans file: {"spans": [...]} as --suggest prints it, or
// a bare array of spans.
func readSpans(path string) ([]redact.Span, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read spans: %w", err)
	}
	b = bytes.TrimSpace(b)
	var spans []redact.Span
	if bytes.HasPrefix(b, []byte("[")) {
		err = strictUnmarshal(b, &spans)
	} else {
		var doc suggestions
		err = strictUnmarshal(b, &doc)
		if err == nil && doc.Spans == nil {
			err = errors.New(`no "spans" list`)
		}
		spans = doc.Spans
	}
	if err != nil {
		return nil, fmt.Errorf("spans file %s is not a spans document: %v", path, oneLine(err))
	}
	return spans, nil
}

func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data after the JSON document")
	}
	return nil
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// writeFileAtomic writes data to a temporary file beside path and renames it
// into place, so that path holds either the old content or all of the new.
// The file is readable by its owner only: an extract is sensitive.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
