package admin

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/store"
)

// AuditFilter selects entries of the audit view.
type AuditFilter struct {
	Event   string
	ActorID string
	UserID  string    // as actor or as subject
	Since   time.Time // inclusive, to the second; zero for no bound
	Until   time.Time // exclusive, to the second; zero for no bound
	Limit   int
	Offset  int
}

// ValidID reports whether s has the shape of a Confidant id.
func ValidID(s string) bool { return store.ValidID(s) }

// AuditChoices is what the audit log's filters offer: the event types
// present in the log, and every staff account.
type AuditChoices struct {
	Events []string
	Users  []core.StaffUser
}

// AuditChoices reads what the audit log's filters offer (admins only).
// It fails with NotFound when the actor may not read the audit log.
func (a *Service) AuditChoices(ctx context.Context, actor access.Actor) (AuditChoices, error) {
	var c AuditChoices
	if !access.CanReadAudit(actor) {
		return c, core.ErrNotFound
	}
	var err error
	if c.Events, err = a.core.DB.AuditEventTypes(ctx); err != nil {
		return c, err
	}
	us, err := a.core.DB.ListUsers(ctx)
	if err != nil {
		return c, err
	}
	for _, u := range us {
		c.Users = append(c.Users, core.StaffUserOf(u))
	}
	return c, nil
}

// AuditLog reads the entries f selects, newest first (admins only).
// It fails with NotFound when the actor may not read the audit log.
func (a *Service) AuditLog(ctx context.Context, actor access.Actor, f AuditFilter) ([]audit.Entry, error) {
	if !access.CanReadAudit(actor) {
		return nil, core.ErrNotFound
	}
	return a.core.DB.ListAudit(ctx, store.AuditFilter(f))
}

// VerifyAuditLog walks the whole chain (and every MAC the key allows) and
// records that the check was made, by whom and with what result. A broken
// chain is the returned Problem, not an error. It fails with NotFound when
// the actor may not read the audit log.
func (a *Service) VerifyAuditLog(ctx context.Context, actor access.Actor) (int, *audit.Problem, error) {
	if !access.CanReadAudit(actor) {
		return 0, nil, core.ErrNotFound
	}
	n, problem, err := a.core.DB.VerifyAudit(ctx)
	if err != nil {
		return 0, nil, err
	}
	detail := fmt.Sprintf("ok entries=%d", n)
	if problem != nil {
		detail = "broken"
	}
	return n, problem, a.core.DB.Audit(ctx, store.Event{Type: audit.AuditVerify, ActorID: actor.UserID, Subject: "audit", Detail: detail})
}

// AuditCheckpoint is a witness of the log's head for an administrator to
// keep away from the server; the download is recorded after the head is
// read, so it is the next entry. It fails with NotFound when the actor may
// not read the audit log.
func (a *Service) AuditCheckpoint(ctx context.Context, actor access.Actor) (audit.Checkpoint, error) {
	if !access.CanReadAudit(actor) {
		return audit.Checkpoint{}, core.ErrNotFound
	}
	head, err := a.core.DB.AuditHead(ctx)
	if err != nil {
		return audit.Checkpoint{}, err
	}
	cp := audit.NewCheckpoint(head, a.core.Now())
	err = a.core.DB.Audit(ctx, store.Event{Type: audit.Checkpointed, ActorID: actor.UserID, Subject: "audit", Detail: "seq=" + strconv.FormatInt(cp.Seq, 10)})
	return cp, err
}
