package store

import (
	"context"

	"confidant/internal/fault"

	"github.com/jmoiron/sqlx"
)

// ErrSettingsChanged is returned when the settings were saved by someone else after
// the form being saved was loaded.
var ErrSettingsChanged = fault.New(fault.Conflict, "Another administrator changed these settings while you were editing them. The form now shows their values; make your change again and save.")

// LoadSettings returns every stored setting and the settings' version.
func (d *DB) LoadSettings(ctx context.Context) (map[string]string, int64, error) {
	var rows []struct {
		Key   string `db:"key"`
		Value string `db:"value"`
	}
	if err := d.db.SelectContext(ctx, &rows, `SELECT key, value FROM settings`); err != nil {
		return nil, 0, classify(err)
	}
	var version int64
	if err := d.db.GetContext(ctx, &version, `SELECT version FROM settings_version WHERE one = 1`); err != nil {
		return nil, 0, classify(err)
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		m[r.Key] = r.Value
	}
	return m, version, nil
}

// SaveSettings writes values only if the settings are still at version
// expect (optimistic concurrency: the form carries the version it was
// loaded at), and returns the new version. Otherwise it changes nothing and
// returns ErrSettingsChanged.
func (d *DB) SaveSettings(ctx context.Context, values map[string]string, expect int64, ev Event) (int64, error) {
	var next int64
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE settings_version SET version = version + 1, updated_at = ?, updated_by = ? WHERE one = 1 AND version = ?`,
			d.now().Unix(), ev.ActorID, expect)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrSettingsChanged
		}
		for k, v := range values {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		next = expect + 1
		return d.appendAudit(ctx, tx, &ev)
	})
	return next, err
}
