// Package keys is the vault's keys while the service runs and from the
// command line: rotation, recovery, the passphrase, and the audit log's key
// sealed to the vault.
//
// Each function's comment ends with the fault codes it returns and when.
// Any of them may also fail with Unavailable when the database is busy,
// Full when the disk is full or read-only, and Internal for a fault of ours
// (a database, file or encryption failure, or a vault whose files were
// damaged or tampered with); those are not listed each time.
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
