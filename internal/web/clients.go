package web

import (
	"net/http"
	"strconv"
	"strings"

	"confidant/internal/access"
	"confidant/internal/app/requests"
	"confidant/internal/casefile"
	"confidant/internal/fault"

	"github.com/gorilla/mux"
)

type clientsPage struct {
	Query   string
	Clients []casefile.Client
	Name    string
	Contact string
}

// clientList lists every client. A search is never in the address (a
// client's name in a URL stays in the browser's history and in logs): it
// is posted to clientSearch, which renders the results in place.
func (s *Server) clientList(w http.ResponseWriter, r *http.Request) {
	s.showClients(w, r, http.StatusOK, clientsPage{}, nil)
}

func (s *Server) clientSearch(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.showClients(w, r, http.StatusOK, clientsPage{Query: strings.TrimSpace(r.PostForm.Get("q"))}, nil)
}

func (s *Server) showClients(w http.ResponseWriter, r *http.Request, status int, p clientsPage, errs map[string]string) {
	cur := getCurrent(r)
	cs, err := s.App.Clients.ListClients(r.Context(), cur.actor(), p.Query)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Clients = cs
	v := s.newView(r, p)
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "clients", v)
}

func (s *Server) clientCreate(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	name, contact := r.PostForm.Get("name"), r.PostForm.Get("contact")
	id, err := s.App.Clients.CreateClient(r.Context(), cur.actor(), name, contact)
	if errs := fault.FieldsOf(err); errs != nil {
		s.showClients(w, r, http.StatusUnprocessableEntity, clientsPage{Name: name, Contact: contact}, errs)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/clients/"+id, "client-added")
}

type noteForm struct {
	SessionDate string
	Body        string
}

// caseFile is a client's case file as her page shows it: the client, one
// page of her notes, and whether the actor may write to it.
type caseFile struct {
	casefile.Client
	Notes    []casefile.Note
	Total    int
	CanWrite bool
	pager
}

type clientPage struct {
	Client   caseFile
	Form     noteForm
	Requests []requests.ClientRequest
}

// notesPerPage is the page size of a client's notes.
const notesPerPage = 20

func (s *Server) clientShow(w http.ResponseWriter, r *http.Request) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	s.showClient(w, r, http.StatusOK, page, noteForm{SessionDate: s.Now().Format("2006-01-02")}, nil)
}

func (s *Server) showClient(w http.ResponseWriter, r *http.Request, status, page int, f noteForm, errs map[string]string) {
	cur := getCurrent(r)
	c, err := s.caseFile(r, cur.actor(), mux.Vars(r)["id"], page)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reqs, err := s.App.Requests.RequestsForClient(r.Context(), cur.actor(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, clientPage{Client: c, Form: f, Requests: reqs})
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "client", v)
}

// caseFile reads one page of a client's case file, newest session first;
// a page past the last shows the last.
func (s *Server) caseFile(r *http.Request, actor access.Actor, id string, page int) (caseFile, error) {
	c, facts, err := s.App.Clients.Client(r.Context(), actor, id)
	if err != nil {
		return caseFile{}, err
	}
	asked := max(page, 1)
	p := caseFile{Client: c, CanWrite: access.CanWriteNotes(actor, facts)}
	if p.Notes, p.Total, err = s.App.Clients.Notes(r.Context(), actor, c.ID, notesPerPage, (asked-1)*notesPerPage); err != nil {
		return caseFile{}, err
	}
	if p.pager = pageOf(asked, p.Total, notesPerPage); p.Page != asked {
		p.Notes, p.Total, err = s.App.Clients.Notes(r.Context(), actor, c.ID, notesPerPage, p.offset(notesPerPage))
	}
	return p, err
}
