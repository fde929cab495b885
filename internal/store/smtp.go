package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// SMTPSettings is the mail relay as stored. The password arrives and
// leaves sealed.
type SMTPSettings struct {
	Host        string `db:"host"`
	Port        int    `db:"port"`
	Security    string `db:"security"`
	Username    string `db:"username"`
	PasswordEnc []byte `db:"password_enc"`
	From        string `db:"from_addr"`
	HeloName    string `db:"helo_name"`
	Version     int64  `db:"version"`
	UpdatedAt   int64  `db:"updated_at"`
	UpdatedBy   string `db:"updated_by"`
}

// SMTPSettings reads the relay's settings (Host is "" until an admin has
// saved them).
func (d *DB) SMTPSettings(ctx context.Context) (SMTPSettings, error) {
	var s SMTPSettings
	err := d.db.GetContext(ctx, &s, `SELECT host, port, security, username, password_enc, from_addr, helo_name, version, updated_at, updated_by
		FROM smtp_settings WHERE one = 1`)
	return s, classify(err)
}

// SaveSMTPSettings writes s if the settings are still at version expect,
// with its audit entry, and returns the new version; otherwise it changes
// nothing and returns ErrSettingsChanged. keepPassword leaves the stored
// password as it is (s.PasswordEnc is then ignored).
func (d *DB) SaveSMTPSettings(ctx context.Context, s SMTPSettings, keepPassword bool, expect int64, ev Event) (int64, error) {
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		q := `UPDATE smtp_settings SET host = ?, port = ?, security = ?, username = ?, from_addr = ?, helo_name = ?,
			version = version + 1, updated_at = ?, updated_by = ?`
		args := []any{s.Host, s.Port, s.Security, s.Username, s.From, s.HeloName, d.now().Unix(), ev.ActorID}
		if !keepPassword {
			q += `, password_enc = ?`
			args = append(args, s.PasswordEnc)
		}
		res, err := tx.ExecContext(ctx, q+` WHERE one = 1 AND version = ?`, append(args, expect)...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrSettingsChanged
		}
		return d.appendAudit(ctx, tx, &ev)
	})
	if err != nil {
		return 0, err
	}
	return expect + 1, nil
}
