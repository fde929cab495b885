package clients

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/store"
)

// Retention: a client's records are kept for core.Settings.RetentionYears after
// their last session (or after the client was added, when there was none)
// and are then listed for an admin to crypto-shred. Shredding deletes the
// client's wrapped identity, which makes every record of theirs unreadable
// by anyone (the recovery identity included), and removes their encrypted
// name and contact details; an audit entry with ids is all that says they
// existed. Backups taken before the shred still hold the wrapped identity
// until they expire.

// ErrShredBlocked is wrapped by ShredBlocked's reasons.
var ErrShredBlocked = fault.New(fault.Conflict, "This client cannot be shredded now")

// ShredBlocked is the one place that decides whether a client may not be
// shredded yet (an open police request, a preservation hold). It returns
// nil when shredding may go ahead, else an error wrapping ErrShredBlocked
// whose message says why, for the admin: Conflict. It checks no actor
// (its callers do). It has no other failure of its own.
func (a *Service) ShredBlocked(ctx context.Context, clientID string) error {
	// A police request that is not closed puts the client's records under
	// a preservation hold (LAW.md: preserve while a request is open).
	held, err := a.core.DB.HasUnclosedRequest(ctx, clientID)
	if err != nil {
		return err
	}
	if held {
		return fmt.Errorf("%w: a police request about this client is still open, so their records are under a preservation hold; close the request first", ErrShredBlocked)
	}
	return nil
}

// Expired is a client past the retention period, as the admin may know
// her: the reference and dates, never the name. Blocked is ShredBlocked's
// answer: nil when she may be shredded, else why not (wrapping
// ErrShredBlocked).
type Expired struct {
	ID              string
	Reference       string
	LastSessionOn   string
	Added           time.Time
	CounsellorEmail string
	Blocked         error
}

// RetentionCutoff is the date before which a last session puts a client
// past retention. It cannot fail.
func (a *Service) RetentionCutoff() time.Time {
	return a.core.Now().AddDate(-a.core.Settings().RetentionYears, 0, 0)
}

// PastRetention lists the clients past the retention period. It fails
// with NotFound when the actor may not shred.
func (a *Service) PastRetention(ctx context.Context, actor access.Actor) ([]Expired, error) {
	if !access.CanShred(actor) {
		return nil, core.ErrNotFound
	}
	rs, err := a.core.DB.ClientsPastRetention(ctx, a.RetentionCutoff())
	if err != nil {
		return nil, err
	}
	emails, err := a.staffEmails(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Expired, 0, len(rs))
	for _, r := range rs {
		row, err := a.expired(ctx, r, emails)
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// RetentionClient is one client past retention. It fails with NotFound
// when the actor may not shred, or the client is not past it, shredded or
// unknown.
func (a *Service) RetentionClient(ctx context.Context, actor access.Actor, id string) (Expired, error) {
	if !access.CanShred(actor) || !store.ValidID(id) {
		return Expired{}, core.ErrNotFound
	}
	r, err := a.core.DB.ClientPastRetention(ctx, id, a.RetentionCutoff())
	if errors.Is(err, store.ErrNotFound) {
		return Expired{}, core.ErrNotFound
	}
	if err != nil {
		return Expired{}, err
	}
	emails, err := a.staffEmails(ctx)
	if err != nil {
		return Expired{}, err
	}
	return a.expired(ctx, r, emails)
}

func (a *Service) expired(ctx context.Context, r store.RetentionRow, emails map[string]string) (Expired, error) {
	row := Expired{ID: r.ID, Reference: r.Reference, LastSessionOn: r.LastSessionOn, Added: r.CreatedAt, CounsellorEmail: emails[r.CounsellorID]}
	if err := a.ShredBlocked(ctx, r.ID); errors.Is(err, ErrShredBlocked) {
		row.Blocked = err
	} else if err != nil {
		return row, err
	}
	return row, nil
}

func (a *Service) staffEmails(ctx context.Context) (map[string]string, error) {
	us, err := a.core.DB.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(us))
	for _, u := range us {
		m[u.ID] = u.Email
	}
	return m, nil
}

// Shred crypto-shreds a client past retention, after the admin has typed
// the client's reference and re-entered their password. It fails with
// NotFound as RetentionClient does, Invalid (with a message on the
// "reference" or "password" field) when the reference is not hers or the
// password is not right, Throttled (core.ErrThrottled) after too many wrong
// passwords, Unavailable (core.ErrBusy) when the password cannot be
// checked for load, and Conflict (wrapping ErrShredBlocked) while she is
// under a preservation hold.
func (a *Service) Shred(ctx context.Context, u core.StaffUser, clientID, reference, pw string) error {
	actor := core.Actor(u)
	row, err := a.RetentionClient(ctx, actor, clientID)
	if err != nil {
		return err
	}
	errs := core.FieldErrors{}
	if !strings.EqualFold(strings.TrimSpace(reference), row.Reference) {
		errs["reference"] = "Type the client's reference exactly as shown, to confirm."
	}
	if err := a.core.StepUp(ctx, u, pw); errors.Is(err, core.ErrBadCredentials) {
		errs["password"] = "Your password is not right."
	} else if err != nil {
		return err
	}
	if len(errs) > 0 {
		return fault.InvalidFields(errs)
	}
	if err := a.ShredBlocked(ctx, clientID); err != nil {
		return err
	}
	err = a.core.DB.ShredClient(ctx, clientID, store.Event{Type: audit.ClientShred, ActorID: u.ID, Subject: clientID})
	if errors.Is(err, store.ErrNotFound) {
		return core.ErrNotFound
	}
	if err != nil {
		return err
	}
	a.core.Keys.Forget()
	return nil
}
