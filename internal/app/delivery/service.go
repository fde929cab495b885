// Package delivery is mail delivery: the outbox worker that sends queued
// email through the relay, and the relay's settings.
//
// Each method's comment ends with the fault codes it returns and when. Any
// method that reads or writes the database may also fail with Unavailable
// when it is busy, Full when the disk is full or read-only, and Internal for
// a fault of ours (a database or encryption failure); those are not listed
// each time.
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
