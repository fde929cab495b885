package app

import "confidant/internal/fault"

// asFields is errors.As for a form's field errors: it reports whether err
// carries messages by field, and puts them in fe.
func asFields(err error, fe *FieldErrors) bool {
	*fe = fault.FieldsOf(err)
	return *fe != nil
}
