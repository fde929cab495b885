package web

import (
	"net/http"
	"strconv"

	"confidant/internal/app/admin"
	"confidant/internal/app/core"
	"confidant/internal/fault"
)

type identityPage struct{ Form admin.IdentityForm }

func (s *Server) adminIdentity(w http.ResponseWriter, r *http.Request) {
	f, err := s.App.Admin.IdentityForm(r.Context(), getCurrent(r).actor())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_identity", s.newView(r, identityPage{f}))
}

func (s *Server) adminSaveIdentity(w http.ResponseWriter, r *http.Request) {
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	f := admin.IdentityForm{Identity: core.Identity{
		Name: r.PostForm.Get("name"), Address: r.PostForm.Get("address"), Phone: r.PostForm.Get("phone"),
		Email: r.PostForm.Get("email"), Signature: r.PostForm.Get("signature"), PortalName: r.PostForm.Get("portal_name"),
	}, Version: version}
	err := s.App.Admin.SaveIdentity(r.Context(), getCurrent(r).actor(), f)
	fe := fault.FieldsOf(err)
	if fe != nil {
		v := s.newView(r, identityPage{f})
		for k, m := range fe {
			v.Errors[k] = m
		}
		status := http.StatusUnprocessableEntity
		if fe["version"] != "" {
			status = http.StatusConflict
		}
		s.render(w, r, status, "admin_identity", v)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/identity", "settings-saved")
}
