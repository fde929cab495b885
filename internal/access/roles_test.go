package access

import (
	"slices"
	"testing"
)

func TestRolesKeepDisplayOrderWhateverTheOrderGiven(t *testing.T) {
	s := RolesOf(Admin, Counsellor, Admin)
	if got := s.String(); got != "counsellor,admin" {
		t.Errorf("String = %q, want counsellor,admin", got)
	}
	if got := s.List(); !slices.Equal(got, []Role{Counsellor, Admin}) {
		t.Errorf("List = %v", got)
	}
	if !s.Has(Admin) || !s.Has(Counsellor) || s.Has(Lead) {
		t.Errorf("Has wrong for %v", s)
	}
	if got := s.With(Lead).String(); got != "counsellor,lead,admin" {
		t.Errorf("With(Lead) = %q", got)
	}
}

func TestRolesHoldOnlyStaffRoles(t *testing.T) {
	s := RolesOf(Role("superuser"), Role(""))
	if !s.Empty() || s.String() != "" || s.Has(Role("superuser")) || s.Has(Role("")) {
		t.Errorf("a set took a role that is not a staff role: %q", s)
	}
	if Role("Admin").Valid() || Role("").Valid() || !Lead.Valid() {
		t.Error("Valid accepts a non-role or refuses a role")
	}
}

func TestParseRolesReadsTheStoredList(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"admin", "admin", true},
		{"lead,counsellor", "counsellor,lead", true},
		{"admin,admin", "admin", true},
		{"counsellor,,lead", "", false},
		{"counsellor, lead", "", false},
		{"root", "", false},
		{"Admin", "", false},
	} {
		got, err := ParseRoles(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseRoles(%q) error = %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if tc.ok && got.String() != tc.want {
			t.Errorf("ParseRoles(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzParseRoles(f *testing.F) {
	for _, s := range []string{"", "counsellor", "lead,admin", "admin,counsellor,lead", "x", ",", "lead,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ParseRoles(in)
		if err != nil {
			return
		}
		// What was read writes back as a list that reads as the same set.
		again, err := ParseRoles(s.String())
		if err != nil || again != s {
			t.Fatalf("%q read as %q, which reads back as %q (%v)", in, s, again, err)
		}
		for _, r := range s.List() {
			if !r.Valid() {
				t.Fatalf("%q gave a set holding %q", in, r)
			}
		}
	})
}
