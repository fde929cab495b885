package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"
)

// A versioned meta value is an admin-edited text kept in the meta table
// beside a version number (under key + ".version"), so that two admins
// editing at once cannot silently overwrite each other.

// GetMetaVersioned reads a value and its version; version 0 means it was
// never saved (and the value is "").
func (d *DB) GetMetaVersioned(ctx context.Context, key string) (string, int, error) {
	var rows []struct {
		Key   string `db:"key"`
		Value string `db:"value"`
	}
	if err := d.db.SelectContext(ctx, &rows, `SELECT key, value FROM meta WHERE key IN (?, ?)`, key, key+".version"); err != nil {
		return "", 0, classify(err)
	}
	var value string
	version := 0
	for _, r := range rows {
		if r.Key == key {
			value = r.Value
		} else if n, err := strconv.Atoi(r.Value); err == nil {
			version = n
		}
	}
	return value, version, nil
}

// SetMetaVersioned writes value if the stored version is still version (0
// for the first save), with its audit entry, in one transaction. A save
// from a stale form returns ErrStale and changes nothing.
func (d *DB) SetMetaVersioned(ctx context.Context, key, value string, version int, ev *Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		var cur string
		err := tx.GetContext(ctx, &cur, `SELECT value FROM meta WHERE key = ?`, key+".version")
		if errors.Is(err, sql.ErrNoRows) {
			cur = "0"
		} else if err != nil {
			return err
		}
		if cur != strconv.Itoa(version) {
			return fmt.Errorf("someone else saved this text since you opened it; reload to see their version: %w", ErrStale)
		}
		for k, v := range map[string]string{key: value, key + ".version": strconv.Itoa(version + 1)} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return d.appendAudit(ctx, tx, ev)
	})
}
