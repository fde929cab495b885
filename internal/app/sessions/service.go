// Package sessions is staff and portal sessions as one service with one
// resume policy: start, resume (idle and absolute limits, disabled
// accounts), end and sweep.
//
// Each method's comment ends with the fault codes it returns and when. Any
// method that writes the database may also fail with Unavailable when it is
// busy, Full when the disk is full or read-only, and Internal for a fault of
// ours; those are not listed each time. No method here checks who asks:
// the callers are the sign-in and sign-out handlers and the cookie a
// request carries, whose token is the right to its session.
package sessions

import "confidant/internal/app/core"

// Service is the sessions service.
type Service struct {
	core *core.Core
}

// New makes the service over the shared core.
func New(c *core.Core) *Service {
	return &Service{core: c}
}
