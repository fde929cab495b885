package store

import (
	"database/sql/driver"
	"fmt"

	"confidant/internal/access"
)

// The types here convert the domain's values to and from the columns that
// keep them, so that the rows the store returns carry domain types.

// rolesColumn is a set of staff roles as the users table keeps it: the role
// names joined by commas, in display order ("counsellor,lead").
type rolesColumn access.Roles

// Scan reads the comma-joined list; a name that is not a staff role is an
// error, not a role quietly dropped.
func (c *rolesColumn) Scan(src any) error {
	var list string
	switch v := src.(type) {
	case string:
		list = v
	case []byte:
		list = string(v)
	case nil:
	default:
		return fmt.Errorf("roles: cannot read %T", src)
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
