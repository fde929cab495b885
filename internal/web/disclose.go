package web

import (
	"errors"
	"net/http"
	"strings"

	"confidant/internal/app"

	"github.com/gorilla/mux"
)

type invitePage struct {
	ClientID string
	Email    string
}

func (s *Server) portalInviteNew(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	email, err := s.App.SuggestedEmail(r.Context(), getCurrent(r).actor(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "invite_client", s.newView(r, invitePage{id, email}))
}

func (s *Server) portalInviteSend(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	email := strings.TrimSpace(r.PostForm.Get("email"))
	err := s.App.InviteClient(r.Context(), getCurrent(r).actor(), id, email, baseURL(r))
	var fe app.FieldErrors
	switch {
	case errors.As(err, &fe):
		v := s.newView(r, invitePage{id, email})
		for k, m := range fe {
			v.Errors[k] = m
		}
		s.render(w, r, http.StatusUnprocessableEntity, "invite_client", v)
		return
	case errors.Is(err, app.ErrBadEmail):
		v := s.newView(r, invitePage{id, email})
		v.Errors["email"] = "That email address cannot be used. Check it and try again."
		s.render(w, r, http.StatusUnprocessableEntity, "invite_client", v)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/clients/"+id, "invite-sent")
}

func (s *Server) requestApprove(w http.ResponseWriter, r *http.Request) {
	if !s.requireLead(w, r) {
		return
	}
	id := mux.Vars(r)["id"]
	err := s.App.ApproveExtract(r.Context(), getCurrent(r).actor(), id, r.PostForm.Get("extract_sha256"), r.PostForm.Get("password"))
	var fe app.FieldErrors
	if errors.As(err, &fe) {
		s.showRequest(w, r, http.StatusUnprocessableEntity, fe)
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
	Result    app.SendResult
}

func (s *Server) requestSend(w http.ResponseWriter, r *http.Request) {
	if !s.requireLead(w, r) {
		return
	}
	id := mux.Vars(r)["id"]
	res, err := s.App.SendExtract(r.Context(), getCurrent(r).actor(), id, r.PostForm.Get("age_recipient"), baseURL(r))
	var fe app.FieldErrors
	switch {
	case errors.As(err, &fe):
		s.showRequest(w, r, http.StatusUnprocessableEntity, fe)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	// The release code is shown once, on this response, and never stored.
	s.render(w, r, http.StatusOK, "sent", s.newView(r, sentPage{id, res}))
}

func (s *Server) requestLiftHold(w http.ResponseWriter, r *http.Request) {
	if !s.requireLead(w, r) {
		return
	}
	id := mux.Vars(r)["id"]
	if err := s.App.LiftClientHold(r.Context(), getCurrent(r).actor(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/requests/"+id, "hold-lifted")
}
