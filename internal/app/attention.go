package app

import (
	"context"

	"confidant/internal/access"
	"confidant/internal/request"
	"confidant/internal/store"
)

// AttentionItem is one thing that needs the signed-in person.
type AttentionItem struct {
	What string // in words
	Link string
}

// Attention lists what needs the actor's attention, for the home page:
// for leads, clients waiting for an answer, agreed extracts waiting for
// approval and changes of a client's address waiting for a second lead;
// for counsellors, their clients waiting for an answer; for admins, roles
// waiting for a second administrator.
func (a *App) Attention(ctx context.Context, actor access.Actor) ([]AttentionItem, error) {
	var out []AttentionItem
	waiting, err := a.core.DB.RequestsAwaitingReply(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range waiting {
		r, err := a.core.DB.RequestByID(ctx, id)
		if err != nil {
			continue
		}
		switch {
		case actor.Has(access.Lead):
			out = append(out, AttentionItem{What: "The client has answered or written about request " + r.Reference + " and is waiting for a reply.", Link: "/requests/" + r.ID + "#thread"})
		case actor.Has(access.Counsellor):
			if c, err := a.core.DB.ClientByID(ctx, r.ClientID); err == nil && c.CounsellorID == actor.UserID {
				out = append(out, AttentionItem{What: "Your client " + c.Reference + " has written about a police request and is waiting for a reply.", Link: "/clients/" + c.ID + "#requests"})
			}
		}
	}
	if actor.Has(access.Lead) {
		rs, _, err := a.core.DB.ListRequests(ctx, store.RequestFilter{Status: request.StatusClientConsented, Limit: 200})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, AttentionItem{What: "The client agreed to the extract for request " + r.Reference + ": it waits for a lead's approval.", Link: "/requests/" + r.ID + "#approval"})
		}
	}
	if access.CanManageUsers(actor) {
		gs, err := a.Staff.PendingGrants(ctx, actor)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			if g.DecidableBy(actor.UserID) {
				out = append(out, AttentionItem{What: "A role that opens clients' notes (" + string(g.Role) + ") waits for your approval.", Link: "/admin/users/" + g.UserID})
			}
		}
	}
	return out, nil
}
