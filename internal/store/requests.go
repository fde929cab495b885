package store

import (
	"context"
	"fmt"
	"time"

	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/request"

	"github.com/jmoiron/sqlx"
)

// Request is a police request as stored. RecordEnc is the request record
// (JSON) encrypted to the client's key.
type Request struct {
	ID             string         `db:"id"`
	ClientID       string         `db:"client_id"`
	Reference      string         `db:"reference"`
	Kind           string         `db:"kind"`
	Force          string         `db:"force_name"`
	Status         request.Status `db:"status"`
	Verdict        string         `db:"verdict"`
	SuspectedFraud bool           `db:"suspected_fraud"`
	NotifyClient   bool           `db:"notify_client"`
	FindingCodes   []request.Code `db:"-"` // read and written through requestRow
	ReceivedOn     string         `db:"received_on"`
	PeriodFrom     string         `db:"period_from"`
	PeriodTo       string         `db:"period_to"`
	RecordEnc      []byte         `db:"record_enc"`
	CreatedBy      string         `db:"created_by"`
	CreatedAt      time.Time      `db:"-"` // read and written through requestRow, as are the two below
	UpdatedAt      time.Time      `db:"-"`
	Version        int            `db:"version"`
	ClientVisible  bool           `db:"client_visible"` // a lead chose to consult the client
	HarmHold       bool           `db:"harm_hold"`      // notice withheld on the serious-harm ground, until a lead lifts it
}

// requestRow is a Request as the requests table holds it: the finding
// codes as one comma-joined column, the times in unix seconds.
type requestRow struct {
	Request
	FindingCodes codesColumn `db:"finding_codes"`
	CreatedAt    unixColumn  `db:"created_at"`
	UpdatedAt    unixColumn  `db:"updated_at"`
}

func rowOfRequest(r Request) requestRow {
	return requestRow{Request: r, FindingCodes: r.FindingCodes, CreatedAt: unixColumn(r.CreatedAt), UpdatedAt: unixColumn(r.UpdatedAt)}
}

func (r requestRow) request() Request {
	q := r.Request
	q.FindingCodes, q.CreatedAt, q.UpdatedAt = r.FindingCodes, time.Time(r.CreatedAt), time.Time(r.UpdatedAt)
	return q
}

func requests(rs []requestRow) []Request {
	if rs == nil {
		return nil
	}
	out := make([]Request, len(rs))
	for i, r := range rs {
		out[i] = r.request()
	}
	return out
}

// Transition is one status change of a request.
type Transition struct {
	ID        string         `db:"id"`
	RequestID string         `db:"request_id"`
	At        time.Time      `db:"-"` // read through transitionRow
	ActorID   string         `db:"actor_id"`
	From      request.Status `db:"from_status"` // "" for the first
	To        request.Status `db:"to_status"`
	NoteEnc   []byte         `db:"note_enc"`
}

// transitionRow is a Transition as its table holds it: the time in unix
// seconds.
type transitionRow struct {
	Transition
	At unixColumn `db:"at"`
}

func transitions(rs []transitionRow) []Transition {
	if rs == nil {
		return nil
	}
	out := make([]Transition, len(rs))
	for i, r := range rs {
		out[i] = r.Transition
		out[i].At = time.Time(r.At)
	}
	return out
}

// Attachment is the original document of a request, encrypted.
type Attachment struct {
	ID          string    `db:"id"`
	RequestID   string    `db:"request_id"`
	ContentType string    `db:"content_type"`
	Size        int64     `db:"size"`
	NameEnc     []byte    `db:"name_enc"`
	DataEnc     []byte    `db:"data_enc"`
	CreatedAt   time.Time `db:"-"` // read and written through attachmentRow
}

// attachmentRow is an Attachment as its table holds it: the time in unix
// seconds.
type attachmentRow struct {
	Attachment
	CreatedAt unixColumn `db:"created_at"`
}

// Verification is a recorded call-back to the force.
type Verification struct {
	ID        string    `db:"id"`
	RequestID string    `db:"request_id"`
	CalledBy  string    `db:"called_by"`
	CalledOn  string    `db:"called_on"`
	Outcome   string    `db:"outcome"`
	DetailEnc []byte    `db:"detail_enc"`
	CreatedAt time.Time `db:"-"` // read and written through verificationRow
}

// verificationRow is a Verification as its table holds it: the time in
// unix seconds.
type verificationRow struct {
	Verification
	CreatedAt unixColumn `db:"created_at"`
}

// RequestView is a counsellor's professional view on a request.
type RequestView struct {
	ID        string    `db:"id"`
	RequestID string    `db:"request_id"`
	AuthorID  string    `db:"author_id"`
	BodyEnc   []byte    `db:"body_enc"`
	CreatedAt time.Time `db:"-"` // read and written through requestViewRow
}

// requestViewRow is a RequestView as its table holds it: the time in unix
// seconds.
type requestViewRow struct {
	RequestView
	CreatedAt unixColumn `db:"created_at"`
}

// ErrStale is returned when a record changed since the caller read it.
var ErrStale = fault.New(fault.Conflict, "This request was changed by someone else since you opened it; reload and try again.")

const requestCols = `id, client_id, reference, kind, force_name, status, verdict, suspected_fraud, notify_client, finding_codes, received_on, period_from, period_to, record_enc, created_by, created_at, updated_at, version, client_visible, harm_hold`

// CreateRequest stores a new request with its first transitions (received,
// then the status the check led to) and its attachment, in one transaction.
func (d *DB) CreateRequest(ctx context.Context, r *Request, att *Attachment, firstStatus request.Status) error {
	if r.ID == "" {
		r.ID = NewID()
	}
	if r.Reference == "" {
		r.Reference = "R-" + NewID()[:8]
	}
	now := wholeSeconds(d.now())
	r.CreatedAt, r.UpdatedAt, r.Version = now, now, 1
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO requests (`+requestCols+`) VALUES (:id, :client_id, :reference, :kind, :force_name, :status, :verdict, :suspected_fraud, :notify_client, :finding_codes, :received_on, :period_from, :period_to, :record_enc, :created_by, :created_at, :updated_at, :version, :client_visible, :harm_hold)`, rowOfRequest(*r)); err != nil {
			return err
		}
		for _, t := range [][2]request.Status{{"", request.StatusReceived}, {request.StatusReceived, firstStatus}} {
			if t[1] == "" || t[0] == t[1] {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO request_transitions (id, request_id, at, actor_id, from_status, to_status) VALUES (?, ?, ?, ?, ?, ?)`, NewID(), r.ID, now.Unix(), r.CreatedBy, t[0], t[1]); err != nil {
				return err
			}
		}
		if att != nil {
			att.ID, att.RequestID, att.CreatedAt = NewID(), r.ID, now
			if _, err := tx.NamedExecContext(ctx, `INSERT INTO request_attachments (id, request_id, content_type, size, name_enc, data_enc, created_at) VALUES (:id, :request_id, :content_type, :size, :name_enc, :data_enc, :created_at)`, attachmentRow{Attachment: *att, CreatedAt: unixColumn(att.CreatedAt)}); err != nil {
				return err
			}
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.RequestCreate, ActorID: r.CreatedBy, Subject: r.ID, Detail: "verdict=" + r.Verdict + " status=" + string(r.Status)})
	})
}

// RequestByID finds a request.
func (d *DB) RequestByID(ctx context.Context, id string) (Request, error) {
	var r requestRow
	err := d.db.GetContext(ctx, &r, `SELECT `+requestCols+` FROM requests WHERE id = ?`, id)
	return r.request(), classify(err)
}

// RequestsByClient lists a client's requests, newest first.
func (d *DB) RequestsByClient(ctx context.Context, clientID string) ([]Request, error) {
	var rs []requestRow
	err := d.db.SelectContext(ctx, &rs, `SELECT `+requestCols+` FROM requests WHERE client_id = ? ORDER BY received_on DESC, created_at DESC`, clientID)
	return requests(rs), classify(err)
}

// HasLiveRequest reports whether a client is the subject of a live request
// (request.Status.Live), for which a lead may read the client's notes.
func (d *DB) HasLiveRequest(ctx context.Context, clientID string) (bool, error) {
	q, args, err := sqlx.In(`SELECT count(*) FROM requests WHERE client_id = ? AND status IN (?)`, clientID, request.LiveStatuses())
	if err != nil {
		return false, err
	}
	var n int
	err = d.db.GetContext(ctx, &n, d.db.Rebind(q), args...)
	return n > 0, classify(err)
}

// RequestFilter selects requests for the dashboard: those at one status,
// else all of them (but those recorded in error), else the live ones.
type RequestFilter struct {
	Status   request.Status // one status; "" for All or the live ones
	All      bool
	Sort     string // "received" (oldest first, default), "received_desc", "status", "updated"
	Limit    int
	Offset   int
	ClientID string
}

// ListRequests returns requests for the dashboard with the total count.
func (d *DB) ListRequests(ctx context.Context, f RequestFilter) ([]Request, int, error) {
	if f.Status != "" && !f.Status.Valid() {
		// Not a status: the words "open" and "all" of the dashboard's
		// address are f.All or nothing, never a status.
		return nil, 0, fmt.Errorf("list requests: %q is not a request status", f.Status)
	}
	where := `1=1`
	var args []any
	switch {
	case f.Status != "":
		where, args = `status = ?`, []any{f.Status}
	case f.All:
		where, args = `status != ?`, []any{request.StatusRecordedInError}
	default:
		q, a, _ := sqlx.In(`status IN (?)`, request.LiveStatuses())
		where, args = q, a
	}
	if f.ClientID != "" {
		where += ` AND client_id = ?`
		args = append(args, f.ClientID)
	}
	order := map[string]string{
		"": "received_on, created_at", "received": "received_on, created_at",
		"received_desc": "received_on DESC, created_at DESC", "status": "status, received_on",
		"updated": "updated_at DESC",
	}[f.Sort]
	if order == "" {
		order = "received_on, created_at"
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var total int
	if err := d.db.GetContext(ctx, &total, d.db.Rebind(`SELECT count(*) FROM requests WHERE `+where), args...); err != nil {
		return nil, 0, classify(err)
	}
	var rs []requestRow
	err := d.db.SelectContext(ctx, &rs, d.db.Rebind(`SELECT `+requestCols+` FROM requests WHERE `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`), append(args, f.Limit, f.Offset)...)
	return requests(rs), total, classify(err)
}

// TransitionRequest moves a request from one status to another if it is
// still at the version the caller saw, recording the transition and an
// audit entry in the same transaction.
func (d *DB) TransitionRequest(ctx context.Context, m Move) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if err := moveRequest(ctx, tx, m, wholeSeconds(d.now())); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.RequestStatus, ActorID: m.ActorID, Subject: m.RequestID, Detail: string(m.From) + "->" + string(m.To)})
	})
}

// TransitionsByRequest lists a request's status changes, oldest first.
func (d *DB) TransitionsByRequest(ctx context.Context, id string) ([]Transition, error) {
	var ts []transitionRow
	err := d.db.SelectContext(ctx, &ts, `SELECT id, request_id, at, actor_id, from_status, to_status, note_enc FROM request_transitions WHERE request_id = ? ORDER BY at, rowid`, id)
	return transitions(ts), classify(err)
}

// AllTransitions streams every transition (statistics).
func (d *DB) AllTransitions(ctx context.Context) ([]Transition, error) {
	var ts []transitionRow
	err := d.db.SelectContext(ctx, &ts, `SELECT id, request_id, at, actor_id, from_status, to_status, NULL AS note_enc FROM request_transitions ORDER BY at, rowid`)
	return transitions(ts), classify(err)
}

// AttachmentByRequest returns a request's original document.
func (d *DB) AttachmentByRequest(ctx context.Context, requestID string) (Attachment, error) {
	var r attachmentRow
	err := d.db.GetContext(ctx, &r, `SELECT id, request_id, content_type, size, name_enc, data_enc, created_at FROM request_attachments WHERE request_id = ? ORDER BY created_at LIMIT 1`, requestID)
	a := r.Attachment
	a.CreatedAt = time.Time(r.CreatedAt)
	return a, classify(err)
}

// AddVerification records a call-back, with its audit entry.
func (d *DB) AddVerification(ctx context.Context, v *Verification) error {
	v.ID, v.CreatedAt = NewID(), wholeSeconds(d.now())
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO request_verifications (id, request_id, called_by, called_on, outcome, detail_enc, created_at) VALUES (:id, :request_id, :called_by, :called_on, :outcome, :detail_enc, :created_at)`, verificationRow{Verification: *v, CreatedAt: unixColumn(v.CreatedAt)}); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.RequestVerification, ActorID: v.CalledBy, Subject: v.RequestID, Detail: "outcome=" + v.Outcome})
	})
}

// VerificationsByRequest lists a request's call-backs.
func (d *DB) VerificationsByRequest(ctx context.Context, id string) ([]Verification, error) {
	var rs []verificationRow
	err := d.db.SelectContext(ctx, &rs, `SELECT id, request_id, called_by, called_on, outcome, detail_enc, created_at FROM request_verifications WHERE request_id = ? ORDER BY created_at`, id)
	var vs []Verification
	for _, r := range rs {
		v := r.Verification
		v.CreatedAt = time.Time(r.CreatedAt)
		vs = append(vs, v)
	}
	return vs, classify(err)
}

// AddRequestView stores a counsellor's view.
func (d *DB) AddRequestView(ctx context.Context, v *RequestView) error {
	v.ID, v.CreatedAt = NewID(), wholeSeconds(d.now())
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO request_views (id, request_id, author_id, body_enc, created_at) VALUES (:id, :request_id, :author_id, :body_enc, :created_at)`, requestViewRow{RequestView: *v, CreatedAt: unixColumn(v.CreatedAt)}); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.RequestView, ActorID: v.AuthorID, Subject: v.RequestID})
	})
}

// ViewsByRequest lists counsellors' views on a request.
func (d *DB) ViewsByRequest(ctx context.Context, id string) ([]RequestView, error) {
	var rs []requestViewRow
	err := d.db.SelectContext(ctx, &rs, `SELECT id, request_id, author_id, body_enc, created_at FROM request_views WHERE request_id = ? ORDER BY created_at`, id)
	var vs []RequestView
	for _, r := range rs {
		v := r.RequestView
		v.CreatedAt = time.Time(r.CreatedAt)
		vs = append(vs, v)
	}
	return vs, classify(err)
}

// ViewsByClient lists counsellors' views on every request about a client
// in one query, oldest first (group them by RequestID).
func (d *DB) ViewsByClient(ctx context.Context, clientID string) ([]RequestView, error) {
	var rs []requestViewRow
	err := d.db.SelectContext(ctx, &rs, `SELECT v.id, v.request_id, v.author_id, v.body_enc, v.created_at
		FROM request_views v JOIN requests r ON r.id = v.request_id
		WHERE r.client_id = ? ORDER BY v.created_at, v.rowid`, clientID)
	var vs []RequestView
	for _, r := range rs {
		v := r.RequestView
		v.CreatedAt = time.Time(r.CreatedAt)
		vs = append(vs, v)
	}
	return vs, classify(err)
}

// LetterTemplate is an admin-edited letter.
type LetterTemplate struct {
	Kind      string    `db:"kind"`
	Body      string    `db:"body"`
	UpdatedBy string    `db:"updated_by"`
	UpdatedAt time.Time `db:"-"` // read through letterTemplateRow
	Version   int       `db:"version"`
}

// letterTemplateRow is a LetterTemplate as its table holds it: the time
// in unix seconds.
type letterTemplateRow struct {
	LetterTemplate
	UpdatedAt unixColumn `db:"updated_at"`
}

// LetterTemplateByKind returns the edited template, or ErrNotFound when the
// default is in use.
func (d *DB) LetterTemplateByKind(ctx context.Context, kind string) (LetterTemplate, error) {
	var r letterTemplateRow
	err := d.db.GetContext(ctx, &r, `SELECT kind, body, updated_by, updated_at, version FROM letter_templates WHERE kind = ?`, kind)
	t := r.LetterTemplate
	t.UpdatedAt = time.Time(r.UpdatedAt)
	return t, classify(err)
}

// SaveLetterTemplate stores an edited template if nobody saved it since
// version (0 for the first edit).
func (d *DB) SaveLetterTemplate(ctx context.Context, kind, body, actorID string, version int) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		now := d.now().Unix()
		var res interface{ RowsAffected() (int64, error) }
		var err error
		if version == 0 {
			res, err = tx.ExecContext(ctx, `INSERT INTO letter_templates (kind, body, updated_by, updated_at, version) VALUES (?, ?, ?, ?, 1) ON CONFLICT(kind) DO NOTHING`, kind, body, actorID, now)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE letter_templates SET body = ?, updated_by = ?, updated_at = ?, version = version + 1 WHERE kind = ? AND version = ?`, body, actorID, now, kind, version)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("the %s letter was changed by someone else since you opened it; reload to see their version: %w", kind, ErrStale)
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.LetterTemplate, ActorID: actorID, Subject: kind})
	})
}

// HasUnclosedRequest reports whether any request about a client is not yet
// closed: the client's records are then under a preservation hold.
func (d *DB) HasUnclosedRequest(ctx context.Context, clientID string) (bool, error) {
	var n int
	q, args, err := sqlx.In(`SELECT count(*) FROM requests WHERE client_id = ? AND status IN (?)`, clientID, request.OpenStatuses())
	if err != nil {
		return false, err
	}
	err = d.db.GetContext(ctx, &n, d.db.Rebind(q), args...)
	return n > 0, classify(err)
}

// anyVersion tells moveRequest not to check the request's version (the
// caller holds a status check that is enough, e.g. a client's decision).
const anyVersion = -1

// Move is one step in a request's life: who takes it (the actor kind, for
// the lifecycle's rules, and the id, for the record), from where to where,
// and at which version of the request the actor saw.
type Move struct {
	RequestID string
	From, To  request.Status
	Action    request.Action
	By        request.Actor
	ActorID   string
	Version   int // anyVersion: the status check is enough
	NoteEnc   []byte
}

// moveRequest changes a request's status inside the caller's transaction,
// with its transition row, only if the lifecycle lets this actor take
// this action (request.Move) and the request is still at m.From (and at
// m.Version, unless anyVersion), stamped at. A request that moved meanwhile is
// ErrStale; a step the lifecycle refuses is a *request.MoveError, which is
// a Conflict (request.ErrStepRefused); a write the database refuses is
// classified as every other write is (ErrBusy, ErrFull, ErrReadOnly), so
// it does not depend on its caller's transaction to be.
func moveRequest(ctx context.Context, tx *sqlx.Tx, m Move, at time.Time) error {
	var kind string
	if err := tx.GetContext(ctx, &kind, `SELECT kind FROM requests WHERE id = ?`, m.RequestID); err != nil {
		return classify(err)
	}
	if err := request.Move(m.From, m.To, m.Action, m.By, request.Kind(kind).IsCompulsory()); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE requests SET status = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = ? AND (? < 0 OR version = ?)`, m.To, unixColumn(at), m.RequestID, m.From, m.Version, m.Version)
	if err != nil {
		return classify(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrStale
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO request_transitions (id, request_id, at, actor_id, from_status, to_status, note_enc) VALUES (?, ?, ?, ?, ?, ?, ?)`, NewID(), m.RequestID, unixColumn(at), m.ActorID, m.From, m.To, m.NoteEnc)
	return classify(err)
}
