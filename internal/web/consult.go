package web

import (
	"net/http"
	"strconv"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/fault"

	"github.com/gorilla/mux"
)

// requestConsult is the lead's decision to consult the client: the only
// way a request reaches her portal.
func (s *Server) requestConsult(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		s.showRequest(w, r, http.StatusUnprocessableEntity, core.FieldErrors{"consult": "The form was incomplete; reload the page and try again."})
		return
	}
	err = s.App.Requests.ConsultClient(r.Context(), getCurrent(r).actor(), id, version)
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		s.showRequest(w, r, refusedStatus(err), fe)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/requests/"+id+"#consult", "client-consulted")
}

// requestReply is the service's answer in the client's thread, from the
// request page (a lead) or the client's page (her counsellor).
func (s *Server) requestReply(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	back := r.PostForm.Get("back")
	if back != "client" {
		back = "request"
	}
	err := s.App.Requests.ReplyToClient(r.Context(), getCurrent(r).actor(), id, r.PostForm.Get("message"))
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil && back == "request" && getCurrent(r).actor().Has(access.Lead):
		s.showRequest(w, r, refusedStatus(err), fe)
		return
	case fe != nil:
		s.renderError(w, r, refusedStatus(err), "The reply was not sent", fe["message"])
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	if back == "client" {
		d, err := s.App.Requests.RequestClientID(r.Context(), getCurrent(r).actor(), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, "/clients/"+d+"#requests", "reply-sent")
		return
	}
	s.redirect(w, r, "/requests/"+id+"#thread", "reply-sent")
}

// refusedStatus is the status of a request page's form shown again with
// its fields' messages: 409 when the request's state (or a change made
// meanwhile) refused the step, 422 when what was typed is wrong.
func refusedStatus(err error) int {
	if fault.CodeOf(err) == fault.Conflict {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}
