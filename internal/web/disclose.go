package web

import (
	"errors"
	"net/http"
	"strings"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/app/disclosure"
	"confidant/internal/extract"
	"confidant/internal/fault"
	"confidant/internal/words"

	"github.com/gorilla/mux"
)

type invitePage struct {
	ClientID string
	Email    string
	State    accountState
	IsLead   bool
}

// accountState is what the client's portal page offers staff.
type accountState struct {
	HasAccount    bool
	PendingChange bool // a change of address waits for a second lead
	MayDecide     bool // the actor may approve or refuse that change
}

// showInvite renders the client's portal page for staff: an invitation
// while she has no account; a password link and (for leads) a change of
// address once she has one.
func (s *Server) showInvite(w http.ResponseWriter, r *http.Request, status int, email string, errs core.FieldErrors) {
	id := mux.Vars(r)["id"]
	actor := getCurrent(r).actor()
	st, err := s.App.Portal.AccountOf(r.Context(), actor, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if email == "" && !st.Exists {
		if email, err = s.App.Portal.SuggestedEmail(r.Context(), actor, id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	v := s.newView(r, invitePage{ClientID: id, Email: email, IsLead: actor.Has(access.Lead),
		State: accountState{HasAccount: st.Exists, PendingChange: st.PendingChange, MayDecide: st.MayDecideChange(actor)}})
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "invite_client", v)
}

func (s *Server) portalInviteNew(w http.ResponseWriter, r *http.Request) {
	s.showInvite(w, r, http.StatusOK, "", nil)
}

// portalLinkResult answers any of the portal-account forms: the form again
// with its messages, 409 when the account's state refused it (refusedStatus)
// and 422 when what was typed is wrong.
func (s *Server) portalLinkResult(w http.ResponseWriter, r *http.Request, err error, email, done string) {
	id := mux.Vars(r)["id"]
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		s.showInvite(w, r, refusedStatus(err), email, fe)
	case errors.Is(err, core.ErrBadEmail):
		s.showInvite(w, r, http.StatusUnprocessableEntity, email, core.FieldErrors{"email": "That email address cannot be used. Check it and try again."})
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/clients/"+id, done)
	}
}

func (s *Server) portalInviteSend(w http.ResponseWriter, r *http.Request) {
	email := strings.TrimSpace(r.PostForm.Get("email"))
	err := s.App.Portal.InviteClient(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"], email, s.baseURL(r))
	s.portalLinkResult(w, r, err, email, "invite-sent")
}

func (s *Server) portalResetSend(w http.ResponseWriter, r *http.Request) {
	err := s.App.Portal.SendPortalReset(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"], s.baseURL(r))
	s.portalLinkResult(w, r, err, "", "reset-sent")
}

func (s *Server) portalEmailChange(w http.ResponseWriter, r *http.Request) {
	email := strings.TrimSpace(r.PostForm.Get("new_email"))
	applied, err := s.App.Portal.ChangePortalEmail(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"], email)
	done := "email-change-requested"
	if applied {
		done = "email-changed"
	}
	s.portalLinkResult(w, r, err, "", done)
}

func (s *Server) portalEmailDecide(w http.ResponseWriter, r *http.Request) {
	approve := r.PostForm.Get("decision") == "approve"
	err := s.App.Portal.DecideEmailChange(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"], approve)
	done := "email-changed"
	if !approve {
		done = "settings-saved"
	}
	s.portalLinkResult(w, r, err, "", done)
}

// approvalSection is the request page's part on approval and sending:
// the latest version, the client's answer, and which form to offer (or
// why none).
type approvalSection struct {
	Latest        *extract.Version
	Consent       string
	ConsentOnHash bool
	CanApprove    bool
	WhyNot        string
	CanSend       bool
	OfficerEmail  string
	Sent          []sentLine
}

// sentLine is one sending, for the lead.
type sentLine struct {
	When, Method, Expires string
	Downloaded            bool
	FailedAttempts        int
}

// approval works out the request page's approval section for the actor.
func (s *Server) approval(r *http.Request, requestID string) (approvalSection, error) {
	rel, err := s.App.Disclosure.Release(r.Context(), getCurrent(r).actor(), requestID)
	if err != nil {
		return approvalSection{}, err
	}
	a := approvalSection{Latest: rel.Latest, Consent: rel.Consent, ConsentOnHash: rel.ConsentOnHash, CanApprove: rel.Approvable(),
		WhyNot: words.Obstacle(string(rel.Blocked), string(rel.Status)), CanSend: rel.Sendable, OfficerEmail: rel.OfficerEmail}
	for _, d := range rel.Sent {
		a.Sent = append(a.Sent, sentLine{When: words.Time(d.At), Method: d.Method, Expires: words.Time(d.Expires),
			Downloaded: !d.DownloadedAt.IsZero(), FailedAttempts: d.FailedAttempts})
	}
	return a, nil
}

func (s *Server) requestApprove(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	err := s.App.Disclosure.ApproveExtract(r.Context(), getCurrent(r).actor(), id, r.PostForm.Get("extract_sha256"), r.PostForm.Get("password"))
	fe := fault.FieldsOf(err)
	if fe != nil {
		s.showRequest(w, r, refusedStatus(err), fe)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/requests/"+id+"#approval", "approved")
}

type sentPage struct {
	RequestID string
	Result    disclosure.SendResult
}

func (s *Server) requestSend(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	res, err := s.App.Disclosure.SendExtract(r.Context(), getCurrent(r).actor(), id, r.PostForm.Get("age_recipient"), s.baseURL(r))
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		s.showRequest(w, r, refusedStatus(err), fe)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	// The release code is shown once, on this response, and never stored.
	s.render(w, r, http.StatusOK, "sent", s.newView(r, sentPage{id, res}))
}

func (s *Server) requestLiftHold(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if err := s.App.Disclosure.LiftClientHold(r.Context(), getCurrent(r).actor(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/requests/"+id, "hold-lifted")
}
