package web

import (
	"net/http"

	"confidant/internal/app/admin"
)

// policyForm is the police-request policy: which senders and forces are
// expected, and how old a request may be.
var policyForm = versionedForm[admin.PolicyForm]{
	template: "admin_policy",
	load: func(s *Server, r *http.Request) (admin.PolicyForm, error) {
		return s.App.Admin.PolicyForm(r.Context(), getCurrent(r).actor())
	},
	read: func(r *http.Request) admin.PolicyForm {
		return admin.PolicyForm{
			AllowedDomains: r.PostForm.Get("allowed_domains"), MaxAgeDays: r.PostForm.Get("max_age_days"),
			ExtraSeniorRanks: r.PostForm.Get("extra_senior_ranks"), OutOfScopeDomains: r.PostForm.Get("out_of_scope_domains"),
			OutOfScopeForces: r.PostForm.Get("out_of_scope_forces"), Version: formVersion(r),
		}
	},
	save: func(s *Server, r *http.Request, f admin.PolicyForm) error {
		return s.App.Admin.SavePolicy(r.Context(), getCurrent(r).actor(), f)
	},
	done: func(admin.PolicyForm) (string, string) { return "/admin/policy", "settings-saved" },
}

func (s *Server) adminPolicy(w http.ResponseWriter, r *http.Request) { policyForm.show(s, w, r) }

func (s *Server) adminSavePolicy(w http.ResponseWriter, r *http.Request) { policyForm.submit(s, w, r) }
