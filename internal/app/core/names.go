package core

import (
	"context"

	"confidant/internal/words"
)

// NameCache decrypts staff names once per page, reading the accounts
// once.
func (a *Core) NameCache(ctx context.Context) func(id string) string {
	m := map[string]string{}
	loaded := false
	return func(id string) string {
		if n, ok := m[id]; ok {
			return n
		}
		n, ok := words.Actor(id)
		if ok {
			m[id] = n
			return n
		}
		if !loaded {
			// Every account's name at the first one needed: one query
			// for the page, however many people it names.
			loaded = true
			if us, err := a.DB.ListUsers(ctx); err == nil {
				for _, u := range us {
					m[u.ID] = a.UserName(u)
				}
			}
			if n, ok := m[id]; ok {
				return n
			}
		}
		n = "a former member of staff"
		m[id] = n
		return n
	}
}
