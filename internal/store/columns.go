package store

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/request"
)

// The types here convert the domain's values to and from the columns that
// keep them, so that the rows the store returns carry domain types.

// textOf is a TEXT column's value as SQLite hands it over (a string, bytes,
// or NULL for the empty string); what names the column in an error.
func textOf(what string, src any) (string, error) {
	switch v := src.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("%s: cannot read %T", what, src)
}

// rolesColumn is a set of staff roles as the users table keeps it: the role
// names joined by commas, in display order ("counsellor,lead").
type rolesColumn access.Roles

// Scan reads the comma-joined list; a name that is not a staff role is an
// error, not a role quietly dropped.
func (c *rolesColumn) Scan(src any) error {
	list, err := textOf("roles", src)
	if err != nil {
		return err
	}
	rs, err := access.ParseRoles(list)
	if err != nil {
		return fmt.Errorf("roles: %w", err)
	}
	*c = rolesColumn(rs)
	return nil
}

// Value writes the comma-joined list.
func (c rolesColumn) Value() (driver.Value, error) { return access.Roles(c).String(), nil }

// codesColumn is a request's finding codes as the requests table keeps
// them: joined by commas, in the checker's order. Codes are read as they
// were written, without checking them against today's vocabulary, so a
// code retired since still reads back.
type codesColumn []request.Code

// Scan reads the comma-joined codes; the empty string is none.
func (c *codesColumn) Scan(src any) error {
	list, err := textOf("finding codes", src)
	if err != nil {
		return err
	}
	*c = nil
	if list == "" {
		return nil
	}
	for _, code := range strings.Split(list, ",") {
		*c = append(*c, request.Code(code))
	}
	return nil
}

// Value writes the codes joined by commas.
func (c codesColumn) Value() (driver.Value, error) {
	names := make([]string, len(c))
	for i, code := range c {
		names[i] = string(code)
	}
	return strings.Join(names, ","), nil
}

// unixColumn is a time as the tables keep it: whole seconds since 1970, in
// an INTEGER column. What is read is in the local zone, as time.Unix gives.
type unixColumn time.Time

// Scan reads the seconds.
func (c *unixColumn) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("time: cannot read %T as unix seconds", src)
	}
	*c = unixColumn(time.Unix(v, 0))
	return nil
}

// Value writes the seconds; anything below a second is dropped.
func (c unixColumn) Value() (driver.Value, error) { return time.Time(c).Unix(), nil }

// nullUnixColumn is unixColumn for a column that may be NULL: NULL is the
// zero time, and the zero time is written as NULL.
type nullUnixColumn time.Time

// Scan reads the seconds, or NULL.
func (c *nullUnixColumn) Scan(src any) error {
	if src == nil {
		*c = nullUnixColumn{}
		return nil
	}
	var t unixColumn
	if err := t.Scan(src); err != nil {
		return err
	}
	*c = nullUnixColumn(t)
	return nil
}

// Value writes the seconds, or NULL for the zero time.
func (c nullUnixColumn) Value() (driver.Value, error) {
	if time.Time(c).IsZero() {
		return nil, nil
	}
	return time.Time(c).Unix(), nil
}

// milliColumn is a time kept in milliseconds since 1970, as the outbox
// keeps its times. What is read is in the local zone, as time.UnixMilli gives.
type milliColumn time.Time

// Scan reads the milliseconds.
func (c *milliColumn) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("time: cannot read %T as unix milliseconds", src)
	}
	*c = milliColumn(time.UnixMilli(v))
	return nil
}

// Value writes the milliseconds.
func (c milliColumn) Value() (driver.Value, error) { return time.Time(c).UnixMilli(), nil }

// nullMilliColumn is milliColumn for a column that may be NULL: NULL is the
// zero time, and the zero time is written as NULL.
type nullMilliColumn time.Time

// Scan reads the milliseconds, or NULL.
func (c *nullMilliColumn) Scan(src any) error {
	if src == nil {
		*c = nullMilliColumn{}
		return nil
	}
	var t milliColumn
	if err := t.Scan(src); err != nil {
		return err
	}
	*c = nullMilliColumn(t)
	return nil
}

// Value writes the milliseconds, or NULL for the zero time.
func (c nullMilliColumn) Value() (driver.Value, error) {
	if time.Time(c).IsZero() {
		return nil, nil
	}
	return time.Time(c).UnixMilli(), nil
}

// zeroUnixColumn is unixColumn for a NOT NULL column that keeps 0 for
// "never" (smtp_settings.updated_at before the first save): 0 is the zero
// time, and the zero time is written as 0.
type zeroUnixColumn time.Time

// Scan reads the seconds; 0 is the zero time.
func (c *zeroUnixColumn) Scan(src any) error {
	if v, ok := src.(int64); ok && v == 0 {
		*c = zeroUnixColumn{}
		return nil
	}
	var t unixColumn
	if err := t.Scan(src); err != nil {
		return err
	}
	*c = zeroUnixColumn(t)
	return nil
}

// Value writes the seconds, or 0 for the zero time.
func (c zeroUnixColumn) Value() (driver.Value, error) {
	if time.Time(c).IsZero() {
		return int64(0), nil
	}
	return time.Time(c).Unix(), nil
}
