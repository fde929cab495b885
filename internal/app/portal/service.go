// Package portal is the survivor portal, the client's side: her invitation
// and account, signing in, the requests she has been consulted on, her
// answer to an extract, and her messages with the service.
package portal

import (
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
	"confidant/internal/app/disclosure"
)

// Service is the portal service.
type Service struct {
	core       *core.Core
	clients    *clients.Service
	disclosure *disclosure.Service
}

// New makes the service over the shared core; staff-side operations on a
// client (invitations, address changes) read the client through the
// clients service, which decides who may see them.
func New(c *core.Core, cl *clients.Service, d *disclosure.Service) *Service {
	return &Service{core: c, clients: cl, disclosure: d}
}
