package web

import (
	"errors"
	"net/http"

	"confidant/internal/app/core"
	"confidant/internal/fault"
)

type adminSettingsPage struct {
	Form core.SettingsForm
	// Saved is what is in force, shown beside the form when another
	// admin's save got in first.
	Saved    core.SettingsForm
	Conflict bool
}

func (s *Server) adminSettings(w http.ResponseWriter, r *http.Request) {
	cur := s.App.Settings().Form()
	s.render(w, r, http.StatusOK, "admin_settings", s.newView(r, adminSettingsPage{Form: cur, Saved: cur}))
}

// adminSaveSettings saves with an optimistic check: the form carries the
// version it was loaded at, and if another admin saved since, nothing is
// changed and the page says so (409), keeping this admin's input next to
// the values now in force, with the new version so that saving again
// means "yes, overwrite theirs".
func (s *Server) adminSaveSettings(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	f := core.SettingsForm{
		IdleMinutes:    r.PostForm.Get("idle_minutes"),
		AbsoluteHours:  r.PostForm.Get("absolute_hours"),
		TOTPRequired:   r.PostForm.Get("totp_required") == "on",
		RetentionYears: r.PostForm.Get("retention_years"),
		Version:        r.PostForm.Get("version"),
	}
	_, err := s.App.Admin.SaveSettings(r.Context(), cur.actor(), f)
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		v := s.newView(r, adminSettingsPage{Form: f, Saved: s.App.Settings().Form()})
		for k, m := range fe {
			v.Errors[k] = m
		}
		s.render(w, r, http.StatusUnprocessableEntity, "admin_settings", v)
	case errors.Is(err, core.ErrSettingsChanged):
		saved := s.App.Settings().Form()
		f.Version = saved.Version
		v := s.newView(r, adminSettingsPage{Form: f, Saved: saved, Conflict: true})
		v.Errors["version"] = "These settings were changed by someone else while you were editing them. Their values are shown below; nothing of yours was saved. Check the form and save again to replace them."
		s.render(w, r, http.StatusConflict, "admin_settings", v)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/admin/settings", "settings-saved")
	}
}
