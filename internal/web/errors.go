package web

import (
	"net/http"

	"confidant/internal/fault"
)

// answer is what the web says about a failed request: the status, and the
// error page's title and message.
type answer struct {
	status         int
	title, message string
}

// audience is who reads an error page: staff, or a client in her portal,
// whose pages speak more gently and never mention an administrator.
type audience int

const (
	forStaff audience = iota
	forClient
)

// answerTo is the one place an error becomes an HTTP answer. The error's
// fault code chooses the status and the page; its message, written for
// the person, is what the page says. Anything that is not a *fault.Error
// is Internal: a 500 that says nothing of the cause.
func answerTo(err error, who audience) answer {
	msg := fault.MessageOf(err)
	switch fault.CodeOf(err) {
	case fault.Invalid, fault.Unauthorized:
		return answer{http.StatusUnprocessableEntity, notPossible(who), msg}
	case fault.Conflict:
		return answer{http.StatusConflict, notPossible(who), msg}
	case fault.NotFound:
		return answer{http.StatusNotFound, "Page not found", msg}
	case fault.Throttled:
		return answer{http.StatusTooManyRequests, "Too many attempts", msg}
	case fault.Unavailable:
		if who == forClient {
			msg = "We are busy at this moment. Nothing was changed. Please try again in a few seconds."
		}
		return answer{http.StatusServiceUnavailable, "Busy", msg}
	case fault.Full:
		if who == forClient {
			msg = "We cannot save anything at this moment. Nothing was changed. Please try again later."
		}
		return answer{http.StatusInsufficientStorage, "Disk full", msg}
	}
	if who == forClient {
		return answer{http.StatusInternalServerError, "Something went wrong", "Sorry, something went wrong on our side. Please try again."}
	}
	return answer{http.StatusInternalServerError, "Something went wrong", "Sorry, something went wrong on our side. Try again; if it keeps happening, tell your administrator."}
}

func notPossible(who audience) string {
	if who == forClient {
		return "This is not possible now"
	}
	return "Not possible"
}

// logFailure logs what only the operator can put right: our own faults,
// and a disk that is full or read-only. A refusal (a stale form, a wrong
// password, a step out of order) is an answer, not a fault, and is not
// logged.
func (s *Server) logFailure(r *http.Request, err error) {
	switch fault.CodeOf(err) {
	case fault.Internal:
		s.Log.Error("request failed", "route", routeName(r), "err", err)
	case fault.Full:
		s.Log.Error("disk full", "route", routeName(r), "err", err)
	}
}

// fail answers a failed request on a staff page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.logFailure(r, err)
	a := answerTo(err, forStaff)
	if a.status == http.StatusServiceUnavailable {
		s.retryAfter(w)
	}
	s.renderError(w, r, a.status, a.title, a.message)
}

// portalFail answers a failed request on a client's portal page.
func (s *Server) portalFail(w http.ResponseWriter, r *http.Request, err error) {
	s.logFailure(r, err)
	a := answerTo(err, forClient)
	if a.status == http.StatusServiceUnavailable {
		s.retryAfter(w)
	}
	s.portalError(w, r, a.status, a.title, a.message)
}
