package portal

import (
	"context"

	"confidant/internal/app/core"
	"confidant/internal/app/requests"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// Write adds a client's own message to a request's thread and tells
// the leads and her counsellor that she wrote.
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
	a.core.NotifyStaff(ctx, r, c, "client.wrote")
	return nil
}

// Thread is the thread as the client sees it: her words and the
// service's, never a staff member's name.
func (a *Service) Thread(ctx context.Context, acc core.PortalAccount, requestID string) ([]requests.ThreadEntry, error) {
	r, _, cid, err := a.loadPortalRequest(ctx, acc, requestID)
	if err != nil {
		return nil, err
	}
	ms, err := a.core.DB.MessagesByRequest(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	out := make([]requests.ThreadEntry, 0, len(ms))
	for _, m := range ms {
		e := requests.ThreadEntry{FromClient: m.Sender == store.SenderClient, Decision: m.Decision, At: m.CreatedAt, By: "You"}
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
