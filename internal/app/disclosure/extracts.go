package disclosure

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/app/requests"
	"confidant/internal/casefile"
	"confidant/internal/extract"
	"confidant/internal/fault"
	"confidant/internal/request"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// draftRecord is the lead's work in progress on an extract, as it is
// sealed in the vault (JSON).
type draftRecord struct {
	Notes     []string                         `json:"notes"`
	Decisions map[string]*extract.NoteDecision `json:"decisions"`
}

// extractable reports whether an extract may be drafted at a status.
func extractable(st request.Status, compulsory bool) bool {
	switch st {
	case request.StatusClientConsulted, request.StatusExtractDrafted, request.StatusClientConsented, request.StatusLeadApproved:
		return true
	case request.StatusVerified:
		return compulsory
	}
	return false
}

// ErrNotExtractable is returned when the request is not at a stage where an
// extract may be drafted.
var ErrNotExtractable = fault.New(fault.Conflict, "An extract can be drafted only once the request is verified and the client consulted (or, for a court process, verified).")

type extractCtx struct {
	req   requests.Request
	cid   *vault.Identity
	rec   request.Record
	notes map[string]casefile.Note
	order []string // note ids in the period, oldest first
	draft draftRecord
	dver  int
	known []string
	// unsigned are the session dates of draft notes in the period: never
	// offered, because only signed notes leave.
	unsigned []string
}

// loadExtract gathers what every extract operation needs: the request, the
// client's notes inside the period (each read logged), and the draft.
func (a *Service) loadExtract(ctx context.Context, actor access.Actor, requestID string) (*extractCtx, error) {
	r, err := a.requests.LoadRequest(ctx, actor, requestID)
	if err != nil {
		return nil, err
	}
	cid := r.Identity()
	x := &extractCtx{req: r, cid: cid, notes: map[string]casefile.Note{}, draft: draftRecord{Decisions: map[string]*extract.NoteDecision{}}}
	if x.rec, err = r.Record(); err != nil {
		return nil, err
	}
	if !extractable(r.Status, r.Compulsory()) {
		return x, ErrNotExtractable
	}
	ns, err := a.clients.HistoryFor(ctx, actor, r.ClientID, r.PeriodFrom, r.PeriodTo, r.ID)
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		if n.Status != casefile.Signed {
			x.unsigned = append(x.unsigned, n.SessionDate)
			continue
		}
		x.notes[n.ID] = n
		x.order = append(x.order, n.ID)
	}
	if name, err := r.ClientName(); err == nil {
		x.known = append(x.known, name)
	}
	d, err := a.core.DB.DraftByRequest(ctx, r.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return nil, err
	default:
		b, err := cid.Decrypt(d.DraftEnc)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &x.draft); err != nil {
			return nil, err
		}
		if x.draft.Decisions == nil {
			x.draft.Decisions = map[string]*extract.NoteDecision{}
		}
		x.dver = d.Version
	}
	return x, nil
}

// noteText is the text of a note as an extract carries it: the body, then
// any addenda.
func noteText(n casefile.Note) string {
	var b strings.Builder
	b.WriteString(n.Body)
	for _, ad := range n.Addenda {
		fmt.Fprintf(&b, "\n\nAddendum, %s: %s", ad.CreatedAt.Format("2 January 2006"), ad.Body)
	}
	return b.String()
}

func (a *Service) saveDraft(ctx context.Context, actor access.Actor, x *extractCtx, seenVersion int) error {
	if seenVersion != x.dver {
		return store.ErrStale
	}
	b, err := json.Marshal(x.draft)
	if err != nil {
		return err
	}
	enc, err := vault.Encrypt(b, x.req.Recipient())
	if err != nil {
		return err
	}
	return a.core.DB.SaveDraft(ctx, x.req.ID, x.dver, enc, actor.UserID)
}

// decision returns the decisions for a chosen note, making the suggestions
// the first time the note is opened (all accepted: redacting is the safe
// default, and the lead un-ticks what should stay).
func (x *extractCtx) decision(noteID string) *extract.NoteDecision {
	text := noteText(x.notes[noteID])
	if d, ok := x.draft.Decisions[noteID]; ok && d.Fits(text) {
		return d
	}
	d := extract.Suggest(text, x.known)
	x.draft.Decisions[noteID] = d
	return d
}

// Draft is a request's extract in the making: the request it answers, the
// signed notes of its period that the lead may choose from, and the
// versions frozen so far. Open is false while the request is not at a
// stage where an extract may be drafted; then only the versions are given.
type Draft struct {
	RequestID, RequestRef, ClientRef, PeriodFrom, PeriodTo string
	Status                                                 request.Status
	Open                                                   bool
	Revision                                               int // the draft's version, which a change must name
	Candidates                                             []extract.Candidate
	Unsigned                                               []string // session dates of draft notes in the period, never offered
	Versions                                               []extract.Version
}

// Draft returns a request's extract in the making, and records the read
// of the notes of its period. A request not at a drafting stage is the
// returned Open false, not an error. It fails with NotFound when the actor
// may not handle requests or there is no such request
// (requests.Service.LoadRequest).
func (a *Service) Draft(ctx context.Context, actor access.Actor, requestID string) (Draft, error) {
	x, err := a.loadExtract(ctx, actor, requestID)
	b := Draft{}
	if x != nil {
		b = Draft{RequestID: x.req.ID, RequestRef: x.req.Reference, ClientRef: x.req.ClientRef,
			PeriodFrom: x.req.PeriodFrom, PeriodTo: x.req.PeriodTo, Status: x.req.Status, Revision: x.dver}
	}
	if errors.Is(err, ErrNotExtractable) {
		b.Versions, _ = a.versions(ctx, x.req.ID)
		return b, nil
	}
	if err != nil {
		return b, err
	}
	b.Open = true
	b.Unsigned = x.unsigned
	chosen := map[string]bool{}
	for _, id := range x.draft.Notes {
		chosen[id] = true
	}
	for _, id := range x.order {
		n := x.notes[id]
		c := extract.Candidate{ID: id, SessionDate: n.SessionDate, Snippet: extract.Snippet(n.Body), Chosen: chosen[id]}
		if d, ok := x.draft.Decisions[id]; ok {
			c.Reviewed, c.Redactions = d.Reviewed, d.Redactions()
		}
		b.Candidates = append(b.Candidates, c)
	}
	b.Versions, err = a.versions(ctx, x.req.ID)
	return b, err
}

// ChooseNotes sets which notes the extract includes; only notes in the
// request's period can be chosen. It fails with NotFound as Draft does,
// Conflict (ErrNotExtractable) when the request is not at a drafting
// stage, Invalid (with a message on the "notes" field) when a note is not
// a signed note of the period, and Conflict (app.ErrStale) when the draft
// changed since seen.
func (a *Service) ChooseNotes(ctx context.Context, actor access.Actor, requestID string, noteIDs []string, seen int) error {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, id := range noteIDs {
		if _, ok := x.notes[id]; !ok {
			return fault.InvalidFields(core.FieldErrors{"notes": "Only signed notes inside the request's period can be included."})
		}
		want[id] = true
	}
	x.draft.Notes = nil
	for _, id := range x.order {
		if want[id] {
			x.draft.Notes = append(x.draft.Notes, id)
			x.decision(id)
		}
	}
	return a.saveDraft(ctx, actor, x, seen)
}

// NoteRedaction is one chosen note of a draft and the lead's decisions on
// it: the note's text cut into segments (kept, or marked for redaction),
// the suggested and hand-made spans, and the text as it would leave.
type NoteRedaction struct {
	RequestID, RequestRef, NoteID, SessionDate string
	Revision                                   int // the draft's version, which a change must name
	Segments                                   []extract.Segment
	Suggested                                  []extract.SpanDecision
	Manual                                     []extract.ManualSpan
	Redacted                                   string
}

// NoteRedaction returns a chosen note's redaction, making the suggestions
// the first time the note is opened. It fails with NotFound as Draft does
// and when the note is not chosen, Conflict (ErrNotExtractable) when the
// request is not at a drafting stage, and Conflict (app.ErrStale) when the
// draft changed while the suggestions were being kept.
func (a *Service) NoteRedaction(ctx context.Context, actor access.Actor, requestID, noteID string) (NoteRedaction, error) {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return NoteRedaction{}, err
	}
	if !contains(x.draft.Notes, noteID) {
		return NoteRedaction{}, core.ErrNotFound
	}
	_, known := x.draft.Decisions[noteID]
	d := x.decision(noteID)
	if !known {
		// First opening: keep the suggestions so that their indexes stay
		// stable between this page and the decisions posted from it.
		if err := a.saveDraft(ctx, actor, x, x.dver); err != nil {
			return NoteRedaction{}, err
		}
		x.dver++
	}
	text := noteText(x.notes[noteID])
	v := NoteRedaction{RequestID: x.req.ID, RequestRef: x.req.Reference, NoteID: noteID, SessionDate: x.notes[noteID].SessionDate,
		Suggested: d.Suggested, Manual: d.Manual, Revision: x.dver}
	v.Segments = d.Segments(text)
	red, err := d.Redact(text)
	v.Redacted = red.String()
	return v, err
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// DecideSpans records the lead's accept/reject for each suggestion of a
// note (accepted holds the indexes to keep redacted) and marks the note
// reviewed. It fails with NotFound as Draft does and when the note is not
// chosen, Conflict (ErrNotExtractable) when the request is not at a
// drafting stage, and Conflict (app.ErrStale) when the draft changed since
// seen.
func (a *Service) DecideSpans(ctx context.Context, actor access.Actor, requestID, noteID string, accepted map[int]bool, seen int) error {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return err
	}
	if !contains(x.draft.Notes, noteID) {
		return core.ErrNotFound
	}
	d := x.decision(noteID)
	for i := range d.Suggested {
		d.Suggested[i].Accepted = accepted[i]
		d.Suggested[i].By = actor.UserID
	}
	d.Reviewed = true
	return a.saveDraft(ctx, actor, x, seen)
}

// AddManualSpan redacts a stretch the lead chose: the occurrence-th
// appearance (1-based) of exact text in the note. It fails as DecideSpans
// does, and with Invalid (with a message on the "exact", "reason" or
// "reason_text" field) when the words are missing or not in the note that
// many times, or the reason is missing.
func (a *Service) AddManualSpan(ctx context.Context, actor access.Actor, requestID, noteID, exact string, occurrence int, reason, reasonText string, seen int) error {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return err
	}
	if !contains(x.draft.Notes, noteID) {
		return core.ErrNotFound
	}
	errs := core.FieldErrors{}
	if strings.TrimSpace(exact) == "" {
		errs["exact"] = "Copy the words to remove, exactly as they appear in the note."
	}
	if !extract.ValidReason(reason) {
		errs["reason"] = "Choose why these words are removed."
	}
	if reason == "other" && strings.TrimSpace(reasonText) == "" {
		errs["reason_text"] = "Say why these words are removed."
	}
	sp, found := extract.FindSpan(noteText(x.notes[noteID]), exact, occurrence)
	if len(errs) == 0 && !found {
		errs["exact"] = "Those words are not in the note (check spaces and capitals), or not that many times."
	}
	if len(errs) > 0 {
		return fault.InvalidFields(errs)
	}
	d := x.decision(noteID)
	d.Manual = append(d.Manual, extract.ManualSpan{Span: sp, Reason: reason, ReasonText: strings.TrimSpace(reasonText), By: actor.UserID, At: a.core.Now().Unix()})
	return a.saveDraft(ctx, actor, x, seen)
}

// RemoveManualSpan takes back a span the lead added. It fails as
// DecideSpans does, NotFound also when there is no such span.
func (a *Service) RemoveManualSpan(ctx context.Context, actor access.Actor, requestID, noteID string, index, seen int) error {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return err
	}
	d, ok := x.draft.Decisions[noteID]
	if !ok || index < 0 || index >= len(d.Manual) {
		return core.ErrNotFound
	}
	d.Manual = append(d.Manual[:index], d.Manual[index+1:]...)
	return a.saveDraft(ctx, actor, x, seen)
}

// Preview is the draft as it would be sent if it were frozen now: the
// document, the words summing it up, and the session dates of the chosen
// notes the lead has not reviewed yet.
type Preview struct {
	RequestID, RequestRef, Summary string
	Unreviewed                     []string
	Document                       extract.Document
}

// build renders the draft into a document and its object.
func (a *Service) build(ctx context.Context, actor access.Actor, x *extractCtx) (extract.Document, extract.Frozen, map[string]int, map[string]int, error) {
	now := a.core.Now().UTC().Truncate(time.Second)
	obj := extract.Frozen{RequestRef: x.req.Reference, ClientRef: x.req.ClientRef, PeriodFrom: x.req.PeriodFrom, PeriodTo: x.req.PeriodTo, PreparedBy: actor.UserID, Prepared: now}
	doc := extract.Document{Provider: a.core.ProviderName(ctx), RequestRef: x.req.Reference, ClientRef: x.req.ClientRef,
		Prepared: now, Recipient: extract.Recipient(x.rec), LegalBasis: extract.LegalBasis(request.Kind(x.req.Kind)), Handling: extract.Handling(x.rec)}
	doc.PeriodFrom, _ = time.Parse("2006-01-02", x.req.PeriodFrom)
	doc.PeriodTo, _ = time.Parse("2006-01-02", x.req.PeriodTo)
	byKind, byReason := map[string]int{}, map[string]int{}
	for _, id := range x.draft.Notes {
		n, ok := x.notes[id]
		if !ok {
			continue
		}
		d := x.decision(id)
		text := noteText(n)
		red, err := d.Redact(text)
		if err != nil {
			return doc, obj, nil, nil, err
		}
		for _, s := range d.Suggested {
			if s.Accepted {
				byKind[string(s.Kind)]++
			}
		}
		for _, s := range d.Manual {
			byReason[s.Reason]++
		}
		date, _ := time.Parse("2006-01-02", n.SessionDate)
		doc.Notes = append(doc.Notes, extract.Note{Date: date, AuthorRole: "Counsellor", Text: red})
		obj.Notes = append(obj.Notes, extract.FrozenNote{ID: id, SessionDate: n.SessionDate, AuthorRole: "Counsellor", Redacted: red.String(), Suggested: d.Suggested, Manual: d.Manual})
	}
	frozen := doc
	obj.Document = &frozen
	return doc, obj, byKind, byReason, nil
}

// ExtractPreview renders the draft exactly as it would be sent. It fails
// with NotFound as Draft does, and Conflict (ErrNotExtractable) when the
// request is not at a drafting stage.
func (a *Service) ExtractPreview(ctx context.Context, actor access.Actor, requestID string) (Preview, error) {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return Preview{}, err
	}
	doc, obj, byKind, byReason, err := a.build(ctx, actor, x)
	if err != nil {
		return Preview{}, err
	}
	p := Preview{RequestID: x.req.ID, RequestRef: x.req.Reference,
		Summary: extract.Summarise(obj.Dates(), byKind, byReason), Document: doc}
	for _, id := range x.draft.Notes {
		if d, ok := x.draft.Decisions[id]; !ok || !d.Reviewed {
			p.Unreviewed = append(p.Unreviewed, x.notes[id].SessionDate)
		}
	}
	return p, nil
}

// ErrNothingChosen is returned when a version is built with no notes.
var ErrNothingChosen = fault.New(fault.Conflict, "Choose at least one note, and review each, before building the extract")

func versionOf(x store.Extract) extract.Version {
	return extract.Version{Version: x.Version, SHA256: x.SHA256, Summary: x.Summary, CreatedAt: x.CreatedAt}
}

// versions lists a request's versions, newest first.
func (a *Service) versions(ctx context.Context, requestID string) ([]extract.Version, error) {
	xs, err := a.core.DB.ExtractsByRequest(ctx, requestID)
	out := make([]extract.Version, len(xs))
	for i, x := range xs {
		out[i] = versionOf(x)
	}
	return out, err
}

// BuildVersion freezes the draft as a new extract version: the PDF, the
// manifest and the object are encrypted to the client's key, the SHA-256
// of the PDF identifies it, and the request moves to "extract drafted"
// (which voids any consent or approval given to an earlier version). It
// fails with NotFound as Draft does, Conflict (ErrNotExtractable) when the
// request is not at a drafting stage, Conflict (ErrNothingChosen, saying
// which) when no note is chosen or a chosen one is not signed or not
// reviewed, and Conflict (app.ErrStale) when the request changed since it
// was read.
func (a *Service) BuildVersion(ctx context.Context, actor access.Actor, requestID string) (extract.Version, error) {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return extract.Version{}, err
	}
	if len(x.draft.Notes) == 0 {
		return extract.Version{}, ErrNothingChosen
	}
	for _, id := range x.draft.Notes {
		if _, ok := x.notes[id]; !ok {
			return extract.Version{}, fmt.Errorf("%w (a chosen note is not signed: only signed notes leave)", ErrNothingChosen)
		}
		if d, ok := x.draft.Decisions[id]; !ok || !d.Reviewed {
			return extract.Version{}, fmt.Errorf("%w (the note of %s is not reviewed yet)", ErrNothingChosen, x.notes[id].SessionDate)
		}
	}
	doc, obj, byKind, byReason, err := a.build(ctx, actor, x)
	if err != nil {
		return extract.Version{}, err
	}
	var pdf bytes.Buffer
	if err := extract.RenderPDF(&pdf, doc); err != nil {
		return extract.Version{}, err
	}
	sum := sha256.Sum256(pdf.Bytes())
	hash := hex.EncodeToString(sum[:])
	summary := extract.Summarise(obj.Dates(), byKind, byReason)
	objJSON, err := json.Marshal(obj)
	if err != nil {
		return extract.Version{}, err
	}
	man := extract.Manifest{Request: x.req.Reference, ByKind: byKind, ByReason: byReason, SHA256: hash,
		PreparedBy: extract.ManifestPreparer{UserID: actor.UserID, Role: "safeguarding lead"}, Prepared: obj.Prepared.Format(time.RFC3339), Summary: summary}
	for _, n := range obj.Notes {
		man.Notes = append(man.Notes, extract.ManifestNote{ID: n.ID, Date: n.SessionDate})
	}
	rcp := x.req.Recipient()
	xv := store.Extract{RequestID: x.req.ID, SHA256: hash, Summary: summary, CreatedBy: actor.UserID, NoteIDs: x.draft.Notes}
	if xv.ObjectEnc, err = vault.Encrypt(objJSON, rcp); err != nil {
		return extract.Version{}, err
	}
	if xv.PDFEnc, err = vault.Encrypt(pdf.Bytes(), rcp); err != nil {
		return extract.Version{}, err
	}
	to := request.StatusExtractDrafted
	if err := request.Move(x.req.Status, request.StatusExtractDrafted, request.ActDraft, request.ActorSystem, request.Kind(x.req.Kind).IsCompulsory()); err != nil {
		to = x.req.Status
	}
	// The manifest names its own version, which the store numbers inside
	// the transaction that saves it.
	sealManifest := func(version int) ([]byte, error) {
		man.Version = version
		manJSON, err := json.MarshalIndent(man, "", "  ")
		if err != nil {
			return nil, err
		}
		return vault.Encrypt(manJSON, rcp)
	}
	if err := a.core.DB.CreateExtract(ctx, &xv, x.req.Status, to, x.req.Version, sealManifest); err != nil {
		return extract.Version{}, err
	}
	a.requests.NotifyClient(ctx, x.req)
	return versionOf(xv), nil
}

// ExtractFile returns a version's PDF or manifest, decrypted. It fails
// with NotFound when the actor may not handle requests, or there is no
// such request or version.
func (a *Service) ExtractFile(ctx context.Context, actor access.Actor, requestID string, version int, manifest bool) ([]byte, extract.Version, error) {
	r, err := a.requests.LoadRequest(ctx, actor, requestID)
	if err != nil {
		return nil, extract.Version{}, err
	}
	cid := r.Identity()
	xv, err := a.core.DB.ExtractByVersion(ctx, r.ID, version)
	if errors.Is(err, store.ErrNotFound) {
		return nil, extract.Version{}, core.ErrNotFound
	}
	if err != nil {
		return nil, extract.Version{}, err
	}
	enc := xv.PDFEnc
	if manifest {
		enc = xv.ManifestEnc
	}
	b, err := cid.Decrypt(enc)
	return b, versionOf(xv), err
}

// summary is the words summing up a frozen version, or "" when there is none.
func (a *Service) summary(ctx context.Context, requestID string, version int) string {
	if x, err := a.core.DB.ExtractByVersion(ctx, requestID, version); err == nil {
		return x.Summary
	}
	return ""
}
