package core

import (
	"context"

	"confidant/internal/words"
)

// StaffNames decrypts staff names once per page, reading the accounts
// once. For an id it gives the name and true; for an id that is no
// account, or whose name cannot be read, "" and false (the web words it:
// words.StaffName). The client, the officer, Confidant itself and the
// command line are named as words.Actor names them.
func (a *Core) StaffNames(ctx context.Context) func(id string) (name string, known bool) {
	m := map[string]string{}
	loaded := false
	return func(id string) (string, bool) {
		if n, ok := words.Actor(id); ok {
			return n, true
		}
		if !loaded {
			// Every account's name at the first one needed: one query
			// for the page, however many people it names.
			loaded = true
			if us, err := a.DB.ListUsers(ctx); err == nil {
				for _, u := range us {
					if n, ok := a.staffName(u.NameEnc); ok {
						m[u.ID] = n
					}
				}
			}
		}
		n, ok := m[id]
		return n, ok
	}
}

// NameCache is StaffNames with the fallback worded (words.FormerStaff),
// for the services that still hand out worded names (staff's grants).
func (a *Core) NameCache(ctx context.Context) func(id string) string {
	names := a.StaffNames(ctx)
	return func(id string) string {
		n, ok := names(id)
		if !ok {
			return words.FormerStaff
		}
		return n
	}
}
