package disclosure

import (
	"context"
	"crypto/rand"
	"errors"
	"math/big"
	"strings"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/emails"
	"confidant/internal/extract"
	"confidant/internal/fault"
	"confidant/internal/request"
	"confidant/internal/secret"
	"confidant/internal/store"
	"confidant/internal/vault"
	"confidant/internal/words"
)

// Defaults for a sending.
const (
	DownloadTTL      = 7 * 24 * time.Hour
	MaxCodeAttempts  = 5
	releaseCodeChars = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/I: read aloud by phone
)

// Obstacle is why a request's latest extract cannot be approved now, as a
// code that internal/words puts into words; "" when nothing stands in the
// way.
type Obstacle string

// The obstacles to approving, in the order they are checked.
const (
	NoExtract      Obstacle = "no_extract"        // no version has been built
	AlreadySent    Obstacle = "sent"              // the request's extract has gone
	AgreedElsewhen Obstacle = "agreed_wrong_step" // she agreed to this version, but the request is at another step
	NotAgreed      Obstacle = "not_agreed"        // the client has not agreed to the current extract
	NotDrafted     Obstacle = "not_drafted"       // a court's request: approval comes after drafting
	AgreedEarlier  Obstacle = "agreed_earlier"    // her agreement was to an earlier version
	OwnExtract     Obstacle = "own_extract"       // the actor built it and another lead exists
	AwaitingReply  Obstacle = "awaiting_reply"    // she wrote and had no answer
)

// Release is where a request's extract stands on its way to the police:
// the latest version, the client's answer to it, whether a lead approved
// it, what stands in the way of approving it now, whether it may be sent
// and to which address, and what was sent.
type Release struct {
	Status        request.Status // the request's step
	Latest        *extract.Version
	Consent       string // the client's latest decision (agree, refuse, talk, withdraw), if any
	ConsentOnHash bool   // that decision was on the latest version
	Approved      bool   // a lead approved the latest version and the request is at lead_approved
	Blocked       Obstacle
	Sendable      bool
	OfficerEmail  string
	Sent          []Sending
}

// Approvable reports whether the actor the Release was worked out for may
// approve the latest version now.
func (r Release) Approvable() bool { return !r.Approved && r.Blocked == "" }

// Sending is one sending of an extract to the police: which version and
// its summary, how it was protected ("link": the release code alone;
// "age": also encrypted to the force's key), when, until when the link
// works, when it was downloaded (zero until then) and how many wrong
// release codes were tried.
type Sending struct {
	Version        int
	Summary        string
	Method         string
	At, Expires    time.Time
	DownloadedAt   time.Time
	FailedAttempts int
}

// Release works out where the request's extract stands for the actor.
// What blocks approval is the returned Blocked, not an error. It fails
// with NotFound when the actor may not handle requests or there is no such
// request (requests.Service.LoadRequest).
func (a *Service) Release(ctx context.Context, actor access.Actor, requestID string) (Release, error) {
	r, err := a.requests.LoadRequest(ctx, actor, requestID)
	if err != nil {
		return Release{}, err
	}
	st := Release{Status: r.Status}
	x, err := a.core.DB.LatestExtract(ctx, r.ID)
	if errors.Is(err, store.ErrNotFound) {
		st.Blocked = NoExtract
		st.Sent, err = a.sendings(ctx, r.ID)
		return st, err
	}
	if err != nil {
		return st, err
	}
	latest := versionOf(x)
	st.Latest = &latest
	comp := request.Kind(r.Kind).IsCompulsory()
	if c, err := a.core.DB.LatestConsent(ctx, r.ID); err == nil {
		st.Consent, st.ConsentOnHash = c.Decision, c.ExtractSHA256 == x.SHA256
	}
	if ap, err := a.core.DB.LatestApproval(ctx, r.ID); err == nil {
		st.Approved = ap.ExtractSHA256 == x.SHA256 && r.Status == request.StatusLeadApproved
	}
	leads, err := a.core.ActiveLeads(ctx)
	if err != nil {
		return st, err
	}
	awaiting := false
	if m, err := a.core.DB.LastMessage(ctx, r.ID); err == nil {
		awaiting = m.NeedsReply()
	} else if !errors.Is(err, store.ErrNotFound) {
		return st, err
	}
	switch {
	case st.Approved:
		// Approved: the sending form says what comes next.
	case r.Status == request.StatusSent || r.Status == request.StatusClosed:
		st.Blocked = AlreadySent
	case !comp && st.Consent == "agree" && st.ConsentOnHash && r.Status != request.StatusClientConsented:
		st.Blocked = AgreedElsewhen
	case !comp && r.Status != request.StatusClientConsented:
		st.Blocked = NotAgreed
	case comp && r.Status != request.StatusExtractDrafted:
		st.Blocked = NotDrafted
	case !comp && !(st.Consent == "agree" && st.ConsentOnHash):
		st.Blocked = AgreedEarlier
	case leads >= 2 && x.CreatedBy == actor.UserID:
		st.Blocked = OwnExtract
	case awaiting:
		st.Blocked = AwaitingReply
	}
	if r.Status == request.StatusLeadApproved && st.Approved {
		st.Sendable = true
		if rec, err := r.Record(); err == nil {
			st.OfficerEmail = rec.Requester.Email
			if st.OfficerEmail == "" {
				st.OfficerEmail = rec.SenderEmail
			}
		}
	}
	st.Sent, err = a.sendings(ctx, r.ID)
	return st, err
}

// Sendings lists what was sent for a request, oldest first, for the client
// it is about, in her portal: only for her own account and a request her
// portal shows. It fails with NotFound for any other request (or none);
// any other failed read is passed on (Unavailable for a busy database).
func (a *Service) Sendings(ctx context.Context, acc core.PortalAccount, requestID string) ([]Sending, error) {
	if !store.ValidID(requestID) {
		return nil, core.ErrNotFound
	}
	r, err := a.core.DB.RequestByID(ctx, requestID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, core.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if acc.ClientID == "" || r.ClientID != acc.ClientID || !store.PortalVisible(r) {
		return nil, core.ErrNotFound
	}
	return a.sendings(ctx, r.ID)
}

// sendings lists what was sent for a request, oldest first. It checks no
// one: the caller has already decided that its reader may see the request.
func (a *Service) sendings(ctx context.Context, requestID string) ([]Sending, error) {
	ds, err := a.core.DB.DisclosuresByRequest(ctx, requestID)
	if err != nil {
		return nil, err
	}
	var out []Sending
	for _, d := range ds {
		out = append(out, Sending{Version: d.ExtractVersion, Summary: a.summary(ctx, requestID, d.ExtractVersion), Method: d.Method,
			At: d.CreatedAt, Expires: d.ExpiresAt, DownloadedAt: d.DownloadedAt, FailedAttempts: d.FailedAttempts})
	}
	return out, nil
}

// ErrStepUp is a wrong password at a step-up prompt.
var ErrStepUp = &fault.Error{Code: fault.Unauthorized, Fields: core.FieldErrors{"password": "That password is not right. Enter your own password to approve."}}

// stepUp re-checks the actor's password (StepUp) and words a wrong one for
// the approval form.
func (a *Service) stepUp(ctx context.Context, actor access.Actor, pw string) error {
	err := a.core.StepUp(ctx, core.StaffUser{ID: actor.UserID}, pw)
	if errors.Is(err, core.ErrBadCredentials) {
		return ErrStepUp
	}
	return err
}

// ApproveExtract approves the exact extract hash the lead saw, after
// re-entering their password. It fails with NotFound as Release does,
// Unauthorized (ErrStepUp, on the "password" field) when the password is
// not right, Throttled (core.ErrThrottled) after too many wrong passwords,
// Unavailable (core.ErrBusy) when the password cannot be checked for load,
// and Conflict (with a message on the "approve" field) when the extract may
// not be approved now (Release's Blocked, in words), the latest extract is
// not sha, or the request changed since it was read.
func (a *Service) ApproveExtract(ctx context.Context, actor access.Actor, requestID, sha, pw string) error {
	st, err := a.Release(ctx, actor, requestID)
	if err != nil {
		return err
	}
	if err := a.stepUp(ctx, actor, pw); err != nil {
		return err
	}
	if !st.Approvable() {
		return refused("approve", words.Obstacle(string(st.Blocked), string(st.Status)))
	}
	if st.Latest == nil || st.Latest.SHA256 != sha {
		return refused("approve", "The extract changed while you were looking at it. Check the new version before approving.")
	}
	r, err := a.core.DB.RequestByID(ctx, requestID)
	if err != nil {
		return err
	}
	err = a.core.DB.Approve(ctx, &store.Approval{RequestID: r.ID, ExtractSHA256: sha, ApprovedBy: actor.UserID}, r.Status, r.Version)
	// Stale, or moved (the client withdrew) between Release and the read
	// above to where the lifecycle refuses approval: both are a change.
	if errors.Is(err, store.ErrStale) || errors.Is(err, request.ErrStepRefused) {
		return refused("approve", "The request changed while you were looking at it (the client may have withdrawn). Reload and check.")
	}
	return err
}

// releaseCode makes a code the lead reads to the officer by phone.
func releaseCode() string {
	var b strings.Builder
	for i := 0; i < 10; i++ {
		if i == 5 {
			b.WriteByte('-')
		}
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(releaseCodeChars))))
		if err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		b.WriteByte(releaseCodeChars[n.Int64()])
	}
	return b.String()
}

// normaliseReleaseCode makes a typed code comparable: case, spaces and dashes
// do not matter.
func normaliseReleaseCode(s string) string {
	s = strings.ToUpper(s)
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
}

// SendResult is shown to the lead once: the release code to read to the
// officer by phone. It is not stored anywhere in clear.
type SendResult struct {
	ReleaseCode string
	Expires     time.Time
}

// SendExtract sends the approved extract to the officer's verified email as
// a one-time, expiring download link; with an age recipient from the
// force, the download is an age-encrypted file instead of the PDF. It
// fails with NotFound as Release does, Invalid (with a message on the
// "age_recipient" field) when ageRecipient is not an age public key, and
// Conflict (with a message on the "send" field) when the latest extract is
// not approved, the request has no usable email address for the officer,
// or the request changed since it was read (the client may have withdrawn
// consent).
func (a *Service) SendExtract(ctx context.Context, actor access.Actor, requestID, ageRecipient, baseURL string) (SendResult, error) {
	st, err := a.Release(ctx, actor, requestID)
	if err != nil {
		return SendResult{}, err
	}
	if !st.Sendable || st.Latest == nil {
		return SendResult{}, refused("send", "Only an approved extract can be sent.")
	}
	to, ok := core.CleanEmail(st.OfficerEmail)
	if !ok {
		return SendResult{}, refused("send", "The request has no valid email address for the officer.")
	}
	r, err := a.requests.LoadRequest(ctx, actor, requestID)
	if err != nil {
		return SendResult{}, err
	}
	cid := r.Identity()
	x, err := a.core.DB.ExtractByVersion(ctx, r.ID, st.Latest.Version)
	if err != nil {
		return SendResult{}, err
	}
	pdf, err := cid.Decrypt(x.PDFEnc)
	if err != nil {
		return SendResult{}, err
	}
	method, pkg := "link", pdf
	if ageRecipient = strings.TrimSpace(ageRecipient); ageRecipient != "" {
		if pkg, err = vault.Encrypt(pdf, ageRecipient); err != nil {
			return SendResult{}, fault.InvalidFields(core.FieldErrors{"age_recipient": "That is not an age public key (it starts with age1)."})
		}
		method = "age"
	}
	pkgEnc, err := r.Seal(pkg)
	if err != nil {
		return SendResult{}, err
	}
	toEnc, err := r.Seal([]byte(to))
	if err != nil {
		return SendResult{}, err
	}
	token, code := secret.Token(), releaseCode()
	expires := a.core.Now().Add(DownloadTTL)
	d := &store.Disclosure{RequestID: r.ID, ExtractVersion: x.Version, ExtractSHA256: x.SHA256, RecipientEnc: toEnc, Method: method,
		TokenHash: core.HashToken(token), CodeHash: core.HashToken(normaliseReleaseCode(code)), PackageEnc: pkgEnc, ExpiresAt: expires,
		DownloadsLeft: 1, CreatedBy: actor.UserID}
	m := emails.Disclosure(r.Reference, emails.Link(baseURL, "/d/"+token), x.SHA256, a.core.EmailSignature(ctx), expires, method == "age")
	// The email is queued in the same transaction as the sending itself:
	// either both are recorded or neither.
	item, err := a.core.SealEmail(ctx, core.Email{To: to, Subject: m.Subject, Text: m.Text, Purpose: "disclosure.link", Ref: r.ID})
	if err != nil {
		return SendResult{}, refused("send", "The officer's email address cannot be used: "+err.Error())
	}
	err = a.core.DB.CreateDisclosure(ctx, d, r.Version, &item)
	if errors.Is(err, store.ErrStale) {
		return SendResult{}, refused("send", "The request changed (the client may have withdrawn consent). Reload and check before sending.")
	}
	if err != nil {
		return SendResult{}, err
	}
	// The counsellor is told it was decided, and the client, neutrally,
	// that there is something to read (her history says what went where).
	a.requests.NotifyStaff(ctx, r, "request.decided")
	a.requests.NotifyClient(ctx, r)
	a.core.WakeOutbox()
	return SendResult{ReleaseCode: code, Expires: expires}, nil
}

// ErrLinkGone is the one answer for an unknown, used, expired or locked
// download link.
var ErrLinkGone = fault.New(fault.NotFound, "This link does not work.")

// CheckDownloadLink answers ErrLinkGone for a link that cannot be used,
// without using it (the officer's page asks before showing its form). It
// checks no actor: the link is the officer's credential. It fails with
// NotFound (ErrLinkGone) for any link that cannot be used, and when the
// link cannot be read (whatever the reason, a busy database included).
func (a *Service) CheckDownloadLink(ctx context.Context, token string) error {
	_, err := a.liveLink(ctx, token)
	return err
}

// liveLink is the disclosure a usable link opens.
func (a *Service) liveLink(ctx context.Context, token string) (store.Disclosure, error) {
	d, err := a.core.DB.DisclosureByTokenHash(ctx, core.HashToken(token))
	if err != nil || d.DownloadsLeft <= 0 || !d.ExpiresAt.After(a.core.Now()) || d.FailedAttempts >= MaxCodeAttempts {
		return store.Disclosure{}, ErrLinkGone
	}
	return d, nil
}

// ErrWrongCode is a wrong release code; Left says how many tries remain.
// It is Unauthorized (it wraps errWrongCode), so that fault.CodeOf and
// fault.MessageOf treat it as the code that is not right it is.
type ErrWrongCode struct{ Left int }

func (e ErrWrongCode) Error() string { return "wrong release code" }

// Unwrap is the fault the wrong code is.
func (e ErrWrongCode) Unwrap() error { return errWrongCode }

var errWrongCode = fault.New(fault.Unauthorized, "That release code is not right.")

// Download checks the release code and, if right, uses up the link and
// returns the package (PDF, or an age file) with its file name. It checks
// no actor: the link and the code are the officer's credentials. It fails
// with NotFound (ErrLinkGone) as CheckDownloadLink does and when the link
// is used up or locked meanwhile, and Unauthorized (ErrWrongCode, with the
// tries left) when the code is not right.
func (a *Service) Download(ctx context.Context, token, code string) ([]byte, string, error) {
	d, err := a.liveLink(ctx, token)
	if err != nil {
		return nil, "", err
	}
	// Reserve the attempt before comparing: at most MaxCodeAttempts codes
	// are ever compared for a link, however many arrive at once.
	used, ok, err := a.core.DB.ReserveCodeAttempt(ctx, d.ID, MaxCodeAttempts)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		return nil, "", ErrLinkGone
	}
	if !secret.Equal(core.HashToken(normaliseReleaseCode(code)), d.CodeHash) {
		if _, err := a.core.DB.RecordDownload(ctx, d.ID, false); err != nil {
			return nil, "", err
		}
		left := MaxCodeAttempts - used
		if left <= 0 {
			return nil, "", ErrLinkGone
		}
		return nil, "", ErrWrongCode{Left: left}
	}
	won, err := a.core.DB.RecordDownload(ctx, d.ID, true)
	if err != nil {
		return nil, "", err
	}
	if !won {
		return nil, "", ErrLinkGone
	}
	r, err := a.core.DB.RequestByID(ctx, d.RequestID)
	if err != nil {
		return nil, "", err
	}
	c, err := a.core.DB.ClientByID(ctx, r.ClientID)
	if err != nil {
		return nil, "", ErrLinkGone
	}
	pkg, err := a.core.Keys.Decrypt(c.WrappedKey, d.PackageEnc)
	if err != nil {
		return nil, "", err
	}
	a.core.NotifyClient(ctx, r.ID) // her history now shows the download
	name := "extract-" + r.Reference + ".pdf"
	if d.Method == "age" {
		name += ".age"
	}
	return pkg, name, nil
}

// LiftClientHold lets the portal show a request whose notice was withheld
// on the serious-harm ground, once the lead judges it safe. It fails with
// NotFound as Release does, and Conflict (with a message on the "hold"
// field) when there is no hold to lift.
func (a *Service) LiftClientHold(ctx context.Context, actor access.Actor, requestID string) error {
	r, err := a.requests.LoadRequest(ctx, actor, requestID)
	if err != nil {
		return err
	}
	if err := a.core.DB.LiftHarmHold(ctx, r.ID, actor.UserID); errors.Is(err, store.ErrStale) {
		return refused("hold", "There is no hold on this request to lift.")
	} else if err != nil {
		return err
	}
	return nil
}
