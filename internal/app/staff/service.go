// Package staff is staff accounts and signing in: invitations and password
// links, roles and their approval, sign-in with the second factor (TOTP),
// and sessions' devices.
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
