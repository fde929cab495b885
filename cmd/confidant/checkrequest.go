package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"confidant/internal/request"
)

const checkRequestHelp = `Usage: confidant check-request FILE.json

Checks one police request record (CONTRACT.md, "Request record") against
PCSC Act 2022 ss.44A-44F, the Code of Practice and the service's policy, and
prints the verdict as JSON on stdout. Each finding cites its provision by
subsection ("law") and, for a statute, links it on legislation.gov.uk
("url"). FILE "-" reads the record from standard input, so that

    confidant intake letter.eml | confidant check-request -

checks a request as received.

Exit status: 0 whenever a verdict is reached, whatever it is; 2 when the file
is missing or is not a valid request record.

The check supports, and does not replace, your own judgement and legal advice.
`

// runCheckRequest prints the compliance verdict on one request record. It
// needs no vault: the checker is a pure function of the record.
func runCheckRequest(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "check-request", "check-request FILE.json")
	// The command has no flags, so its help is prose rather than a list.
	fs.Usage = func() { fmt.Fprint(e.stderr, checkRequestHelp) }
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: want exactly one FILE.json (run \"confidant check-request -h\")", errUsage)
	}
	name := fs.Arg(0)
	data, err := readRecordFile(e, name)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	rec, err := request.ParseRecord(data)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("%s: %w", inputName(name), err)}
	}
	v := request.Check(rec, request.DefaultPolicy())

	return writeJSON(e, v, "verdict")
}

// readRecordFile reads the record named on the command line ("-" is stdin),
// refusing anything larger than a record can be.
func readRecordFile(e env, name string) ([]byte, error) {
	data, err := readInput(e, name, "a request record", request.MaxRecordBytes)
	if errors.Is(err, errTooLarge) {
		return nil, fmt.Errorf("%s: too large to be a request record (more than %d bytes)", inputName(name), request.MaxRecordBytes)
	}
	return data, err
}

// errTooLarge is an input over its limit.
var errTooLarge = errors.New("too large")

// readInput reads the file named on the command line ("-" is standard
// input), refusing more than limit bytes (errTooLarge); what names the
// input in errors ("a request record").
func readInput(e env, name, what string, limit int) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		if e.stdin == nil {
			return nil, errors.New("no standard input to read " + what + " from")
		}
		r = e.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s: %w", name, pe.Err)
			}
			return nil, err
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil && fi.IsDir() {
			return nil, fmt.Errorf("%s: is a directory, not %s", name, what)
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", inputName(name), err)
	}
	if len(data) > limit {
		return nil, errTooLarge
	}
	return data, nil
}

// writeJSON encodes v in full before writing, so that stdout never holds
// half an answer; what names it in errors.
func writeJSON(e env, v any, what string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode %s: %w", what, err)
	}
	if _, err := e.stdout.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	return nil
}

// inputName is how an error names the input: "-" is standard input.
func inputName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}
