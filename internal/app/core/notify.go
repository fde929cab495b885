package core

import (
	"context"
	"strings"

	"confidant/internal/access"
	"confidant/internal/store"
)

// staffNotices are what staff are told, by the outbox's non-personal
// purpose label: the words of the email, and whether the leads hear of it
// (the client's counsellor always does, when the notice is about a request).
var staffNotices = map[string]struct {
	words string
	leads bool
}{
	"client.wrote":    {"A client has answered or written about a police request. Please read it and reply.", true},
	"request.arrived": {"A police request about one of your clients has been recorded. You can add your professional view.", false},
	"request.decided": {"A police request about one of your clients has been decided.", false},
	"request.consent": {"A client has answered a police request in her portal. Please read her answer.", true},
}

// NotifyStaff tells the people who must know that something happened on
// the request requestID: the active leads (for the notices leads act on)
// and the counsellor of the client it is about, by email through the
// outbox, with a link and nothing personal. A lead's link opens the
// request, the counsellor's the client's page. A request that cannot be
// read is nobody's notice.
func (a *Core) NotifyStaff(ctx context.Context, requestID, purpose string) {
	n, ok := staffNotices[purpose]
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
	base := strings.TrimRight(a.BaseURL, "/")
	a.notifyUsers(ctx, purpose, r.ID, n.words, func(u store.User) string {
		switch {
		case n.leads && u.HasRole(access.Lead):
			return base + "/requests/" + r.ID
		case u.ID == c.CounsellorID && u.HasRole(access.Counsellor):
			return base + "/clients/" + c.ID
		}
		return ""
	})
}

// NotifyLeadsOfClient tells every active lead that something about a
// client (not about one request) waits for them, with a link to the
// client's page: a change of her portal address that needs a second lead.
func (a *Core) NotifyLeadsOfClient(ctx context.Context, clientID, purpose, words string) {
	base := strings.TrimRight(a.BaseURL, "/")
	a.notifyUsers(ctx, purpose, clientID, words, func(u store.User) string {
		if u.HasRole(access.Lead) {
			return base + "/clients/" + clientID
		}
		return ""
	})
}

// notifyUsers emails every active member of staff whom link names a page
// for (an empty link: not this one), queued with the purpose and ref.
func (a *Core) notifyUsers(ctx context.Context, purpose, ref, words string, link func(store.User) string) {
	us, err := a.DB.ListUsers(ctx)
	if err != nil {
		return
	}
	for _, u := range us {
		to := link(u)
		if u.Disabled || to == "" {
			continue
		}
		body := "Hello,\n\n" + words + "\n\n" + to + "\n\n" + a.ProviderName(ctx) + "\n"
		_ = a.QueueMail(ctx, u.Email, "Confidant: something needs your attention", body, purpose, ref)
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
	_ = a.QueueMail(ctx, string(email), NeutralSubject, "Hello,\n\nYou have a new message. Please sign in to your account to read it.\n", "portal.notice", r.ID)
}

// ActiveLeads counts leads who can approve.
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
