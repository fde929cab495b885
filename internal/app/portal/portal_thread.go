package portal

import (
	"context"
	"time"

	"confidant/internal/app/core"
	"confidant/internal/app/requests"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// Write adds a client's own message to a request's thread and tells
// the leads and her counsellor that she wrote. It fails with NotFound as
// RequestDetail does, and Invalid as requests.CleanMessage does.
func (a *Service) Write(ctx context.Context, acc core.PortalAccount, requestID, body string) error {
	r, c, _, err := a.loadPortalRequest(ctx, acc, requestID)
	if err != nil {
		return err
	}
	if body, err = requests.CleanMessage(body); err != nil {
		return err
	}
	enc, err := vault.Encrypt([]byte(body), c.Recipient)
	if err != nil {
		return err
	}
	if err := a.core.DB.AddMessage(ctx, &store.Message{RequestID: r.ID, Sender: store.SenderClient, AuthorID: "client:" + acc.ID, HasText: true, BodyEnc: enc}); err != nil {
		return err
	}
	a.core.NotifyStaff(ctx, r.ID, "client.wrote")
	return nil
}

// Message is one entry of a request's thread as the client may see it:
// hers or the service's (never a staff member's name), with her decision
// if the entry records one, and its words.
type Message struct {
	FromClient bool
	Decision   string // agree, refuse, talk, withdraw or ""
	At         time.Time
	Body       string
}

// Thread is the thread as the client sees it, oldest first. It fails with
// NotFound as RequestDetail does.
func (a *Service) Thread(ctx context.Context, acc core.PortalAccount, requestID string) ([]Message, error) {
	r, _, cid, err := a.loadPortalRequest(ctx, acc, requestID)
	if err != nil {
		return nil, err
	}
	ms, err := a.core.DB.MessagesByRequest(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	out := make([]Message, 0, len(ms))
	for _, m := range ms {
		e := Message{FromClient: m.Sender == store.SenderClient, Decision: m.Decision, At: m.CreatedAt}
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
