package web

import (
	"confidant/internal/app/core"
	"confidant/internal/app/delivery"
	"confidant/internal/fault"
	"errors"
	"net/http"
)

// The admin's email page: the mail relay's settings, the state of the
// outbox, and a test email. Admins only (the route's rule, and again in
// the app layer); anyone else gets 404.

type smtpPage struct {
	Relay  delivery.Relay
	Outbox delivery.OutboxSummary
	// Form is what the form shows: the stored values, or the admin's
	// input after a refusal. The password is never put back.
	Form   delivery.SMTPForm
	TestTo string
}

func (s *Server) smtpSettings(w http.ResponseWriter, r *http.Request) {
	s.renderSMTP(w, r, http.StatusOK, nil, "", nil)
}

// renderSMTP renders the page, with the admin's own input (form, testTo)
// in place of the stored values when given, and errs as the page's errors.
func (s *Server) renderSMTP(w http.ResponseWriter, r *http.Request, status int, form *delivery.SMTPForm, testTo string, errs map[string]string) {
	actor := getCurrent(r).actor()
	rel, err := s.App.Delivery.Relay(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sum, err := s.App.Delivery.OutboxSummary(r.Context(), actor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := smtpPage{Relay: rel, Outbox: sum, Form: rel.Form(), TestTo: testTo}
	if form != nil {
		version := data.Form.Version
		data.Form = *form
		data.Form.Password = ""
		if status == http.StatusConflict {
			// Saving again means "yes, replace theirs".
			data.Form.Version = version
		}
	}
	v := s.newView(r, data)
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "smtp_settings", v)
}

func (s *Server) smtpSave(w http.ResponseWriter, r *http.Request) {
	f := delivery.SMTPForm{
		Host:     r.PostForm.Get("host"),
		Port:     r.PostForm.Get("port"),
		Security: r.PostForm.Get("security"),
		Username: r.PostForm.Get("username"),
		Password: r.PostForm.Get("password"),
		From:     r.PostForm.Get("from"),
		HeloName: r.PostForm.Get("helo_name"),
		Version:  r.PostForm.Get("version"),
	}
	err := s.App.Delivery.SaveSMTPSettings(r.Context(), getCurrent(r).actor(), f)
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		if fe["password"] == "" && f.Password != "" {
			fe["password"] = "For your safety the password was not kept: enter it again."
		}
		s.renderSMTP(w, r, http.StatusUnprocessableEntity, &f, "", fe)
	case errors.Is(err, core.ErrSettingsChanged):
		s.renderSMTP(w, r, http.StatusConflict, &f, "", map[string]string{"version": "Another administrator changed the mail settings while you were editing them; nothing of yours was saved. Check the form and save again to replace their values."})
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/admin/smtp", "smtp-saved")
	}
}

func (s *Server) smtpTest(w http.ResponseWriter, r *http.Request) {
	to := r.PostForm.Get("test_to")
	_, err := s.App.Delivery.SendTestEmail(r.Context(), getCurrent(r).actor(), to)
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil && fault.CodeOf(err) == fault.Conflict:
		s.renderSMTP(w, r, http.StatusConflict, nil, to, fe)
	case fe != nil:
		s.renderSMTP(w, r, http.StatusUnprocessableEntity, nil, to, fe)
	case err != nil:
		s.fail(w, r, err)
	default:
		s.redirect(w, r, "/admin/smtp#status", "smtp-test-queued")
	}
}
