package store

import (
	"context"
	"fmt"
	"time"

	"confidant/internal/audit"

	"github.com/jmoiron/sqlx"
)

// Client is a client's record as stored: the name and contact details are
// age ciphertext to the client's own recipient; WrappedKey is the client
// identity wrapped to the vault and recovery recipients.
type Client struct {
	ID            string    `db:"id"`
	CounsellorID  string    `db:"counsellor_id"`
	Recipient     string    `db:"recipient"`
	WrappedKey    []byte    `db:"wrapped_key"`
	NameEnc       []byte    `db:"name_enc"`
	ContactEnc    []byte    `db:"contact_enc"`
	Reference     string    `db:"reference"`
	CreatedAt     time.Time `db:"-"`
	LastSessionOn string    `db:"last_session_on"`
}

// clientRow is a Client as the clients table holds it.
type clientRow struct {
	Client
	CreatedAt unixColumn `db:"created_at"`
}

func rowOfClient(c Client) clientRow { return clientRow{Client: c, CreatedAt: unixColumn(c.CreatedAt)} }

func (r clientRow) client() Client {
	c := r.Client
	c.CreatedAt = time.Time(r.CreatedAt)
	return c
}

func clients(rs []clientRow) []Client {
	if rs == nil {
		return nil
	}
	cs := make([]Client, len(rs))
	for i, r := range rs {
		cs[i] = r.client()
	}
	return cs
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
	c.CreatedAt = wholeSeconds(d.now())
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO clients (`+clientCols+`) VALUES (:id, :counsellor_id, :recipient, :wrapped_key, :name_enc, :contact_enc, :reference, :created_at, :last_session_on)`, rowOfClient(*c)); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.ClientCreated, ActorID: actorID, Subject: c.ID})
	})
}

// ClientByID finds a client that has not been shredded.
func (d *DB) ClientByID(ctx context.Context, id string) (Client, error) {
	var r clientRow
	err := d.db.GetContext(ctx, &r, `SELECT `+clientCols+` FROM clients WHERE id = ? AND shredded_at IS NULL`, id)
	return r.client(), classify(err)
}

// ClientsByCounsellor lists a counsellor's caseload, newest first.
func (d *DB) ClientsByCounsellor(ctx context.Context, counsellorID string) ([]Client, error) {
	var rs []clientRow
	err := d.db.SelectContext(ctx, &rs, `SELECT `+clientCols+` FROM clients WHERE counsellor_id = ? AND shredded_at IS NULL ORDER BY created_at DESC, id`, counsellorID)
	return clients(rs), classify(err)
}

// WrappedKey is one client's wrapped identity, for key rotation.
type WrappedKey struct {
	ClientID string `db:"id"`
	Wrapped  []byte `db:"wrapped_key"`
}

// VaultSealed is a value sealed to the vault key (a staff name or TOTP
// secret), for key rotation.
type VaultSealed struct {
	Table, Column, ID string
	Data              []byte
}

// RewrapAll replaces every wrapped client identity and every value sealed
// to the vault key, and the vault recipient, in one transaction: after a
// crash either all of it is under the old key or all under the new.
func (d *DB) RewrapAll(ctx context.Context, rewrap func([]byte) ([]byte, error), reseal func([]byte) ([]byte, error), newRecipient string, meta map[string]string, ev Event) (int, error) {
	n := 0
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		var keys []WrappedKey
		if err := tx.SelectContext(ctx, &keys, `SELECT id, wrapped_key FROM clients WHERE wrapped_key IS NOT NULL`); err != nil {
			return err
		}
		for _, k := range keys {
			w, err := rewrap(k.Wrapped)
			if err != nil {
				return fmt.Errorf("client %s: %w", k.ClientID, err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE clients SET wrapped_key = ? WHERE id = ?`, w, k.ClientID); err != nil {
				return err
			}
			n++
		}
		var users []userRow
		if err := tx.SelectContext(ctx, &users, `SELECT `+userCols+` FROM users`); err != nil {
			return err
		}
		for _, u := range users {
			name, err := reseal(u.NameEnc)
			if err != nil {
				return fmt.Errorf("user %s: %w", u.ID, err)
			}
			var totp []byte
			if len(u.TOTPEnc) > 0 {
				if totp, err = reseal(u.TOTPEnc); err != nil {
					return fmt.Errorf("user %s: %w", u.ID, err)
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET name_enc = ?, totp_enc = ? WHERE id = ?`, name, totp, u.ID); err != nil {
				return err
			}
		}
		if err := resealMail(ctx, tx, reseal); err != nil {
			return err
		}
		if err := resealMeta(ctx, tx, reseal); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = 'vault_recipient'`, newRecipient); err != nil {
			return err
		}
		for k, v := range meta {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return d.appendAudit(ctx, tx, &ev)
	})
	return n, err
}

// AllClients lists every client not shredded (a lead's search for the
// client a police request concerns).
func (d *DB) AllClients(ctx context.Context) ([]Client, error) {
	var rs []clientRow
	err := d.db.SelectContext(ctx, &rs, `SELECT `+clientCols+` FROM clients WHERE shredded_at IS NULL`)
	return clients(rs), classify(err)
}

// ClientReferences maps client ids to their references.
func (d *DB) ClientReferences(ctx context.Context) (map[string]string, error) {
	var rows []struct {
		ID  string `db:"id"`
		Ref string `db:"reference"`
	}
	if err := d.db.SelectContext(ctx, &rows, `SELECT id, reference FROM clients`); err != nil {
		return nil, classify(err)
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		m[r.ID] = r.Ref
	}
	return m, nil
}
