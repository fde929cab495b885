// Package store keeps Confidant's records in SQLite through sqlx.
//
// It stores what it is given: personal fields arrive already encrypted by the
// vault (the *Enc fields) and leave the same way. The database runs in WAL
// mode with synchronous=FULL, so a write that returned is on disk and
// survives a kill -9 or power cut; writes take the lock at BEGIN (immediate
// transactions) so that two writers never deadlock on an upgrade.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/base32"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"confidant/internal/fault"

	"github.com/jmoiron/sqlx"
	sqlite3 "github.com/mattn/go-sqlite3"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DBFile is the database's file name inside a data directory.
const DBFile = "confidant.db"

// Errors the store returns; callers test them with errors.Is. Each carries
// its fault code, and its message is what the person reads.
var (
	// ErrNotFound: no such row, or one the caller may not know of.
	ErrNotFound = fault.New(fault.NotFound, "There is nothing here, or you do not have access to it.")
	ErrConflict = fault.New(fault.Conflict, "That already exists.")
	ErrBusy     = fault.New(fault.Unavailable, "The database is busy. Nothing was saved; try again in a moment.")
	ErrFull     = fault.New(fault.Full, "The server's disk is full, so nothing was saved. Tell your administrator.")
	ErrReadOnly = fault.New(fault.Full, "The database cannot be written to, so nothing was saved. Tell your administrator.")
)

// DB is an open Confidant database.
type DB struct {
	db  *sqlx.DB
	now func() time.Time
	// audit is the audit key, set by SetAuditKey before the DB is shared.
	audit auditKey
}

// Open opens (creating if needed) the database at path and applies any
// migrations not yet applied, in one transaction.
func Open(ctx context.Context, path string) (*DB, error) {
	// Create the file ourselves so that it, and the WAL and shared-memory
	// files SQLite derives from it, are readable by the owner only.
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600); err == nil {
		f.Close()
	} else {
		return nil, fmt.Errorf("open database: %w", err)
	}
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "immediate")
	// Overwrite deleted content with zeros, so that a shredded client's
	// wrapped key (or a key wrapped before a rotation) does not linger in
	// free space inside the file.
	q.Set("_secure_delete", "on")
	dsn := "file:" + filepath.ToSlash(path) + "?" + q.Encode()
	db, err := sqlx.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	db.SetMaxOpenConns(8)
	d := &DB{db: db, now: time.Now}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// SetClock replaces the clock (tests).
func (d *DB) SetClock(now func() time.Time) { d.now = now }

// KeepNoIdleConnections closes each connection as soon as it is done
// (tests). In WAL mode an open connection keeps any other from taking the
// file exclusively, so a test that makes the database busy for readers too
// needs this.
func (d *DB) KeepNoIdleConnections() { d.db.SetMaxIdleConns(0) }

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Now is the store's clock.
func (d *DB) Now() time.Time { return d.now() }

func (d *DB) migrate(ctx context.Context) error {
	tx, err := d.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", classify(err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var applied []int
	if err := tx.SelectContext(ctx, &applied, `SELECT version FROM schema_migrations`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	done := map[int]bool{}
	for _, v := range applied {
		done[v] = true
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: bad number", base)
		}
		if done[v] {
			continue
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, d.now().Unix()); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return tx.Commit()
}

// NewID returns a random identifier with 130 bits of entropy, safe to put
// in URLs: it reveals neither order nor time.
func NewID() string {
	var b [17]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))[:26]
}

// ValidID reports whether s looks like an id from NewID, so that handlers
// can answer 404 without a query for anything else.
func ValidID(s string) bool {
	if len(s) != 26 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}

// classify maps SQLite errors to the store's errors so that callers can give
// a clear message without seeing SQL.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return fmt.Errorf("%w: %v", ErrBusy, err)
		case sqlite3.ErrFull:
			return fmt.Errorf("%w: %v", ErrFull, err)
		case sqlite3.ErrReadonly:
			return fmt.Errorf("%w: %v", ErrReadOnly, err)
		case sqlite3.ErrConstraint:
			if se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey {
				return fmt.Errorf("%w: %v", ErrConflict, err)
			}
		}
	}
	return err
}

// tx runs fn in an immediate write transaction.
func (d *DB) tx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := d.db.BeginTxx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return classify(err)
	}
	return classify(tx.Commit())
}

// GetMeta reads a vault-wide value ("" when unset).
func (d *DB) GetMeta(ctx context.Context, key string) (string, error) {
	var v string
	err := d.db.GetContext(ctx, &v, `SELECT value FROM meta WHERE key = ?`, key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, classify(err)
}

// SetMeta writes a vault-wide value, with an audit entry when ev is set.
func (d *DB) SetMeta(ctx context.Context, key, value string, ev *Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, ev)
	})
}

// Backup writes a consistent copy of the database to path (which must not
// exist) while others keep reading and writing.
func (d *DB) Backup(ctx context.Context, path string) error {
	_, err := d.db.ExecContext(ctx, `VACUUM INTO ?`, path)
	return classify(err)
}

// Ping checks the database answers a read (a ping alone does not touch the
// file, so it would not notice a busy one).
func (d *DB) Ping(ctx context.Context) error {
	var n int
	return classify(d.db.GetContext(ctx, &n, `SELECT count(*) FROM schema_migrations`))
}
