package web

import (
	"errors"
	"net/http"
	"sort"
	"strings"

	"confidant/internal/app"
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
	"confidant/internal/app/disclosure"
	"confidant/internal/app/keys"
	"confidant/internal/app/portal"
	"confidant/internal/app/requests"
	"confidant/internal/app/staff"
	"confidant/internal/casefile"
)

func isBusy(err error) bool { return errors.Is(err, app.ErrDBBusy) }
func isFull(err error) bool {
	return errors.Is(err, app.ErrFull) || errors.Is(err, app.ErrReadOnly)
}

// refusals are the app's and store's answers to something that is not
// allowed now (a signed note, a stale form, a step out of order): expected
// outcomes, not faults, so they answer 4xx with their own message rather
// than 500. A handler that knows better (a 422 re-render of its form)
// handles them before fail does.
var refusals = []struct {
	err    error
	status int
}{
	{app.ErrSigned, http.StatusConflict},
	{app.ErrNotSigned, http.StatusConflict},
	{app.ErrStale, http.StatusConflict},
	{app.ErrConflict, http.StatusConflict},
	{staff.ErrLastAdmin, http.StatusConflict},
	{app.ErrStoreSettingsChanged, http.StatusConflict},
	{core.ErrSettingsChanged, http.StatusConflict},
	{disclosure.ErrNotExtractable, http.StatusConflict},
	{disclosure.ErrNothingChosen, http.StatusConflict},
	{requests.ErrIllegalTransition, http.StatusConflict},
	{portal.ErrExtractChanged, http.StatusConflict},
	{clients.ErrShredBlocked, http.StatusConflict},
	{staff.ErrLinkDisabled, http.StatusConflict},
	{keys.ErrNoKeyDir, http.StatusConflict},
	{keys.ErrUnattended, http.StatusConflict},
	{staff.ErrTOTPEnabled, http.StatusConflict},
	{staff.ErrNoEnrolment, http.StatusConflict},
	{disclosure.ErrLinkGone, http.StatusNotFound},
	{portal.ErrInviteInvalid, http.StatusNotFound},
	{core.ErrBadEmail, http.StatusUnprocessableEntity},
	{staff.ErrCodeNeeded, http.StatusUnprocessableEntity},
	{staff.ErrCodeWrong, http.StatusUnprocessableEntity},
	{staff.ErrCodeReused, http.StatusUnprocessableEntity},
	{core.ErrBadCredentials, http.StatusUnprocessableEntity},
}

// refused is the status for an expected refusal, or 0 for a fault.
func refused(err error) int {
	for _, x := range refusals {
		if errors.Is(err, x.err) {
			return x.status
		}
	}
	var fe core.FieldErrors
	var cfe *casefile.FieldError
	if errors.As(err, &fe) || errors.As(err, &cfe) {
		return http.StatusUnprocessableEntity
	}
	return 0
}

// refusalMessage is what the person is told: the refusal's own words, which
// are written for them, with a capital letter.
func refusalMessage(err error) string {
	msg := err.Error()
	var fe core.FieldErrors
	var cfe *casefile.FieldError
	switch {
	case errors.As(err, &fe):
		parts := make([]string, 0, len(fe))
		for _, m := range fe {
			parts = append(parts, m)
		}
		sort.Strings(parts)
		msg = strings.Join(parts, " ")
	case errors.As(err, &cfe):
		msg = cfe.Message
	}
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return msg
}
