// Package admin is the administration of the service: its settings, identity
// and request policy, the rights notice, the monitoring figures and the
// audit log in words.
package admin

import "confidant/internal/app/core"

// Service is the admin service.
type Service struct {
	core *core.Core
}

// New makes the service over the shared core.
func New(c *core.Core) *Service {
	return &Service{core: c}
}
