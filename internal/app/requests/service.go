// Package requests is police requests: recording one and its compliance
// check, the leads' dashboard, verification, the lead's decisions,
// letters, and the conversation with the client about it.
package requests

import (
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
)

// Service is the police requests service.
type Service struct {
	core    *core.Core
	clients *clients.Service
}

// New makes the service over the shared core; it reads clients through
// the clients service, which decides who may see them.
func New(c *core.Core, cl *clients.Service) *Service {
	return &Service{core: c, clients: cl}
}

// nameOrNone gives a staff member's name, "" when it is not known (the
// web words that: words.StaffName).
func nameOrNone(names func(string) (string, bool)) func(string) string {
	return func(id string) string {
		n, _ := names(id)
		return n
	}
}
