package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// Client is a client's record as stored: the name and contact details are
// age ciphertext to the client's own recipient; WrappedKey is the client
// identity wrapped to the vault and recovery recipients.
type Client struct {
	ID            string `db:"id"`
	CounsellorID  string `db:"counsellor_id"`
	Recipient     string `db:"recipient"`
	WrappedKey    []byte `db:"wrapped_key"`
	NameEnc       []byte `db:"name_enc"`
	ContactEnc    []byte `db:"contact_enc"`
	Reference     string `db:"reference"`
	CreatedAt     int64  `db:"created_at"`
	LastSessionOn string `db:"last_session_on"`
}

const clientCols = `id, counsellor_id, recipient, wrapped_key, name_enc, contact_enc, reference, created_at, last_session_on`

// CreateClient stores a new client.
func (d *DB) CreateClient(ctx context.Context, c *Client, actorID string) error {
	if c.ID == "" {
		c.ID = NewID()
	}
	if c.Reference == "" {
		c.Reference = "C-" + NewID()[:8]
	}
	c.CreatedAt = d.now().Unix()
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO clients (`+clientCols+`) VALUES (:id, :counsellor_id, :recipient, :wrapped_key, :name_enc, :contact_enc, :reference, :created_at, :last_session_on)`, c); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: "client.create", ActorID: actorID, Subject: c.ID})
	})
}

// ClientByID finds a client that has not been shredded.
func (d *DB) ClientByID(ctx context.Context, id string) (Client, error) {
	var c Client
	err := d.db.GetContext(ctx, &c, `SELECT `+clientCols+` FROM clients WHERE id = ? AND shredded_at IS NULL`, id)
	return c, classify(err)
}

// ClientsByCounsellor lists a counsellor's caseload, newest first.
func (d *DB) ClientsByCounsellor(ctx context.Context, counsellorID string) ([]Client, error) {
	var cs []Client
	err := d.db.SelectContext(ctx, &cs, `SELECT `+clientCols+` FROM clients WHERE counsellor_id = ? AND shredded_at IS NULL ORDER BY created_at DESC, id`, counsellorID)
	return cs, classify(err)
}
