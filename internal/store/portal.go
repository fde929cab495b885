package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/request"

	"github.com/jmoiron/sqlx"
)

// PortalAccount is a client's sign-in to the survivor portal.
type PortalAccount struct {
	ID           string    `db:"id"`
	ClientID     string    `db:"client_id"`
	EmailHash    string    `db:"email_hash"`
	EmailEnc     []byte    `db:"email_enc"`
	PasswordHash string    `db:"password_hash"`
	CreatedAt    time.Time `db:"-"`
	Disabled     bool      `db:"disabled"`
}

// portalAccountRow is a PortalAccount as the portal_accounts table holds it.
type portalAccountRow struct {
	PortalAccount
	CreatedAt unixColumn `db:"created_at"`
}

func (r portalAccountRow) account() PortalAccount {
	a := r.PortalAccount
	a.CreatedAt = time.Time(r.CreatedAt)
	return a
}

// PortalInvite is a single-use, expiring invitation to the portal.
type PortalInvite struct {
	TokenHash string    `db:"token_hash"`
	ClientID  string    `db:"client_id"`
	EmailEnc  []byte    `db:"email_enc"`
	CreatedBy string    `db:"created_by"`
	CreatedAt time.Time `db:"-"`
	ExpiresAt time.Time `db:"-"`
	UsedAt    time.Time `db:"-"`       // zero while unused
	Purpose   string    `db:"purpose"` // "invite" (a new account) or "reset" (a new password only)
	VoidedAt  time.Time `db:"-"`       // zero unless a later link voided it
}

// inviteRow is a PortalInvite as the portal_invites table holds it.
type inviteRow struct {
	PortalInvite
	CreatedAt unixColumn     `db:"created_at"`
	ExpiresAt unixColumn     `db:"expires_at"`
	UsedAt    nullUnixColumn `db:"used_at"`
	VoidedAt  nullUnixColumn `db:"voided_at"`
}

func rowOfInvite(inv PortalInvite) inviteRow {
	return inviteRow{PortalInvite: inv, CreatedAt: unixColumn(inv.CreatedAt), ExpiresAt: unixColumn(inv.ExpiresAt),
		UsedAt: nullUnixColumn(inv.UsedAt), VoidedAt: nullUnixColumn(inv.VoidedAt)}
}

func (r inviteRow) invite() PortalInvite {
	inv := r.PortalInvite
	inv.CreatedAt, inv.ExpiresAt = time.Time(r.CreatedAt), time.Time(r.ExpiresAt)
	inv.UsedAt, inv.VoidedAt = time.Time(r.UsedAt), time.Time(r.VoidedAt)
	return inv
}

// Invitation purposes.
const (
	InviteNew   = "invite"
	InviteReset = "reset"
)

// Usable reports whether the link can still be used at now.
func (inv PortalInvite) Usable(now time.Time) bool {
	return inv.UsedAt.IsZero() && inv.VoidedAt.IsZero() && inv.ExpiresAt.After(now)
}

// ErrHasAccount refuses an invitation for a client who already has a
// portal account: her account is hers, and no invitation replaces it.
var ErrHasAccount = fault.New(fault.Conflict, "The client already has a portal account.")

// PortalSession is a signed-in client browser.
type PortalSession struct {
	TokenHash string    `db:"token_hash"`
	AccountID string    `db:"account_id"`
	CSRFToken string    `db:"csrf_token"`
	CreatedAt time.Time `db:"-"`
	LastSeen  time.Time `db:"-"`
	ExpiresAt time.Time `db:"-"`
}

// portalSessionRow is a PortalSession as the portal_sessions table holds it.
type portalSessionRow struct {
	PortalSession
	CreatedAt unixColumn `db:"created_at"`
	LastSeen  unixColumn `db:"last_seen"`
	ExpiresAt unixColumn `db:"expires_at"`
}

func (r portalSessionRow) session() PortalSession {
	s := r.PortalSession
	s.CreatedAt, s.LastSeen, s.ExpiresAt = time.Time(r.CreatedAt), time.Time(r.LastSeen), time.Time(r.ExpiresAt)
	return s
}

// CreateInvite stores a link (its token only as a hash) and voids every
// earlier unused link of the client's, in one transaction. A new account
// invitation is refused (ErrHasAccount, audited) once the client has an
// account.
func (d *DB) CreateInvite(ctx context.Context, inv PortalInvite) error {
	if inv.Purpose == "" {
		inv.Purpose = InviteNew
	}
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM portal_accounts WHERE client_id = ?`, inv.ClientID); err != nil {
			return err
		}
		if inv.Purpose == InviteNew && n > 0 {
			return ErrHasAccount
		}
		if inv.Purpose == InviteReset && n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `UPDATE portal_invites SET voided_at = ? WHERE client_id = ? AND used_at IS NULL AND voided_at IS NULL`, unixColumn(inv.CreatedAt), inv.ClientID); err != nil {
			return err
		}
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO portal_invites (token_hash, client_id, email_enc, created_by, created_at, expires_at, purpose) VALUES (:token_hash, :client_id, :email_enc, :created_by, :created_at, :expires_at, :purpose)`, rowOfInvite(inv)); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.PortalPrefix + inv.Purpose, ActorID: inv.CreatedBy, Subject: inv.ClientID})
	})
	if errors.Is(err, ErrHasAccount) {
		_ = d.Audit(ctx, Event{Type: audit.PortalInviteRefused, ActorID: inv.CreatedBy, Subject: inv.ClientID, Detail: "account exists"})
	}
	return err
}

// InviteByTokenHash finds a link, used or not.
func (d *DB) InviteByTokenHash(ctx context.Context, h string) (PortalInvite, error) {
	var r inviteRow
	err := d.db.GetContext(ctx, &r, `SELECT token_hash, client_id, email_enc, created_by, created_at, expires_at, used_at, purpose, voided_at FROM portal_invites WHERE token_hash = ?`, h)
	return r.invite(), classify(err)
}

// AcceptInvite uses a link once, atomically (a second use finds it used).
// An invitation creates the client's account and never touches an existing
// one (ErrHasAccount); a reset link sets a new password on her existing
// account, keeps her address and ends her sessions.
func (d *DB) AcceptInvite(ctx context.Context, tokenHash string, acc PortalAccount) (string, error) {
	id := ""
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		now := wholeSeconds(d.now())
		var purpose string
		if err := tx.GetContext(ctx, &purpose, `SELECT purpose FROM portal_invites WHERE token_hash = ? AND client_id = ?`, tokenHash, acc.ClientID); err != nil {
			return ErrNotFound
		}
		res, err := tx.ExecContext(ctx, `UPDATE portal_invites SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?`, unixColumn(now), tokenHash, unixColumn(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		var existing string
		err = tx.GetContext(ctx, &existing, `SELECT id FROM portal_accounts WHERE client_id = ?`, acc.ClientID)
		switch {
		case errors.Is(err, sql.ErrNoRows) && purpose == InviteNew:
			acc.ID = NewID()
			row := portalAccountRow{PortalAccount: acc, CreatedAt: unixColumn(now)}
			if _, err := tx.NamedExecContext(ctx, `INSERT INTO portal_accounts (id, client_id, email_hash, email_enc, password_hash, created_at) VALUES (:id, :client_id, :email_hash, :email_enc, :password_hash, :created_at)`, row); err != nil {
				return err
			}
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return err
		case purpose == InviteReset && existing != "":
			acc.ID = existing
			if _, err := tx.ExecContext(ctx, `UPDATE portal_accounts SET password_hash = ? WHERE id = ?`, acc.PasswordHash, existing); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM portal_sessions WHERE account_id = ?`, existing); err != nil {
				return err
			}
		default:
			return ErrHasAccount
		}
		id = acc.ID
		return d.appendAudit(ctx, tx, &Event{Type: audit.PortalAccountPrefix + purpose, ActorID: "client:" + acc.ID, Subject: acc.ClientID})
	})
	if errors.Is(err, ErrHasAccount) {
		_ = d.Audit(ctx, Event{Type: audit.PortalInviteRefused, ActorID: "system", Subject: acc.ClientID, Detail: "account exists"})
	}
	return id, err
}

// ChangePortalEmail replaces a client's portal address (its keyed hash and
// its ciphertext) and ends her sessions.
func (d *DB) ChangePortalEmail(ctx context.Context, clientID, emailHash string, emailEnc []byte, actorID string) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE portal_accounts SET email_hash = ?, email_enc = ? WHERE client_id = ?`, emailHash, emailEnc, clientID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM portal_sessions WHERE account_id = (SELECT id FROM portal_accounts WHERE client_id = ?)`, clientID); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.PortalEmailChanged, ActorID: actorID, Subject: clientID})
	})
}

// PortalEmailChange is a lead's request to change a client's portal
// address, waiting for a second lead.
type PortalEmailChange struct {
	ID          string    `db:"id"`
	ClientID    string    `db:"client_id"`
	EmailEnc    []byte    `db:"email_enc"`
	RequestedBy string    `db:"requested_by"`
	CreatedAt   time.Time `db:"-"`
	DecidedBy   *string   `db:"decided_by"`
	DecidedAt   time.Time `db:"-"` // zero while pending
	Outcome     string    `db:"outcome"`
}

// emailChangeRow is a PortalEmailChange as the portal_email_changes table
// holds it.
type emailChangeRow struct {
	PortalEmailChange
	CreatedAt unixColumn     `db:"created_at"`
	DecidedAt nullUnixColumn `db:"decided_at"`
}

func rowOfEmailChange(c PortalEmailChange) emailChangeRow {
	return emailChangeRow{PortalEmailChange: c, CreatedAt: unixColumn(c.CreatedAt), DecidedAt: nullUnixColumn(c.DecidedAt)}
}

func (r emailChangeRow) change() PortalEmailChange {
	c := r.PortalEmailChange
	c.CreatedAt, c.DecidedAt = time.Time(r.CreatedAt), time.Time(r.DecidedAt)
	return c
}

// ProposeEmailChange records a pending change (replacing any pending one).
func (d *DB) ProposeEmailChange(ctx context.Context, c *PortalEmailChange) error {
	c.ID, c.CreatedAt, c.Outcome = NewID(), wholeSeconds(d.now()), "pending"
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE portal_email_changes SET outcome = 'refused', decided_at = ? WHERE client_id = ? AND outcome = 'pending'`, unixColumn(c.CreatedAt), c.ClientID); err != nil {
			return err
		}
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO portal_email_changes (id, client_id, email_enc, requested_by, created_at, outcome) VALUES (:id, :client_id, :email_enc, :requested_by, :created_at, :outcome)`, rowOfEmailChange(*c)); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.PortalEmailProposed, ActorID: c.RequestedBy, Subject: c.ClientID})
	})
}

// PendingEmailChange is the change waiting for a client (ErrNotFound if none).
func (d *DB) PendingEmailChange(ctx context.Context, clientID string) (PortalEmailChange, error) {
	var r emailChangeRow
	err := d.db.GetContext(ctx, &r, `SELECT id, client_id, email_enc, requested_by, created_at, decided_by, decided_at, outcome FROM portal_email_changes WHERE client_id = ? AND outcome = 'pending' ORDER BY created_at DESC LIMIT 1`, clientID)
	return r.change(), classify(err)
}

// DecideEmailChange closes a pending change as approved or refused, if it
// is still pending and the decider is not the proposer.
func (d *DB) DecideEmailChange(ctx context.Context, id, deciderID, outcome string) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE portal_email_changes SET outcome = ?, decided_by = ?, decided_at = ? WHERE id = ? AND outcome = 'pending' AND requested_by != ?`, outcome, deciderID, d.now().Unix(), id, deciderID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrStale
		}
		return nil
	})
}

// PortalAccountByEmailHash finds an account by its keyed email hash.
func (d *DB) PortalAccountByEmailHash(ctx context.Context, h string) (PortalAccount, error) {
	var r portalAccountRow
	err := d.db.GetContext(ctx, &r, `SELECT id, client_id, email_hash, email_enc, password_hash, created_at, disabled FROM portal_accounts WHERE email_hash = ?`, h)
	return r.account(), classify(err)
}

// PortalAccountByID finds an account.
func (d *DB) PortalAccountByID(ctx context.Context, id string) (PortalAccount, error) {
	var r portalAccountRow
	err := d.db.GetContext(ctx, &r, `SELECT id, client_id, email_hash, email_enc, password_hash, created_at, disabled FROM portal_accounts WHERE id = ?`, id)
	return r.account(), classify(err)
}

// PortalAccountByClient finds a client's account.
func (d *DB) PortalAccountByClient(ctx context.Context, clientID string) (PortalAccount, error) {
	var r portalAccountRow
	err := d.db.GetContext(ctx, &r, `SELECT id, client_id, email_hash, email_enc, password_hash, created_at, disabled FROM portal_accounts WHERE client_id = ?`, clientID)
	return r.account(), classify(err)
}

// CreatePortalSession stores a client's session.
func (d *DB) CreatePortalSession(ctx context.Context, s PortalSession) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		row := portalSessionRow{PortalSession: s, CreatedAt: unixColumn(s.CreatedAt), LastSeen: unixColumn(s.LastSeen), ExpiresAt: unixColumn(s.ExpiresAt)}
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO portal_sessions (token_hash, account_id, csrf_token, created_at, last_seen, expires_at) VALUES (:token_hash, :account_id, :csrf_token, :created_at, :last_seen, :expires_at)`, row); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.PortalSignin, ActorID: "client:" + s.AccountID, Subject: s.AccountID})
	})
}

// PortalSessionByTokenHash finds a client's session.
func (d *DB) PortalSessionByTokenHash(ctx context.Context, h string) (PortalSession, error) {
	var r portalSessionRow
	err := d.db.GetContext(ctx, &r, `SELECT token_hash, account_id, csrf_token, created_at, last_seen, expires_at FROM portal_sessions WHERE token_hash = ?`, h)
	return r.session(), classify(err)
}

// TouchPortalSession records activity (at most once a minute).
func (d *DB) TouchPortalSession(ctx context.Context, h string, at time.Time) error {
	_, err := d.db.ExecContext(ctx, `UPDATE portal_sessions SET last_seen = ? WHERE token_hash = ? AND last_seen < ?`, at.Unix(), h, at.Unix()-60)
	return classify(err)
}

// DeletePortalSession ends a client's session.
func (d *DB) DeletePortalSession(ctx context.Context, h string) error {
	_, err := d.db.ExecContext(ctx, `DELETE FROM portal_sessions WHERE token_hash = ?`, h)
	return classify(err)
}

// Consent is one decision of a client on one extract.
type Consent struct {
	ID            string    `db:"id"`
	RequestID     string    `db:"request_id"`
	ExtractSHA256 string    `db:"extract_sha256"`
	Decision      string    `db:"decision"`
	MessageEnc    []byte    `db:"message_enc"`
	CreatedAt     time.Time `db:"-"`
}

// consentRow is a Consent as the consents table holds it.
type consentRow struct {
	Consent
	CreatedAt unixColumn `db:"created_at"`
}

func rowOfConsent(c Consent) consentRow {
	return consentRow{Consent: c, CreatedAt: unixColumn(c.CreatedAt)}
}

func (r consentRow) consent() Consent {
	c := r.Consent
	c.CreatedAt = time.Time(r.CreatedAt)
	return c
}

const consentCols = `id, request_id, extract_sha256, decision, message_enc, created_at`

// consentActions are the lifecycle steps a client's decisions take; "talk"
// (she wants to talk first) moves nothing.
var consentActions = map[string]request.Action{
	"agree": request.ActAgree, "withdraw": request.ActWithdrawConsent, "refuse": request.ActClientRefuse,
}

// RecordConsent appends a client's decision, made in her own portal
// session (accountID), and moves the request in the same transaction if
// the decision moves it and it is still at from. Only this method records
// consent, and it records it only as the client's own act: the lifecycle
// refuses the consent steps to any other actor.
func (d *DB) RecordConsent(ctx context.Context, c *Consent, accountID string, from, to request.Status) error {
	c.ID, c.CreatedAt = NewID(), wholeSeconds(d.now())
	act, moves := consentActions[c.Decision]
	if c.Decision != "talk" && !moves {
		return fmt.Errorf("record consent: unknown decision %q", c.Decision)
	}
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		var owner string
		if err := tx.GetContext(ctx, &owner, `SELECT a.client_id FROM portal_accounts a JOIN requests r ON r.client_id = a.client_id WHERE a.id = ? AND r.id = ? AND a.disabled = 0`, accountID, c.RequestID); err != nil {
			return fmt.Errorf("record consent: not the client's own account: %w", ErrNotFound)
		}
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO consents (id, request_id, extract_sha256, decision, message_enc, created_at) VALUES (:id, :request_id, :extract_sha256, :decision, :message_enc, :created_at)`, rowOfConsent(*c)); err != nil {
			return err
		}
		// Her decision, with her words if any, is an entry in the thread,
		// so that the service sees it and answers it.
		if err := insertMessage(ctx, tx, &Message{ID: NewID(), RequestID: c.RequestID, Sender: SenderClient, AuthorID: "client:" + accountID,
			Decision: c.Decision, HasText: len(c.MessageEnc) > 0, BodyEnc: c.MessageEnc, CreatedAt: c.CreatedAt}); err != nil {
			return err
		}
		if moves {
			m := Move{RequestID: c.RequestID, From: from, To: to, Action: act, By: request.ActorClient, ActorID: "client:" + accountID, Version: anyVersion}
			if err := moveRequest(ctx, tx, m, c.CreatedAt); err != nil {
				return err
			}
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.ConsentPrefix + c.Decision, ActorID: "client:" + accountID, Subject: c.RequestID, Detail: "sha256=" + c.ExtractSHA256})
	})
}

// LatestConsent is the decision in force for a request (ErrNotFound if the
// client has decided nothing).
func (d *DB) LatestConsent(ctx context.Context, requestID string) (Consent, error) {
	var r consentRow
	err := d.db.GetContext(ctx, &r, `SELECT `+consentCols+` FROM consents WHERE request_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`, requestID)
	return r.consent(), classify(err)
}

// ConsentsByRequest lists every decision, oldest first.
func (d *DB) ConsentsByRequest(ctx context.Context, requestID string) ([]Consent, error) {
	var rs []consentRow
	err := d.db.SelectContext(ctx, &rs, `SELECT `+consentCols+` FROM consents WHERE request_id = ? ORDER BY created_at, rowid`, requestID)
	cs := make([]Consent, len(rs))
	for i, r := range rs {
		cs[i] = r.consent()
	}
	return cs, classify(err)
}

// Approval is a lead's approval of one extract hash.
type Approval struct {
	ID            string    `db:"id"`
	RequestID     string    `db:"request_id"`
	ExtractSHA256 string    `db:"extract_sha256"`
	ApprovedBy    string    `db:"approved_by"`
	CreatedAt     time.Time `db:"-"`
}

// approvalRow is an Approval as the approvals table holds it.
type approvalRow struct {
	Approval
	CreatedAt unixColumn `db:"created_at"`
}

func rowOfApproval(a Approval) approvalRow {
	return approvalRow{Approval: a, CreatedAt: unixColumn(a.CreatedAt)}
}

func (r approvalRow) approval() Approval {
	a := r.Approval
	a.CreatedAt = time.Time(r.CreatedAt)
	return a
}

// Approve records an approval and moves the request to lead_approved. It is
// refused (ErrStale) unless the request is still at from and version, and
// (a *request.MoveError, Conflict request.ErrStepRefused) unless the
// lifecycle lets the lead approve from there.
func (d *DB) Approve(ctx context.Context, a *Approval, from request.Status, version int) error {
	a.ID, a.CreatedAt = NewID(), wholeSeconds(d.now())
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		m := Move{RequestID: a.RequestID, From: from, To: request.StatusLeadApproved, Action: request.ActApprove, By: request.ActorLead, ActorID: a.ApprovedBy, Version: version}
		if err := moveRequest(ctx, tx, m, a.CreatedAt); err != nil {
			return err
		}
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO approvals (id, request_id, extract_sha256, approved_by, created_at) VALUES (:id, :request_id, :extract_sha256, :approved_by, :created_at)`, rowOfApproval(*a)); err != nil {
			return err
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.ExtractApprove, ActorID: a.ApprovedBy, Subject: a.RequestID, Detail: "sha256=" + a.ExtractSHA256})
	})
}

// LatestApproval is the newest approval of a request.
func (d *DB) LatestApproval(ctx context.Context, requestID string) (Approval, error) {
	var r approvalRow
	err := d.db.GetContext(ctx, &r, `SELECT id, request_id, extract_sha256, approved_by, created_at FROM approvals WHERE request_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`, requestID)
	return r.approval(), classify(err)
}

// Disclosure is what was sent for a request.
type Disclosure struct {
	ID             string    `db:"id"`
	RequestID      string    `db:"request_id"`
	ExtractVersion int       `db:"extract_version"`
	ExtractSHA256  string    `db:"extract_sha256"`
	RecipientEnc   []byte    `db:"recipient_enc"`
	Method         string    `db:"method"`
	TokenHash      string    `db:"token_hash"`
	CodeHash       string    `db:"code_hash"`
	PackageEnc     []byte    `db:"package_enc"`
	ExpiresAt      time.Time `db:"-"`
	DownloadsLeft  int       `db:"downloads_left"`
	FailedAttempts int       `db:"failed_attempts"`
	CreatedBy      string    `db:"created_by"`
	CreatedAt      time.Time `db:"-"`
	DownloadedAt   time.Time `db:"-"` // zero until downloaded
}

// disclosureRow is a Disclosure as the disclosures table holds it.
type disclosureRow struct {
	Disclosure
	ExpiresAt    unixColumn     `db:"expires_at"`
	CreatedAt    unixColumn     `db:"created_at"`
	DownloadedAt nullUnixColumn `db:"downloaded_at"`
}

func rowOfDisclosure(x Disclosure) disclosureRow {
	return disclosureRow{Disclosure: x, ExpiresAt: unixColumn(x.ExpiresAt), CreatedAt: unixColumn(x.CreatedAt), DownloadedAt: nullUnixColumn(x.DownloadedAt)}
}

func (r disclosureRow) disclosure() Disclosure {
	x := r.Disclosure
	x.ExpiresAt, x.CreatedAt, x.DownloadedAt = time.Time(r.ExpiresAt), time.Time(r.CreatedAt), time.Time(r.DownloadedAt)
	return x
}

const disclosureCols = `id, request_id, extract_version, extract_sha256, recipient_enc, method, token_hash, code_hash, package_enc, expires_at, downloads_left, failed_attempts, created_by, created_at, downloaded_at`

// CreateDisclosure records a sending, moves the request to sent, and
// queues the officer's email in the same transaction.
func (d *DB) CreateDisclosure(ctx context.Context, x *Disclosure, version int, email *OutboxItem) error {
	x.ID, x.CreatedAt = NewID(), wholeSeconds(d.now())
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		m := Move{RequestID: x.RequestID, From: request.StatusLeadApproved, To: request.StatusSent, Action: request.ActSend, By: request.ActorLead, ActorID: x.CreatedBy, Version: version}
		if err := moveRequest(ctx, tx, m, x.CreatedAt); err != nil {
			return err
		}
		if _, err := tx.NamedExecContext(ctx, `INSERT INTO disclosures (`+disclosureCols+`) VALUES (:id, :request_id, :extract_version, :extract_sha256, :recipient_enc, :method, :token_hash, :code_hash, :package_enc, :expires_at, :downloads_left, :failed_attempts, :created_by, :created_at, :downloaded_at)`, rowOfDisclosure(*x)); err != nil {
			return err
		}
		if email != nil {
			if err := d.EnqueueTx(ctx, tx, email); err != nil {
				return err
			}
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.ExtractSend, ActorID: x.CreatedBy, Subject: x.RequestID, Detail: "method=" + x.Method + " sha256=" + x.ExtractSHA256})
	})
}

// DisclosureByTokenHash finds a sending by its link.
func (d *DB) DisclosureByTokenHash(ctx context.Context, h string) (Disclosure, error) {
	var r disclosureRow
	err := d.db.GetContext(ctx, &r, `SELECT `+disclosureCols+` FROM disclosures WHERE token_hash = ?`, h)
	return r.disclosure(), classify(err)
}

// DisclosuresByRequest lists what was sent for a request.
func (d *DB) DisclosuresByRequest(ctx context.Context, requestID string) ([]Disclosure, error) {
	var rs []disclosureRow
	err := d.db.SelectContext(ctx, &rs, `SELECT `+disclosureCols+` FROM disclosures WHERE request_id = ? ORDER BY created_at`, requestID)
	xs := make([]Disclosure, len(rs))
	for i, r := range rs {
		xs[i] = r.disclosure()
	}
	return xs, classify(err)
}

// ReserveCodeAttempt counts one release-code attempt on a link before the
// code is compared, in a single conditional update: only while the link is
// live and has had fewer than max attempts. ok is false when the link is
// used, expired or locked. used is the number of attempts counted,
// this one included. Because the count is taken before the comparison, a
// burst of simultaneous guesses cannot all pass a check made before any
// of them was counted.
func (d *DB) ReserveCodeAttempt(ctx context.Context, disclosureID string, max int) (used int, ok bool, err error) {
	now := d.now().Unix()
	err = d.db.GetContext(ctx, &used, `UPDATE disclosures SET failed_attempts = failed_attempts + 1
		WHERE id = ? AND failed_attempts < ? AND downloads_left > 0 AND expires_at > ? RETURNING failed_attempts`, disclosureID, max, now)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, classify(err)
	}
	return used, true, nil
}

// RecordDownload settles an attempt reserved with ReserveCodeAttempt. A
// good attempt gives its reservation back and uses up a download (only if
// one is left: two racing downloads cannot both win); a bad one stays
// counted.
func (d *DB) RecordDownload(ctx context.Context, disclosureID string, ok bool) (bool, error) {
	won := false
	err := d.tx(ctx, func(tx *sqlx.Tx) error {
		now := d.now().Unix()
		if ok {
			res, err := tx.ExecContext(ctx, `UPDATE disclosures SET downloads_left = downloads_left - 1, downloaded_at = ?, failed_attempts = failed_attempts - 1
				WHERE id = ? AND downloads_left > 0 AND expires_at > ? AND failed_attempts > 0`, now, disclosureID, now)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			won = n == 1
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO download_attempts (id, disclosure_id, at, ok) VALUES (?, ?, ?, ?)`, NewID(), disclosureID, now, won); err != nil {
			return err
		}
		ev := "download.failed"
		if won {
			ev = "download.ok"
		}
		return d.appendAudit(ctx, tx, &Event{Type: ev, ActorID: "officer", Subject: disclosureID})
	})
	return won, err
}

// DownloadAttempts lists the attempts on a link.
func (d *DB) DownloadAttempts(ctx context.Context, disclosureID string) (ok, failed int, err error) {
	err = d.db.GetContext(ctx, &ok, `SELECT count(*) FROM download_attempts WHERE disclosure_id = ? AND ok = 1`, disclosureID)
	if err == nil {
		err = d.db.GetContext(ctx, &failed, `SELECT count(*) FROM download_attempts WHERE disclosure_id = ? AND ok = 0`, disclosureID)
	}
	return ok, failed, classify(err)
}

// PortalVisibleSQL is the one condition under which the client's portal
// shows a request: a lead consulted her, no serious-harm hold, and the
// request is neither suspected fraud nor recorded in error.
const portalVisibleSQL = `client_visible = 1 AND harm_hold = 0 AND status NOT IN ('fraud_suspected', 'recorded_in_error')`

// PortalVisible reports whether the client's portal may show r (the same
// rule as the query in RequestsForPortal).
func PortalVisible(r Request) bool {
	return r.ClientVisible && !r.HarmHold && r.Status != request.StatusFraudSuspected && r.Status != request.StatusRecordedInError
}

// LiftHarmHold ends the serious-harm hold, a lead's decision.
func (d *DB) LiftHarmHold(ctx context.Context, requestID, actorID string) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE requests SET harm_hold = 0 WHERE id = ? AND harm_hold = 1`, requestID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrStale
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.RequestHoldLifted, ActorID: actorID, Subject: requestID})
	})
}

// ConsultClient records a lead's decision to consult the client: the
// request appears in her portal, and a voluntary request moves from
// verified to client_consulted. It is refused (ErrStale) unless the
// request is still at the version the lead saw, and (a *request.MoveError,
// Conflict request.ErrStepRefused) unless the lifecycle allows it; the caller checks the hold and the
// verification first, and the UPDATE checks the hold again.
func (d *DB) ConsultClient(ctx context.Context, requestID string, from request.Status, version int, actorID string, move bool) error {
	return d.tx(ctx, func(tx *sqlx.Tx) error {
		if move {
			m := Move{RequestID: requestID, From: from, To: request.StatusClientConsulted, Action: request.ActConsult, By: request.ActorLead, ActorID: actorID, Version: version}
			if err := moveRequest(ctx, tx, m, wholeSeconds(d.now())); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE requests SET client_visible = 1 WHERE id = ? AND harm_hold = 0 AND status NOT IN ('fraud_suspected', 'recorded_in_error')`, requestID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrStale
		}
		return d.appendAudit(ctx, tx, &Event{Type: audit.RequestConsult, ActorID: actorID, Subject: requestID})
	})
}

// RequestsForPortal lists the requests a client's portal may show.
func (d *DB) RequestsForPortal(ctx context.Context, clientID string) ([]Request, error) {
	var rs []requestRow
	err := d.db.SelectContext(ctx, &rs, `SELECT `+requestCols+` FROM requests WHERE client_id = ? AND `+portalVisibleSQL+` ORDER BY received_on DESC, created_at DESC`, clientID)
	return requests(rs), classify(err)
}

func resealMeta(ctx context.Context, tx *sqlx.Tx, reseal func([]byte) ([]byte, error)) error {
	var rows []struct {
		Key   string `db:"key"`
		Value string `db:"value"`
	}
	if err := tx.SelectContext(ctx, &rows, `SELECT key, value FROM meta WHERE key LIKE '%\_sealed' ESCAPE '\'`); err != nil {
		return err
	}
	for _, r := range rows {
		ct, err := base64.StdEncoding.DecodeString(r.Value)
		if err != nil {
			return fmt.Errorf("meta %s: %w", r.Key, err)
		}
		nct, err := reseal(ct)
		if err != nil {
			return fmt.Errorf("meta %s: %w", r.Key, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = ? WHERE key = ?`, base64.StdEncoding.EncodeToString(nct), r.Key); err != nil {
			return err
		}
	}
	return nil
}
