package admin

import (
	"context"
	"strings"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/store"
)

// RecordKind says what an id in the audit log names.
type RecordKind string

// The kinds of record an audit entry names.
const (
	RecordStaff   RecordKind = "staff"
	RecordClient  RecordKind = "client"
	RecordRequest RecordKind = "request"
	RecordNote    RecordKind = "note"
)

// Record is what an id held by an audit entry names, so that a reviewer
// reads who did what to which record by name or reference, never by
// content.
type Record struct {
	Kind RecordKind
	// Name is a staff member's name, or their email address when the
	// name is not known.
	Name string
	// Reference is a client's or a request's reference.
	Reference string
	// ClientID is the client a note belongs to (resolved too).
	ClientID string
}

// AuditRecords resolves the ids the entries hold (who acted, on what, and
// the request a note was read for) to what they name, by id; an id that
// names nothing Confidant keeps (a deleted account, "system") is absent,
// and so is one whose lookup failed. It fails with NotFound when the actor
// may not read the audit log, and with nothing else.
func (a *Service) AuditRecords(ctx context.Context, actor access.Actor, es []audit.Entry) (map[string]Record, error) {
	if !access.CanReadAudit(actor) {
		return nil, core.ErrNotFound
	}
	out := map[string]Record{}
	seen := map[string]bool{}
	var resolve func(id string)
	resolve = func(id string) {
		if !store.ValidID(id) || seen[id] {
			return
		}
		seen[id] = true
		if c, err := a.core.DB.ClientByID(ctx, id); err == nil {
			out[id] = Record{Kind: RecordClient, Reference: c.Reference}
		} else if r, err := a.core.DB.RequestByID(ctx, id); err == nil {
			out[id] = Record{Kind: RecordRequest, Reference: r.Reference}
		} else if n, err := a.core.DB.NoteByID(ctx, id); err == nil {
			out[id] = Record{Kind: RecordNote, ClientID: n.ClientID}
			resolve(n.ClientID)
		} else if u, err := a.core.DB.UserByID(ctx, id); err == nil {
			name := a.core.UserName(u)
			if name == "" {
				name = u.Email
			}
			out[id] = Record{Kind: RecordStaff, Name: name}
		}
	}
	for _, e := range es {
		resolve(e.ActorID)
		resolve(e.Subject)
		for _, f := range strings.Fields(e.Detail) {
			if k, v, ok := strings.Cut(f, "="); ok && k == "request" {
				resolve(v)
			}
		}
	}
	return out, nil
}
