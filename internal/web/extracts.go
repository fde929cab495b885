package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"confidant/internal/app"
	"confidant/internal/app/core"
	"confidant/internal/app/disclosure"
	"confidant/internal/extract"
	"confidant/internal/fault"
	"confidant/internal/request"

	"github.com/gorilla/mux"
)

func (s *Server) extractBuilder(w http.ResponseWriter, r *http.Request) {
	s.showBuilder(w, r, http.StatusOK, nil)
}

func (s *Server) showBuilder(w http.ResponseWriter, r *http.Request, status int, errs core.FieldErrors) {
	b, err := s.App.Disclosure.Draft(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, b)
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "extract", v)
}

// extractFail maps extract errors to the builder page with a message.
func (s *Server) extractFail(w http.ResponseWriter, r *http.Request, err error, field string) {
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		s.showBuilder(w, r, http.StatusUnprocessableEntity, fe)
	case errors.Is(err, app.ErrStale):
		s.showBuilder(w, r, http.StatusConflict, core.FieldErrors{field: "Someone else changed this extract while you were working. Here is the latest; make your change again."})
	case errors.Is(err, disclosure.ErrNotExtractable), errors.Is(err, disclosure.ErrNothingChosen):
		s.showBuilder(w, r, http.StatusUnprocessableEntity, core.FieldErrors{field: err.Error()})
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) extractChoose(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	seen, _ := strconv.Atoi(r.PostForm.Get("draft_version"))
	if err := s.App.Disclosure.ChooseNotes(r.Context(), getCurrent(r).actor(), id, r.PostForm["note"], seen); err != nil {
		s.extractFail(w, r, err, "notes")
		return
	}
	s.redirect(w, r, "/requests/"+id+"/extract", "extract-saved")
}

// redactionPage is one chosen note to redact, with the reasons the lead
// may give for removing words by hand.
type redactionPage struct {
	V       disclosure.NoteRedaction
	Reasons []request.Option
}

func (s *Server) extractNote(w http.ResponseWriter, r *http.Request) {
	s.showRedaction(w, r, http.StatusOK, nil)
}

func (s *Server) showRedaction(w http.ResponseWriter, r *http.Request, status int, errs core.FieldErrors) {
	vars := mux.Vars(r)
	rv, err := s.App.Disclosure.NoteRedaction(r.Context(), getCurrent(r).actor(), vars["id"], vars["note"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, redactionPage{V: rv, Reasons: extract.ManualReasons()})
	for k, m := range errs {
		v.Errors[k] = m
	}
	s.render(w, r, status, "extract_note", v)
}

func (s *Server) extractDecide(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	seen, _ := strconv.Atoi(r.PostForm.Get("draft_version"))
	accepted := map[int]bool{}
	n, _ := strconv.Atoi(r.PostForm.Get("count"))
	for i := 0; i < n && i < 10000; i++ {
		switch r.PostForm.Get("all") {
		case "accept":
			accepted[i] = true
		case "reject":
		default:
			accepted[i] = r.PostForm.Get(fmt.Sprintf("span-%d", i)) == "redact"
		}
	}
	err := s.App.Disclosure.DecideSpans(r.Context(), getCurrent(r).actor(), vars["id"], vars["note"], accepted, seen)
	if errors.Is(err, app.ErrStale) {
		s.showRedaction(w, r, http.StatusConflict, core.FieldErrors{"spans": "Someone else changed this extract while you were working. Here is the latest; decide again."})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to := "/requests/" + vars["id"] + "/extract/notes/" + vars["note"]
	if r.PostForm.Get("all") == "" {
		to = "/requests/" + vars["id"] + "/extract"
	}
	s.redirect(w, r, to, "extract-saved")
}

func (s *Server) extractAddSpan(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	seen, _ := strconv.Atoi(r.PostForm.Get("draft_version"))
	occ, _ := strconv.Atoi(r.PostForm.Get("occurrence"))
	err := s.App.Disclosure.AddManualSpan(r.Context(), getCurrent(r).actor(), vars["id"], vars["note"], r.PostForm.Get("exact"), occ, r.PostForm.Get("reason"), r.PostForm.Get("reason_text"), seen)
	fe := fault.FieldsOf(err)
	switch {
	case fe != nil:
		s.showRedaction(w, r, http.StatusUnprocessableEntity, fe)
		return
	case errors.Is(err, app.ErrStale):
		s.showRedaction(w, r, http.StatusConflict, core.FieldErrors{"exact": "Someone else changed this extract while you were working. Here is the latest; add the words again."})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/requests/"+vars["id"]+"/extract/notes/"+vars["note"], "extract-saved")
}

func (s *Server) extractRemoveSpan(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	seen, _ := strconv.Atoi(r.PostForm.Get("draft_version"))
	idx, err := strconv.Atoi(r.PostForm.Get("index"))
	if err != nil {
		s.notFound(w, r)
		return
	}
	if err := s.App.Disclosure.RemoveManualSpan(r.Context(), getCurrent(r).actor(), vars["id"], vars["note"], idx, seen); err != nil {
		if errors.Is(err, app.ErrStale) {
			s.showRedaction(w, r, http.StatusConflict, core.FieldErrors{"exact": "Someone else changed this extract; here is the latest."})
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/requests/"+vars["id"]+"/extract/notes/"+vars["note"], "extract-saved")
}

// previewPage is the draft as it would be sent, in the plain text that
// carries the PDF's very content.
type previewPage struct {
	disclosure.Preview
	Text string
}

func (s *Server) extractPreview(w http.ResponseWriter, r *http.Request) {
	p, err := s.App.Disclosure.ExtractPreview(r.Context(), getCurrent(r).actor(), mux.Vars(r)["id"])
	if err != nil {
		s.extractFail(w, r, err, "notes")
		return
	}
	s.render(w, r, http.StatusOK, "extract_preview", s.newView(r, previewPage{p, extract.RenderText(p.Document)}))
}

func (s *Server) extractBuild(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	if _, err := s.App.Disclosure.BuildVersion(r.Context(), getCurrent(r).actor(), id); err != nil {
		s.extractFail(w, r, err, "build")
		return
	}
	s.redirect(w, r, "/requests/"+id+"/extract", "extract-built")
}

func (s *Server) extractDownload(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	version, err := strconv.Atoi(vars["version"])
	if err != nil {
		s.notFound(w, r)
		return
	}
	manifest := vars["file"] == "manifest.json"
	if !manifest && vars["file"] != "extract.pdf" {
		s.notFound(w, r)
		return
	}
	b, xv, err := s.App.Disclosure.ExtractFile(r.Context(), getCurrent(r).actor(), vars["id"], version, manifest)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if manifest {
		w.Header().Set("Content-Type", "application/json")
	} else {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="extract-v%d.pdf"`, xv.Version))
	}
	w.Write(b)
}
