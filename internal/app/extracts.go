package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
	"confidant/internal/casefile"
	"confidant/internal/extract"
	"confidant/internal/redact"
	"confidant/internal/request"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// Reasons a lead may give for a span they add by hand.
var ManualReasons = []request.Option{
	{Value: "third_party", Label: "Third party"},
	{Value: "not_relevant", Label: "Not relevant to the stated issue"},
	{Value: "risk_of_harm", Label: "Risk of harm"},
	{Value: "other", Label: "Other (say why)"},
}

// reasonMarkers are the words the extract shows in place of text removed by
// hand, for each reason: "[redacted: third party]".
var reasonMarkers = map[string]string{
	"third_party":  "third party",
	"not_relevant": "not relevant",
	"risk_of_harm": "risk of harm",
	"other":        "other",
}

// reasonMarker is the marker label for a manual reason; a reason the lead
// could not have chosen is marked "other".
func reasonMarker(r string) string {
	if m, ok := reasonMarkers[r]; ok {
		return m
	}
	return "other"
}

// ReasonLabel is a manual redaction reason in words.
func ReasonLabel(r string) string { return reasonLabel(r) }

func reasonLabel(r string) string {
	for _, o := range ManualReasons {
		if o.Value == r {
			return o.Label
		}
	}
	return r
}

// Draft is the lead's work in progress on an extract.
type Draft struct {
	Notes     []string                 `json:"notes"`
	Decisions map[string]*NoteDecision `json:"decisions"`
}

// NoteDecision is what the lead decided for one chosen note.
type NoteDecision struct {
	Suggested []SpanDecision `json:"suggested"`
	Manual    []ManualSpan   `json:"manual"`
	Reviewed  bool           `json:"reviewed"`
}

// SpanDecision is a suggested span and whether the lead accepted it.
type SpanDecision struct {
	redact.Span
	Accepted bool   `json:"accepted"`
	By       string `json:"by"`
}

// ManualSpan is a span the lead added, with a reason.
type ManualSpan struct {
	redact.Span
	Reason     string `json:"reason"`
	ReasonText string `json:"reason_text,omitempty"`
	By         string `json:"by"`
	At         int64  `json:"at"`
}

// extractable reports whether an extract may be drafted at a status.
func extractable(st string, compulsory bool) bool {
	switch request.Status(st) {
	case request.StatusClientConsulted, request.StatusExtractDrafted, request.StatusClientConsented, request.StatusLeadApproved:
		return true
	case request.StatusVerified:
		return compulsory
	}
	return false
}

// ErrNotExtractable is returned when the request is not at a stage where an
// extract may be drafted.
var ErrNotExtractable = errors.New("an extract can be drafted only once the request is verified and the client consulted (or, for a court process, verified)")

type extractCtx struct {
	req    store.Request
	client store.Client
	cid    *vault.Identity
	rec    request.Record
	notes  map[string]clients.NoteView
	order  []string // note ids in the period, oldest first
	draft  Draft
	dver   int
	known  []string
	// unsigned are the session dates of draft notes in the period: never
	// offered, because only signed notes leave.
	unsigned []string
}

// loadExtract gathers what every extract operation needs: the request, the
// client's notes inside the period (each read logged), and the draft.
func (a *App) loadExtract(ctx context.Context, actor access.Actor, requestID string) (*extractCtx, error) {
	r, c, cid, err := a.Requests.LoadRequest(ctx, actor, requestID)
	if err != nil {
		return nil, err
	}
	x := &extractCtx{req: r, client: c, cid: cid, notes: map[string]clients.NoteView{}, draft: Draft{Decisions: map[string]*NoteDecision{}}}
	raw, err := cid.Decrypt(r.RecordEnc)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &x.rec); err != nil {
		return nil, err
	}
	if !extractable(r.Status, request.Kind(r.Kind).IsCompulsory()) {
		return x, ErrNotExtractable
	}
	ns, err := a.Clients.HistoryFor(ctx, actor, c.ID, r.PeriodFrom, r.PeriodTo, r.ID)
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
	if name, err := cid.Decrypt(c.NameEnc); err == nil {
		x.known = append(x.known, string(name))
	}
	d, err := a.DB.DraftByRequest(ctx, r.ID)
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
			x.draft.Decisions = map[string]*NoteDecision{}
		}
		x.dver = d.Version
	}
	return x, nil
}

// spansMatch reports whether every span still fits the note's text (a
// draft note edited after the lead reviewed it must be reviewed again).
func spansMatch(text string, d *NoteDecision) bool {
	ok := func(s redact.Span) bool {
		return s.Start >= 0 && s.End <= len(text) && s.Start < s.End && text[s.Start:s.End] == s.Text
	}
	for _, s := range d.Suggested {
		if !ok(s.Span) {
			return false
		}
	}
	for _, s := range d.Manual {
		if !ok(s.Span) {
			return false
		}
	}
	return true
}

// noteText is the text of a note as an extract carries it: the body, then
// any addenda.
func noteText(n clients.NoteView) string {
	var b strings.Builder
	b.WriteString(n.Body)
	for _, ad := range n.Addenda {
		fmt.Fprintf(&b, "\n\nAddendum, %s: %s", ad.CreatedAt.Format("2 January 2006"), ad.Body)
	}
	return b.String()
}

func (a *App) saveDraft(ctx context.Context, actor access.Actor, x *extractCtx, seenVersion int) error {
	if seenVersion != x.dver {
		return store.ErrStale
	}
	b, err := json.Marshal(x.draft)
	if err != nil {
		return err
	}
	enc, err := vault.Encrypt(b, x.client.Recipient)
	if err != nil {
		return err
	}
	return a.DB.SaveDraft(ctx, x.req.ID, x.dver, enc, actor.UserID)
}

// decision returns the decisions for a chosen note, making the suggestions
// the first time the note is opened (all accepted: redacting is the safe
// default, and the lead un-ticks what should stay).
func (x *extractCtx) decision(noteID string) *NoteDecision {
	text := noteText(x.notes[noteID])
	if d, ok := x.draft.Decisions[noteID]; ok && spansMatch(text, d) {
		return d
	}
	d := &NoteDecision{}
	for _, sp := range redact.Suggest(text, x.known) {
		d.Suggested = append(d.Suggested, SpanDecision{Span: sp, Accepted: true})
	}
	x.draft.Decisions[noteID] = d
	return d
}

// Candidate is a note in the request's period, for the builder.
type Candidate struct {
	ID, SessionDate, Snippet string
	Chosen, Reviewed         bool
	Redactions               int
}

// ExtractBuilder is the builder page: the notes in the period and the
// versions built so far.
type ExtractBuilder struct {
	RequestID, RequestRef, ClientRef, PeriodFrom, PeriodTo, Status string
	Candidates                                                     []Candidate
	DraftVersion                                                   int
	Versions                                                       []store.Extract
	Extractable                                                    bool
	Unsigned                                                       []string // dates of draft notes not offered
}

// Builder returns the extract builder for a request.
func (a *App) Builder(ctx context.Context, actor access.Actor, requestID string) (ExtractBuilder, error) {
	x, err := a.loadExtract(ctx, actor, requestID)
	b := ExtractBuilder{}
	if x != nil {
		b = ExtractBuilder{RequestID: x.req.ID, RequestRef: x.req.Reference, ClientRef: x.client.Reference,
			PeriodFrom: x.req.PeriodFrom, PeriodTo: x.req.PeriodTo, Status: x.req.Status, DraftVersion: x.dver}
	}
	if errors.Is(err, ErrNotExtractable) {
		b.Versions, _ = a.DB.ExtractsByRequest(ctx, x.req.ID)
		return b, nil
	}
	if err != nil {
		return b, err
	}
	b.Extractable = true
	b.Unsigned = x.unsigned
	chosen := map[string]bool{}
	for _, id := range x.draft.Notes {
		chosen[id] = true
	}
	for _, id := range x.order {
		n := x.notes[id]
		c := Candidate{ID: id, SessionDate: n.SessionDate, Snippet: snippet(n.Body), Chosen: chosen[id]}
		if d, ok := x.draft.Decisions[id]; ok {
			c.Reviewed = d.Reviewed
			for _, s := range d.Suggested {
				if s.Accepted {
					c.Redactions++
				}
			}
			c.Redactions += len(d.Manual)
		}
		b.Candidates = append(b.Candidates, c)
	}
	b.Versions, err = a.DB.ExtractsByRequest(ctx, x.req.ID)
	return b, err
}

func snippet(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) > 160 {
		return string(r[:160]) + "…"
	}
	return s
}

// ChooseNotes sets which notes the extract includes; only notes in the
// request's period can be chosen.
func (a *App) ChooseNotes(ctx context.Context, actor access.Actor, requestID string, noteIDs []string, seen int) error {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, id := range noteIDs {
		if _, ok := x.notes[id]; !ok {
			return FieldErrors{"notes": "Only signed notes inside the request's period can be included."}
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

// Segment is a stretch of a note's text for the redaction view: plain, or
// covered by span Index of the note's suggestions (Manual for a lead's own).
type Segment struct {
	Text     string
	Index    int
	Kind     string
	Accepted bool
	Manual   bool
	Marked   bool
}

// RedactionView is one chosen note in the redaction view.
type RedactionView struct {
	RequestID, RequestRef, NoteID, SessionDate string
	Segments                                   []Segment
	Suggested                                  []SpanDecision
	Manual                                     []ManualSpan
	Redacted                                   string
	DraftVersion                               int
	Reasons                                    []request.Option
}

// NoteRedaction returns the redaction view of a chosen note.
func (a *App) NoteRedaction(ctx context.Context, actor access.Actor, requestID, noteID string) (RedactionView, error) {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return RedactionView{}, err
	}
	if !contains(x.draft.Notes, noteID) {
		return RedactionView{}, core.ErrNotFound
	}
	_, known := x.draft.Decisions[noteID]
	d := x.decision(noteID)
	if !known {
		// First opening: keep the suggestions so that their indexes stay
		// stable between this page and the decisions posted from it.
		if err := a.saveDraft(ctx, actor, x, x.dver); err != nil {
			return RedactionView{}, err
		}
		x.dver++
	}
	text := noteText(x.notes[noteID])
	v := RedactionView{RequestID: x.req.ID, RequestRef: x.req.Reference, NoteID: noteID, SessionDate: x.notes[noteID].SessionDate,
		Suggested: d.Suggested, Manual: d.Manual, DraftVersion: x.dver, Reasons: ManualReasons}
	v.Segments = segments(text, d)
	red, err := redactNote(text, d)
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

// segments splits text into plain and highlighted stretches. Where spans
// overlap, the first (by start) is shown; all are listed beside the text.
func segments(text string, d *NoteDecision) []Segment {
	type mark struct {
		start, end, idx int
		kind            string
		accepted, man   bool
	}
	var ms []mark
	for i, s := range d.Suggested {
		ms = append(ms, mark{s.Start, s.End, i, string(s.Kind), s.Accepted, false})
	}
	for i, s := range d.Manual {
		ms = append(ms, mark{s.Start, s.End, i, reasonLabel(s.Reason), true, true})
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	var out []Segment
	prev := 0
	for _, m := range ms {
		if m.start < prev || m.end > len(text) {
			continue
		}
		if m.start > prev {
			out = append(out, Segment{Text: text[prev:m.start]})
		}
		out = append(out, Segment{Text: text[m.start:m.end], Index: m.idx, Kind: m.kind, Accepted: m.accepted, Manual: m.man, Marked: true})
		prev = m.end
	}
	if prev < len(text) {
		out = append(out, Segment{Text: text[prev:]})
	}
	return out
}

// mergedSpans is every span to remove from a note (accepted suggestions and
// manual spans), overlaps joined, ready for redact.Apply.
func mergedSpans(text string, d *NoteDecision) []redact.Span {
	var all []redact.Span
	for _, s := range d.Suggested {
		if s.Accepted {
			all = append(all, s.Span)
		}
	}
	for _, s := range d.Manual {
		// The marker names the lead's reason, whatever the stored kind.
		sp := s.Span
		sp.Kind, sp.Label = redact.KindOther, reasonMarker(s.Reason)
		all = append(all, sp)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Start < all[j].Start })
	var out []redact.Span
	for _, s := range all {
		if n := len(out); n > 0 && s.Start < out[n-1].End {
			if s.End > out[n-1].End {
				out[n-1].End = s.End
				out[n-1].Text = text[out[n-1].Start:out[n-1].End]
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

func redactNote(text string, d *NoteDecision) (redact.Text, error) {
	return redact.Apply(text, mergedSpans(text, d))
}

// DecideSpans records the lead's accept/reject for each suggestion of a
// note (accepted holds the indexes to keep redacted) and marks the note
// reviewed.
func (a *App) DecideSpans(ctx context.Context, actor access.Actor, requestID, noteID string, accepted map[int]bool, seen int) error {
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
// appearance (1-based) of exact text in the note.
func (a *App) AddManualSpan(ctx context.Context, actor access.Actor, requestID, noteID, exact string, occurrence int, reason, reasonText string, seen int) error {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return err
	}
	if !contains(x.draft.Notes, noteID) {
		return core.ErrNotFound
	}
	errs := FieldErrors{}
	if strings.TrimSpace(exact) == "" {
		errs["exact"] = "Copy the words to remove, exactly as they appear in the note."
	}
	if reasonLabel(reason) == reason {
		errs["reason"] = "Choose why these words are removed."
	}
	if reason == "other" && strings.TrimSpace(reasonText) == "" {
		errs["reason_text"] = "Say why these words are removed."
	}
	text := noteText(x.notes[noteID])
	start := -1
	if len(errs) == 0 {
		if occurrence < 1 {
			occurrence = 1
		}
		from := 0
		for i := 0; i < occurrence; i++ {
			j := strings.Index(text[from:], exact)
			if j < 0 {
				start = -1
				break
			}
			start = from + j
			from = start + len(exact)
		}
		if start < 0 {
			errs["exact"] = "Those words are not in the note (check spaces and capitals), or not that many times."
		}
	}
	if len(errs) > 0 {
		return errs
	}
	d := x.decision(noteID)
	d.Manual = append(d.Manual, ManualSpan{Span: redact.Span{Start: start, End: start + len(exact), Kind: redact.KindOther, Text: exact},
		Reason: reason, ReasonText: strings.TrimSpace(reasonText), By: actor.UserID, At: a.Now().Unix()})
	return a.saveDraft(ctx, actor, x, seen)
}

// RemoveManualSpan takes back a span the lead added.
func (a *App) RemoveManualSpan(ctx context.Context, actor access.Actor, requestID, noteID string, index, seen int) error {
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

// ExtractNote is one note of a built extract, as frozen in a version.
type ExtractNote struct {
	ID          string         `json:"id"`
	SessionDate string         `json:"session_date"`
	AuthorRole  string         `json:"author_role"`
	Redacted    string         `json:"redacted_text"`
	Suggested   []SpanDecision `json:"suggested"`
	Manual      []ManualSpan   `json:"manual"`
}

// ExtractObject is a frozen version: everything it was built from.
type ExtractObject struct {
	RequestRef string        `json:"request_ref"`
	ClientRef  string        `json:"client_ref"`
	PeriodFrom string        `json:"period_from"`
	PeriodTo   string        `json:"period_to"`
	Notes      []ExtractNote `json:"notes"`
	PreparedBy string        `json:"prepared_by"`
	Prepared   time.Time     `json:"prepared"`
	// Document is exactly what the PDF was rendered from, so the client's
	// portal shows the very same content (absent in versions built before
	// it was kept).
	Document *extract.Document `json:"document,omitempty"`
}

// Manifest travels beside the PDF.
type Manifest struct {
	Request    string           `json:"request"`
	Version    int              `json:"version"`
	Notes      []ManifestNote   `json:"notes"`
	ByKind     map[string]int   `json:"redactions_by_kind"`
	ByReason   map[string]int   `json:"redactions_by_reason"`
	SHA256     string           `json:"extract_sha256"`
	PreparedBy ManifestPreparer `json:"prepared_by"`
	Prepared   string           `json:"prepared"`
	Summary    string           `json:"summary"`
}

// ManifestNote names an included note by id and date.
type ManifestNote struct {
	ID   string `json:"id"`
	Date string `json:"date"`
}

// ManifestPreparer is who prepared the extract, by id and role.
type ManifestPreparer struct {
	UserID string `json:"user_id"`
	Role   string `json:"role"`
}

// Preview is exactly what would be sent.
type Preview struct {
	RequestID, RequestRef, Summary, Text string
	Notes                                int
	Unreviewed                           []string
	Document                             extract.Document
}

// build renders the draft into a document and its object.
func (a *App) build(ctx context.Context, actor access.Actor, x *extractCtx) (extract.Document, ExtractObject, map[string]int, map[string]int, error) {
	now := a.Now().UTC().Truncate(time.Second)
	obj := ExtractObject{RequestRef: x.req.Reference, ClientRef: x.client.Reference, PeriodFrom: x.req.PeriodFrom, PeriodTo: x.req.PeriodTo, PreparedBy: actor.UserID, Prepared: now}
	doc := extract.Document{Provider: a.ProviderName(ctx), RequestRef: x.req.Reference, ClientRef: x.client.Reference,
		Prepared: now, Recipient: recipient(x.rec), LegalBasis: legalBasis(x), Handling: handling(x)}
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
		red, err := redactNote(text, d)
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
		obj.Notes = append(obj.Notes, ExtractNote{ID: id, SessionDate: n.SessionDate, AuthorRole: "Counsellor", Redacted: red.String(), Suggested: d.Suggested, Manual: d.Manual})
	}
	frozen := doc
	obj.Document = &frozen
	return doc, obj, byKind, byReason, nil
}

// recipient names who the extract goes to, as the request gives them: the
// officer who will receive the link, and their force.
func recipient(rec request.Record) string {
	who := strings.TrimSpace(rec.Requester.Rank + " " + rec.Requester.Name)
	parts := []string{}
	for _, p := range []string{who, strings.TrimSpace(rec.Force)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	out := strings.Join(parts, ", ")
	email := strings.TrimSpace(rec.Requester.Email)
	if email == "" {
		email = strings.TrimSpace(rec.SenderEmail)
	}
	if email != "" {
		if out == "" {
			return email
		}
		out += " (" + email + ")"
	}
	return out
}

func legalBasis(x *extractCtx) string {
	if request.Kind(x.req.Kind).IsCompulsory() {
		return "Produced under a court process (Criminal Procedure (Attendance of Witnesses) Act 1965 s.2 or court order)"
	}
	return "Police, Crime, Sentencing and Courts Act 2022 s.44A, with the client's consent; UK GDPR Art 6(1)(a) and 9(2)(a)"
}

func handling(x *extractCtx) string {
	if h := strings.TrimSpace(x.rec.Handling); h != "" {
		return h
	}
	return "Provided for the stated purpose only. Store securely, restrict to those who need it, and disclose only as the law requires."
}

// Summarise writes the lead's one-line summary of an extract.
func Summarise(notes []ExtractNote, byKind, byReason map[string]int) string {
	var b strings.Builder
	switch len(notes) {
	case 0:
		b.WriteString("No notes")
	case 1:
		b.WriteString("1 note of " + shortDate(notes[0].SessionDate))
	default:
		fmt.Fprintf(&b, "%d notes from %s to %s", len(notes), shortDate(notes[0].SessionDate), shortDate(notes[len(notes)-1].SessionDate))
	}
	total := 0
	type part struct {
		n    int
		name string
	}
	var parts []part
	// Each part carries its own count: "2 addresses", "1 by hand (third party)".
	for k, n := range byKind {
		if n <= 0 {
			continue
		}
		total += n
		parts = append(parts, part{n, plural(n, kindWords[k])})
	}
	for r, n := range byReason {
		if n <= 0 {
			continue
		}
		total += n
		parts = append(parts, part{n, fmt.Sprintf("%d by hand (%s)", n, strings.ToLower(reasonLabel(r)))})
	}
	sort.SliceStable(parts, func(i, j int) bool {
		if parts[i].n != parts[j].n {
			return parts[i].n > parts[j].n
		}
		return parts[i].name < parts[j].name
	})
	fmt.Fprintf(&b, "; %s", plural(total, [2]string{"redaction", "redactions"}))
	for i, p := range parts {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(p.name)
	}
	return b.String()
}

var kindWords = map[string][2]string{
	"name": {"name", "names"}, "phone": {"phone number", "phone numbers"}, "email": {"email address", "email addresses"},
	"postcode": {"postcode", "postcodes"}, "address": {"address", "addresses"}, "nhs_number": {"NHS number", "NHS numbers"},
	"ni_number": {"National Insurance number", "National Insurance numbers"}, "date_of_birth": {"date of birth", "dates of birth"},
	"bank_details": {"bank detail", "bank details"}, "url": {"web address", "web addresses"},
	"vehicle_registration": {"vehicle registration", "vehicle registrations"}, "other": {"other identifier", "other identifiers"},
}

func plural(n int, w [2]string) string {
	if w[0] == "" {
		w = [2]string{"item", "items"}
	}
	if n == 1 {
		return "1 " + w[0]
	}
	return fmt.Sprintf("%d %s", n, w[1])
}

func shortDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2 Jan 2006")
}

// ExtractPreview renders the draft exactly as it would be sent.
func (a *App) ExtractPreview(ctx context.Context, actor access.Actor, requestID string) (Preview, error) {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return Preview{}, err
	}
	doc, obj, byKind, byReason, err := a.build(ctx, actor, x)
	if err != nil {
		return Preview{}, err
	}
	p := Preview{RequestID: x.req.ID, RequestRef: x.req.Reference, Text: extract.RenderText(doc), Notes: len(obj.Notes),
		Summary: Summarise(obj.Notes, byKind, byReason), Document: doc}
	for _, id := range x.draft.Notes {
		if d, ok := x.draft.Decisions[id]; !ok || !d.Reviewed {
			p.Unreviewed = append(p.Unreviewed, x.notes[id].SessionDate)
		}
	}
	return p, nil
}

// ErrNothingChosen is returned when a version is built with no notes.
var ErrNothingChosen = errors.New("choose at least one note, and review each, before building the extract")

// BuildVersion freezes the draft as a new extract version: the PDF, the
// manifest and the object are encrypted to the client's key, the SHA-256
// of the PDF identifies it, and the request moves to "extract drafted"
// (which voids any consent or approval given to an earlier version).
func (a *App) BuildVersion(ctx context.Context, actor access.Actor, requestID string) (store.Extract, error) {
	x, err := a.loadExtract(ctx, actor, requestID)
	if err != nil {
		return store.Extract{}, err
	}
	if len(x.draft.Notes) == 0 {
		return store.Extract{}, ErrNothingChosen
	}
	for _, id := range x.draft.Notes {
		if _, ok := x.notes[id]; !ok {
			return store.Extract{}, fmt.Errorf("%w (a chosen note is not signed: only signed notes leave)", ErrNothingChosen)
		}
		if d, ok := x.draft.Decisions[id]; !ok || !d.Reviewed {
			return store.Extract{}, fmt.Errorf("%w (the note of %s is not reviewed yet)", ErrNothingChosen, x.notes[id].SessionDate)
		}
	}
	doc, obj, byKind, byReason, err := a.build(ctx, actor, x)
	if err != nil {
		return store.Extract{}, err
	}
	var pdf bytes.Buffer
	if err := extract.RenderPDF(&pdf, doc); err != nil {
		return store.Extract{}, err
	}
	sum := sha256.Sum256(pdf.Bytes())
	hash := hex.EncodeToString(sum[:])
	summary := Summarise(obj.Notes, byKind, byReason)
	objJSON, err := json.Marshal(obj)
	if err != nil {
		return store.Extract{}, err
	}
	man := Manifest{Request: x.req.Reference, ByKind: byKind, ByReason: byReason, SHA256: hash,
		PreparedBy: ManifestPreparer{UserID: actor.UserID, Role: "safeguarding lead"}, Prepared: obj.Prepared.Format(time.RFC3339), Summary: summary}
	for _, n := range obj.Notes {
		man.Notes = append(man.Notes, ManifestNote{ID: n.ID, Date: n.SessionDate})
	}
	rcp := x.client.Recipient
	xv := store.Extract{RequestID: x.req.ID, SHA256: hash, Summary: summary, CreatedBy: actor.UserID, NoteIDs: x.draft.Notes}
	if xv.ObjectEnc, err = vault.Encrypt(objJSON, rcp); err != nil {
		return xv, err
	}
	if xv.PDFEnc, err = vault.Encrypt(pdf.Bytes(), rcp); err != nil {
		return xv, err
	}
	to := string(request.StatusExtractDrafted)
	if err := request.Move(request.Status(x.req.Status), request.StatusExtractDrafted, request.ActDraft, request.ActorSystem, request.Kind(x.req.Kind).IsCompulsory()); err != nil {
		to = x.req.Status
	}
	// The manifest names its own version: number it before encrypting.
	versions, err := a.DB.ExtractsByRequest(ctx, x.req.ID)
	if err != nil {
		return xv, err
	}
	man.Version = 1
	if len(versions) > 0 {
		man.Version = versions[0].Version + 1
	}
	manJSON, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return xv, err
	}
	if xv.ManifestEnc, err = vault.Encrypt(manJSON, rcp); err != nil {
		return xv, err
	}
	if err := a.DB.CreateExtract(ctx, &xv, x.req.Status, to, x.req.Version); err != nil {
		return xv, err
	}
	a.NotifyClient(ctx, x.req, x.client)
	return xv, nil
}

// ExtractFile returns a version's PDF or manifest, decrypted.
func (a *App) ExtractFile(ctx context.Context, actor access.Actor, requestID string, version int, manifest bool) ([]byte, store.Extract, error) {
	r, _, cid, err := a.Requests.LoadRequest(ctx, actor, requestID)
	if err != nil {
		return nil, store.Extract{}, err
	}
	xv, err := a.DB.ExtractByVersion(ctx, r.ID, version)
	if errors.Is(err, store.ErrNotFound) {
		return nil, xv, core.ErrNotFound
	}
	if err != nil {
		return nil, xv, err
	}
	enc := xv.PDFEnc
	if manifest {
		enc = xv.ManifestEnc
	}
	b, err := cid.Decrypt(enc)
	return b, xv, err
}
