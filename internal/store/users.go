package store

import (
	"context"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/audit"

	"github.com/jmoiron/sqlx"
)

// User is a staff account. NameEnc is sealed to the vault.
type User struct {
	ID           string       `db:"id"`
	Email        string       `db:"email"`
	NameEnc      []byte       `db:"name_enc"`
	PasswordHash string       `db:"password_hash"`
	Roles        access.Roles `db:"-"` // read and written through userRow
	Disabled     bool         `db:"disabled"`
	TOTPEnc      []byte       `db:"totp_enc"`
	CreatedAt    time.Time    `db:"-"`
}

// HasRole reports whether the user holds role.
func (u User) HasRole(role access.Role) bool { return u.Roles.Has(role) }

// userRow is a User as the users table holds it: the roles as one
// comma-joined column, the time in unix seconds.
type userRow struct {
	User
	Roles     rolesColumn `db:"roles"`
	CreatedAt unixColumn  `db:"created_at"`
}

func rowOfUser(u User) userRow {
	return userRow{User: u, Roles: rolesColumn(u.Roles), CreatedAt: unixColumn(u.CreatedAt)}
}

func (r userRow) user() User {
	u := r.User
	u.Roles, u.CreatedAt = access.Roles(r.Roles), time.Time(r.CreatedAt)
	return u
}

// wholeSeconds is t as a unix-seconds column keeps it, so that a row the
// store fills in holds what reading it back would give.
func wholeSeconds(t time.Time) time.Time { return time.Unix(t.Unix(), 0) }

const userCols = `id, email, name_enc, password_hash, roles, disabled, totp_enc, created_at`

// CreateUser adds a staff account. Email is stored lower-cased.
func (d *DB) CreateUser(ctx context.Context, u *User, actorID string) error {
	if u.ID == "" {
		u.ID = NewID()
	}
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.CreatedAt = wholeSeconds(d.now())
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO users (`+userCols+`) VALUES (:id, :email, :name_enc, :password_hash, :roles, :disabled, :totp_enc, :created_at)`, rowOfUser(*u)); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.UserCreated, ActorID: actorID, Subject: u.ID, Detail: "roles=" + u.Roles.String()})
	})
}

// UserByEmail finds an account by email, ignoring case.
func (d *DB) UserByEmail(ctx context.Context, email string) (User, error) {
	var r userRow
	err := d.db.GetContext(ctx, &r, `SELECT `+userCols+` FROM users WHERE email = ?`, strings.ToLower(strings.TrimSpace(email)))
	return r.user(), classify(err)
}

// UserByID finds an account by id.
func (d *DB) UserByID(ctx context.Context, id string) (User, error) {
	var r userRow
	err := d.db.GetContext(ctx, &r, `SELECT `+userCols+` FROM users WHERE id = ?`, id)
	return r.user(), classify(err)
}

// ListUsers returns every staff account, by email.
func (d *DB) ListUsers(ctx context.Context) ([]User, error) {
	var rs []userRow
	err := d.db.SelectContext(ctx, &rs, `SELECT `+userCols+` FROM users ORDER BY email`)
	return users(rs), classify(err)
}

func users(rs []userRow) []User {
	if rs == nil {
		return nil
	}
	us := make([]User, len(rs))
	for i, r := range rs {
		us[i] = r.user()
	}
	return us
}

// UpdatePasswordHash replaces a password hash (rehash on sign-in when the
// parameters change).
func (d *DB) UpdatePasswordHash(ctx context.Context, userID, hash string) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
		return err
	})
}

// Session is a signed-in browser, stored server-side. The cookie holds the
// token; the database holds only its SHA-256, so a copy of the database does
// not let anyone sign in.
type Session struct {
	TokenHash string    `db:"token_hash"`
	UserID    string    `db:"user_id"`
	CSRFToken string    `db:"csrf_token"`
	CreatedAt time.Time `db:"-"`
	LastSeen  time.Time `db:"-"`
	ExpiresAt time.Time `db:"-"`
	Device    string    `db:"device"`
}

// sessionRow is a Session as the sessions table holds it.
type sessionRow struct {
	Session
	CreatedAt unixColumn `db:"created_at"`
	LastSeen  unixColumn `db:"last_seen"`
	ExpiresAt unixColumn `db:"expires_at"`
}

func rowOfSession(s Session) sessionRow {
	return sessionRow{Session: s, CreatedAt: unixColumn(s.CreatedAt), LastSeen: unixColumn(s.LastSeen), ExpiresAt: unixColumn(s.ExpiresAt)}
}

func (r sessionRow) session() Session {
	s := r.Session
	s.CreatedAt, s.LastSeen, s.ExpiresAt = time.Time(r.CreatedAt), time.Time(r.LastSeen), time.Time(r.ExpiresAt)
	return s
}

// CreateSession stores a new session, with the sign-in audit entry.
func (d *DB) CreateSession(ctx context.Context, s Session, ev *Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, expires_at, device)
			VALUES (:token_hash, :user_id, :csrf_token, :created_at, :last_seen, :expires_at, :device)`, rowOfSession(s)); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, ev)
	})
}

// SessionByTokenHash finds a live session.
func (d *DB) SessionByTokenHash(ctx context.Context, hash string) (Session, error) {
	var r sessionRow
	err := d.db.GetContext(ctx, &r, `SELECT token_hash, user_id, csrf_token, created_at, last_seen, expires_at, device FROM sessions WHERE token_hash = ?`, hash)
	return r.session(), classify(err)
}

// TouchSession records activity, at most once a minute per session to spare
// the disk.
func (d *DB) TouchSession(ctx context.Context, hash string, at time.Time) error {
	_, err := d.db.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE token_hash = ? AND last_seen < ?`, at.Unix(), hash, at.Unix()-60)
	return classify(err)
}

// DeleteSession ends one session.
func (d *DB) DeleteSession(ctx context.Context, hash string, ev *Event) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, ev)
	})
}

// DeleteExpiredSessions removes sessions past their end.
func (d *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := d.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, now.Unix())
	return classify(err)
}
