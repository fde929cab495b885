package app

import (
	"context"

	"confidant/internal/access"
	"confidant/internal/request"
	"confidant/internal/store"
)

// Waiting is what an AttentionItem waits for.
type Waiting string

// The things that wait for someone.
const (
	// WaitingReplyToClient: the client wrote about a request (a lead's item).
	WaitingReplyToClient Waiting = "reply_to_client"
	// WaitingReplyToYourClient: the counsellor's own client wrote.
	WaitingReplyToYourClient Waiting = "reply_to_your_client"
	// WaitingApproval: the client agreed to an extract; a lead approves it.
	WaitingApproval Waiting = "approval"
	// WaitingGrant: a role that opens clients' notes waits for a second
	// administrator.
	WaitingGrant Waiting = "grant"
)

// AttentionItem is one thing that needs the signed-in person: what waits,
// and the request, client or user it waits on (only those that apply).
type AttentionItem struct {
	What                  Waiting
	RequestID, RequestRef string
	ClientID, ClientRef   string
	UserID                string      // WaitingGrant: whose role
	Role                  access.Role // WaitingGrant: which role
}

// Attention lists what needs the actor's attention, for the home page:
// for leads, clients waiting for an answer and agreed extracts waiting for
// approval; for counsellors, their clients waiting for an answer; for
// admins, roles waiting for a second administrator. Each role sees only
// its own items, so it checks who asks by what it lists. It has no failure
// of its own.
func (a *App) Attention(ctx context.Context, actor access.Actor) ([]AttentionItem, error) {
	var out []AttentionItem
	waiting, err := a.core.DB.RequestsAwaitingReply(ctx)
	if err != nil {
		return nil, err
	}
	for _, w := range waiting {
		switch {
		case actor.Has(access.Lead):
			out = append(out, AttentionItem{What: WaitingReplyToClient, RequestID: w.RequestID, RequestRef: w.Reference})
		case actor.Has(access.Counsellor):
			if w.CounsellorID == actor.UserID && !w.ClientShredded {
				out = append(out, AttentionItem{What: WaitingReplyToYourClient, RequestID: w.RequestID, RequestRef: w.Reference, ClientID: w.ClientID, ClientRef: w.ClientRef})
			}
		}
	}
	if actor.Has(access.Lead) {
		rs, _, err := a.core.DB.ListRequests(ctx, store.RequestFilter{Status: request.StatusClientConsented, Limit: 200})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			out = append(out, AttentionItem{What: WaitingApproval, RequestID: r.ID, RequestRef: r.Reference})
		}
	}
	if access.CanManageUsers(actor) {
		gs, err := a.Staff.PendingGrants(ctx, actor)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			if g.DecidableBy(actor.UserID) {
				out = append(out, AttentionItem{What: WaitingGrant, UserID: g.UserID, Role: g.Role})
			}
		}
	}
	return out, nil
}
