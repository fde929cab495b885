// Package disclosure is the disclosure extract and its release: the lead's
// choice of notes and redactions, frozen versions and their PDF, approval
// by a lead, sending, and the police's download.
package disclosure

import (
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
	"confidant/internal/app/requests"
)

// Service is the disclosure service.
type Service struct {
	core     *core.Core
	requests *requests.Service
	clients  *clients.Service
}

// New makes the service over the shared core; it reads requests and notes
// through their services, which decide who may see them.
func New(c *core.Core, rs *requests.Service, cl *clients.Service) *Service {
	return &Service{core: c, requests: rs, clients: cl}
}
