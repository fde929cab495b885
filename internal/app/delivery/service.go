// Package delivery is mail delivery: the outbox worker that sends queued
// email through the relay, and the relay's settings.
package delivery

import "confidant/internal/app/core"

// Service is the delivery service.
type Service struct {
	core *core.Core
}

// New makes the service over the shared core.
func New(c *core.Core) *Service {
	return &Service{core: c}
}
