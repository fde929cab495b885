package store

import (
	"context"
	"time"

	"confidant/internal/audit"

	"github.com/jmoiron/sqlx"
)

// Message is one entry of the thread between a client and the service
// about one request, encrypted to the client's key. A client's decision in
// the portal is an entry too (Decision set), with or without words.
type Message struct {
	ID        string    `db:"id"`
	RequestID string    `db:"request_id"`
	Sender    string    `db:"sender"`    // "client" or "service"
	AuthorID  string    `db:"author_id"` // a staff user's id, or "client:<account>"
	Decision  string    `db:"decision"`  // the client's decision, if this entry is one
	HasText   bool      `db:"has_text"`
	BodyEnc   []byte    `db:"body_enc"`
	CreatedAt time.Time `db:"-"` // read and written through messageRow
}

// messageRow is a Message as the portal_messages table holds it: the time
// in unix seconds.
type messageRow struct {
	Message
	CreatedAt unixColumn `db:"created_at"`
}

func (r messageRow) message() Message {
	m := r.Message
	m.CreatedAt = time.Time(r.CreatedAt)
	return m
}

// Message senders.
const (
	SenderClient  = "client"
	SenderService = "service"
)

// NeedsReply reports whether the service owes the client an answer to
// this entry: anything she wrote, and every decision but a plain "yes".
func (m Message) NeedsReply() bool {
	return m.Sender == SenderClient && (m.HasText || m.Decision != "agree")
}

const messageCols = `id, request_id, sender, author_id, decision, has_text, body_enc, created_at`

func insertMessage(ctx context.Context, tx *sqlx.Tx, m *Message) error {
	_, err := tx.NamedExecContext(ctx, `INSERT INTO portal_messages (`+messageCols+`) VALUES (:id, :request_id, :sender, :author_id, :decision, :has_text, :body_enc, :created_at)`, messageRow{Message: *m, CreatedAt: unixColumn(m.CreatedAt)})
	return err
}

// AddMessage appends a message to a request's thread, with its audit
// entry (which names the sender, never the words).
func (d *DB) AddMessage(ctx context.Context, m *Message) error {
	m.ID, m.CreatedAt = NewID(), wholeSeconds(d.now())
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if err := insertMessage(ctx, tx, m); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.MessagePrefix + m.Sender, ActorID: m.AuthorID, Subject: m.RequestID})
	})
}

// MessagesByRequest lists a request's thread, oldest first.
func (d *DB) MessagesByRequest(ctx context.Context, requestID string) ([]Message, error) {
	var rs []messageRow
	err := d.db.SelectContext(ctx, &rs, `SELECT `+messageCols+` FROM portal_messages WHERE request_id = ? ORDER BY created_at, rowid`, requestID)
	var ms []Message
	for _, r := range rs {
		ms = append(ms, r.message())
	}
	return ms, classify(err)
}

// MessagesByClient lists the threads of every request about a client in
// one query, each thread oldest first (group them by RequestID).
func (d *DB) MessagesByClient(ctx context.Context, clientID string) ([]Message, error) {
	var rs []messageRow
	err := d.db.SelectContext(ctx, &rs, `SELECT m.id, m.request_id, m.sender, m.author_id, m.decision, m.has_text, m.body_enc, m.created_at
		FROM portal_messages m JOIN requests r ON r.id = m.request_id
		WHERE r.client_id = ? ORDER BY m.created_at, m.rowid`, clientID)
	var ms []Message
	for _, r := range rs {
		ms = append(ms, r.message())
	}
	return ms, classify(err)
}

// LastMessage is the newest entry of a request's thread (ErrNotFound if
// there is none).
func (d *DB) LastMessage(ctx context.Context, requestID string) (Message, error) {
	var r messageRow
	err := d.db.GetContext(ctx, &r, `SELECT `+messageCols+` FROM portal_messages WHERE request_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`, requestID)
	return r.message(), classify(err)
}

// AwaitingReply is a live request whose client waits for an answer from
// the service, with what the home page needs to point to it.
type AwaitingReply struct {
	RequestID      string `db:"request_id"`
	Reference      string `db:"reference"`
	ClientID       string `db:"client_id"`
	ClientRef      string `db:"client_ref"`
	CounsellorID   string `db:"counsellor_id"`
	ClientShredded bool   `db:"client_shredded"`
}

// RequestsAwaitingReply lists the live requests whose newest thread entry
// is the client's and needs an answer (the leads' "needs action"), each
// with its client, oldest entry first, in one query.
func (d *DB) RequestsAwaitingReply(ctx context.Context) ([]AwaitingReply, error) {
	var out []AwaitingReply
	err := d.db.SelectContext(ctx, &out, `SELECT m.request_id, r.reference, r.client_id, c.reference AS client_ref,
		c.counsellor_id, c.shredded_at IS NOT NULL AS client_shredded
		FROM portal_messages m
		JOIN requests r ON r.id = m.request_id
		JOIN clients c ON c.id = r.client_id
		WHERE r.status NOT IN ('closed', 'recorded_in_error')
		  AND m.rowid = (SELECT m2.rowid FROM portal_messages m2 WHERE m2.request_id = m.request_id ORDER BY m2.created_at DESC, m2.rowid DESC LIMIT 1)
		  AND m.sender = 'client' AND (m.has_text = 1 OR m.decision != 'agree')
		ORDER BY m.created_at`)
	return out, classify(err)
}
