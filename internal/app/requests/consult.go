package requests

import (
	"context"
	"errors"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/request"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// ConsultClient is a lead's decision to show a request to the client in
// her portal. It is allowed once the requester is verified, never while the
// request is suspected fraud or recorded in error, and never under the
// serious-harm hold until a lead lifts it. A voluntary request moves from
// verified to client_consulted; a court process is shown without moving.
// It fails with NotFound as LoadRequest does, and Conflict (with a message
// on the "consult" field) when the request's state refuses it (the hold,
// consulted already, not live, not yet verified) or someone else changed
// it since version.
func (a *Service) ConsultClient(ctx context.Context, actor access.Actor, requestID string, version int) error {
	r, _, _, err := a.loadRequest(ctx, actor, requestID)
	if err != nil {
		return err
	}
	st := r.Status
	comp := request.Kind(r.Kind).IsCompulsory()
	switch {
	case r.HarmHold:
		return refused("consult", "Notice was withheld on the serious-harm ground. Lift the hold first, and only when telling the client is safe.")
	case r.ClientVisible:
		return refused("consult", "The client has already been consulted about this request.")
	case st == request.StatusFraudSuspected || st == request.StatusRecordedInError || !st.Live():
		return refused("consult", "This request is not live, so the client is not consulted about it.")
	case !comp && st != request.StatusVerified:
		return refused("consult", "Verify the requester (a confirmed call-back) before consulting the client.")
	case comp && !verifiedOrLater(st):
		return refused("consult", "Verify the court process before telling the client.")
	}
	err = a.core.DB.ConsultClient(ctx, r.ID, st, version, actor.UserID, !comp)
	if errors.Is(err, store.ErrStale) || errors.Is(err, request.ErrStepRefused) {
		return refused("consult", "The request changed while you were looking at it. Reload and check.")
	}
	if err != nil {
		return err
	}
	a.core.NotifyClient(ctx, r.ID)
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
	By         string // who wrote it, for an entry of the service (a name, for staff readers; "" when not known)
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

// loadThreadRequest finds a request whose thread actor may read: NotFound
// when there is no such request or client or the actor may not read it,
// and any other failed read as it is.
func (a *Service) loadThreadRequest(ctx context.Context, actor access.Actor, requestID string) (store.Request, store.Client, *vault.Identity, error) {
	if !store.ValidID(requestID) {
		return store.Request{}, store.Client{}, nil, core.ErrNotFound
	}
	r, c, err := a.requestAndClient(ctx, requestID)
	if err != nil {
		return r, c, nil, err
	}
	if !canSeeThread(actor, access.ClientFacts{CounsellorID: c.CounsellorID}) {
		return r, c, nil, core.ErrNotFound
	}
	cid, err := a.core.Keys.ClientIdentity(c.WrappedKey)
	return r, c, cid, err
}

// ClientThread returns the thread for a lead or the client's counsellor,
// and records the read when it has messages. It fails with NotFound when
// requestID is not an id, the actor is neither a lead nor the client's
// counsellor, or there is no such request or client; any other failed read
// is passed on (Unavailable for a busy database).
func (a *Service) ClientThread(ctx context.Context, actor access.Actor, requestID string) (Thread, error) {
	r, _, cid, err := a.loadThreadRequest(ctx, actor, requestID)
	if err != nil {
		return Thread{}, err
	}
	ms, err := a.core.DB.MessagesByRequest(ctx, r.ID)
	if err != nil {
		return Thread{}, err
	}
	t, err := threadOf(r, ms, cid, nameOrNone(a.core.StaffNames(ctx)))
	if err != nil {
		return Thread{}, err
	}
	if len(ms) > 0 {
		_ = a.core.DB.Audit(ctx, readEvent(actor, r.ID))
	}
	return t, nil
}

// readEvent is the audit entry of actor reading a request's thread.
func readEvent(actor access.Actor, requestID string) store.Event {
	return store.Event{Type: audit.MessageRead, ActorID: actor.UserID, Subject: requestID}
}

// threadOf is request r's thread, from its messages (oldest first),
// decrypted with the client's key, the service's entries named by names.
func threadOf(r store.Request, ms []store.Message, cid *vault.Identity, names func(string) string) (Thread, error) {
	t := Thread{RequestID: r.ID, ClientCanSee: store.PortalVisible(r)}
	for _, m := range ms {
		e := ThreadEntry{FromClient: m.Sender == store.SenderClient, Decision: m.Decision, At: m.CreatedAt}
		if !e.FromClient {
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
	}
	return t, nil
}

// MaxMessage is the longest message, in bytes, either side may write.
const MaxMessage = 5000

// CleanMessage checks a message in the client thread (not empty, not over
// MaxMessage bytes) and gives it trimmed. It fails with Invalid (with a
// message on the "message" field) when it is empty or too long.
func CleanMessage(body string) (string, error) {
	body = strings.TrimSpace(body)
	switch {
	case body == "":
		return "", fault.InvalidFields(core.FieldErrors{"message": "Write a message first."})
	case len(body) > MaxMessage:
		return "", fault.InvalidFields(core.FieldErrors{"message": "Please keep the message under 5,000 characters."})
	}
	return body, nil
}

// ReplyToClient adds the service's answer to a client's thread (a lead or
// her counsellor), encrypted to her key, and tells her neutrally by email.
// It fails with NotFound as ClientThread does, Conflict (with a message on
// the "message" field) when the request is not in her portal, so she would
// not see the reply, and Invalid as CleanMessage does.
func (a *Service) ReplyToClient(ctx context.Context, actor access.Actor, requestID, body string) error {
	r, c, _, err := a.loadThreadRequest(ctx, actor, requestID)
	if err != nil {
		return err
	}
	if !store.PortalVisible(r) {
		return refused("message", "The client cannot see this request in her portal yet, so she would not see a reply.")
	}
	if body, err = CleanMessage(body); err != nil {
		return err
	}
	enc, err := vault.Encrypt([]byte(body), c.Recipient)
	if err != nil {
		return err
	}
	if err := a.core.DB.AddMessage(ctx, &store.Message{RequestID: r.ID, Sender: store.SenderService, AuthorID: actor.UserID, HasText: true, BodyEnc: enc}); err != nil {
		return err
	}
	a.core.NotifyClient(ctx, r.ID)
	return nil
}

// RequestClientID is the id of the client a request is about, for a
// reader of its thread (to return to the client's page). It fails with
// NotFound as ClientThread does.
func (a *Service) RequestClientID(ctx context.Context, actor access.Actor, requestID string) (string, error) {
	_, c, _, err := a.loadThreadRequest(ctx, actor, requestID)
	return c.ID, err
}
