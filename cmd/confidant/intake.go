package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"confidant/internal/intake"
)

const intakeHelp = `Usage: confidant intake [--explain] FILE

Reads a police request as it arrived (an email saved as .eml with its
attachments, a PDF with a text layer, a .docx, or plain text; "-" reads
standard input) and prints the request record it finds as JSON, in the input
format of check-request:

    confidant intake letter.eml | confidant check-request -

A field the document does not state is "" (or left out, for a number or a
yes/no): intake never guesses. --explain prints instead
{"record": ..., "evidence": {"field": {"text", "start", "end"}}, "findings": ...,
"sender": ...}: for each field the words it came from, with their byte
offsets in the extracted text, and what the email's headers say about the
sender (Reply-To at another domain, failed DMARC/SPF/DKIM).

A scanned PDF is read by OCR when pdftoppm and tesseract are installed
(Debian: poppler-utils, tesseract-ocr), and the notes say so.

Exit status: 0 when a record was printed; 2 with one line for a file it
cannot read. Needs no vault.

Flags:
  --explain   add the evidence for each field, the sender findings and the text
`

// runIntake reads one request document and prints the record it states.
func runIntake(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "intake", "intake [--explain] FILE")
	fs.Usage = func() { fmt.Fprint(e.stderr, intakeHelp) }
	explain := fs.Bool("explain", false, "print the evidence for each field too")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: want exactly one FILE (run \"confidant intake -h\")", errUsage)
	}
	name := pos[0]
	data, err := readIntakeFile(e, name)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	doc, err := intake.Read(name, data, intakeTools(ctx))
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("%s: %w", name, err)}
	}
	res := intake.Find(doc)
	var out any = res.Record
	if *explain {
		out = struct {
			intake.Result
			Text string `json:"text"`
		}{res, doc.Text}
	}
	return writeJSON(e, out, "record")
}

func readIntakeFile(e env, name string) ([]byte, error) {
	data, err := readInput(e, name, "a document", intake.MaxFileBytes)
	if errors.Is(err, errTooLarge) {
		return nil, fmt.Errorf("%s: %w", name, intake.ErrTooLarge)
	}
	return data, err
}

// intakeTools offers poppler's pdftotext and tesseract OCR where they are
// installed. The app works without them.
func intakeTools(ctx context.Context) intake.Tools {
	var t intake.Tools
	if p, err := exec.LookPath("pdftotext"); err == nil {
		t.PDFToText = func(pdf []byte) (string, error) {
			return runTool(ctx, pdf, p, "-layout", "-q", "-", "-")
		}
	}
	pdftoppm, err1 := exec.LookPath("pdftoppm")
	tesseract, err2 := exec.LookPath("tesseract")
	if err1 == nil && err2 == nil {
		t.OCR = func(pdf []byte) (string, error) { return ocr(ctx, pdf, pdftoppm, tesseract) }
	}
	return t
}

func runTool(ctx context.Context, stdin []byte, path string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return out.String(), nil
}

// ocr renders each page at 300 dpi and reads it with tesseract.
func ocr(ctx context.Context, pdf []byte, pdftoppm, tesseract string) (string, error) {
	dir, err := os.MkdirTemp("", "confidant-ocr-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		return "", err
	}
	if _, err := runTool(ctx, nil, pdftoppm, "-r", "300", "-png", in, filepath.Join(dir, "page")); err != nil {
		return "", err
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	var text bytes.Buffer
	for _, p := range pages {
		t, err := runTool(ctx, nil, tesseract, p, "stdout")
		if err != nil {
			return "", err
		}
		text.WriteString(t)
		text.WriteString("\n\n")
	}
	return text.String(), nil
}
