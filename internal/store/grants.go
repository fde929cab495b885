package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"confidant/internal/access"
	"confidant/internal/audit"

	"github.com/jmoiron/sqlx"
)

// RoleGrant is a grant of a role that opens clients' notes, waiting for a
// second administrator.
type RoleGrant struct {
	ID          string      `db:"id"`
	UserID      string      `db:"user_id"`
	Role        access.Role `db:"role"`
	RequestedBy string      `db:"requested_by"`
	CreatedAt   time.Time   `db:"-"`
	DecidedBy   *string     `db:"decided_by"`
	DecidedAt   time.Time   `db:"-"` // zero while pending
	Outcome     string      `db:"outcome"`
}

// grantRow is a RoleGrant as the role_grants table holds it.
type grantRow struct {
	RoleGrant
	CreatedAt unixColumn     `db:"created_at"`
	DecidedAt nullUnixColumn `db:"decided_at"`
}

func rowOfGrant(g RoleGrant) grantRow {
	return grantRow{RoleGrant: g, CreatedAt: unixColumn(g.CreatedAt), DecidedAt: nullUnixColumn(g.DecidedAt)}
}

func (r grantRow) grant() RoleGrant {
	g := r.RoleGrant
	g.CreatedAt, g.DecidedAt = time.Time(r.CreatedAt), time.Time(r.DecidedAt)
	return g
}

const grantCols = `id, user_id, role, requested_by, created_at, decided_by, decided_at, outcome`

// ProposeGrant records a pending grant, unless the same one is pending.
func (d *DB) ProposeGrant(ctx context.Context, g *RoleGrant) error {
	g.ID, g.CreatedAt, g.Outcome = NewID(), wholeSeconds(d.now()), "pending"
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM role_grants WHERE user_id = ? AND role = ? AND outcome = 'pending'`, g.UserID, g.Role); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO role_grants (`+grantCols+`) VALUES (:id, :user_id, :role, :requested_by, :created_at, :decided_by, :decided_at, :outcome)`, rowOfGrant(*g)); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.UserRoleProposed, ActorID: g.RequestedBy, Subject: g.UserID, Detail: "role=" + string(g.Role)})
	})
}

// PendingGrants lists the grants waiting for a decision, oldest first.
func (d *DB) PendingGrants(ctx context.Context) ([]RoleGrant, error) {
	var rs []grantRow
	if err := d.db.SelectContext(ctx, &rs, `SELECT `+grantCols+` FROM role_grants WHERE outcome = 'pending' ORDER BY created_at`); err != nil {
		return nil, classify(err)
	}
	var gs []RoleGrant
	for _, r := range rs {
		gs = append(gs, r.grant())
	}
	return gs, nil
}

// GrantByID finds one grant.
func (d *DB) GrantByID(ctx context.Context, id string) (RoleGrant, error) {
	var r grantRow
	err := d.db.GetContext(ctx, &r, `SELECT `+grantCols+` FROM role_grants WHERE id = ?`, id)
	return r.grant(), classify(err)
}

// DecideGrant approves or refuses a pending grant, by someone other than
// the proposer and the grantee; an approval adds the role in the same
// transaction. Only a grant that is not pending (decided meanwhile, or
// unknown) or not this decider's to decide is ErrStale; a database that
// cannot answer is its own error (ErrBusy, say).
func (d *DB) DecideGrant(ctx context.Context, id, deciderID string, approve bool) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		var r grantRow
		err := tx.GetContext(ctx, &r, `SELECT `+grantCols+` FROM role_grants WHERE id = ? AND outcome = 'pending' AND requested_by != ? AND user_id != ?`, id, deciderID, deciderID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrStale // decided meanwhile, or not this decider's to decide
		}
		if err != nil {
			return err
		}
		g := r.grant()
		outcome := "refused"
		if approve {
			outcome = "approved"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE role_grants SET outcome = ?, decided_by = ?, decided_at = ? WHERE id = ?`, outcome, deciderID, d.now().Unix(), id); err != nil {
			return err
		}
		if approve {
			var roles rolesColumn
			if err := tx.GetContext(ctx, &roles, `SELECT roles FROM users WHERE id = ?`, g.UserID); err != nil {
				return err
			}
			if held := access.Roles(roles); !held.Has(g.Role) {
				if _, err := tx.ExecContext(ctx, `UPDATE users SET roles = ? WHERE id = ?`, rolesColumn(held.With(g.Role)), g.UserID); err != nil {
					return err
				}
			}
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.UserRolePrefix + outcome, ActorID: deciderID, Subject: g.UserID, Detail: "role=" + string(g.Role)})
	})
}
