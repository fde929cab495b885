// Package casefile holds the rules of a client's case file: what a valid
// client name, session date and note body are, and how notes move from draft
// to signed. It is pure: the store keeps the records, the vault encrypts them.
package casefile

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what a form may carry.
const (
	MaxNameLen    = 200
	MaxContactLen = 2000
	MaxBodyLen    = 100_000
	DateLayout    = "2006-01-02"
)

// Note statuses.
const (
	Draft  = "draft"
	Signed = "signed"
)

// FieldError is a validation error for one form field; Message is shown to
// the user next to the field.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// IsFieldError reports whether err is a validation error.
func IsFieldError(err error) bool {
	var fe *FieldError
	return errors.As(err, &fe)
}

// CleanName validates a client's name.
func CleanName(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", &FieldError{"name", "Enter the client's name."}
	case !utf8.ValidString(s):
		return "", &FieldError{"name", "The name contains characters that are not text."}
	case utf8.RuneCountInString(s) > MaxNameLen:
		return "", &FieldError{"name", fmt.Sprintf("The name must be %d characters or fewer.", MaxNameLen)}
	case strings.ContainsAny(s, "\x00\r\n"):
		return "", &FieldError{"name", "The name must be on one line."}
	}
	return s, nil
}

// CleanContact validates free-text contact details (optional).
func CleanContact(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return "", &FieldError{"contact", "The contact details contain characters that are not text."}
	}
	if utf8.RuneCountInString(s) > MaxContactLen {
		return "", &FieldError{"contact", fmt.Sprintf("Contact details must be %d characters or fewer.", MaxContactLen)}
	}
	return s, nil
}

// ParseSessionDate validates a session date: a real YYYY-MM-DD date, not in
// the future (a day's grace for time zones) and not absurdly old.
func ParseSessionDate(s string, today time.Time) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", &FieldError{"session_date", "Enter the date of the session."}
	}
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		return "", &FieldError{"session_date", "Enter the session date as YYYY-MM-DD, for example 2026-03-14."}
	}
	if d.After(today.AddDate(0, 0, 1)) {
		return "", &FieldError{"session_date", "The session date cannot be in the future."}
	}
	if d.Year() < 1950 {
		return "", &FieldError{"session_date", "The session date is too far in the past; check the year."}
	}
	return d.Format(DateLayout), nil
}

// CleanBody validates a note or addendum body.
func CleanBody(s string) (string, error) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	switch {
	case strings.TrimSpace(s) == "":
		return "", &FieldError{"body", "Write the note before saving it."}
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		return "", &FieldError{"body", "The note contains characters that are not text."}
	case len(s) > MaxBodyLen:
		return "", &FieldError{"body", fmt.Sprintf("The note is too long: keep it under %d characters, or split it.", MaxBodyLen)}
	}
	return s, nil
}
