package core

import (
	"context"

	"confidant/internal/words"
)

// NameCache decrypts staff names once per page.
func (a *Core) NameCache(ctx context.Context) func(id string) string {
	m := map[string]string{}
	return func(id string) string {
		if n, ok := m[id]; ok {
			return n
		}
		n, ok := words.Actor(id)
		if ok {
			m[id] = n
			return n
		}
		n = "a former member of staff"
		if u, err := a.DB.UserByID(ctx, id); err == nil {
			n = a.UserName(u)
		}
		m[id] = n
		return n
	}
}
