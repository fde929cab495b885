package web

import (
	"bytes"
	"net/http"

	"confidant/internal/access"
	"confidant/internal/rights"
)

// The clients' rights in plain words: a leaflet any staff member can print
// or download (to hand to a client), and the text an admin edits. The
// survivor portal shows the same text through app.RightsText.
func (s *Server) rightsRoutes(handle func(method, path string, rl rule, h http.HandlerFunc)) {
	handle("GET", "/rights/leaflet", signedIn, s.rightsLeaflet)
	handle("GET", "/rights/leaflet.pdf", signedIn, s.rightsLeafletPDF)
	handle("GET", "/rights/edit", adminOnly, s.rightsEdit)
	handle("POST", "/rights/edit", adminOnly, s.rightsSave)
}

type rightsLeafletPage struct {
	Title  string
	Blocks []rights.Block
	Admin  bool
}

func (s *Server) rightsLeaflet(w http.ResponseWriter, r *http.Request) {
	text, err := s.App.Admin.RightsText(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := rightsLeafletPage{Title: rights.Title(text), Admin: getCurrent(r).actor().Has(access.Admin)}
	for _, b := range rights.Blocks(text) {
		if b.Kind != "h1" {
			p.Blocks = append(p.Blocks, b)
		}
	}
	s.render(w, r, http.StatusOK, "rights_leaflet", s.newView(r, p))
}

func (s *Server) rightsLeafletPDF(w http.ResponseWriter, r *http.Request) {
	text, err := s.App.Admin.RightsText(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := rights.PDF(&buf, text, s.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="your-notes-and-the-police.pdf"`)
	w.Write(buf.Bytes())
}

type rightsEditPage struct {
	Body       string
	Version    int
	ReadingAge float64
}

// rightsText is the rights text as an admin edits it: its body and the
// version it was loaded at.
type rightsText struct {
	Body    string
	Version int
}

// rightsForm edits the clients' rights text.
var rightsForm = versionedForm[rightsText]{
	template: "rights_edit",
	load: func(s *Server, r *http.Request) (rightsText, error) {
		body, version, err := s.App.Admin.RightsTemplate(r.Context())
		return rightsText{body, version}, err
	},
	read: func(r *http.Request) rightsText {
		return rightsText{Body: r.PostForm.Get("body"), Version: formVersion(r)}
	},
	save: func(s *Server, r *http.Request, t rightsText) error {
		return s.App.Admin.SaveRightsTemplate(r.Context(), getCurrent(r).actor(), t.Body, t.Version)
	},
	page: func(s *Server, r *http.Request, t rightsText) any { return s.rightsEditPage(r, t.Body, t.Version) },
	done: func(rightsText) (string, string) { return "/rights/leaflet", "rights-saved" },
}

func (s *Server) rightsEdit(w http.ResponseWriter, r *http.Request) { rightsForm.show(s, w, r) }

// rightsEditPage estimates the reading age of the text as a client will
// see it (with the provider's name filled in).
func (s *Server) rightsEditPage(r *http.Request, body string, version int) rightsEditPage {
	p := rightsEditPage{Body: body, Version: version}
	if out, err := rights.Render(body, rights.Data{Provider: s.App.ProviderName(r.Context())}); err == nil {
		p.ReadingAge = rights.ReadingAge(out)
	}
	return p
}

func (s *Server) rightsSave(w http.ResponseWriter, r *http.Request) { rightsForm.submit(s, w, r) }
