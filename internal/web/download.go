package web

import (
	"confidant/internal/app/disclosure"
	"errors"
	"net/http"

	"github.com/gorilla/mux"
)

// The officer's download page. Unknown, used, expired and locked links all
// get the same 404 page, so a link reveals nothing about itself.

type downloadPage struct {
	Token   string
	Message string
}

func (s *Server) downloadGone(w http.ResponseWriter, r *http.Request) {
	s.renderAny(w, http.StatusNotFound, "download", view{Errors: map[string]string{}, Data: downloadPage{Message: "gone"}})
}

func (s *Server) downloadForm(w http.ResponseWriter, r *http.Request) {
	token := mux.Vars(r)["token"]
	if err := s.App.Disclosure.CheckDownloadLink(r.Context(), token); err != nil {
		s.downloadGone(w, r)
		return
	}
	s.renderAny(w, http.StatusOK, "download", view{CSRF: getPortal(r).csrf(), Errors: map[string]string{}, Data: downloadPage{Token: token}})
}

func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	token := mux.Vars(r)["token"]
	pkg, name, err := s.App.Disclosure.Download(r.Context(), token, r.PostForm.Get("code"))
	var wc disclosure.ErrWrongCode
	switch {
	case errors.As(err, &wc):
		v := view{CSRF: getPortal(r).csrf(), Errors: map[string]string{"code": "That release code is not right."}, Data: downloadPage{Token: token, Message: "wrong"}}
		if wc.Left == 1 {
			v.Errors["code"] += " You have 1 more try before the link stops working."
		} else {
			v.Errors["code"] += " Check it with the person who gave it to you."
		}
		s.renderAny(w, http.StatusUnprocessableEntity, "download", v)
		return
	case errors.Is(err, disclosure.ErrLinkGone):
		s.downloadGone(w, r)
		return
	case err != nil:
		s.Log.Error("download failed", "err", err)
		http.Error(w, "Something went wrong.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	if name[len(name)-4:] == ".age" {
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(pkg)
}
