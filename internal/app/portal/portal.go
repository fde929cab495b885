package portal

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
	"confidant/internal/app/disclosure"
	"confidant/internal/audit"
	"confidant/internal/emails"
	"confidant/internal/extract"
	"confidant/internal/fault"
	"confidant/internal/password"
	"confidant/internal/request"
	"confidant/internal/secret"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// PortalInviteTTL is how long a portal invitation stays valid.
const PortalInviteTTL = 72 * time.Hour

// SuggestedEmail finds an email address in a client's contact details, to
// prefill the invitation form; "" when there is none, or the details do
// not open. It fails with NotFound when there is no such client or the
// actor may not read her (clients.Service.LoadClient).
func (a *Service) SuggestedEmail(ctx context.Context, actor access.Actor, clientID string) (string, error) {
	c, _, err := a.clients.LoadClient(ctx, actor, clientID)
	if err != nil {
		return "", err
	}
	if len(c.ContactEnc()) == 0 {
		return "", nil
	}
	b, err := a.core.Keys.Decrypt(c.WrappedKey(), c.ContactEnc())
	if err != nil {
		return "", nil
	}
	for _, f := range strings.FieldsFunc(string(b), func(r rune) bool { return r == ' ' || r == '\n' || r == ',' || r == ';' || r == '<' || r == '>' }) {
		if e, ok := core.CleanEmail(f); ok {
			return e, nil
		}
	}
	return "", nil
}

// InviteClient sends a client a single-use, expiring link to set up her
// portal account, voiding every earlier link. The client's counsellor, or a
// lead, may invite. Once she has an account no invitation can replace it
// (ErrHasAccount: staff may only send a password link to the address on
// file). The email names nothing: not the service's purpose, not the
// police, not a request. It fails with NotFound as SuggestedEmail does
// and when the actor is neither her counsellor nor a lead, Invalid (with a
// message on the "email" field) when email is not an email address,
// Invalid (core.ErrBadEmail) when the address cannot be mailed, and
// Conflict (ErrHasAccount) when she has an account already.
func (a *Service) InviteClient(ctx context.Context, actor access.Actor, clientID, email, baseURL string) error {
	c, facts, err := a.clients.LoadClient(ctx, actor, clientID)
	if err != nil {
		return err
	}
	if !access.CanWriteNotes(actor, facts) && !actor.Has(access.Lead) {
		return core.ErrNotFound
	}
	email, ok := core.CleanEmail(email)
	if !ok {
		return fault.InvalidFields(core.FieldErrors{"email": "Enter the client's email address, like name@example.org."})
	}
	enc, err := vault.Encrypt([]byte(email), c.Recipient())
	if err != nil {
		return err
	}
	return a.sendPortalLink(ctx, actor, c, store.InviteNew, email, enc, baseURL)
}

// ErrHasAccount is an invitation refused because the client already has a
// portal account of her own.
var ErrHasAccount = &fault.Error{Code: fault.Conflict, Fields: core.FieldErrors{"email": "This client already has a portal account, and an invitation cannot replace it. You can send her a link to set a new password, to the address she gave for her portal."}}

// sendPortalLink stores a link and queues its email.
func (a *Service) sendPortalLink(ctx context.Context, actor access.Actor, c clients.Client, purpose, email string, emailEnc []byte, baseURL string) error {
	token := secret.Token()
	now := a.core.Now()
	err := a.core.DB.CreateInvite(ctx, store.PortalInvite{TokenHash: core.HashToken(token), ClientID: c.ID, EmailEnc: emailEnc, CreatedBy: actor.UserID,
		CreatedAt: now, ExpiresAt: now.Add(PortalInviteTTL), Purpose: purpose})
	if errors.Is(err, store.ErrHasAccount) {
		return ErrHasAccount
	}
	if errors.Is(err, store.ErrNotFound) {
		return errNoAccount("email")
	}
	if err != nil {
		return err
	}
	link := emails.Link(baseURL, "/portal/invite/"+token)
	m := emails.ClientInvitation(link, PortalInviteTTL)
	if purpose == store.InviteReset {
		m = emails.ClientPasswordReset(link, PortalInviteTTL)
	}
	return a.core.QueueMail(ctx, email, m.Subject, m.Text, "portal."+purpose, c.ID)
}

// SendPortalReset sends a client a link to choose a new password, to the
// address on her portal account (never another): her account stays hers.
// It fails with NotFound as InviteClient does, Conflict (with a message on
// the "email" field) when she has no account yet, and Invalid
// (core.ErrBadEmail) when her address cannot be mailed.
func (a *Service) SendPortalReset(ctx context.Context, actor access.Actor, clientID, baseURL string) error {
	c, facts, err := a.clients.LoadClient(ctx, actor, clientID)
	if err != nil {
		return err
	}
	if !access.CanWriteNotes(actor, facts) && !actor.Has(access.Lead) {
		return core.ErrNotFound
	}
	acc, err := a.core.DB.PortalAccountByClient(ctx, c.ID)
	if errors.Is(err, store.ErrNotFound) {
		return errNoAccount("email")
	}
	if err != nil {
		return err
	}
	email, err := a.core.Keys.Decrypt(c.WrappedKey(), acc.EmailEnc)
	if err != nil {
		return err
	}
	return a.sendPortalLink(ctx, actor, c, store.InviteReset, string(email), acc.EmailEnc, baseURL)
}

// ClientAccount is what staff may know of a client's portal account:
// whether she has one, and whether a change of its address waits for a
// second lead, proposed by whom. Never the address.
type ClientAccount struct {
	Exists           bool
	PendingChange    bool
	ChangeProposedBy string // the lead who proposed the pending change
}

// MayDecideChange reports whether actor may approve or refuse the pending
// change of address: a lead other than the one who proposed it. It
// cannot fail.
func (c ClientAccount) MayDecideChange(actor access.Actor) bool {
	return c.PendingChange && actor.Has(access.Lead) && c.ChangeProposedBy != actor.UserID
}

// AccountOf tells staff whether a client has a portal account (not
// its address). It fails with NotFound as InviteClient does.
func (a *Service) AccountOf(ctx context.Context, actor access.Actor, clientID string) (ClientAccount, error) {
	c, facts, err := a.clients.LoadClient(ctx, actor, clientID)
	if err != nil {
		return ClientAccount{}, err
	}
	if !access.CanWriteNotes(actor, facts) && !actor.Has(access.Lead) {
		return ClientAccount{}, core.ErrNotFound
	}
	var st ClientAccount
	if _, err := a.core.DB.PortalAccountByClient(ctx, c.ID); err == nil {
		st.Exists = true
	} else if !errors.Is(err, store.ErrNotFound) {
		return st, err
	}
	if ch, err := a.core.DB.PendingEmailChange(ctx, c.ID); err == nil {
		st.PendingChange, st.ChangeProposedBy = true, ch.RequestedBy
	}
	return st, nil
}

// ChangePortalEmail changes a client's portal address, a lead's act. Where
// another active lead exists, it waits for their approval; either way the
// old address is told when the change is made. It fails with NotFound as
// SuggestedEmail does and when the actor is not a lead, Conflict (with a
// message on the "new_email" field) when she has no account yet, and
// Invalid (with a message on the "new_email" field) when email is not an
// email address or, applied at once, is another account's.
func (a *Service) ChangePortalEmail(ctx context.Context, actor access.Actor, clientID, email string) (applied bool, err error) {
	c, _, err := a.clients.LoadClient(ctx, actor, clientID)
	if err != nil {
		return false, err
	}
	if !actor.Has(access.Lead) {
		return false, core.ErrNotFound
	}
	if _, err := a.core.DB.PortalAccountByClient(ctx, c.ID); errors.Is(err, store.ErrNotFound) {
		return false, errNoAccount("new_email")
	} else if err != nil {
		return false, err
	}
	email, ok := core.CleanEmail(email)
	if !ok {
		return false, fault.InvalidFields(core.FieldErrors{"new_email": "Enter the new email address, like name@example.org."})
	}
	enc, err := vault.Encrypt([]byte(email), c.Recipient())
	if err != nil {
		return false, err
	}
	leads, err := a.core.ActiveLeads(ctx)
	if err != nil {
		return false, err
	}
	if leads >= 2 {
		if err := a.core.DB.ProposeEmailChange(ctx, &store.PortalEmailChange{ClientID: c.ID, EmailEnc: enc, RequestedBy: actor.UserID}); err != nil {
			return false, err
		}
		a.core.NotifyLeadsOfClient(ctx, c.ID, "portal.email_new")
		return false, nil
	}
	return true, a.applyEmailChange(ctx, actor, c, enc)
}

// DecideEmailChange is the second lead's approval or refusal of a change
// of a client's portal address; the lead who proposed it cannot decide. It
// fails with NotFound as SuggestedEmail does and when the actor is not a
// lead, Conflict (with a message on the "new_email" field) when no change
// is waiting, the actor proposed it, or another lead decided it meanwhile,
// and Invalid (with a message on the "new_email" field) when, approved, the
// address is another account's by now.
func (a *Service) DecideEmailChange(ctx context.Context, actor access.Actor, clientID string, approve bool) error {
	c, _, err := a.clients.LoadClient(ctx, actor, clientID)
	if err != nil {
		return err
	}
	if !actor.Has(access.Lead) {
		return core.ErrNotFound
	}
	ch, err := a.core.DB.PendingEmailChange(ctx, c.ID)
	if errors.Is(err, store.ErrNotFound) {
		return refused("new_email", "No change of address is waiting.")
	}
	if err != nil {
		return err
	}
	if ch.RequestedBy == actor.UserID {
		return refused("new_email", "You proposed this change: another safeguarding lead must approve it.")
	}
	outcome := "refused"
	if approve {
		outcome = "approved"
	}
	if err := a.core.DB.DecideEmailChange(ctx, ch.ID, actor.UserID, outcome); errors.Is(err, store.ErrStale) {
		return refused("new_email", "The change was decided by someone else meanwhile. Reload and check.")
	} else if err != nil {
		return err
	}
	_ = a.core.DB.Audit(ctx, store.Event{Type: audit.PortalEmailPrefix + outcome, ActorID: actor.UserID, Subject: c.ID})
	if !approve {
		return nil
	}
	return a.applyEmailChange(ctx, actor, c, ch.EmailEnc)
}

func (a *Service) applyEmailChange(ctx context.Context, actor access.Actor, c clients.Client, enc []byte) error {
	acc, err := a.core.DB.PortalAccountByClient(ctx, c.ID)
	if err != nil {
		return err
	}
	old, err := a.core.Keys.Decrypt(c.WrappedKey(), acc.EmailEnc)
	if err != nil {
		return err
	}
	email, err := a.core.Keys.Decrypt(c.WrappedKey(), enc)
	if err != nil {
		return err
	}
	eh, err := a.core.EmailHash(ctx, string(email))
	if err != nil {
		return err
	}
	if err := a.core.DB.ChangePortalEmail(ctx, c.ID, eh, enc, actor.UserID); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return fault.InvalidFields(core.FieldErrors{"new_email": "That address is already used by another account."})
		}
		return err
	}
	// She is told at the old address, so that a change she did not ask
	// for does not pass unseen.
	m := emails.ClientAddressChanged()
	_ = a.core.QueueMail(ctx, string(old), m.Subject, m.Text, "portal.email.changed", c.ID)
	return nil
}

// ErrInviteInvalid covers an unknown, used, voided or expired link alike.
var ErrInviteInvalid = fault.New(fault.NotFound, "This link has expired or has already been used; ask your counsellor for a new one.")

// InviteValid reports whether a link can still be used, and whether it
// sets up a new account (false: it resets a password). It checks no
// actor: the link is the credential. It fails with NotFound
// (ErrInviteInvalid) for any link that cannot be used, and when the link
// cannot be read (whatever the reason, a busy database included).
func (a *Service) InviteValid(ctx context.Context, token string) (newAccount bool, err error) {
	inv, err := a.core.DB.InviteByTokenHash(ctx, core.HashToken(token))
	if err != nil || !inv.Usable(a.core.Now()) {
		return false, ErrInviteInvalid
	}
	return inv.Purpose == store.InviteNew, nil
}

// AcceptInvite sets the client's password and uses up the link. An
// invitation makes a new account and never replaces hers; a reset link
// sets a new password on her own account and keeps her address. It
// checks no actor: the link is the credential. It fails with NotFound
// (ErrInviteInvalid) as InviteValid does and when the link is used up
// meanwhile or her record is gone, Invalid (with a message on the
// "password" or "confirm" field) when the password is not strong enough or
// the two differ, Conflict (with a message on the "password" field) when
// her address is another account's, and Unavailable (core.ErrBusy) when
// the password cannot be hashed for load.
func (a *Service) AcceptInvite(ctx context.Context, token, pw, confirm string) (string, error) {
	inv, err := a.core.DB.InviteByTokenHash(ctx, core.HashToken(token))
	if err != nil || !inv.Usable(a.core.Now()) {
		return "", ErrInviteInvalid
	}
	if err := password.Check(pw); err != nil {
		return "", fault.InvalidFields(core.FieldErrors{"password": "Your password is not strong enough: " + err.Error() + "."})
	}
	if pw != confirm {
		return "", fault.InvalidFields(core.FieldErrors{"confirm": "The two passwords are different. Type the same password twice."})
	}
	c, err := a.core.DB.ClientByID(ctx, inv.ClientID)
	if err != nil {
		return "", ErrInviteInvalid
	}
	email, err := a.core.Keys.Decrypt(c.WrappedKey, inv.EmailEnc)
	if err != nil {
		return "", err
	}
	eh, err := a.core.EmailHash(ctx, string(email))
	if err != nil {
		return "", err
	}
	h, err := a.core.HashPassword(ctx, pw)
	if err != nil {
		return "", err
	}
	id, err := a.core.DB.AcceptInvite(ctx, inv.TokenHash, store.PortalAccount{ClientID: c.ID, EmailHash: eh, EmailEnc: inv.EmailEnc, PasswordHash: h})
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrHasAccount):
		return "", ErrInviteInvalid
	case errors.Is(err, store.ErrConflict):
		return "", refused("password", "This email address is already used by another account. Ask your counsellor for help.")
	}
	return id, err
}

// portalCheck checks a client's email and password, spending the same work
// whether or not the account exists. Callers go through PortalAuthenticate,
// which throttles it.
func (a *Service) portalCheck(ctx context.Context, email, pw string) (store.PortalAccount, error) {
	eh, err := a.core.EmailHash(ctx, email)
	if err != nil {
		return store.PortalAccount{}, err
	}
	acc, err := a.core.DB.PortalAccountByEmailHash(ctx, eh)
	if errors.Is(err, store.ErrNotFound) {
		if _, err := a.core.VerifyPassword(ctx, pw, a.core.DummyHash()); err != nil {
			return acc, err
		}
		return acc, core.ErrBadCredentials
	}
	if err != nil {
		return acc, err
	}
	right, err := a.core.VerifyPassword(ctx, pw, acc.PasswordHash)
	if err != nil {
		return store.PortalAccount{}, err
	}
	if !right || acc.Disabled {
		return store.PortalAccount{}, core.ErrBadCredentials
	}
	if _, err := a.core.DB.ClientByID(ctx, acc.ClientID); err != nil {
		return store.PortalAccount{}, core.ErrBadCredentials // shredded
	}
	return acc, nil
}

// Request is a police request as its client may know it: who asks and
// for what, the step it is at, the current extract (its fingerprint and
// summary; on the request's own page the document itself), her answer to
// it, and what was sent.
type Request struct {
	ID, Reference, Force string
	Requester            string // the officer asking: rank and name
	InformationSought    string
	Topic                string
	ReceivedOn           string // YYYY-MM-DD
	Status               request.Status
	Compulsory           bool // a court's order: she is told, not asked
	HasExtract           bool
	ExtractSHA256        string
	ExtractSummary       string
	Extract              *extract.Document // what the officer would get; only from RequestDetail
	Decision             string            // agree, refuse, talk, withdraw or ""
	DecisionForCurrent   bool              // her decision was on the current extract
	Sent                 []disclosure.Sending
}

// CanDecide reports whether she may answer on the current extract now
// (Decide holds each answer to its own steps). It cannot fail.
func (r Request) CanDecide() bool {
	st := r.Status
	return !r.Compulsory && r.HasExtract && (st == request.StatusExtractDrafted || st == request.StatusClientConsented || st == request.StatusLeadApproved)
}

// CanWithdraw reports whether she may take back her agreement: she agreed
// to the current extract and it has not gone. It cannot fail.
func (r Request) CanWithdraw() bool {
	st := r.Status
	return !r.Compulsory && r.Decision == "agree" && r.DecisionForCurrent && (st == request.StatusClientConsented || st == request.StatusLeadApproved)
}

// loadPortalRequest fetches a request the client may see: NotFound when
// there is no such request or client or her portal does not show it, and
// any other failed read as it is.
func (a *Service) loadPortalRequest(ctx context.Context, acc core.PortalAccount, id string) (store.Request, store.Client, *vault.Identity, error) {
	if !store.ValidID(id) {
		return store.Request{}, store.Client{}, nil, core.ErrNotFound
	}
	r, err := a.core.DB.RequestByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Request{}, store.Client{}, nil, core.ErrNotFound
	}
	if err != nil {
		return store.Request{}, store.Client{}, nil, err
	}
	if r.ClientID != acc.ClientID || !store.PortalVisible(r) {
		return store.Request{}, store.Client{}, nil, core.ErrNotFound
	}
	c, err := a.core.DB.ClientByID(ctx, r.ClientID)
	if errors.Is(err, store.ErrNotFound) {
		return r, c, nil, core.ErrNotFound
	}
	if err != nil {
		return r, c, nil, err
	}
	cid, err := a.core.Keys.ClientIdentity(c.WrappedKey)
	return r, c, cid, err
}

// Requests lists every request the client may see, with details. It fails
// with NotFound only when a listed request is gone or hidden meanwhile;
// any other failed read is passed on (Unavailable for a busy database).
func (a *Service) Requests(ctx context.Context, acc core.PortalAccount) ([]Request, error) {
	rs, err := a.core.DB.RequestsForPortal(ctx, acc.ClientID)
	if err != nil {
		return nil, err
	}
	out := make([]Request, 0, len(rs))
	for _, r := range rs {
		p, err := a.portalRequest(ctx, acc, r.ID, false)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// RequestDetail is one request for the client, with the exact
// extract that would be sent. It fails with NotFound when id is not a
// request her portal shows her; any other failed read is passed on
// (Unavailable for a busy database).
func (a *Service) RequestDetail(ctx context.Context, acc core.PortalAccount, id string) (Request, error) {
	return a.portalRequest(ctx, acc, id, true)
}

// portalRequest gathers a request for the client; the extract's text (a
// decryption) only when the page shows it.
func (a *Service) portalRequest(ctx context.Context, acc core.PortalAccount, id string, withText bool) (Request, error) {
	r, _, cid, err := a.loadPortalRequest(ctx, acc, id)
	if err != nil {
		return Request{}, err
	}
	var rec request.Record
	if raw, err := cid.Decrypt(r.RecordEnc); err == nil {
		_ = json.Unmarshal(raw, &rec)
	}
	p := Request{ID: r.ID, Reference: r.Reference, Force: r.Force, ReceivedOn: r.ReceivedOn, Status: r.Status, Compulsory: request.Kind(r.Kind).IsCompulsory(),
		Requester: strings.TrimSpace(rec.Requester.Rank + " " + rec.Requester.Name), InformationSought: rec.InformationSought, Topic: rec.Topic}
	if x, err := a.core.DB.LatestExtract(ctx, r.ID); err == nil {
		p.HasExtract, p.ExtractSHA256, p.ExtractSummary = true, x.SHA256, x.Summary
		if withText {
			raw, err := cid.Decrypt(x.ObjectEnc)
			if err != nil {
				return p, err
			}
			doc, err := extract.Reopen(raw, a.core.ProviderName(ctx))
			if err != nil {
				return p, err
			}
			p.Extract = &doc
		}
	}
	if cons, err := a.core.DB.LatestConsent(ctx, r.ID); err == nil {
		p.Decision = cons.Decision
		p.DecisionForCurrent = cons.ExtractSHA256 == p.ExtractSHA256
	}
	p.Sent, err = a.disclosure.Sendings(ctx, acc, r.ID)
	return p, err
}

// ExtractPDF is the very PDF of the current extract, for the client
// to open: the bytes whose SHA-256 she agrees to, and that are sent; her
// opening it is recorded. It fails with NotFound as RequestDetail does and
// when there is no extract (or it cannot be read).
func (a *Service) ExtractPDF(ctx context.Context, acc core.PortalAccount, requestID string) ([]byte, string, error) {
	r, _, cid, err := a.loadPortalRequest(ctx, acc, requestID)
	if err != nil {
		return nil, "", err
	}
	latest, err := a.core.DB.LatestExtract(ctx, r.ID)
	if err != nil {
		return nil, "", core.ErrNotFound
	}
	x, err := a.core.DB.ExtractByVersion(ctx, r.ID, latest.Version)
	if err != nil {
		return nil, "", err
	}
	pdf, err := cid.Decrypt(x.PDFEnc)
	if err != nil {
		return nil, "", err
	}
	_ = a.core.DB.Audit(ctx, store.Event{Type: audit.PortalExtractPDF, ActorID: "client:" + acc.ID, Subject: r.ID, Detail: "sha256=" + x.SHA256})
	return pdf, "extract-" + r.Reference + ".pdf", nil
}

// ErrExtractChanged is returned when the client decided on an extract that
// is no longer the current one.
var ErrExtractChanged = fault.New(fault.Conflict, "What would be shared has changed since you opened this page. Please read it again before you decide.")

// Decisions a client can make.
var decisions = map[string]bool{"agree": true, "refuse": true, "talk": true, "withdraw": true}

// Decide records the client's decision on the current extract (bound to its
// hash) and moves the request: agreeing records consent; refusing stops
// it; withdrawing takes consent back until the moment it is sent. It
// fails with NotFound as RequestDetail does, for a court process (she is
// told, not asked) and when there is no extract (or it cannot be read),
// Invalid (with a message on the "decision" or "message" field) when the
// answer is not one of hers or the message is over 5,000 characters,
// Conflict (ErrExtractChanged) when sha is not the current extract's, and
// Conflict (with a message on the "decision" field) when the request's
// stage does not take that answer or it moved while she was reading.
func (a *Service) Decide(ctx context.Context, acc core.PortalAccount, requestID, decision, sha, message string) error {
	if !decisions[decision] {
		return fault.InvalidFields(core.FieldErrors{"decision": "Choose what you want us to do."})
	}
	r, c, _, err := a.loadPortalRequest(ctx, acc, requestID)
	if err != nil {
		return err
	}
	if request.Kind(r.Kind).IsCompulsory() {
		return core.ErrNotFound
	}
	x, err := a.core.DB.LatestExtract(ctx, r.ID)
	if err != nil {
		return core.ErrNotFound
	}
	if sha != x.SHA256 {
		return ErrExtractChanged
	}
	message = strings.TrimSpace(message)
	if len(message) > 5000 {
		return fault.InvalidFields(core.FieldErrors{"message": "Please keep your message shorter (under 5,000 letters)."})
	}
	st := r.Status
	var to request.Status
	switch decision {
	case "agree":
		if st != request.StatusExtractDrafted {
			return refused("decision", "You cannot agree at this stage.")
		}
		to = request.StatusClientConsented
	case "refuse":
		if st != request.StatusExtractDrafted && st != request.StatusClientConsented && st != request.StatusLeadApproved {
			return refused("decision", "It is too late to change this now.")
		}
		to = request.StatusRefused
	case "withdraw":
		if st != request.StatusClientConsented && st != request.StatusLeadApproved {
			return refused("decision", "There is nothing to take back: it has been sent, or you have not agreed.")
		}
		to = request.StatusExtractDrafted
	case "talk":
		if !st.Open() || st == request.StatusSent {
			return refused("decision", "It is too late to change this now.")
		}
	}
	var msgEnc []byte
	if message != "" {
		if msgEnc, err = vault.Encrypt([]byte(message), c.Recipient); err != nil {
			return err
		}
	}
	err = a.core.DB.RecordConsent(ctx, &store.Consent{RequestID: r.ID, ExtractSHA256: x.SHA256, Decision: decision, MessageEnc: msgEnc}, acc.ID, st, to)
	if errors.Is(err, store.ErrStale) {
		return refused("decision", "Something changed while you were reading. Please look again and decide.")
	}
	if err != nil {
		return err
	}
	a.core.NotifyStaff(ctx, r.ID, "request.consent")
	return nil
}
