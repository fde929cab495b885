package request

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"confidant/internal/fault"
)

// MaxRecordBytes bounds a request record read from outside. A real record is
// a few kilobytes; anything near this is not one.
const MaxRecordBytes = 1 << 20

// ParseRecord reads one request record from JSON (CONTRACT.md, "Request
// record") and validates it. It rejects empty input, anything that is not a
// single JSON object, unknown fields, values of the wrong type, impossible
// dates and values outside the enumerations, each with an error of one line
// that says what is wrong and where.
func ParseRecord(data []byte) (Record, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a byte order mark some editors add
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return Record{}, errors.New("empty input: want a request record as a JSON object")
	}
	if len(data) > MaxRecordBytes {
		return Record{}, fmt.Errorf("too large (%d bytes): a request record is at most %d bytes", len(data), MaxRecordBytes)
	}
	if trimmed[0] != '{' {
		if json.Valid(trimmed) {
			return Record{}, errors.New("not a request record: want a JSON object")
		}
		return Record{}, fmt.Errorf("not valid JSON: %s", syntaxErr(data))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Record
	if err := dec.Decode(&r); err != nil {
		return Record{}, decodeErr(data, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Record{}, errors.New("not valid JSON: unexpected data after the request record's closing brace")
	}
	// encoding/json matches field names ignoring case; the record's names
	// are exact, so "Kind" or "Notice.Status" is an unknown field too.
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err == nil {
		if path := unknownField(raw, reflect.TypeFor[Record](), ""); path != "" {
			return Record{}, fmt.Errorf("unknown field %q: not a field of a request record", path)
		}
	}
	if err := r.Validate(); err != nil {
		return Record{}, err
	}
	return r, nil
}

// syntaxErr describes why data is not JSON, with a line and column.
func syntaxErr(data []byte) string {
	var v any
	err := json.Unmarshal(data, &v)
	if err == nil {
		return "unexpected value"
	}
	return describeJSONErr(data, err)
}

// decodeErr turns a decoding error into one line naming the field.
func decodeErr(data []byte, err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return errors.New("not a request record: want a JSON object")
		}
		return fmt.Errorf("%s: want %s, not a JSON %s", field, typeWords(te.Type.Kind().String(), field), te.Value)
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("not valid JSON: %s", describeJSONErr(data, err))
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if strings.HasPrefix(msg, "unknown field") {
		var raw map[string]any
		if json.Unmarshal(data, &raw) == nil {
			if path := unknownField(raw, reflect.TypeFor[Record](), ""); path != "" {
				return fmt.Errorf("unknown field %q: not a field of a request record", path)
			}
		}
		return fmt.Errorf("%s: not a field of a request record", msg)
	}
	return fmt.Errorf("not a request record: %s", oneLine(msg))
}

// unknownField finds the dotted path of the first field in raw, in sorted
// order, that t has no JSON field for, so that the error names
// "notice.method" and not just "method".
func unknownField(raw map[string]any, t reflect.Type, prefix string) string {
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f, ok := jsonField(t, k)
		if !ok {
			return prefix + k
		}
		if sub, isObj := raw[k].(map[string]any); isObj && f.Type.Kind() == reflect.Struct {
			if p := unknownField(sub, f.Type, prefix+k+"."); p != "" {
				return p
			}
		}
	}
	return ""
}

// jsonField finds the field of struct type t whose JSON name is exactly
// key: the record's field names are case-sensitive.
func jsonField(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func typeWords(kind, field string) string {
	switch kind {
	case "string":
		if strings.HasSuffix(field, "_on") || field == "request_date" || strings.HasPrefix(field, "period.") {
			return "a date as a string (YYYY-MM-DD)"
		}
		return "a string"
	case "bool":
		return "true or false"
	case "int", "int64", "ptr":
		return "a whole number"
	case "struct":
		return "an object"
	}
	return "a " + kind
}

// describeJSONErr says what is wrong with JSON, with the line and column
// of a syntax error.
func describeJSONErr(data []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(data, se.Offset)
		return fmt.Sprintf("%s (line %d, column %d)", strings.TrimPrefix(se.Error(), "json: "), line, col)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "the input ends before the JSON object is complete"
	}
	return oneLine(strings.TrimPrefix(err.Error(), "json: "))
}

func lineCol(data []byte, offset int64) (int, int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset > 0 {
		offset-- // the offset is just after the byte that failed
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// fieldProblem is one invalid field of a record, named by its JSON path
// ("authoriser.authorised_on"), with a message for the person who typed it.
type fieldProblem struct{ field, message string }

// invalid is the fault for a record's invalid fields: its message is one
// line in the record's order ("field: problem; ..."), for the command line,
// and its fields map each JSON path to its first problem, for a form.
func invalid(v []fieldProblem) *fault.Error {
	parts := make([]string, len(v))
	fields := make(map[string]string, len(v))
	for i, p := range v {
		parts[i] = p.field + ": " + p.message
		if _, ok := fields[p.field]; !ok {
			fields[p.field] = p.message
		}
	}
	return &fault.Error{Code: fault.Invalid, Message: strings.Join(parts, "; "), Fields: fields}
}

// Validate checks that a record can be read: real dates in YYYY-MM-DD, and
// every enumerated field empty or one of its values. It says nothing about
// compliance, which is Check's job; a record may be valid and badly
// non-compliant. It returns nil or a fault.Invalid error naming every
// invalid field (fault.FieldsOf).
func (r Record) Validate() error {
	var v []fieldProblem
	date := func(field, s string) {
		if s == "" {
			return
		}
		if msg := dateProblem(s); msg != "" {
			v = append(v, fieldProblem{field, msg})
		}
	}
	enum := func(field, value string, opts []Option) {
		if value == "" {
			return
		}
		for _, o := range opts {
			if o.Value == value {
				return
			}
		}
		vals := make([]string, 0, len(opts))
		for _, o := range opts {
			if o.Value != "" {
				vals = append(vals, o.Value)
			}
		}
		v = append(v, fieldProblem{field, fmt.Sprintf("%q is not one of %s", value, strings.Join(vals, ", "))})
	}
	enum("kind", string(r.Kind), Kinds())
	date("received_on", r.ReceivedOn)
	enum("channel", string(r.Channel), Channels())
	date("authoriser.authorised_on", r.Authoriser.AuthorisedOn)
	date("request_date", r.RequestDate)
	date("period.from", r.Period.From)
	date("period.to", r.Period.To)
	enum("omitted_statements_ground", string(r.OmittedStatementsGround), Grounds())
	if a := r.Victim.Age; a != nil && (*a < 0 || *a > 130) {
		v = append(v, fieldProblem{"victim.age", fmt.Sprintf("%d is not an age in years", *a)})
	}
	enum("notice.status", string(r.Notice.Status), NoticeStatuses())
	date("notice.given_on", r.Notice.GivenOn)
	enum("notice.to", string(r.Notice.To), Recipients())
	enum("notice.ground", string(r.Notice.Ground), Grounds())
	if len(v) == 0 {
		return nil
	}
	return invalid(v)
}

// dateProblem says what is wrong with a non-empty date, or "" if nothing.
func dateProblem(s string) string {
	if len(s) != len(dateLayout) || s[4] != '-' || s[7] != '-' {
		return fmt.Sprintf("%q is not a date in the form YYYY-MM-DD", s)
	}
	for i := 0; i < len(s); i++ {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return fmt.Sprintf("%q is not a date in the form YYYY-MM-DD", s)
		}
	}
	if _, err := time.Parse(dateLayout, s); err != nil {
		return fmt.Sprintf("%q is not a real date", s)
	}
	return ""
}
