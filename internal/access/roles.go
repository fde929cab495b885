package access

import (
	"fmt"
	"strings"
)

// Role is a staff role. Its value is the name the database and the audit
// log keep.
type Role string

// The staff roles.
const (
	Counsellor Role = "counsellor"
	Lead       Role = "lead"
	Admin      Role = "admin"
)

// AllRoles lists every staff role, in display order: the order a set's
// List and String use.
func AllRoles() []Role { return []Role{Counsellor, Lead, Admin} }

// bit is the role's place in a Roles set; 0 for no staff role.
func (r Role) bit() uint8 {
	for i, x := range AllRoles() {
		if x == r {
			return 1 << i
		}
	}
	return 0
}

// Valid reports whether r is a staff role.
func (r Role) Valid() bool { return r.bit() != 0 }

// Roles is a set of staff roles. The zero value holds none. It holds only
// staff roles: what is not one cannot be put in.
type Roles struct{ bits uint8 }

// RolesOf is the set of the given roles; anything that is not a staff role
// is left out (check outside input with Role.Valid or ParseRoles first).
func RolesOf(rs ...Role) Roles {
	var s Roles
	for _, r := range rs {
		s.bits |= r.bit()
	}
	return s
}

// ParseRoles reads a comma-separated list of role names, as the database
// keeps them ("counsellor,lead"). The empty string is the empty set; a name
// that is not a staff role is an error.
func ParseRoles(list string) (Roles, error) {
	var s Roles
	if list == "" {
		return s, nil
	}
	for _, name := range strings.Split(list, ",") {
		r := Role(name)
		if !r.Valid() {
			return Roles{}, fmt.Errorf("unknown role %q", name)
		}
		s.bits |= r.bit()
	}
	return s, nil
}

// Has reports whether the set holds role.
func (s Roles) Has(role Role) bool {
	b := role.bit()
	return b != 0 && s.bits&b != 0
}

// With is the set with the given roles added (as RolesOf, anything that
// is not a staff role is left out).
func (s Roles) With(rs ...Role) Roles { return Roles{s.bits | RolesOf(rs...).bits} }

// Empty reports whether the set holds no role.
func (s Roles) Empty() bool { return s.bits == 0 }

// List gives the set's roles in display order.
func (s Roles) List() []Role {
	var out []Role
	for _, r := range AllRoles() {
		if s.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

// String is the set as the database and the audit log's details keep it:
// the role names in display order, joined by commas ("counsellor,lead").
func (s Roles) String() string {
	names := make([]string, 0, len(AllRoles()))
	for _, r := range s.List() {
		names = append(names, string(r))
	}
	return strings.Join(names, ",")
}
