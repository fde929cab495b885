package web

import (
	"confidant/internal/app/staff"
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"strings"
)

// secondFactorFailed answers a sign-in whose password was right but whose
// authenticator code was missing, wrong or used before. Wrong and reused
// codes count toward the sign-in throttle like wrong passwords; a missing
// one does not (the form simply asks for it).
func (s *Server) secondFactorFailed(w http.ResponseWriter, r *http.Request, err error, email string) {
	var msg string
	switch {
	case errors.Is(err, staff.ErrCodeNeeded):
		msg = "Enter the 6-digit code from your authenticator app, with your password. If you have lost your phone, enter one of your recovery codes instead."
	case errors.Is(err, staff.ErrCodeWrong), errors.Is(err, staff.ErrCodeReused):
		msg = "That code was not accepted. Enter your password again and the newest code from your authenticator app (each code works once), or a recovery code."
		if errors.Is(err, staff.ErrCodeReused) {
			msg = "That code has already been used. Enter your password again and wait for your authenticator app to show a new code."
		}
	default:
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "login", s.newView(r, loginPage{Email: email, Message: msg, NeedCode: true}))
}

type totpSetupPage struct {
	Secret   string
	Grouped  string
	QR       template.URL
	Required bool
}

type recoveryCodesPage struct {
	Codes []string
	First bool
}

func (s *Server) totpSetup(w http.ResponseWriter, r *http.Request) {
	s.showTOTPSetup(w, r, http.StatusOK, "")
}

func (s *Server) showTOTPSetup(w http.ResponseWriter, r *http.Request, status int, codeErr string) {
	cur := getCurrent(r)
	en, err := s.App.Staff.BeginTOTP(r.Context(), cur.User)
	if errors.Is(err, staff.ErrTOTPEnabled) {
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := totpSetupPage{
		Secret:   en.Secret,
		Grouped:  groupBy4(en.Secret),
		QR:       template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(en.QRPNG)),
		Required: s.App.Staff.NeedsTOTPEnrolment(cur.User),
	}
	v := s.newView(r, p)
	if codeErr != "" {
		v.Errors["code"] = codeErr
	}
	s.render(w, r, status, "totp_setup", v)
}

func groupBy4(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// totpConfirm finishes enrolment with a code from the app. The recovery
// codes are shown in the answer itself, once, and never stored in clear,
// so this success answers 200 rather than redirecting (the page is
// no-store; a reload re-sends a spent code and is refused).
func (s *Server) totpConfirm(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	codes, err := s.App.Staff.ConfirmTOTP(r.Context(), cur.User, r.PostForm.Get("code"), cur.TokenHash)
	switch {
	case errors.Is(err, staff.ErrTOTPEnabled):
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return
	case errors.Is(err, staff.ErrCodeNeeded):
		s.showTOTPSetup(w, r, http.StatusUnprocessableEntity, "Enter the 6-digit code your authenticator app shows.")
		return
	case errors.Is(err, staff.ErrCodeWrong):
		s.showTOTPSetup(w, r, http.StatusUnprocessableEntity, "That code is not right. Check that you scanned this page's QR code, then enter the newest 6-digit code.")
		return
	case errors.Is(err, staff.ErrNoEnrolment):
		s.showTOTPSetup(w, r, http.StatusUnprocessableEntity, "The setup had expired, so there is a new QR code below. Scan it and enter the code it gives.")
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "recovery_codes", s.newView(r, recoveryCodesPage{Codes: codes, First: true}))
}

// recoveryCodesRenew issues a new set of recovery codes, after a current
// authenticator code.
func (s *Server) recoveryCodesRenew(w http.ResponseWriter, r *http.Request) {
	cur := getCurrent(r)
	codes, err := s.App.Staff.RenewRecoveryCodes(r.Context(), cur.User, r.PostForm.Get("code"))
	switch {
	case errors.Is(err, staff.ErrCodeNeeded), errors.Is(err, staff.ErrCodeWrong), errors.Is(err, staff.ErrCodeReused):
		s.showAccount(w, r, http.StatusUnprocessableEntity, map[string]string{"renew_code": "Enter the newest 6-digit code from your authenticator app (each code works once)."})
		return
	case errors.Is(err, staff.ErrNoEnrolment):
		http.Redirect(w, r, "/account/totp", http.StatusSeeOther)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "recovery_codes", s.newView(r, recoveryCodesPage{Codes: codes}))
}
