// Package sessions is staff and portal sessions as one service with one
// resume policy: start, resume (idle and absolute limits, disabled
// accounts), end and sweep.
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
