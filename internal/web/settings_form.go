package web

import (
	"net/http"
	"strconv"

	"confidant/internal/fault"
)

// versionedForm is an admin form over settings saved with a version (the
// service's identity, the police-request policy, the rights text, the
// letter templates): it
// shows the form filled from what is in force; a save either goes on, or
// shows the form again as typed with each field's problem, 409 when the
// save was refused as a Conflict (another admin saved first) and 422
// otherwise.
// F is the service's form type.
type versionedForm[F any] struct {
	template string
	// load reads what is in force; read is the form as posted.
	load func(s *Server, r *http.Request) (F, error)
	read func(r *http.Request) F
	save func(s *Server, r *http.Request, f F) error
	// page is the template's data for f (nil: f itself, as Form).
	page func(s *Server, r *http.Request, f F) any
	// done is where a save goes on to, with its confirmation.
	done func(f F) (path, flash string)
}

// formPage is a versionedForm's page when it needs nothing but the form.
type formPage[F any] struct{ Form F }

func (vf versionedForm[F]) data(s *Server, r *http.Request, f F) any {
	if vf.page == nil {
		return formPage[F]{f}
	}
	return vf.page(s, r, f)
}

// show answers GET.
func (vf versionedForm[F]) show(s *Server, w http.ResponseWriter, r *http.Request) {
	f, err := vf.load(s, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, vf.template, s.newView(r, vf.data(s, r, f)))
}

// submit answers POST.
func (vf versionedForm[F]) submit(s *Server, w http.ResponseWriter, r *http.Request) {
	f := vf.read(r)
	err := vf.save(s, r, f)
	if fe := fault.FieldsOf(err); fe != nil {
		v := s.newView(r, vf.data(s, r, f))
		for k, m := range fe {
			v.Errors[k] = m
		}
		status := http.StatusUnprocessableEntity
		if fault.CodeOf(err) == fault.Conflict || fe["version"] != "" {
			status = http.StatusConflict
		}
		s.render(w, r, status, vf.template, v)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	path, flash := vf.done(f)
	s.redirect(w, r, path, flash)
}

// formVersion is the version a form was loaded at, as posted (0 when
// missing or malformed, which the store refuses as stale).
func formVersion(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostForm.Get("version"))
	return v
}
