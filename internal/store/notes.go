package store

import (
	"context"
	"time"

	"confidant/internal/audit"
	"confidant/internal/casefile"
	"confidant/internal/fault"

	"github.com/jmoiron/sqlx"
)

// Note is a session note as stored; BodyEnc is age ciphertext to the
// client's recipient.
type Note struct {
	ID          string          `db:"id"`
	ClientID    string          `db:"client_id"`
	AuthorID    string          `db:"author_id"`
	SessionDate string          `db:"session_date"`
	BodyEnc     []byte          `db:"body_enc"`
	Status      casefile.Status `db:"status"`
	CreatedAt   time.Time       `db:"-"`
	UpdatedAt   time.Time       `db:"-"`
	SignedAt    time.Time       `db:"-"` // zero while a draft
}

// noteRow is a Note as the notes table holds it.
type noteRow struct {
	Note
	CreatedAt unixColumn     `db:"created_at"`
	UpdatedAt unixColumn     `db:"updated_at"`
	SignedAt  nullUnixColumn `db:"signed_at"`
}

func rowOfNote(n Note) noteRow {
	return noteRow{Note: n, CreatedAt: unixColumn(n.CreatedAt), UpdatedAt: unixColumn(n.UpdatedAt), SignedAt: nullUnixColumn(n.SignedAt)}
}

func (r noteRow) note() Note {
	n := r.Note
	n.CreatedAt, n.UpdatedAt, n.SignedAt = time.Time(r.CreatedAt), time.Time(r.UpdatedAt), time.Time(r.SignedAt)
	return n
}

func notes(rs []noteRow) []Note {
	if rs == nil {
		return nil
	}
	ns := make([]Note, len(rs))
	for i, r := range rs {
		ns[i] = r.note()
	}
	return ns
}

// Addendum is a correction to a signed note.
type Addendum struct {
	ID        string    `db:"id"`
	NoteID    string    `db:"note_id"`
	AuthorID  string    `db:"author_id"`
	BodyEnc   []byte    `db:"body_enc"`
	CreatedAt time.Time `db:"-"`
}

// addendumRow is an Addendum as the addenda table holds it.
type addendumRow struct {
	Addendum
	CreatedAt unixColumn `db:"created_at"`
}

func rowOfAddendum(a Addendum) addendumRow {
	return addendumRow{Addendum: a, CreatedAt: unixColumn(a.CreatedAt)}
}

func (r addendumRow) addendum() Addendum {
	a := r.Addendum
	a.CreatedAt = time.Time(r.CreatedAt)
	return a
}

const noteCols = `id, client_id, author_id, session_date, body_enc, status, created_at, updated_at, signed_at`

// ErrNotSigned refuses an addendum to a draft.
var ErrNotSigned = fault.New(fault.Conflict, "Addenda are for signed notes; edit the draft instead.")

// ErrSigned is returned for a change to a signed note.
var ErrSigned = fault.New(fault.Conflict, "The note is signed and cannot be changed; add an addendum instead.")

// CreateNote stores a draft note. When it returns nil the note is on disk.
func (d *DB) CreateNote(ctx context.Context, n *Note) error {
	if n.ID == "" {
		n.ID = NewID()
	}
	now := wholeSeconds(d.now())
	n.CreatedAt, n.UpdatedAt = now, now
	if n.Status == "" {
		n.Status = casefile.Draft
	}
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO notes (`+noteCols+`) VALUES (:id, :client_id, :author_id, :session_date, :body_enc, :status, :created_at, :updated_at, :signed_at)`, rowOfNote(*n)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE clients SET last_session_on = ? WHERE id = ? AND last_session_on < ?`, n.SessionDate, n.ClientID, n.SessionDate); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.NoteCreated, ActorID: n.AuthorID, Subject: n.ID})
	})
}

// UpdateDraft replaces a draft's body and session date.
func (d *DB) UpdateDraft(ctx context.Context, noteID, actorID, sessionDate string, body []byte) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE notes SET body_enc = ?, session_date = ?, updated_at = ? WHERE id = ? AND status = 'draft'`, body, sessionDate, d.now().Unix(), noteID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrSigned
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.NoteUpdated, ActorID: actorID, Subject: noteID})
	})
}

// SignNote makes a draft immutable.
func (d *DB) SignNote(ctx context.Context, noteID, actorID string) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		now := d.now().Unix()
		res, err := tx.ExecContext(ctx, `UPDATE notes SET status = 'signed', signed_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'`, now, now, noteID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrSigned
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.NoteSigned, ActorID: actorID, Subject: noteID})
	})
}

// NoteByID finds a note.
func (d *DB) NoteByID(ctx context.Context, id string) (Note, error) {
	var r noteRow
	err := d.db.GetContext(ctx, &r, `SELECT `+noteCols+` FROM notes WHERE id = ?`, id)
	return r.note(), classify(err)
}

// NotesByClient returns one page of a client's notes, newest session first.
func (d *DB) NotesByClient(ctx context.Context, clientID string, limit, offset int) ([]Note, error) {
	var rs []noteRow
	err := d.db.SelectContext(ctx, &rs, `SELECT `+noteCols+` FROM notes WHERE client_id = ? ORDER BY session_date DESC, created_at DESC, id LIMIT ? OFFSET ?`, clientID, limit, offset)
	return notes(rs), classify(err)
}

// CountNotes counts a client's notes.
func (d *DB) CountNotes(ctx context.Context, clientID string) (int, error) {
	var n int
	err := d.db.GetContext(ctx, &n, `SELECT count(*) FROM notes WHERE client_id = ?`, clientID)
	return n, classify(err)
}

// CreateAddendum adds a correction to a signed note.
func (d *DB) CreateAddendum(ctx context.Context, a *Addendum) error {
	if a.ID == "" {
		a.ID = NewID()
	}
	a.CreatedAt = wholeSeconds(d.now())
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		var status casefile.Status
		if err := tx.GetContext(ctx, &status, `SELECT status FROM notes WHERE id = ?`, a.NoteID); err != nil {
			return err
		}
		if status != casefile.Signed {
			return ErrNotSigned
		}
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO addenda (id, note_id, author_id, body_enc, created_at) VALUES (:id, :note_id, :author_id, :body_enc, :created_at)`, rowOfAddendum(*a)); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.AddendumCreated, ActorID: a.AuthorID, Subject: a.ID, Detail: "note=" + a.NoteID})
	})
}

// AddendaByNotes returns the addenda of the given notes, oldest first.
func (d *DB) AddendaByNotes(ctx context.Context, noteIDs []string) ([]Addendum, error) {
	if len(noteIDs) == 0 {
		return nil, nil
	}
	q, args, err := sqlx.In(`SELECT id, note_id, author_id, body_enc, created_at FROM addenda WHERE note_id IN (?) ORDER BY created_at, id`, noteIDs)
	if err != nil {
		return nil, err
	}
	var rs []addendumRow
	if err := d.db.SelectContext(ctx, &rs, d.db.Rebind(q), args...); err != nil {
		return nil, classify(err)
	}
	as := make([]Addendum, len(rs))
	for i, r := range rs {
		as[i] = r.addendum()
	}
	return as, nil
}

// NotesInPeriod returns every note of a client with a session date in
// [from, to] (either may be empty for open-ended), oldest first.
func (d *DB) NotesInPeriod(ctx context.Context, clientID, from, to string) ([]Note, error) {
	if to == "" {
		to = "9999-12-31"
	}
	var rs []noteRow
	err := d.db.SelectContext(ctx, &rs, `SELECT `+noteCols+` FROM notes WHERE client_id = ? AND session_date >= ? AND session_date <= ? ORDER BY session_date, created_at, id`, clientID, from, to)
	return notes(rs), classify(err)
}

// RawInsertNoteForBench inserts a note with nothing else (no audit, no
// client update): the bare cost the save benchmark compares against.
func (d *DB) RawInsertNoteForBench(ctx context.Context, clientID, authorID string, body []byte) (string, error) {
	id := NewID()
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO notes (`+noteCols+`) VALUES (?, ?, ?, '2026-01-05', ?, 'draft', 0, 0, NULL)`, id, clientID, authorID, body)
		return err
	})
	return id, err
}

// BulkInsertNotesForBench inserts n copies of one note in one transaction,
// to build large databases for start-up benchmarks.
func (d *DB) BulkInsertNotesForBench(ctx context.Context, n int, clientID, authorID string, body []byte) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO notes (`+noteCols+`) VALUES (?, ?, ?, '2026-01-05', ?, 'draft', 0, 0, NULL)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := 0; i < n; i++ {
			if _, err := stmt.ExecContext(ctx, NewID(), clientID, authorID, body); err != nil {
				return err
			}
		}
		return nil
	})
}
