package core

// FieldErrors are a form's messages keyed by field name. They travel as
// the fields of a fault.Invalid error (fault.InvalidFields), which the web
// reads back with fault.FieldsOf to show each beside its field.
type FieldErrors map[string]string
