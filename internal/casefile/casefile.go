// Package casefile holds the rules of a client's case file: what a valid
// client name, session date and note body are, and how notes move from draft
// to signed; and the case file's values once decrypted (Client, Note,
// Addendum). It is pure: the store keeps the records, the vault encrypts
// them.
package casefile

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"confidant/internal/fault"

	"golang.org/x/text/unicode/norm"
)

// Limits on what a form may carry.
const (
	MaxNameLen    = 200
	MaxContactLen = 2000
	MaxBodyLen    = 100_000
	DateLayout    = "2006-01-02"
)

// Status is where a note stands: a draft its author may still change, or
// signed and fixed for good (corrections are addenda).
type Status string

// Note statuses, as the notes table keeps them.
const (
	Draft  Status = "draft"
	Signed Status = "signed"
)

// IsFieldError reports whether err is a validation failure of a field. The
// Clean functions fail with a fault.Invalid error naming the form field
// (fault.FieldsOf), so the form can show the message beside it.
func IsFieldError(err error) bool {
	return fault.CodeOf(err) == fault.Invalid && fault.FieldsOf(err) != nil
}

// CleanName validates a client's name.
func CleanName(s string) (string, error) {
	name, problem := CleanPersonName(s)
	if problem != "" {
		if problem == NameMissing {
			problem = "Enter the client's name."
		}
		return "", fault.InvalidField("name", problem)
	}
	return name, nil
}

// NameMissing is CleanPersonName's answer to an empty name; callers word
// it for their form ("Enter the client's name.").
const NameMissing = "Enter the name."

// CleanPersonName trims and NFC-normalises a person's name (client or
// staff) and checks it, returning the cleaned name or a message for the
// form. Normalising means one name has one spelling, whichever keyboard
// typed it ("é" as one code point or as "e" and an accent), so names
// compare and sort alike. Names are refused that carry bidirectional
// controls (which can make a name display as something else: "Ann" typed
// with a right-to-left override reads backwards, and can disguise the
// text around it) or that have no visible character at all (a name made
// of zero-width or blank characters looks like no name on every list).
func CleanPersonName(s string) (name, problem string) {
	if !utf8.ValidString(s) {
		return "", "The name contains characters that are not text."
	}
	s = strings.TrimSpace(norm.NFC.String(s))
	switch {
	case s == "":
		return "", NameMissing
	case utf8.RuneCountInString(s) > MaxNameLen:
		return "", fmt.Sprintf("The name must be %d characters or fewer.", MaxNameLen)
	case strings.IndexFunc(s, isBidiControl) >= 0:
		return "", "The name contains hidden text-direction characters (often carried over when pasting). Type the name again rather than pasting it."
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "", "The name must be on one line."
	case strings.IndexFunc(s, isVisible) < 0:
		return "", "The name has no visible letters. Type the name with letters or numbers."
	}
	return s, ""
}

// isBidiControl reports the explicit directional formatting characters:
// embeddings and overrides (U+202A–202E), isolates (U+2066–2069), the
// left-to-right and right-to-left marks (U+200E, U+200F) and the Arabic
// letter mark (U+061C).
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}

// isVisible reports a character that puts ink on the page: a letter,
// number, punctuation or symbol, but not a format character, a combining
// mark on its own, a space, or one of the letters that draw nothing (the
// Hangul fillers, the blank Braille pattern).
func isVisible(r rune) bool {
	switch r {
	case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800:
		return false
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
}

// CleanContact validates free-text contact details (optional).
func CleanContact(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return "", fault.InvalidField("contact", "The contact details contain characters that are not text.")
	}
	if utf8.RuneCountInString(s) > MaxContactLen {
		return "", fault.InvalidField("contact", fmt.Sprintf("Contact details must be %d characters or fewer.", MaxContactLen))
	}
	return s, nil
}

// ParseSessionDate validates a session date: a real YYYY-MM-DD date, not in
// the future (a day's grace for time zones) and not absurdly old.
func ParseSessionDate(s string, today time.Time) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fault.InvalidField("session_date", "Enter the date of the session.")
	}
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		return "", fault.InvalidField("session_date", "Enter the session date as YYYY-MM-DD, for example 2026-03-14.")
	}
	if d.After(today.AddDate(0, 0, 1)) {
		return "", fault.InvalidField("session_date", "The session date cannot be in the future.")
	}
	if d.Year() < 1950 {
		return "", fault.InvalidField("session_date", "The session date is too far in the past; check the year.")
	}
	return d.Format(DateLayout), nil
}

// CleanBody validates a note or addendum body.
func CleanBody(s string) (string, error) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	switch {
	case strings.TrimSpace(s) == "":
		return "", fault.InvalidField("body", "Write the note before saving it.")
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		return "", fault.InvalidField("body", "The note contains characters that are not text.")
	case len(s) > MaxBodyLen:
		return "", fault.InvalidField("body", fmt.Sprintf("The note is too long: keep it under %d characters, or split it.", MaxBodyLen))
	}
	return s, nil
}
