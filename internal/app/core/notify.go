package core

import (
	"context"

	"confidant/internal/access"
	"confidant/internal/emails"
	"confidant/internal/store"
)

// leadsHear says, for each notice about a request (by the outbox's
// non-personal purpose label), whether the leads hear of it; the client's
// counsellor always does. Its words are internal/emails'.
var leadsHear = map[string]bool{
	"client.wrote":    true,
	"request.arrived": false,
	"request.decided": false,
	"request.consent": true,
}

// NotifyStaff tells the people who must know that something happened on
// the request requestID: the active leads (for the notices leads act on)
// and the counsellor of the client it is about, by email through the
// outbox, with a link and nothing personal. A lead's link opens the
// request, the counsellor's the client's page. A request that cannot be
// read is nobody's notice.
func (a *Core) NotifyStaff(ctx context.Context, requestID, purpose string) {
	leads, ok := leadsHear[purpose]
	if !ok {
		return
	}
	r, err := a.DB.RequestByID(ctx, requestID)
	if err != nil {
		return
	}
	c, err := a.DB.ClientByID(ctx, r.ClientID)
	if err != nil {
		return
	}
	a.notifyUsers(ctx, purpose, r.ID, func(u store.User) string {
		switch {
		case leads && u.HasRole(access.Lead):
			return emails.Link(a.BaseURL, "/requests/"+r.ID)
		case u.ID == c.CounsellorID && u.HasRole(access.Counsellor):
			return emails.Link(a.BaseURL, "/clients/"+c.ID)
		}
		return ""
	})
}

// NotifyLeadsOfClient tells every active lead that something about a
// client (not about one request) waits for them, with a link to the
// client's page: a change of her portal address that needs a second lead.
func (a *Core) NotifyLeadsOfClient(ctx context.Context, clientID, purpose string) {
	a.notifyUsers(ctx, purpose, clientID, func(u store.User) string {
		if u.HasRole(access.Lead) {
			return emails.Link(a.BaseURL, "/clients/"+clientID)
		}
		return ""
	})
}

// notifyUsers emails every active member of staff whom link names a page
// for (an empty link: not this one), in the words internal/emails has for
// the purpose, queued with the purpose and ref.
func (a *Core) notifyUsers(ctx context.Context, purpose, ref string, link func(store.User) string) {
	us, err := a.DB.ListUsers(ctx)
	if err != nil {
		return
	}
	for _, u := range us {
		to := link(u)
		if u.Disabled || to == "" {
			continue
		}
		if m, ok := emails.StaffNotice(purpose, to, a.ProviderName(ctx)); ok {
			_ = a.QueueMail(ctx, u.Email, m.Subject, m.Text, purpose, ref)
		}
	}
}

// NotifyClient tells the client the request requestID is about, if she
// has a portal account and the portal shows the request as it now stands,
// that there is something to read, in a message that names nothing. Never
// when notice was withheld on the serious-harm ground (the request is
// hidden). A failure to queue is not the lead's problem: the portal shows
// it anyway.
func (a *Core) NotifyClient(ctx context.Context, requestID string) {
	r, err := a.DB.RequestByID(ctx, requestID)
	if err != nil || !store.PortalVisible(r) {
		return
	}
	c, err := a.DB.ClientByID(ctx, r.ClientID)
	if err != nil {
		return
	}
	acc, err := a.DB.PortalAccountByClient(ctx, c.ID)
	if err != nil || acc.Disabled {
		return
	}
	email, err := a.Keys.Decrypt(c.WrappedKey, acc.EmailEnc)
	if err != nil {
		return
	}
	m := emails.ClientNewMessage()
	_ = a.QueueMail(ctx, string(email), m.Subject, m.Text, "portal.notice", r.ID)
}

// ActiveLeads counts leads who can approve. It has no failure of its own.
func (a *Core) ActiveLeads(ctx context.Context) (int, error) {
	us, err := a.DB.ListUsers(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range us {
		if !u.Disabled && u.HasRole(access.Lead) {
			n++
		}
	}
	return n, nil
}
