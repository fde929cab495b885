package store

import (
	"confidant/internal/access"
	"confidant/internal/audit"
	"context"

	"github.com/jmoiron/sqlx"
)

// RoleGrant is a grant of a role that opens clients' notes, waiting for a
// second administrator.
type RoleGrant struct {
	ID          string      `db:"id"`
	UserID      string      `db:"user_id"`
	Role        access.Role `db:"role"`
	RequestedBy string      `db:"requested_by"`
	CreatedAt   int64       `db:"created_at"`
	DecidedBy   *string     `db:"decided_by"`
	DecidedAt   *int64      `db:"decided_at"`
	Outcome     string      `db:"outcome"`
}

const grantCols = `id, user_id, role, requested_by, created_at, decided_by, decided_at, outcome`

// ProposeGrant records a pending grant, unless the same one is pending.
func (d *DB) ProposeGrant(ctx context.Context, g *RoleGrant) error {
	g.ID, g.CreatedAt, g.Outcome = NewID(), d.now().Unix(), "pending"
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM role_grants WHERE user_id = ? AND role = ? AND outcome = 'pending'`, g.UserID, g.Role); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO role_grants (`+grantCols+`) VALUES (:id, :user_id, :role, :requested_by, :created_at, :decided_by, :decided_at, :outcome)`, g); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.UserRoleProposed, ActorID: g.RequestedBy, Subject: g.UserID, Detail: "role=" + string(g.Role)})
	})
}

// PendingGrants lists the grants waiting for a decision, oldest first.
func (d *DB) PendingGrants(ctx context.Context) ([]RoleGrant, error) {
	var gs []RoleGrant
	err := d.db.SelectContext(ctx, &gs, `SELECT `+grantCols+` FROM role_grants WHERE outcome = 'pending' ORDER BY created_at`)
	return gs, classify(err)
}

// GrantByID finds one grant.
func (d *DB) GrantByID(ctx context.Context, id string) (RoleGrant, error) {
	var g RoleGrant
	err := d.db.GetContext(ctx, &g, `SELECT `+grantCols+` FROM role_grants WHERE id = ?`, id)
	return g, classify(err)
}

// DecideGrant approves or refuses a pending grant, by someone other than
// the proposer and the grantee; an approval adds the role in the same
// transaction. A grant decided meanwhile is ErrStale.
func (d *DB) DecideGrant(ctx context.Context, id, deciderID string, approve bool) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		var g RoleGrant
		if err := tx.GetContext(ctx, &g, `SELECT `+grantCols+` FROM role_grants WHERE id = ? AND outcome = 'pending' AND requested_by != ? AND user_id != ?`, id, deciderID, deciderID); err != nil {
			return ErrStale
		}
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
