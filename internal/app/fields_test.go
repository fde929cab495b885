package app_test

import (
	"confidant/internal/app/core"
	"confidant/internal/fault"
)

// asFields is errors.As for a form's field errors: it reports whether err
// carries messages by field, and puts them in fe.
func asFields(err error, fe *core.FieldErrors) bool {
	*fe = fault.FieldsOf(err)
	return *fe != nil
}
