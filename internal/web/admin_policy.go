package web

import (
	"net/http"
	"strconv"

	"confidant/internal/app/admin"
	"confidant/internal/fault"
)

type policyPage struct{ Form admin.PolicyForm }

func (s *Server) adminPolicy(w http.ResponseWriter, r *http.Request) {
	f, err := s.App.Admin.PolicyForm(r.Context(), getCurrent(r).actor())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_policy", s.newView(r, policyPage{f}))
}

func (s *Server) adminSavePolicy(w http.ResponseWriter, r *http.Request) {
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	f := admin.PolicyForm{
		AllowedDomains: r.PostForm.Get("allowed_domains"), MaxAgeDays: r.PostForm.Get("max_age_days"),
		ExtraSeniorRanks: r.PostForm.Get("extra_senior_ranks"), OutOfScopeDomains: r.PostForm.Get("out_of_scope_domains"),
		OutOfScopeForces: r.PostForm.Get("out_of_scope_forces"), Version: version,
	}
	err := s.App.Admin.SavePolicy(r.Context(), getCurrent(r).actor(), f)
	fe := fault.FieldsOf(err)
	if fe != nil {
		v := s.newView(r, policyPage{f})
		for k, m := range fe {
			v.Errors[k] = m
		}
		status := http.StatusUnprocessableEntity
		if fe["version"] != "" {
			status = http.StatusConflict
		}
		s.render(w, r, status, "admin_policy", v)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/policy", "settings-saved")
}
