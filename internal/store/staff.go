package store

import (
	"context"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/fault"

	"github.com/jmoiron/sqlx"
)

// Errors of the staff screens.
var (
	// ErrLastAdmin refuses to disable or demote the last active admin, which
	// would leave nobody able to manage the vault.
	ErrLastAdmin = fault.New(fault.Conflict, "This is the last active administrator: make someone else an administrator first.")
)

// StaffMember is a staff account with what the admin screens show beside it.
type StaffMember struct {
	User
	Pending bool `db:"pending"`
	HasTOTP bool `db:"has_totp"`
}

// staffRow is a StaffMember as read from the users table.
type staffRow struct {
	userRow
	Pending bool `db:"pending"`
	HasTOTP bool `db:"has_totp"`
}

func (r staffRow) member() StaffMember {
	return StaffMember{User: r.user(), Pending: r.Pending, HasTOTP: r.HasTOTP}
}

const staffCols = userCols + `, pending, totp_enc IS NOT NULL AS has_totp`

// ListStaff returns every staff account, by email.
func (d *DB) ListStaff(ctx context.Context) ([]StaffMember, error) {
	var rs []staffRow
	if err := d.db.SelectContext(ctx, &rs, `SELECT `+staffCols+` FROM users ORDER BY email`); err != nil {
		return nil, classify(err)
	}
	ss := make([]StaffMember, len(rs))
	for i, r := range rs {
		ss[i] = r.member()
	}
	return ss, nil
}

// StaffByID finds one staff account.
func (d *DB) StaffByID(ctx context.Context, id string) (StaffMember, error) {
	var r staffRow
	err := d.db.GetContext(ctx, &r, `SELECT `+staffCols+` FROM users WHERE id = ?`, id)
	return r.member(), classify(err)
}

// otherActiveAdmins counts the enabled, activated admins other than userID.
// It runs inside the changing transaction, which holds the write lock, so
// two admins demoting each other at once cannot both succeed.
func otherActiveAdmins(ctx context.Context, tx *sqlx.Tx, userID string) (int, error) {
	var n int
	err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM users WHERE disabled = 0 AND pending = 0
		AND (',' || roles || ',') LIKE '%,admin,%' AND id != ?`, userID)
	return n, err
}

// OtherActiveAdmins counts the enabled, activated admins other than userID
// (invited admins who have not set a password do not count).
func (d *DB) OtherActiveAdmins(ctx context.Context, userID string) (int, error) {
	var n int
	err := d.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM users WHERE disabled = 0 AND pending = 0
		AND (',' || roles || ',') LIKE '%,admin,%' AND id != ?`, userID)
	return n, classify(err)
}

type userFlags struct {
	Roles    rolesColumn `db:"roles"`
	Disabled bool        `db:"disabled"`
	Pending  bool        `db:"pending"`
}

func (f userFlags) activeAdmin() bool {
	return access.Roles(f.Roles).Has(access.Admin) && !f.Disabled && !f.Pending
}

func getUserFlags(ctx context.Context, tx *sqlx.Tx, userID string) (userFlags, error) {
	var f userFlags
	err := tx.GetContext(ctx, &f, `SELECT roles, disabled, pending FROM users WHERE id = ?`, userID)
	return f, err
}

// SetUserDisabled disables or re-enables an account. Disabling ends every
// session of the user and voids any unused invitation or reset link.
func (d *DB) SetUserDisabled(ctx context.Context, userID string, disabled bool, ev Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		f, err := getUserFlags(ctx, tx, userID)
		if err != nil {
			return err
		}
		if disabled && f.activeAdmin() {
			n, err := otherActiveAdmins(ctx, tx, userID)
			if err != nil {
				return err
			}
			if n == 0 {
				return ErrLastAdmin
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, disabled, userID); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE password_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, d.now().Unix(), userID); err != nil {
				return err
			}
		}
		return d.appendAudit(ctx, tx, &ev)
	})
}

// SetUserRoles replaces an account's roles.
func (d *DB) SetUserRoles(ctx context.Context, userID string, roles access.Roles, ev Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		f, err := getUserFlags(ctx, tx, userID)
		if err != nil {
			return err
		}
		if f.activeAdmin() && !roles.Has(access.Admin) {
			n, err := otherActiveAdmins(ctx, tx, userID)
			if err != nil {
				return err
			}
			if n == 0 {
				return ErrLastAdmin
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET roles = ? WHERE id = ?`, rolesColumn(roles), userID); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &ev)
	})
}

// TOTPState is a user's second factor as stored.
type TOTPState struct {
	SecretEnc  []byte `db:"totp_enc"`
	PendingEnc []byte `db:"totp_pending_enc"`
	LastStep   int64  `db:"totp_last_step"`
}

// TOTPState reads a user's second-factor columns.
func (d *DB) TOTPState(ctx context.Context, userID string) (TOTPState, error) {
	var s TOTPState
	err := d.db.GetContext(ctx, &s, `SELECT totp_enc, totp_pending_enc, totp_last_step FROM users WHERE id = ?`, userID)
	return s, classify(err)
}

// SetPendingTOTP keeps a secret being enrolled (sealed to the vault).
func (d *DB) SetPendingTOTP(ctx context.Context, userID string, enc []byte) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET totp_pending_enc = ? WHERE id = ?`, enc, userID)
		return err
	})
}

// ClearPendingTOTP drops every unconfirmed enrolment (after a key
// rotation, which does not re-seal them).
func (d *DB) ClearPendingTOTP(ctx context.Context) error {
	_, err := d.db.ExecContext(ctx, `UPDATE users SET totp_pending_enc = NULL WHERE totp_pending_enc IS NOT NULL`)
	return classify(err)
}

// ConfirmTOTP makes the enrolled secret the user's second factor, records
// the time step of the code that confirmed it (so that code cannot sign in
// again), replaces the recovery codes, and ends the user's other sessions,
// which were signed in with the password alone.
func (d *DB) ConfirmTOTP(ctx context.Context, userID string, enc []byte, step int64, codeHashes []string, keepSession string, ev Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_enc = ?, totp_pending_enc = NULL, totp_last_step = ?
			WHERE id = ? AND totp_pending_enc IS NOT NULL`, enc, step, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		if err := replaceRecoveryCodes(ctx, tx, userID, codeHashes, d.now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash != ?`, userID, keepSession); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &ev)
	})
}

// ResetTOTP removes a user's second factor and recovery codes and ends all
// their sessions; they enrol again at their next sign-in.
func (d *DB) ResetTOTP(ctx context.Context, userID string, ev Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_enc = NULL, totp_pending_enc = NULL, totp_last_step = 0 WHERE id = ?`, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &ev)
	})
}

// UseTOTPStep accepts a code's time step only if it is newer than every
// step accepted before for the user: a code is good once, and an older code
// is no good after a newer one was used. It reports whether it was accepted.
func (d *DB) UseTOTPStep(ctx context.Context, userID string, step int64) (bool, error) {
	var ok bool
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ? AND totp_enc IS NOT NULL`, step, userID, step)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		ok = n == 1
		return nil
	})
	return ok, err
}

func replaceRecoveryCodes(ctx context.Context, tx *sqlx.Tx, userID string, hashes []string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)`, userID, h, now.Unix()); err != nil {
			return err
		}
	}
	return nil
}

// ReplaceRecoveryCodes issues a new set of recovery codes, voiding the old.
func (d *DB) ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string, ev Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if err := replaceRecoveryCodes(ctx, tx, userID, hashes, d.now()); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &ev)
	})
}

// UseRecoveryCode spends one recovery code; it reports false for a code
// that is unknown or was used before.
func (d *DB) UseRecoveryCode(ctx context.Context, userID, hash string, ev Event) (bool, error) {
	var ok bool
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`, d.now().Unix(), userID, hash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil
		}
		ok = true
		return d.appendAudit(ctx, tx, &ev)
	})
	return ok, err
}

// RecoveryCodesLeft counts a user's unused recovery codes.
func (d *DB) RecoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	var n int
	err := d.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID)
	return n, classify(err)
}

// SessionsByUser lists a user's live sessions, most recently used first.
func (d *DB) SessionsByUser(ctx context.Context, userID string) ([]Session, error) {
	var rs []sessionRow
	if err := d.db.SelectContext(ctx, &rs, `SELECT token_hash, user_id, csrf_token, created_at, last_seen, expires_at, device
		FROM sessions WHERE user_id = ? AND expires_at >= ? ORDER BY last_seen DESC`, userID, d.now().Unix()); err != nil {
		return nil, classify(err)
	}
	var ss []Session
	for _, r := range rs {
		ss = append(ss, r.session())
	}
	return ss, nil
}

// SessionCounts maps each user id to their number of live sessions.
func (d *DB) SessionCounts(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		UserID string `db:"user_id"`
		N      int    `db:"n"`
	}
	if err := d.db.SelectContext(ctx, &rows, `SELECT user_id, COUNT(*) AS n FROM sessions WHERE expires_at >= ? GROUP BY user_id`, d.now().Unix()); err != nil {
		return nil, classify(err)
	}
	m := make(map[string]int, len(rows))
	for _, r := range rows {
		m[r.UserID] = r.N
	}
	return m, nil
}

// DeleteUserSessions ends every session of a user except the one whose
// token hash is except ("" ends them all). It returns how many ended.
func (d *DB) DeleteUserSessions(ctx context.Context, userID, except string, ev Event) (int, error) {
	var n int64
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash != ?`, userID, except)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return d.appendAudit(ctx, tx, &ev)
	})
	return int(n), err
}

// PasswordToken is an invitation or password-reset link as stored: only
// the SHA-256 of the token in the link.
type PasswordToken struct {
	TokenHash string    `db:"token_hash"`
	UserID    string    `db:"user_id"`
	Kind      string    `db:"kind"`
	CreatedBy string    `db:"created_by"`
	CreatedAt time.Time `db:"-"`
	ExpiresAt time.Time `db:"-"`
	UsedAt    time.Time `db:"-"` // zero while the link is unused
}

// tokenRow is a PasswordToken as the password_tokens table holds it.
type tokenRow struct {
	PasswordToken
	CreatedAt unixColumn     `db:"created_at"`
	ExpiresAt unixColumn     `db:"expires_at"`
	UsedAt    nullUnixColumn `db:"used_at"`
}

func rowOfToken(t PasswordToken) tokenRow {
	return tokenRow{PasswordToken: t, CreatedAt: unixColumn(t.CreatedAt), ExpiresAt: unixColumn(t.ExpiresAt), UsedAt: nullUnixColumn(t.UsedAt)}
}

func (r tokenRow) token() PasswordToken {
	t := r.PasswordToken
	t.CreatedAt, t.ExpiresAt, t.UsedAt = time.Time(r.CreatedAt), time.Time(r.ExpiresAt), time.Time(r.UsedAt)
	return t
}

// Token kinds.
const (
	TokenInvite = "invite"
	TokenReset  = "reset"
)

const tokenCols = `token_hash, user_id, kind, created_by, created_at, expires_at, used_at`

func insertToken(ctx context.Context, tx *sqlx.Tx, t PasswordToken, now time.Time) error {
	// A new link voids the user's earlier unused ones.
	if _, err := tx.ExecContext(ctx, `UPDATE password_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, now.Unix(), t.UserID); err != nil {
		return err
	}
	_, err := tx.NamedExecContext(ctx, `INSERT INTO password_tokens (`+tokenCols+`) VALUES (:token_hash, :user_id, :kind, :created_by, :created_at, :expires_at, :used_at)`, rowOfToken(t))
	return err
}

// InviteUser creates a pending account (its password hash is of a random
// secret nobody knows) and its invitation in one transaction.
func (d *DB) InviteUser(ctx context.Context, u *User, t PasswordToken, ev Event) error {
	if u.ID == "" {
		u.ID = NewID()
	}
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.CreatedAt = wholeSeconds(d.now())
	t.UserID = u.ID
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO users (`+userCols+`, pending) VALUES (:id, :email, :name_enc, :password_hash, :roles, :disabled, :totp_enc, :created_at, 1)`, rowOfUser(*u)); err != nil {
			return err
		}
		if err := insertToken(ctx, tx, t, d.now()); err != nil {
			return err
		}
		ev.Subject = u.ID
		return d.appendAudit(ctx, tx, &ev)
	})
}

// AddPasswordToken issues a new link for an existing account (a fresh
// invitation or a password reset), voiding earlier unused links.
func (d *DB) AddPasswordToken(ctx context.Context, t PasswordToken, ev Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if err := insertToken(ctx, tx, t, d.now()); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &ev)
	})
}

// LivePasswordToken finds an unused, unexpired link for an enabled account.
// Unknown, used and expired links are all ErrNotFound.
func (d *DB) LivePasswordToken(ctx context.Context, hash string) (PasswordToken, error) {
	var r tokenRow
	err := d.db.GetContext(ctx, &r, `SELECT t.token_hash, t.user_id, t.kind, t.created_by, t.created_at, t.expires_at, t.used_at
		FROM password_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.used_at IS NULL AND t.expires_at > ? AND u.disabled = 0`, hash, d.now().Unix())
	return r.token(), classify(err)
}

// UsePasswordToken spends a link: sets the password, activates a pending
// account, and ends every session of the user, all in one transaction. A
// link that was used, has expired or is unknown is ErrNotFound, and a race
// between two uses of one link lets exactly one through.
func (d *DB) UsePasswordToken(ctx context.Context, hash, passwordHash string, ev Event) (PasswordToken, error) {
	var t PasswordToken
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		now := d.now().Unix()
		var r tokenRow
		if err := tx.GetContext(ctx, &r, `SELECT t.token_hash, t.user_id, t.kind, t.created_by, t.created_at, t.expires_at, t.used_at
			FROM password_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.token_hash = ? AND t.used_at IS NULL AND t.expires_at > ? AND u.disabled = 0`, hash, now); err != nil {
			return err
		}
		t = r.token()
		if _, err := tx.ExecContext(ctx, `UPDATE password_tokens SET used_at = ? WHERE token_hash = ?`, now, hash); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, pending = 0 WHERE id = ?`, passwordHash, t.UserID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, t.UserID); err != nil {
			return err
		}
		ev.ActorID, ev.Subject = t.UserID, t.UserID
		return d.appendAudit(ctx, tx, &ev)
	})
	return t, err
}

// LatestPasswordTokens maps each user id to their newest link, for the
// admin's list (pending invitations and their expiry).
func (d *DB) LatestPasswordTokens(ctx context.Context) (map[string]PasswordToken, error) {
	var rs []tokenRow
	if err := d.db.SelectContext(ctx, &rs, `SELECT `+tokenCols+` FROM password_tokens ORDER BY created_at`); err != nil {
		return nil, classify(err)
	}
	m := make(map[string]PasswordToken, len(rs))
	for _, r := range rs {
		m[r.UserID] = r.token()
	}
	return m, nil
}

// VoidPasswordTokens marks a user's unused links used (an admin revoking an
// invitation).
func (d *DB) VoidPasswordTokens(ctx context.Context, userID string, ev Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE password_tokens SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, d.now().Unix(), userID); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &ev)
	})
}

// ChangePassword sets a user's own new password and ends their other
// sessions.
func (d *DB) ChangePassword(ctx context.Context, userID, hash, keepSession string, ev Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash != ?`, userID, keepSession); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &ev)
	})
}
