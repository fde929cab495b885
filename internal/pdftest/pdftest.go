// Package pdftest reads the text of a PDF with poppler's pdftotext, for the
// tests that check what a generated PDF says (a letter, an extract, the
// monitoring return, the rights leaflet). Without pdftotext such a check is
// skipped on a developer's machine, but fails when CONFIDANT_REQUIRE_TOOLS
// is set, as CI sets it: a PDF check never passes by not running.
package pdftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Available reports whether pdftotext can be run. When it cannot, it fails
// the test if CI requires the tool, and otherwise logs that the PDF's text
// goes unchecked.
func Available(tb testing.TB) bool {
	tb.Helper()
	if _, err := exec.LookPath("pdftotext"); err == nil {
		return true
	}
	if os.Getenv("CONFIDANT_REQUIRE_TOOLS") != "" {
		tb.Fatal("pdftotext is not installed, and CONFIDANT_REQUIRE_TOOLS requires it (install poppler-utils)")
	}
	tb.Log("pdftotext is not installed: the PDF's text is not checked (install poppler-utils)")
	return false
}

// Text is the PDF's text as pdftotext gives it (UTF-8), with any extra
// arguments (such as "-layout") before the file; the test is skipped when
// the tool is missing and not required.
func Text(tb testing.TB, pdf []byte, args ...string) string {
	tb.Helper()
	if !Available(tb) {
		tb.SkipNow()
	}
	in := filepath.Join(tb.TempDir(), "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command("pdftotext", append(append([]string{"-enc", "UTF-8"}, args...), in, "-")...).Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// Words is the PDF's text with every run of white space made one space, so
// that a sentence can be found whatever the line breaks.
func Words(tb testing.TB, pdf []byte) string {
	tb.Helper()
	return strings.Join(strings.Fields(Text(tb, pdf)), " ")
}
