package web

import (
	"net/http"

	"confidant/internal/rights"
)

type portalRightsPage struct {
	Title  string
	Blocks []rights.Block
}

// portalRights shows the client, in plain words, what the rules on police
// requests mean for them: the same text as the staff's printable leaflet.
func (s *Server) portalRights(w http.ResponseWriter, r *http.Request) {
	text, err := s.App.Admin.PortalRightsText(r.Context())
	if err != nil {
		s.portalFail(w, r, err)
		return
	}
	var blocks []rights.Block
	for _, b := range rights.Blocks(text) {
		if b.Kind != "h1" {
			blocks = append(blocks, b)
		}
	}
	s.portalRender(w, r, http.StatusOK, "portal_rights", portalRightsPage{Title: rights.Title(text), Blocks: blocks}, nil)
}
