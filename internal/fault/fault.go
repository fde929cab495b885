// Package fault is Confidant's one vocabulary of errors, from the domain up
// to the web.
//
// An *Error carries a Code, which says what kind of failure it is and so
// how every caller should treat it (the web turns it into an HTTP status in
// one place), a Message written for the person who will read it, and, for
// a form that was filled in wrongly, a message per field. Anything that is
// not an *Error is Internal: a fault of ours whose details go to the log,
// never to the person.
//
// Named failures are package-level *Error values (store.ErrStale,
// disclosure.ErrLinkGone): compare them with errors.Is, which matches the same
// value however deeply it is wrapped. Never change one after start-up.
package fault

import (
	"errors"
	"fmt"
	"maps"
	"sort"
	"strings"
)

// Code is the kind of a failure: what the caller may do about it.
type Code string

// The codes. Each names who can put it right.
const (
	// Invalid: what was typed is wrong; the person can correct it.
	Invalid Code = "invalid"
	// NotFound: there is no such thing, or the person may not know of it
	// (an expired or used link is NotFound too).
	NotFound Code = "not_found"
	// Conflict: not possible now. Someone else changed it since the form
	// was read, it already exists, or its state refuses the step.
	Conflict Code = "conflict"
	// Unauthorized: a password, code or step-up that is not right.
	Unauthorized Code = "unauthorized"
	// Throttled: too many attempts; wait and try again.
	Throttled Code = "throttled"
	// Unavailable: busy at this moment; nothing changed, try again soon.
	Unavailable Code = "unavailable"
	// Full: the disk is full or read-only; nothing can be saved until an
	// administrator acts.
	Full Code = "full"
	// Internal: a fault of ours. Its details are for the log only.
	Internal Code = "internal"
)

// Error is a failure with a code and words for the person.
type Error struct {
	Code Code
	// Message is what the person reads: a sentence in plain English.
	Message string
	// Fields maps a form field's name to what is wrong with it, for the
	// form to show beside the field.
	Fields map[string]string
}

// Error is the message, or each field's problem ("field: message; ...")
// when there is no message.
func (e *Error) Error() string {
	if e.Message != "" || len(e.Fields) == 0 {
		return e.Message
	}
	keys := sortedKeys(e.Fields)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return strings.Join(parts, "; ")
}

// New is a failure with a fixed message: the way to declare a named one.
func New(code Code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Errorf is a failure with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidFields is a form's validation failure: one message per field.
func InvalidFields(fields map[string]string) *Error {
	return &Error{Code: Invalid, Fields: fields}
}

// InvalidField is a validation failure of one field.
func InvalidField(field, message string) *Error {
	return InvalidFields(map[string]string{field: message})
}

// CodeOf is err's code: Internal for anything that is not an *Error, and
// "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// MessageOf is what the person may read about err: its message, or its
// fields' messages in one line; for anything that is not an *Error, an
// apology that says nothing of the cause; "" for nil.
func MessageOf(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if !errors.As(err, &e) {
		return "Something went wrong on our side."
	}
	if e.Message != "" || len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, 0, len(e.Fields))
	for _, k := range sortedKeys(e.Fields) {
		parts = append(parts, e.Fields[k])
	}
	return strings.Join(parts, " ")
}

// FieldsOf is err's messages by form field, or nil when it has none.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		// A copy: a caller that adds a message of its own must not change a
		// named error that every later request shares.
		return maps.Clone(e.Fields)
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
