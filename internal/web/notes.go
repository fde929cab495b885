package web

import (
	"net/http"

	"confidant/internal/fault"

	"github.com/gorilla/mux"
)

func (s *Server) noteCreate(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	id := mux.Vars(r)["id"]
	f := noteForm{SessionDate: r.PostForm.Get("session_date"), Body: r.PostForm.Get("body")}
	_, err := s.App.Clients.AddNote(r.Context(), cur.actor(), id, f.SessionDate, f.Body)
	if errs := fault.FieldsOf(err); errs != nil {
		s.showClient(w, r, http.StatusUnprocessableEntity, 1, f, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/clients/"+id+"#notes", "note-saved")
}

type noteEditPage struct {
	ClientID    string
	NoteID      string
	SessionDate string
	Body        string
}

func (s *Server) noteEdit(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	vars := mux.Vars(r)
	n, err := s.App.Clients.Note(r.Context(), cur.actor(), vars["id"], vars["note"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if n.IsSigned() {
		s.redirect(w, r, "/clients/"+vars["id"]+"#note-"+n.ID, "")
		return
	}
	s.render(w, r, http.StatusOK, "note_edit", s.newView(r, noteEditPage{vars["id"], n.ID, n.SessionDate, n.Body}))
}

func (s *Server) noteUpdate(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	vars := mux.Vars(r)
	p := noteEditPage{vars["id"], vars["note"], r.PostForm.Get("session_date"), r.PostForm.Get("body")}
	err := s.App.Clients.UpdateDraft(r.Context(), cur.actor(), p.ClientID, p.NoteID, p.SessionDate, p.Body)
	if errs := fault.FieldsOf(err); errs != nil {
		v := s.newView(r, p)
		v.Errors = errs
		s.render(w, r, http.StatusUnprocessableEntity, "note_edit", v)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/clients/"+p.ClientID+"#note-"+p.NoteID, "note-saved")
}

func (s *Server) noteSign(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	vars := mux.Vars(r)
	if err := s.App.Clients.SignNote(r.Context(), cur.actor(), vars["id"], vars["note"]); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/clients/"+vars["id"]+"#note-"+vars["note"], "note-signed")
}

func (s *Server) addendumCreate(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	vars := mux.Vars(r)
	err := s.App.Clients.AddAddendum(r.Context(), cur.actor(), vars["id"], vars["note"], r.PostForm.Get("body"))
	if errs := fault.FieldsOf(err); errs != nil {
		s.showClient(w, r, http.StatusUnprocessableEntity, 1, noteForm{}, map[string]string{"addendum-" + vars["note"]: errs["body"]})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/clients/"+vars["id"]+"#note-"+vars["note"], "addendum")
}
