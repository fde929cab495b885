// Package keys is the vault's keys while the service runs and from the
// command line: rotation, recovery, the passphrase, and the audit log's key
// sealed to the vault.
package keys

import "confidant/internal/app/core"

// Service is the keys service.
type Service struct {
	core *core.Core
}

// New makes the service over the shared core.
func New(c *core.Core) *Service {
	return &Service{core: c}
}
