// Package staff is staff accounts and signing in: invitations and password
// links, roles and their approval, sign-in with the second factor (TOTP),
// and sessions' devices.
//
// Each method's comment ends with the fault codes it returns and when. Any
// method that reads or writes the database may also fail with Unavailable
// when it (or password hashing) is busy, Full when the disk is full or
// read-only, and Internal for a fault of ours (a database or encryption
// failure); those are not listed each time. A method given an actor answers
// NotFound, never a refusal, to an actor who may not use it, so that the
// answer does not say what exists.
package staff

import "confidant/internal/app/core"

// Service is the staff service.
type Service struct {
	core *core.Core
}

// New makes the service over the shared core.
func New(c *core.Core) *Service {
	return &Service{core: c}
}
