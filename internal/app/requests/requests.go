package requests

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/request"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// Upload is a file sent with a form.
type Upload struct {
	Name        string
	ContentType string
	Data        []byte
}

// MaxAttachment is the largest original document accepted.
const MaxAttachment = 10 << 20

// allowedAttachment maps the content types accepted for a request's
// original document to the magic bytes that must start it (none for
// plain-text emails).
var allowedAttachment = map[string][]byte{
	"application/pdf": []byte("%PDF-"),
	"image/png":       {0x89, 'P', 'N', 'G'},
	"image/jpeg":      {0xFF, 0xD8, 0xFF},
	"message/rfc822":  nil,
	"text/plain":      nil,
}

// sniffAttachment checks an upload's type against its bytes and returns the
// content type to store.
func sniffAttachment(u *Upload) (string, error) {
	if len(u.Data) == 0 {
		return "", fault.New(fault.Invalid, "the attached file is empty")
	}
	if len(u.Data) > MaxAttachment {
		return "", fmt.Errorf("the attached file is larger than %d MB", MaxAttachment>>20)
	}
	lower := strings.ToLower(u.Name)
	ct := ""
	switch {
	case strings.HasSuffix(lower, ".pdf"):
		ct = "application/pdf"
	case strings.HasSuffix(lower, ".png"):
		ct = "image/png"
	case strings.HasSuffix(lower, ".jpg"), strings.HasSuffix(lower, ".jpeg"):
		ct = "image/jpeg"
	case strings.HasSuffix(lower, ".eml"):
		ct = "message/rfc822"
	case strings.HasSuffix(lower, ".txt"):
		ct = "text/plain"
	default:
		return "", fault.New(fault.Invalid, "attach the request as a PDF, a scan (PNG or JPEG) or an email (.eml or .txt)")
	}
	if magic := allowedAttachment[ct]; magic != nil && !strings.HasPrefix(string(u.Data), string(magic)) {
		return "", fault.New(fault.Invalid, "the file's contents do not match its type; attach the original document")
	}
	return ct, nil
}

// findClient finds the client a police request concerns: by the
// client's reference, or by exact full name (decrypted in memory, as names
// are ciphertext on disk). Only leads may search.
func (a *Service) findClient(ctx context.Context, actor access.Actor, query string) (store.Client, error) {
	if !access.CanHandleRequests(actor) {
		return store.Client{}, core.ErrNotFound
	}
	q := strings.TrimSpace(query)
	if q == "" {
		return store.Client{}, fault.InvalidFields(core.FieldErrors{"client": "Enter the client's reference (from their counsellor) or full name."})
	}
	all, err := a.core.DB.AllClients(ctx)
	if err != nil {
		return store.Client{}, err
	}
	for _, c := range all {
		if strings.EqualFold(c.Reference, q) {
			return c, nil
		}
	}
	matches := make([]bool, len(all))
	core.Parallel(len(all), func(i int) {
		if b, err := a.core.Keys.Decrypt(all[i].WrappedKey, all[i].NameEnc); err == nil {
			matches[i] = strings.EqualFold(strings.Join(strings.Fields(string(b)), " "), strings.Join(strings.Fields(q), " "))
		}
	})
	var found []store.Client
	for i, m := range matches {
		if m {
			found = append(found, all[i])
		}
	}
	switch len(found) {
	case 0:
		return store.Client{}, fault.InvalidFields(core.FieldErrors{"client": "No client has that reference or full name. Check the spelling, or ask the counsellor for the client's reference."})
	case 1:
		return found[0], nil
	}
	return store.Client{}, fault.InvalidFields(core.FieldErrors{"client": "More than one client has that name. Enter the client's reference instead (their counsellor can give it)."})
}

// RecordRequest stores a police request about a client, checks it against
// the law and moves it to the status the verdict leads to. formErrs are
// problems the caller already found in the form; they are reported with
// the rest and stop the request being stored. It fails with NotFound when
// the actor may not handle requests, and Invalid (with field messages, the
// caller's among them) when a field is missing or wrong, the date received
// is in the future, the attached file is empty, of a type not accepted or
// not what its name says, or no client, or more than one, matches the
// client's reference or name. When the request was stored but the move the
// check leads to failed, its id is returned with the error.
func (a *Service) RecordRequest(ctx context.Context, actor access.Actor, clientQuery string, rec request.Record, up *Upload, formErrs core.FieldErrors) (string, request.Verdict, error) {
	if !access.CanHandleRequests(actor) {
		return "", request.Verdict{}, core.ErrNotFound
	}
	errs := core.FieldErrors{}
	for k, m := range formErrs {
		errs[k] = m
	}
	for k, m := range fault.FieldsOf(rec.Validate()) {
		errs[k] = m
	}
	if rec.ReceivedOn == "" {
		errs["received_on"] = "Enter the date the request was received, as YYYY-MM-DD."
	} else if d, err := time.Parse("2006-01-02", rec.ReceivedOn); err == nil && d.After(a.core.Now().AddDate(0, 0, 1)) {
		errs["received_on"] = "The date received cannot be in the future."
	}
	if rec.Kind == "" {
		errs["kind"] = "Choose what kind of request this is."
	}
	var ct string
	if up != nil {
		var err error
		if ct, err = sniffAttachment(up); err != nil {
			errs["attachment"] = err.Error()
		}
	}
	c, err := a.findClient(ctx, actor, clientQuery)
	if fe := fault.FieldsOf(err); fe != nil {
		for k, m := range fe {
			errs[k] = m
		}
	} else if err != nil {
		return "", request.Verdict{}, err
	}
	if len(errs) > 0 {
		return "", request.Verdict{}, fault.InvalidFields(errs)
	}
	v := request.Check(rec, a.core.Policy(ctx))
	raw, err := json.Marshal(rec)
	if err != nil {
		return "", v, err
	}
	enc, err := vault.Encrypt(raw, c.Recipient)
	if err != nil {
		return "", v, err
	}
	codes := make([]request.Code, len(v.Findings))
	for i, f := range v.Findings {
		codes[i] = f.Code
	}
	status := request.StatusAfterCheck(v)
	r := store.Request{
		ClientID: c.ID, Kind: string(rec.Kind), Force: strings.TrimSpace(rec.Force), Status: request.StatusChecked,
		Verdict: string(v.Outcome), SuspectedFraud: v.SuspectedFraud, NotifyClient: v.NotifyClient,
		FindingCodes: codes, ReceivedOn: rec.ReceivedOn,
		PeriodFrom: rec.Period.From, PeriodTo: rec.Period.To, RecordEnc: enc, CreatedBy: actor.UserID,
		// The portal shows a request only once a lead chooses to consult
		// the client; with notice withheld on the serious-harm ground, not
		// even then until a lead lifts the hold.
		ClientVisible: false, HarmHold: !v.NotifyClient,
	}
	var att *store.Attachment
	if up != nil {
		nameEnc, err := vault.Encrypt([]byte(up.Name), c.Recipient)
		if err != nil {
			return "", v, err
		}
		dataEnc, err := vault.Encrypt(up.Data, c.Recipient)
		if err != nil {
			return "", v, err
		}
		att = &store.Attachment{ContentType: ct, Size: int64(len(up.Data)), NameEnc: nameEnc, DataEnc: dataEnc}
	}
	first := request.StatusChecked
	if err := a.core.DB.CreateRequest(ctx, &r, att, first); err != nil {
		return "", v, err
	}
	if status != request.StatusChecked {
		m := store.Move{RequestID: r.ID, From: first, To: status, Action: request.ActCheck, By: request.ActorSystem, ActorID: actor.UserID, Version: r.Version}
		if err := a.core.DB.TransitionRequest(ctx, m); err != nil {
			return r.ID, v, err
		}
	}
	a.core.NotifyStaff(ctx, r.ID, "request.arrived")
	return r.ID, v, nil
}

// Summary is a police request's clear facts: what the store keeps
// unencrypted, and what a lead must chase on it. The dashboard lists
// these; a request's own page starts from one.
type Summary struct {
	ID, Reference  string
	ClientID       string
	ClientRef      string
	Kind           request.Kind
	Force          string
	Status         request.Status
	Verdict        request.Outcome
	SuspectedFraud bool
	ReceivedOn     string // YYYY-MM-DD
	Version        int    // guards a form against a change made meanwhile
	HarmHold       bool   // notice withheld on the serious-harm ground
	ClientVisible  bool   // shown in the client's portal
	FollowUps      []request.FollowUp
}

// summaryOf is a stored request's summary; clientRef is its client's
// reference.
func summaryOf(r store.Request, clientRef string) Summary {
	return Summary{ID: r.ID, Reference: r.Reference, ClientID: r.ClientID, ClientRef: clientRef, Kind: request.Kind(r.Kind),
		Force: r.Force, Status: r.Status, Verdict: request.Outcome(r.Verdict), SuspectedFraud: r.SuspectedFraud,
		ReceivedOn: r.ReceivedOn, Version: r.Version, HarmHold: r.HarmHold, ClientVisible: r.ClientVisible,
		FollowUps: request.DueFollowUps(r.Status, r.FindingCodes)}
}

// Filter chooses the requests the dashboard lists.
type Filter struct {
	Status request.Status // one status; "" for the live ones, or with All for every one
	All    bool
	Sort   string // "received" (oldest first, the default), "received_desc", "status" or "updated"
	Limit  int
	Offset int
}

// Dashboard lists the requests the filter chooses, for leads, with the
// number of them in all (for the pages). It fails with NotFound when the
// actor may not handle requests.
func (a *Service) Dashboard(ctx context.Context, actor access.Actor, filter Filter) ([]Summary, int, error) {
	f := store.RequestFilter{Status: filter.Status, All: filter.All, Sort: filter.Sort, Limit: filter.Limit, Offset: filter.Offset}
	if !access.CanHandleRequests(actor) {
		return nil, 0, core.ErrNotFound
	}
	rs, total, err := a.core.DB.ListRequests(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	refs, err := a.core.DB.ClientReferences(ctx)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Summary, len(rs))
	for i, r := range rs {
		out[i] = summaryOf(r, refs[r.ClientID])
	}
	return out, total, nil
}

// Detail is everything a lead sees on one request: its summary, its
// record and the check of it, decrypted, and what happened to it since.
type Detail struct {
	Request       Summary
	Record        request.Record
	Verdict       request.Verdict
	Transitions   []Transition
	Verifications []Verification
	Views         []Opinion
	Attachment    *Original // nil when none was attached
	Next          []request.Status
	Compulsory    bool
}

// Transition is one status change of a request, with who made it (a
// name, "" when not known) and the note they left, decrypted.
type Transition struct {
	At       time.Time
	From, To request.Status // From is "" for the first
	Actor    string
	Note     string
}

// Verification is a recorded call-back to the force, decrypted; By is the
// caller's name ("" when not known).
type Verification struct {
	CalledOn string // YYYY-MM-DD
	Outcome  string // one of VerificationOutcomes
	Number   string
	Notes    string
	By       string
}

// Opinion is a counsellor's professional view on a request about their
// client, decrypted; By is the counsellor's name ("" when not known).
type Opinion struct {
	By   string
	At   time.Time
	Body string
}

// Original describes a request's original document (not its contents).
type Original struct {
	Name        string
	ContentType string
	Size        int64
}

// Request returns one request for a lead, decrypted, with its verdict. It
// fails with NotFound as LoadRequest does.
func (a *Service) Request(ctx context.Context, actor access.Actor, id string) (Detail, error) {
	r, c, cid, err := a.loadRequest(ctx, actor, id)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Request: summaryOf(r, c.Reference), Compulsory: request.Kind(r.Kind).IsCompulsory()}
	raw, err := cid.Decrypt(r.RecordEnc)
	if err != nil {
		return d, err
	}
	if err := json.Unmarshal(raw, &d.Record); err != nil {
		return d, err
	}
	d.Verdict = request.Check(d.Record, a.core.Policy(ctx))
	names := nameOrNone(a.core.StaffNames(ctx))
	ts, err := a.core.DB.TransitionsByRequest(ctx, r.ID)
	if err != nil {
		return d, err
	}
	for _, t := range ts {
		tv := Transition{At: t.At, From: t.From, To: t.To, Actor: names(t.ActorID)}
		if len(t.NoteEnc) > 0 {
			if b, err := cid.Decrypt(t.NoteEnc); err == nil {
				tv.Note = string(b)
			}
		}
		d.Transitions = append(d.Transitions, tv)
	}
	vs, err := a.core.DB.VerificationsByRequest(ctx, r.ID)
	if err != nil {
		return d, err
	}
	for _, v := range vs {
		vv := Verification{CalledOn: v.CalledOn, Outcome: v.Outcome, By: names(v.CalledBy)}
		if b, err := cid.Decrypt(v.DetailEnc); err == nil {
			var det verificationDetail
			if json.Unmarshal(b, &det) == nil {
				vv.Number, vv.Notes = det.Number, det.Notes
			}
		}
		d.Verifications = append(d.Verifications, vv)
	}
	views, err := a.core.DB.ViewsByRequest(ctx, r.ID)
	if err != nil {
		return d, err
	}
	for _, v := range views {
		vv := Opinion{By: names(v.AuthorID), At: v.CreatedAt}
		if b, err := cid.Decrypt(v.BodyEnc); err == nil {
			vv.Body = string(b)
		}
		d.Views = append(d.Views, vv)
	}
	if att, err := a.core.DB.AttachmentByRequest(ctx, r.ID); err == nil {
		m := &Original{ContentType: att.ContentType, Size: att.Size}
		if b, err := cid.Decrypt(att.NameEnc); err == nil {
			m.Name = string(b)
		}
		d.Attachment = m
	}
	d.Next = request.ManualNext(r.Status, d.Compulsory)
	return d, nil
}

// Attachment returns the decrypted original document and records that it
// was read. It fails with NotFound as LoadRequest does, and when the
// request has no original document.
func (a *Service) Attachment(ctx context.Context, actor access.Actor, id string) (Upload, error) {
	r, _, cid, err := a.loadRequest(ctx, actor, id)
	if err != nil {
		return Upload{}, err
	}
	att, err := a.core.DB.AttachmentByRequest(ctx, r.ID)
	if errors.Is(err, store.ErrNotFound) {
		return Upload{}, core.ErrNotFound
	}
	if err != nil {
		return Upload{}, err
	}
	name, _ := cid.Decrypt(att.NameEnc)
	data, err := cid.Decrypt(att.DataEnc)
	if err != nil {
		return Upload{}, err
	}
	_ = a.core.DB.Audit(ctx, store.Event{Type: audit.RequestAttachmentRead, ActorID: actor.UserID, Subject: r.ID})
	return Upload{Name: string(name), ContentType: att.ContentType, Data: data}, nil
}

// ErrIllegalTransition is a status change the lifecycle forbids.
var ErrIllegalTransition = fault.New(fault.Conflict, "That step is not possible from the request's current status")

// TransitionRequest moves a request on, if the lifecycle allows it and
// nobody else moved it first. It fails with NotFound as LoadRequest does,
// Invalid (with a message on the "to" field) when to is not a step of the
// status menu (consent, approval, sending and consulting have their own
// forms), Conflict (ErrIllegalTransition) when the lifecycle does not allow
// the step from the request's status, Conflict (with a message on the "to"
// field) when marking it verified with no call-back that confirmed it, and
// Conflict (app.ErrStale) when someone else changed the request since
// version.
func (a *Service) TransitionRequest(ctx context.Context, actor access.Actor, id string, version int, to request.Status, note string) error {
	r, c, _, err := a.loadRequest(ctx, actor, id)
	if err != nil {
		return err
	}
	act, ok := request.ManualAction(to)
	if !ok {
		// Consent is the client's alone; approving, sending and consulting
		// have their own forms with their own checks.
		return fault.InvalidFields(core.FieldErrors{"to": "That step is not a choice on this menu. Consent comes only from the client; approval, sending and consulting the client have their own buttons."})
	}
	if err := request.Move(r.Status, to, act, request.ActorLead, request.Kind(r.Kind).IsCompulsory()); err != nil {
		return fmt.Errorf("%w: %v", ErrIllegalTransition, err)
	}
	if to == request.StatusVerified {
		vs, err := a.core.DB.VerificationsByRequest(ctx, r.ID)
		if err != nil {
			return err
		}
		ok := false
		for _, v := range vs {
			ok = ok || v.Outcome == "confirmed"
		}
		if !ok {
			return refused("to", "Record a call-back that confirmed the request before marking it verified.")
		}
	}
	var noteEnc []byte
	if note = strings.TrimSpace(note); note != "" {
		if noteEnc, err = vault.Encrypt([]byte(note), c.Recipient); err != nil {
			return err
		}
	}
	err = a.core.DB.TransitionRequest(ctx, store.Move{RequestID: r.ID, From: r.Status, To: to, Action: act, By: request.ActorLead, ActorID: actor.UserID, Version: version, NoteEnc: noteEnc})
	var me *request.MoveError
	if errors.As(err, &me) {
		return fmt.Errorf("%w: %v", ErrIllegalTransition, err)
	}
	if err != nil {
		return err
	}
	switch to {
	case request.StatusRefused, request.StatusWithdrawn, request.StatusClosed:
		a.core.NotifyStaff(ctx, r.ID, "request.decided")
	}
	return nil
}

type verificationDetail struct {
	Number string `json:"number"`
	Notes  string `json:"notes"`
}

// VerificationOutcomes are the results of a call-back a lead may record.
var VerificationOutcomes = []string{"confirmed", "not_confirmed", "no_answer"}

// RecordVerification records a call-back to the force's published
// switchboard. A number that appears in the request itself is refused:
// a forger controls every number on their own letter. It fails with
// NotFound as LoadRequest does, and Invalid (with field messages) when the
// number is not a phone number or appears in the request, the date is not
// a date or is in the future, or the outcome is not one of
// VerificationOutcomes.
func (a *Service) RecordVerification(ctx context.Context, actor access.Actor, id, number, calledOn, outcome, notes string) error {
	r, c, cid, err := a.loadRequest(ctx, actor, id)
	if err != nil {
		return err
	}
	errs := core.FieldErrors{}
	digits := onlyDigits(number)
	if len(digits) < 6 || len(digits) > 15 {
		errs["number"] = "Enter the switchboard number you called, from the force's own website or directory."
	}
	if d, err := time.Parse("2006-01-02", calledOn); err != nil {
		errs["called_on"] = "Enter the date of the call as YYYY-MM-DD."
	} else if d.After(a.core.Now().AddDate(0, 0, 1)) {
		errs["called_on"] = "The date of the call cannot be in the future."
	}
	valid := false
	for _, o := range VerificationOutcomes {
		valid = valid || o == outcome
	}
	if !valid {
		errs["outcome"] = "Choose the outcome of the call."
	}
	if len(errs) == 0 {
		raw, err := cid.Decrypt(r.RecordEnc)
		if err != nil {
			return err
		}
		if strings.Contains(onlyDigits(string(raw)), digits) || (len(digits) > 10 && strings.Contains(onlyDigits(string(raw)), digits[len(digits)-10:])) {
			errs["number"] = "This number appears in the request itself. Call the force's published switchboard instead: a forged request can carry any number."
		}
	}
	if len(errs) > 0 {
		return fault.InvalidFields(errs)
	}
	det, _ := json.Marshal(verificationDetail{Number: strings.TrimSpace(number), Notes: strings.TrimSpace(notes)})
	enc, err := vault.Encrypt(det, c.Recipient)
	if err != nil {
		return err
	}
	return a.core.DB.AddVerification(ctx, &store.Verification{RequestID: r.ID, CalledBy: actor.UserID, CalledOn: calledOn, Outcome: outcome, DetailEnc: enc})
}

func onlyDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) && r < 128 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ClientRequest is what a counsellor sees of a request about their client:
// that it exists and where it stands, not the officer's details.
type ClientRequest struct {
	ID, Reference string
	Kind          request.Kind
	Status        request.Status
	ReceivedOn    string // YYYY-MM-DD
	Views         []Opinion
	Thread        Thread // her messages and the service's answers
}

// RequestsForClient lists the requests about a client for its counsellor,
// and records a read of each thread that has messages. Another reader who
// may see the client (a lead) gets an empty list, not an error. It fails
// with NotFound when there is no such client or the actor may not read her
// (clients.Service.LoadClient).
func (a *Service) RequestsForClient(ctx context.Context, actor access.Actor, clientID string) ([]ClientRequest, error) {
	c, facts, err := a.clients.LoadClient(ctx, actor, clientID)
	if err != nil {
		return nil, err
	}
	if !access.CanWriteNotes(actor, facts) {
		return nil, nil
	}
	rs, err := a.core.DB.RequestsByClient(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	cid, err := a.core.Keys.ClientIdentity(c.WrappedKey())
	if err != nil {
		return nil, err
	}
	// Every view and every message about her, in one query each, rather
	// than two per request.
	views, err := a.core.DB.ViewsByClient(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	msgs, err := a.core.DB.MessagesByClient(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	viewsOf := map[string][]store.RequestView{}
	for _, v := range views {
		viewsOf[v.RequestID] = append(viewsOf[v.RequestID], v)
	}
	msgsOf := map[string][]store.Message{}
	for _, m := range msgs {
		msgsOf[m.RequestID] = append(msgsOf[m.RequestID], m)
	}
	names := nameOrNone(a.core.StaffNames(ctx))
	out := make([]ClientRequest, len(rs))
	var reads []store.Event
	for i, r := range rs {
		out[i] = ClientRequest{ID: r.ID, Reference: r.Reference, Kind: request.Kind(r.Kind), Status: r.Status, ReceivedOn: r.ReceivedOn}
		for _, v := range viewsOf[r.ID] {
			vv := Opinion{By: names(v.AuthorID), At: v.CreatedAt}
			if b, err := cid.Decrypt(v.BodyEnc); err == nil {
				vv.Body = string(b)
			}
			out[i].Views = append(out[i].Views, vv)
		}
		if out[i].Thread, err = threadOf(r, msgsOf[r.ID], cid, names); err != nil {
			return nil, err
		}
		if len(msgsOf[r.ID]) > 0 {
			reads = append(reads, readEvent(actor, r.ID))
		}
	}
	_ = a.core.DB.AuditAll(ctx, reads)
	return out, nil
}

// AddCounsellorView records the counsellor's professional view on a
// request about their client, for the lead. It fails with NotFound when
// the actor may not read the client or is not her counsellor, or the
// request is not one about her (or there is no such request), Invalid (with a message on the "view" field) when the view is empty
// or over 20,000 characters; any other failed read is passed on
// (Unavailable for a busy database), as LoadClient passes it on.
func (a *Service) AddCounsellorView(ctx context.Context, actor access.Actor, clientID, requestID, body string) error {
	c, facts, err := a.clients.LoadClient(ctx, actor, clientID)
	if err != nil {
		return err
	}
	if !access.CanWriteNotes(actor, facts) || !store.ValidID(requestID) {
		return core.ErrNotFound
	}
	r, err := a.core.DB.RequestByID(ctx, requestID)
	if errors.Is(err, store.ErrNotFound) {
		return core.ErrNotFound
	}
	if err != nil {
		return err
	}
	if r.ClientID != c.ID {
		return core.ErrNotFound
	}
	body = strings.TrimSpace(body)
	if body == "" {
		return fault.InvalidFields(core.FieldErrors{"view": "Write your view before sending it."})
	}
	if len(body) > 20000 {
		return fault.InvalidFields(core.FieldErrors{"view": "Keep your view under 20,000 characters."})
	}
	enc, err := vault.Encrypt([]byte(body), c.Recipient())
	if err != nil {
		return err
	}
	return a.core.DB.AddRequestView(ctx, &store.RequestView{RequestID: r.ID, AuthorID: actor.UserID, BodyEnc: enc})
}
