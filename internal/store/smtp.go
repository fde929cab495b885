package store

import (
	"context"
	"time"

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
	// UpdatedAt is when an admin last saved them; zero if never.
	UpdatedAt time.Time `db:"-"`
	UpdatedBy string    `db:"updated_by"`
}

// smtpRow is SMTPSettings as the smtp_settings table holds them: the time
// in unix seconds, 0 before the first save.
type smtpRow struct {
	SMTPSettings
	UpdatedAt zeroUnixColumn `db:"updated_at"`
}

func (r smtpRow) settings() SMTPSettings {
	s := r.SMTPSettings
	s.UpdatedAt = time.Time(r.UpdatedAt)
	return s
}

// SMTPSettings reads the relay's settings (Host is "" until an admin has
// saved them).
func (d *DB) SMTPSettings(ctx context.Context) (SMTPSettings, error) {
	var r smtpRow
	err := d.db.GetContext(ctx, &r, `SELECT host, port, security, username, password_enc, from_addr, helo_name, version, updated_at, updated_by
		FROM smtp_settings WHERE one = 1`)
	return r.settings(), classify(err)
}

// SaveSMTPSettings writes s if the settings are still at version expect,
// with its audit entry, and returns the new version; otherwise it changes
// nothing and returns ErrSettingsChanged. keepPassword leaves the stored
// password as it is (s.PasswordEnc is then ignored).
func (d *DB) SaveSMTPSettings(ctx context.Context, s SMTPSettings, keepPassword bool, expect int64, ev Event) (int64, error) {
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		q := `UPDATE smtp_settings SET host = ?, port = ?, security = ?, username = ?, from_addr = ?, helo_name = ?,
			version = version + 1, updated_at = ?, updated_by = ?`
		args := []any{s.Host, s.Port, s.Security, s.Username, s.From, s.HeloName, zeroUnixColumn(wholeSeconds(d.now())), ev.ActorID}
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
