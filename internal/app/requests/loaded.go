package requests

import (
	"context"
	"encoding/json"
	"errors"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/request"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// Request is a police request a lead may handle, as this service hands
// it to the services that work on it (disclosure, the portal): its clear
// facts, and the client's keys, which stay inside it. What is sealed to
// the client is opened, and what is to be sealed to her sealed, through
// its methods.
type Request struct {
	ID, Reference        string
	Kind                 request.Kind
	Force                string
	Status               request.Status
	Version              int    // guards a change against one made meanwhile
	ReceivedOn           string // YYYY-MM-DD
	PeriodFrom, PeriodTo string // the period the police ask about, YYYY-MM-DD
	HarmHold             bool   // notice withheld on the serious-harm ground
	ClientVisible        bool   // a lead chose to consult the client
	ClientID, ClientRef  string

	row    store.Request
	client store.Client
	cid    *vault.Identity
}

// Compulsory reports whether the request is a court process.
func (r Request) Compulsory() bool { return r.Kind.IsCompulsory() }

// Record is the request's record, decrypted. A record that does not open
// is Internal.
func (r Request) Record() (request.Record, error) {
	var rec request.Record
	raw, err := r.cid.Decrypt(r.row.RecordEnc)
	if err != nil {
		return rec, err
	}
	err = json.Unmarshal(raw, &rec)
	return rec, err
}

// Identity is the client's key, which opens what is sealed to her.
func (r Request) Identity() *vault.Identity { return r.cid }

// Open decrypts something sealed to the client; what does not open is
// Internal.
func (r Request) Open(enc []byte) ([]byte, error) { return r.cid.Decrypt(enc) }

// Seal encrypts b to the client's key; a failure is Internal.
func (r Request) Seal(b []byte) ([]byte, error) { return vault.Encrypt(b, r.client.Recipient) }

// Recipient is the client's public key, to seal to.
func (r Request) Recipient() string { return r.client.Recipient }

// ClientName is the client's name, decrypted; a name that does not open
// is Internal.
func (r Request) ClientName() (string, error) {
	b, err := r.cid.Decrypt(r.client.NameEnc)
	return string(b), err
}

func requestOf(r store.Request, c store.Client, cid *vault.Identity) Request {
	return Request{ID: r.ID, Reference: r.Reference, Kind: request.Kind(r.Kind), Force: r.Force, Status: r.Status,
		Version: r.Version, ReceivedOn: r.ReceivedOn, PeriodFrom: r.PeriodFrom, PeriodTo: r.PeriodTo,
		HarmHold: r.HarmHold, ClientVisible: r.ClientVisible, ClientID: c.ID, ClientRef: c.Reference,
		row: r, client: c, cid: cid}
}

// LoadRequest fetches a request a lead may handle, with the client's key.
// It fails with NotFound when the actor may not handle requests, id is not
// an id, or there is no such request or client; any other failed read is
// passed on (Unavailable for a busy database).
func (a *Service) LoadRequest(ctx context.Context, actor access.Actor, id string) (Request, error) {
	r, c, cid, err := a.loadRequest(ctx, actor, id)
	if err != nil {
		return Request{}, err
	}
	return requestOf(r, c, cid), nil
}

// loadRequest is LoadRequest with the rows, for this service.
func (a *Service) loadRequest(ctx context.Context, actor access.Actor, id string) (store.Request, store.Client, *vault.Identity, error) {
	if !access.CanHandleRequests(actor) || !store.ValidID(id) {
		return store.Request{}, store.Client{}, nil, core.ErrNotFound
	}
	r, c, err := a.requestAndClient(ctx, id)
	if err != nil {
		return r, c, nil, err
	}
	cid, err := a.core.Keys.ClientIdentity(c.WrappedKey)
	if err != nil {
		return r, c, nil, err
	}
	return r, c, cid, nil
}

// requestAndClient reads a request and the client it is about: NotFound
// when either is not there, any other failed read as it is. It checks no
// actor: its callers do.
func (a *Service) requestAndClient(ctx context.Context, id string) (store.Request, store.Client, error) {
	r, err := a.core.DB.RequestByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return r, store.Client{}, core.ErrNotFound
	}
	if err != nil {
		return r, store.Client{}, err
	}
	c, err := a.core.DB.ClientByID(ctx, r.ClientID)
	if errors.Is(err, store.ErrNotFound) {
		return r, c, core.ErrNotFound
	}
	return r, c, err
}

// NotifyClient tells the client, if she has a portal account and the
// portal shows r as it now stands, that there is something to read
// (core.NotifyClient). It returns nothing: a notice that cannot be
// queued is not sent.
func (a *Service) NotifyClient(ctx context.Context, r Request) {
	a.core.NotifyClient(ctx, r.ID)
}

// NotifyStaff tells the leads and the client's counsellor that something
// happened on r, by the outbox purpose (core.NotifyStaff). It returns
// nothing: a notice that cannot be queued is not sent.
func (a *Service) NotifyStaff(ctx context.Context, r Request, purpose string) {
	a.core.NotifyStaff(ctx, r.ID, purpose)
}
