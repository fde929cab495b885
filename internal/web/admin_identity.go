package web

import (
	"net/http"

	"confidant/internal/app/admin"
	"confidant/internal/app/core"
)

// identityForm is the service's identity: its name, address and how
// letters are signed.
var identityForm = versionedForm[admin.IdentityForm]{
	template: "admin_identity",
	load: func(s *Server, r *http.Request) (admin.IdentityForm, error) {
		return s.App.Admin.IdentityForm(r.Context(), getCurrent(r).actor())
	},
	read: func(r *http.Request) admin.IdentityForm {
		return admin.IdentityForm{Identity: core.Identity{
			Name: r.PostForm.Get("name"), Address: r.PostForm.Get("address"), Phone: r.PostForm.Get("phone"),
			Email: r.PostForm.Get("email"), Signature: r.PostForm.Get("signature"), PortalName: r.PostForm.Get("portal_name"),
		}, Version: formVersion(r)}
	},
	save: func(s *Server, r *http.Request, f admin.IdentityForm) error {
		return s.App.Admin.SaveIdentity(r.Context(), getCurrent(r).actor(), f)
	},
	done: func(admin.IdentityForm) (string, string) { return "/admin/identity", "settings-saved" },
}

func (s *Server) adminIdentity(w http.ResponseWriter, r *http.Request) { identityForm.show(s, w, r) }

func (s *Server) adminSaveIdentity(w http.ResponseWriter, r *http.Request) {
	identityForm.submit(s, w, r)
}
