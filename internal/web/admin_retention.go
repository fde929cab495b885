package web

import (
	"errors"
	"net/http"
	"time"

	"confidant/internal/app/clients"
	"confidant/internal/fault"

	"github.com/gorilla/mux"
)

type adminRetentionPage struct {
	Years   int
	Cutoff  time.Time
	Clients []clients.Expired
}

func (s *Server) adminRetention(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	cs, err := s.App.Clients.PastRetention(r.Context(), cur.actor())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_retention", s.newView(r, adminRetentionPage{Years: s.App.Settings().RetentionYears, Cutoff: s.App.Clients.RetentionCutoff(), Clients: cs}))
}

type adminShredPage struct {
	C         clients.Expired
	Reference string
}

func (s *Server) adminShredConfirm(w http.ResponseWriter, r *http.Request) {
	s.showShred(w, r, http.StatusOK, "", nil)
}

func (s *Server) showShred(w http.ResponseWriter, r *http.Request, status int, typed string, errs map[string]string) {
	cur := getCurrent(r)
	c, err := s.App.Clients.RetentionClient(r.Context(), cur.actor(), mux.Vars(r)["id"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, adminShredPage{C: c, Reference: typed})
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "admin_shred", v)
}

// adminShred crypto-shreds one client past retention, after the admin has
// typed its reference and re-entered their password.
func (s *Server) adminShred(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	ref := r.PostForm.Get("reference")
	err := s.App.Clients.Shred(r.Context(), cur.User, mux.Vars(r)["id"], ref, r.PostForm.Get("password"))
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		s.showShred(w, r, http.StatusUnprocessableEntity, ref, fe)
	case errors.Is(err, clients.ErrShredBlocked):
		s.showShred(w, r, http.StatusConflict, ref, map[string]string{"reference": err.Error()})
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/admin/retention", "client-shredded")
	}
}
