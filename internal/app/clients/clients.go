package clients

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/casefile"
	"confidant/internal/fault"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// Client is a client's record as the other services use it: whose
// caseload she is on and her reference, with her key material and
// ciphertext behind methods (it is never decrypted here).
type Client struct {
	ID           string
	CounsellorID string
	Reference    string
	recipient    string
	wrappedKey   []byte
	contactEnc   []byte
}

func clientOf(c store.Client) Client {
	return Client{ID: c.ID, CounsellorID: c.CounsellorID, Reference: c.Reference, recipient: c.Recipient, wrappedKey: c.WrappedKey, contactEnc: c.ContactEnc}
}

// Recipient is the client's public key: what is written about her is
// encrypted to it. It cannot fail.
func (c Client) Recipient() string { return c.recipient }

// WrappedKey is the client's identity wrapped to the vault, for the
// keyring to open. It cannot fail.
func (c Client) WrappedKey() []byte { return c.wrappedKey }

// ContactEnc is her contact details as ciphertext to her recipient (nil
// when none were given). It cannot fail.
func (c Client) ContactEnc() []byte { return c.contactEnc }

// ListClients decrypts the counsellor's caseload and filters it by name in
// memory: names are ciphertext in the database, so there is nothing to
// search there. A name that cannot be decrypted is "". An actor who keeps
// no clients gets an empty list, not an error. It has no failure of its
// own.
func (a *Service) ListClients(ctx context.Context, actor access.Actor, query string) ([]casefile.Client, error) {
	if !access.CanKeepClients(actor) {
		return nil, nil
	}
	cs, err := a.core.DB.ClientsByCounsellor(ctx, actor.UserID)
	if err != nil {
		return nil, err
	}
	out := make([]casefile.Client, len(cs))
	core.Parallel(len(cs), func(i int) {
		c := cs[i]
		out[i] = casefile.Client{ID: c.ID, Reference: c.Reference, LastSessionOn: c.LastSessionOn}
		if b, err := a.core.Keys.Decrypt(c.WrappedKey, c.NameEnc); err == nil {
			out[i].Name = string(b)
		}
	})
	q := strings.ToLower(strings.TrimSpace(query))
	if q != "" {
		kept := out[:0]
		for _, c := range out {
			if strings.Contains(strings.ToLower(c.Name), q) || strings.Contains(strings.ToLower(c.Reference), q) {
				kept = append(kept, c)
			}
		}
		out = kept
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, nil
}

// CreateClient adds a client to the counsellor's caseload with a new client
// identity; the name and contact details are encrypted to it. It fails
// with NotFound when the actor keeps no clients, and Invalid (with a
// message on the "name" or "contact" field) when the name is missing or
// not a name, or the contact details are too long or not text.
func (a *Service) CreateClient(ctx context.Context, actor access.Actor, name, contact string) (string, error) {
	if !access.CanKeepClients(actor) {
		return "", core.ErrNotFound
	}
	name, err := casefile.CleanName(name)
	if err != nil {
		return "", err
	}
	contact, err = casefile.CleanContact(contact)
	if err != nil {
		return "", err
	}
	rcp, wrapped, err := a.core.Keys.NewClientKey()
	if err != nil {
		return "", err
	}
	nameEnc, err := vault.Encrypt([]byte(name), rcp)
	if err != nil {
		return "", err
	}
	var contactEnc []byte
	if contact != "" {
		if contactEnc, err = vault.Encrypt([]byte(contact), rcp); err != nil {
			return "", err
		}
	}
	c := store.Client{CounsellorID: actor.UserID, Recipient: rcp, WrappedKey: wrapped, NameEnc: nameEnc, ContactEnc: contactEnc}
	if err := a.core.DB.CreateClient(ctx, &c, actor.UserID); err != nil {
		return "", err
	}
	return c.ID, nil
}

// LoadClient fetches a client the actor may read, with the facts access
// decisions about her rest on. It fails with NotFound when id is not an
// id, there is no such client, or the actor may not read her (neither her
// counsellor nor a lead while a request about her is live).
func (a *Service) LoadClient(ctx context.Context, actor access.Actor, id string) (Client, access.ClientFacts, error) {
	c, facts, err := a.loadClient(ctx, actor, id)
	if err != nil {
		return Client{}, facts, err
	}
	return clientOf(c), facts, nil
}

// loadClient is LoadClient's row, for this service's own use.
func (a *Service) loadClient(ctx context.Context, actor access.Actor, id string) (store.Client, access.ClientFacts, error) {
	if !store.ValidID(id) {
		return store.Client{}, access.ClientFacts{}, core.ErrNotFound
	}
	c, err := a.core.DB.ClientByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return c, access.ClientFacts{}, core.ErrNotFound
	}
	if err != nil {
		return c, access.ClientFacts{}, err
	}
	facts := access.ClientFacts{CounsellorID: c.CounsellorID}
	if actor.Has(access.Lead) && c.CounsellorID != actor.UserID {
		if facts.OpenRequest, err = a.core.DB.HasLiveRequest(ctx, c.ID); err != nil {
			return c, facts, err
		}
	}
	if !access.CanReadClient(actor, facts) {
		return store.Client{}, facts, core.ErrNotFound
	}
	return c, facts, nil
}

// Client returns a client the actor may read, decrypted (a name or
// contact that cannot be decrypted is ""), and the facts that say what
// the actor may do with her case file. It fails with NotFound as
// LoadClient does.
func (a *Service) Client(ctx context.Context, actor access.Actor, id string) (casefile.Client, access.ClientFacts, error) {
	c, facts, err := a.loadClient(ctx, actor, id)
	if err != nil {
		return casefile.Client{}, facts, err
	}
	cid, err := a.core.Keys.ClientIdentity(c.WrappedKey)
	if err != nil {
		return casefile.Client{}, facts, err
	}
	out := casefile.Client{ID: c.ID, Reference: c.Reference, LastSessionOn: c.LastSessionOn}
	if b, err := cid.Decrypt(c.NameEnc); err == nil {
		out.Name = string(b)
	}
	if len(c.ContactEnc) > 0 {
		if b, err := cid.Decrypt(c.ContactEnc); err == nil {
			out.Contact = string(b)
		}
	}
	return out, facts, nil
}

// Notes returns limit notes of a client's case file from offset, newest
// session first, and how many notes she has in all, and records a read
// of the notes others wrote. It fails with NotFound as LoadClient does.
func (a *Service) Notes(ctx context.Context, actor access.Actor, clientID string, limit, offset int) ([]casefile.Note, int, error) {
	c, _, err := a.loadClient(ctx, actor, clientID)
	if err != nil {
		return nil, 0, err
	}
	cid, err := a.core.Keys.ClientIdentity(c.WrappedKey)
	if err != nil {
		return nil, 0, err
	}
	total, err := a.core.DB.CountNotes(ctx, c.ID)
	if err != nil {
		return nil, 0, err
	}
	ns, err := a.core.DB.NotesByClient(ctx, c.ID, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	out, err := a.decryptNotes(ctx, actor, cid, c.ID, ns, "")
	return out, total, err
}

// decryptNotes opens notes and their addenda on every core, and records in
// the audit log that the actor read the notes others wrote: one entry for
// the whole page, naming the client, the number of notes and each note's
// id, and the request they were read for (requestID, "" for none).
func (a *Service) decryptNotes(ctx context.Context, actor access.Actor, cid *vault.Identity, clientID string, ns []store.Note, requestID string) ([]casefile.Note, error) {
	ids := make([]string, len(ns))
	for i, n := range ns {
		ids[i] = n.ID
	}
	adds, err := a.core.DB.AddendaByNotes(ctx, ids)
	if err != nil {
		return nil, err
	}
	views := make([]casefile.Note, len(ns))
	names := nameOrNone(a.core.StaffNames(ctx))
	core.Parallel(len(ns), func(i int) {
		n := ns[i]
		v := casefile.Note{ID: n.ID, SessionDate: n.SessionDate, Status: n.Status, AuthorID: n.AuthorID, CreatedAt: n.CreatedAt, SignedAt: n.SignedAt}
		if b, err := cid.Decrypt(n.BodyEnc); err == nil {
			v.Body = string(b)
		} else {
			v.Unreadable = true
		}
		views[i] = v
	})
	index := map[string]int{}
	for i, v := range views {
		index[v.ID] = i
		views[i].AuthorName = names(v.AuthorID)
	}
	for _, ad := range adds {
		av := casefile.Addendum{AuthorID: ad.AuthorID, AuthorName: names(ad.AuthorID), CreatedAt: ad.CreatedAt}
		if b, err := cid.Decrypt(ad.BodyEnc); err == nil {
			av.Body = string(b)
		}
		i := index[ad.NoteID]
		views[i].Addenda = append(views[i].Addenda, av)
	}
	var read []string
	for _, v := range views {
		if v.AuthorID != actor.UserID {
			read = append(read, v.ID)
		}
	}
	if len(read) > 0 {
		detail := fmt.Sprintf("notes=%d ids=%s", len(read), strings.Join(read, ","))
		if requestID != "" {
			detail += " request=" + requestID
		}
		if err := a.core.DB.Audit(ctx, store.Event{Type: audit.NoteRead, ActorID: actor.UserID, Subject: clientID, Detail: detail}); err != nil {
			return nil, err
		}
	}
	return views, nil
}

// AddNote saves a draft note for the actor's client. When it returns nil
// the note is durably on disk. It fails with NotFound as LoadClient does
// and when the actor is not her counsellor, and Invalid (with a message on
// the "session_date" or "body" field) when the date is missing, malformed,
// in the future or too far back, or the note is empty, too long or not
// text.
func (a *Service) AddNote(ctx context.Context, actor access.Actor, clientID, sessionDate, body string) (string, error) {
	c, facts, err := a.loadClient(ctx, actor, clientID)
	if err != nil {
		return "", err
	}
	if !access.CanWriteNotes(actor, facts) {
		return "", core.ErrNotFound
	}
	date, err := casefile.ParseSessionDate(sessionDate, a.core.Now())
	if err != nil {
		return "", err
	}
	body, err = casefile.CleanBody(body)
	if err != nil {
		return "", err
	}
	enc, err := vault.Encrypt([]byte(body), c.Recipient)
	if err != nil {
		return "", err
	}
	n := store.Note{ClientID: c.ID, AuthorID: actor.UserID, SessionDate: date, BodyEnc: enc, Status: casefile.Draft}
	if err := a.core.DB.CreateNote(ctx, &n); err != nil {
		return "", err
	}
	return n.ID, nil
}

// loadNote fetches a note of a client the actor may write to.
func (a *Service) loadNote(ctx context.Context, actor access.Actor, clientID, noteID string) (store.Client, store.Note, access.ClientFacts, error) {
	c, facts, err := a.loadClient(ctx, actor, clientID)
	if err != nil {
		return c, store.Note{}, facts, err
	}
	if !store.ValidID(noteID) {
		return c, store.Note{}, facts, core.ErrNotFound
	}
	n, err := a.core.DB.NoteByID(ctx, noteID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && n.ClientID != c.ID) {
		return c, n, facts, core.ErrNotFound
	}
	return c, n, facts, err
}

// Note returns one decrypted note for editing. It fails with NotFound as LoadClient does, and when the note is not one of hers or the
// actor is not its author and her counsellor.
func (a *Service) Note(ctx context.Context, actor access.Actor, clientID, noteID string) (casefile.Note, error) {
	c, n, facts, err := a.loadNote(ctx, actor, clientID, noteID)
	if err != nil {
		return casefile.Note{}, err
	}
	if !access.CanEditNote(actor, facts, n.AuthorID) {
		return casefile.Note{}, core.ErrNotFound
	}
	cid, err := a.core.Keys.ClientIdentity(c.WrappedKey)
	if err != nil {
		return casefile.Note{}, err
	}
	vs, err := a.decryptNotes(ctx, actor, cid, c.ID, []store.Note{n}, "")
	if err != nil {
		return casefile.Note{}, err
	}
	return vs[0], nil
}

// UpdateDraft changes a draft note's date and body. It fails with NotFound
// as Note does, Conflict (ErrNoteInExtract) when the note is in an extract
// with the client, approved or sent, Invalid as AddNote does, and Conflict
// (store.ErrSigned) when the note is signed.
func (a *Service) UpdateDraft(ctx context.Context, actor access.Actor, clientID, noteID, sessionDate, body string) error {
	c, n, facts, err := a.loadNote(ctx, actor, clientID, noteID)
	if err != nil {
		return err
	}
	if !access.CanEditNote(actor, facts, n.AuthorID) {
		return core.ErrNotFound
	}
	if locked, err := a.core.DB.NoteInActiveExtract(ctx, n.ID); err != nil {
		return err
	} else if locked {
		return ErrNoteInExtract
	}
	date, err := casefile.ParseSessionDate(sessionDate, a.core.Now())
	if err != nil {
		return err
	}
	body, err = casefile.CleanBody(body)
	if err != nil {
		return err
	}
	enc, err := vault.Encrypt([]byte(body), c.Recipient)
	if err != nil {
		return err
	}
	return a.core.DB.UpdateDraft(ctx, n.ID, actor.UserID, date, enc)
}

// SignNote makes a draft immutable. It fails with NotFound as Note does,
// and Conflict (store.ErrSigned) when the note is signed already.
func (a *Service) SignNote(ctx context.Context, actor access.Actor, clientID, noteID string) error {
	_, n, facts, err := a.loadNote(ctx, actor, clientID, noteID)
	if err != nil {
		return err
	}
	if !access.CanEditNote(actor, facts, n.AuthorID) {
		return core.ErrNotFound
	}
	return a.core.DB.SignNote(ctx, n.ID, actor.UserID)
}

// AddAddendum attaches a correction to a signed note. It fails with
// NotFound as LoadClient does, and when the note is not one of hers or the
// actor is not her counsellor, Conflict (ErrNoteInExtract) when the note is
// in an extract with the client, approved or sent, Invalid (with a message
// on the "body" field) when the addendum is empty, too long or not text,
// and Conflict (store.ErrNotSigned) when the note is still a draft.
func (a *Service) AddAddendum(ctx context.Context, actor access.Actor, clientID, noteID, body string) error {
	c, n, facts, err := a.loadNote(ctx, actor, clientID, noteID)
	if err != nil {
		return err
	}
	if !access.CanWriteNotes(actor, facts) {
		return core.ErrNotFound
	}
	if locked, err := a.core.DB.NoteInActiveExtract(ctx, n.ID); err != nil {
		return err
	} else if locked {
		return ErrNoteInExtract
	}
	body, err = casefile.CleanBody(body)
	if err != nil {
		return err
	}
	enc, err := vault.Encrypt([]byte(body), c.Recipient)
	if err != nil {
		return err
	}
	return a.core.DB.CreateAddendum(ctx, &store.Addendum{NoteID: n.ID, AuthorID: actor.UserID, BodyEnc: enc})
}

// ErrNoteInExtract refuses a change to a note that is inside an extract
// awaiting the client's consent, approved or sent: what she agreed to must
// stay what the record says.
var ErrNoteInExtract = &fault.Error{Code: fault.Conflict, Fields: core.FieldErrors{"body": "This note is part of an extract that is with the client, approved or sent, so it cannot be changed now. Talk to the safeguarding lead."}}

// History decrypts every note of a client in a period, oldest first, on
// every core (an extract reads a whole history at once), and records a
// read of the notes others wrote. It fails with NotFound as LoadClient
// does.
func (a *Service) History(ctx context.Context, actor access.Actor, clientID, from, to string) ([]casefile.Note, error) {
	return a.HistoryFor(ctx, actor, clientID, from, to, "")
}

// HistoryFor is History, recording the request the notes are read for.
// It fails with NotFound as LoadClient does.
func (a *Service) HistoryFor(ctx context.Context, actor access.Actor, clientID, from, to, requestID string) ([]casefile.Note, error) {
	c, _, err := a.loadClient(ctx, actor, clientID)
	if err != nil {
		return nil, err
	}
	cid, err := a.core.Keys.ClientIdentity(c.WrappedKey)
	if err != nil {
		return nil, err
	}
	ns, err := a.core.DB.NotesInPeriod(ctx, c.ID, from, to)
	if err != nil {
		return nil, err
	}
	return a.decryptNotes(ctx, actor, cid, c.ID, ns, requestID)
}
