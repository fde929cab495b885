package core

import (
	"context"
	"strings"

	"confidant/internal/access"
	"confidant/internal/store"
)

// NotifyStaff tells the people who must know that something happened on a
// request about a client: every active lead and the client's counsellor,
// by email through the outbox, with a link and nothing personal. purpose
// says what happened, in the outbox's non-personal label.
func (a *Core) NotifyStaff(ctx context.Context, r store.Request, c store.Client, purpose string) {
	us, err := a.DB.ListUsers(ctx)
	if err != nil {
		return
	}
	what := map[string]string{
		"client.wrote":     "A client has answered or written about a police request. Please read it and reply.",
		"request.arrived":  "A police request about one of your clients has been recorded. You can add your professional view.",
		"request.decided":  "A police request about one of your clients has been decided.",
		"request.consent":  "A client has answered a police request in her portal. Please read her answer.",
		"role.grant":       "A role that opens clients' notes was granted or requested.",
		"portal.email_new": "A change of a client's portal address is waiting for a second safeguarding lead.",
	}[purpose]
	if what == "" {
		return
	}
	link := strings.TrimRight(a.BaseURL, "/") + "/requests/" + r.ID
	for _, u := range us {
		if u.Disabled {
			continue
		}
		isLead := u.HasRole(access.Lead) && purpose != "request.arrived" && purpose != "request.decided"
		isCounsellor := u.ID == c.CounsellorID && u.HasRole(access.Counsellor)
		if !isLead && !isCounsellor {
			continue
		}
		to := link
		if !isLead || r.ID == "" {
			to = strings.TrimRight(a.BaseURL, "/") + "/clients/" + c.ID
		}
		body := "Hello,\n\n" + what + "\n\n" + to + "\n\n" + a.ProviderName(ctx) + "\n"
		_ = a.QueueMail(ctx, u.Email, "Confidant: something needs your attention", body, purpose, r.ID)
	}
}

// NotifyClient tells a client with a portal account that there is
// something to read, in a message that names nothing. Never when notice
// was withheld on the serious-harm ground (the request is hidden). A
// failure to queue is not the lead's problem: the portal shows it anyway.
func (a *Core) NotifyClient(ctx context.Context, r store.Request, c store.Client) {
	if !store.PortalVisible(r) {
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
