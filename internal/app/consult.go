package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/request"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// ConsultClient is a lead's decision to show a request to the client in
// her portal. It is allowed once the requester is verified, never while the
// request is suspected fraud or recorded in error, and never under the
// serious-harm hold until a lead lifts it. A voluntary request moves from
// verified to client_consulted; a court process is shown without moving.
func (a *App) ConsultClient(ctx context.Context, actor access.Actor, requestID string, version int) error {
	r, c, _, err := a.loadRequest(ctx, actor, requestID)
	if err != nil {
		return err
	}
	st := request.Status(r.Status)
	comp := request.Kind(r.Kind).IsCompulsory()
	switch {
	case r.HarmHold:
		return FieldErrors{"consult": "Notice was withheld on the serious-harm ground. Lift the hold first, and only when telling the client is safe."}
	case r.ClientVisible:
		return FieldErrors{"consult": "The client has already been consulted about this request."}
	case st == request.StatusFraudSuspected || st == request.StatusRecordedInError || !st.Live():
		return FieldErrors{"consult": "This request is not live, so the client is not consulted about it."}
	case !comp && st != request.StatusVerified:
		return FieldErrors{"consult": "Verify the requester (a confirmed call-back) before consulting the client."}
	case comp && !verifiedOrLater(st):
		return FieldErrors{"consult": "Verify the court process before telling the client."}
	}
	err = a.DB.ConsultClient(ctx, r.ID, st, version, actor.UserID, !comp)
	if errors.Is(err, store.ErrStale) {
		return FieldErrors{"consult": "The request changed while you were looking at it. Reload and check."}
	}
	if err != nil {
		return err
	}
	r.ClientVisible = true
	a.NotifyClient(ctx, r, c)
	return nil
}

func verifiedOrLater(s request.Status) bool {
	switch s {
	case request.StatusVerified, request.StatusExtractDrafted, request.StatusLeadApproved:
		return true
	}
	return false
}

// ThreadEntry is one message of a client's thread, decrypted for a reader.
type ThreadEntry struct {
	FromClient bool
	By         string // for staff readers: who wrote it
	Decision   string // the client's decision this entry records, if any
	Body       string
	At         time.Time
}

// Thread is a request's conversation with the client, for a lead or the
// client's counsellor. Each read is in the audit log.
type Thread struct {
	RequestID    string
	Entries      []ThreadEntry
	AwaitsReply  bool // her newest entry needs an answer from the service
	ClientCanSee bool // the request is in her portal, so a reply reaches her
}

// canSeeThread: leads, and the client's own counsellor.
func canSeeThread(actor access.Actor, facts access.ClientFacts) bool {
	return actor.Has(access.Lead) || access.CanWriteNotes(actor, facts)
}

// loadThreadRequest finds a request whose thread actor may read.
func (a *App) loadThreadRequest(ctx context.Context, actor access.Actor, requestID string) (store.Request, store.Client, *vault.Identity, error) {
	if !store.ValidID(requestID) {
		return store.Request{}, store.Client{}, nil, core.ErrNotFound
	}
	r, err := a.DB.RequestByID(ctx, requestID)
	if err != nil {
		return r, store.Client{}, nil, core.ErrNotFound
	}
	c, err := a.DB.ClientByID(ctx, r.ClientID)
	if err != nil {
		return r, c, nil, core.ErrNotFound
	}
	if !canSeeThread(actor, access.ClientFacts{CounsellorID: c.CounsellorID}) {
		return r, c, nil, core.ErrNotFound
	}
	cid, err := a.Keys.ClientIdentity(c.WrappedKey)
	return r, c, cid, err
}

// ClientThread returns the thread for a lead or the client's counsellor.
func (a *App) ClientThread(ctx context.Context, actor access.Actor, requestID string) (Thread, error) {
	r, _, cid, err := a.loadThreadRequest(ctx, actor, requestID)
	if err != nil {
		return Thread{}, err
	}
	ms, err := a.DB.MessagesByRequest(ctx, r.ID)
	if err != nil {
		return Thread{}, err
	}
	names := a.NameCache(ctx)
	t := Thread{RequestID: r.ID, ClientCanSee: store.PortalVisible(r)}
	for _, m := range ms {
		e := ThreadEntry{FromClient: m.Sender == store.SenderClient, Decision: m.Decision, At: time.Unix(m.CreatedAt, 0)}
		if e.FromClient {
			e.By = "The client"
		} else {
			e.By = names(m.AuthorID)
		}
		if len(m.BodyEnc) > 0 {
			b, err := cid.Decrypt(m.BodyEnc)
			if err != nil {
				return Thread{}, err
			}
			e.Body = string(b)
		}
		t.Entries = append(t.Entries, e)
	}
	if n := len(ms); n > 0 {
		t.AwaitsReply = ms[n-1].NeedsReply()
		_ = a.DB.Audit(ctx, store.Event{Type: audit.MessageRead, ActorID: actor.UserID, Subject: r.ID})
	}
	return t, nil
}

// MaxMessage is the longest message, in bytes, either side may write.
const MaxMessage = 5000

func cleanMessage(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", FieldErrors{"message": "Write a message first."}
	case len(body) > MaxMessage:
		return "", FieldErrors{"message": "Please keep the message under 5,000 characters."}
	}
	return body, nil
}

// ReplyToClient adds the service's answer to a client's thread (a lead or
// her counsellor), encrypted to her key, and tells her neutrally by email.
func (a *App) ReplyToClient(ctx context.Context, actor access.Actor, requestID, body string) error {
	r, c, _, err := a.loadThreadRequest(ctx, actor, requestID)
	if err != nil {
		return err
	}
	if !store.PortalVisible(r) {
		return FieldErrors{"message": "The client cannot see this request in her portal yet, so she would not see a reply."}
	}
	if body, err = cleanMessage(body); err != nil {
		return err
	}
	enc, err := vault.Encrypt([]byte(body), c.Recipient)
	if err != nil {
		return err
	}
	if err := a.DB.AddMessage(ctx, &store.Message{RequestID: r.ID, Sender: store.SenderService, AuthorID: actor.UserID, HasText: true, BodyEnc: enc}); err != nil {
		return err
	}
	a.NotifyClient(ctx, r, c)
	return nil
}

// PortalWrite adds a client's own message to a request's thread and tells
// the leads and her counsellor that she wrote.
func (a *App) PortalWrite(ctx context.Context, acc store.PortalAccount, requestID, body string) error {
	r, c, _, err := a.loadPortalRequest(ctx, acc, requestID)
	if err != nil {
		return err
	}
	if body, err = cleanMessage(body); err != nil {
		return err
	}
	enc, err := vault.Encrypt([]byte(body), c.Recipient)
	if err != nil {
		return err
	}
	if err := a.DB.AddMessage(ctx, &store.Message{RequestID: r.ID, Sender: store.SenderClient, AuthorID: "client:" + acc.ID, HasText: true, BodyEnc: enc}); err != nil {
		return err
	}
	a.NotifyStaff(ctx, r, c, "client.wrote")
	return nil
}

// PortalThread is the thread as the client sees it: her words and the
// service's, never a staff member's name.
func (a *App) PortalThread(ctx context.Context, acc store.PortalAccount, requestID string) ([]ThreadEntry, error) {
	r, _, cid, err := a.loadPortalRequest(ctx, acc, requestID)
	if err != nil {
		return nil, err
	}
	ms, err := a.DB.MessagesByRequest(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	out := make([]ThreadEntry, 0, len(ms))
	for _, m := range ms {
		e := ThreadEntry{FromClient: m.Sender == store.SenderClient, Decision: m.Decision, At: time.Unix(m.CreatedAt, 0), By: "You"}
		if !e.FromClient {
			e.By = "Us"
		}
		if len(m.BodyEnc) > 0 {
			b, err := cid.Decrypt(m.BodyEnc)
			if err != nil {
				return nil, err
			}
			e.Body = string(b)
		}
		out = append(out, e)
	}
	return out, nil
}

// RequestClientID is the id of the client a request is about, for a
// reader of its thread (to return to the client's page).
func (a *App) RequestClientID(ctx context.Context, actor access.Actor, requestID string) (string, error) {
	_, c, _, err := a.loadThreadRequest(ctx, actor, requestID)
	return c.ID, err
}

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
	waiting, err := a.DB.RequestsAwaitingReply(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range waiting {
		r, err := a.DB.RequestByID(ctx, id)
		if err != nil {
			continue
		}
		switch {
		case actor.Has(access.Lead):
			out = append(out, AttentionItem{What: "The client has answered or written about request " + r.Reference + " and is waiting for a reply.", Link: "/requests/" + r.ID + "#thread"})
		case actor.Has(access.Counsellor):
			if c, err := a.DB.ClientByID(ctx, r.ClientID); err == nil && c.CounsellorID == actor.UserID {
				out = append(out, AttentionItem{What: "Your client " + c.Reference + " has written about a police request and is waiting for a reply.", Link: "/clients/" + c.ID + "#requests"})
			}
		}
	}
	if actor.Has(access.Lead) {
		rs, _, err := a.DB.ListRequests(ctx, store.RequestFilter{Status: string(request.StatusClientConsented), Limit: 200})
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
			if g.MayDecide {
				out = append(out, AttentionItem{What: "A role that opens clients' notes (" + g.Role + ") waits for your approval.", Link: "/admin/users/" + g.UserID})
			}
		}
	}
	return out, nil
}
