// Package admin is the administration of the service: its settings, identity
// and request policy, the rights notice, the monitoring figures and the
// audit log in words.
//
// Each method's comment ends with the fault codes it returns and when. Any
// method that reads or writes the database may also fail with Unavailable
// when it is busy, Full when the disk is full or read-only, and Internal for
// a fault of ours (a database or encryption failure); those are not listed
// each time.
package admin

import (
	"confidant/internal/app/core"
	"confidant/internal/fault"
)

// Service is the admin service.
type Service struct {
	core *core.Core
}

// New makes the service over the shared core.
func New(c *core.Core) *Service {
	return &Service{core: c}
}

// stale is a save refused because someone else saved first: Conflict, with
// the message beside the form's field so that the form can show it.
func stale(field, message string) error {
	return &fault.Error{Code: fault.Conflict, Fields: core.FieldErrors{field: message}}
}
