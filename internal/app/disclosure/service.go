// Package disclosure is the disclosure extract and its release: the lead's
// choice of notes and redactions, frozen versions and their PDF, approval
// by a lead, sending, and the police's download.
//
// Each exported function's comment ends with the fault codes it returns and
// when. Any method that reads or writes the database may also fail with
// Unavailable when it is busy, Full when the disk is full or read-only, and
// Internal for a fault of ours (a database or encryption failure, a record
// that does not open); those are not listed each time.
package disclosure

import (
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
	"confidant/internal/app/requests"
	"confidant/internal/fault"
)

// Service is the disclosure service.
type Service struct {
	core     *core.Core
	requests *requests.Service
	clients  *clients.Service
}

// New makes the service over the shared core; it reads requests and notes
// through their services, which decide who may see them.
func New(c *core.Core, rs *requests.Service, cl *clients.Service) *Service {
	return &Service{core: c, requests: rs, clients: cl}
}

// refused is a step the request's state, or a change made meanwhile, does
// not allow: Conflict, with the message beside the form's field so that
// the page can show it. Retyping would not put it right.
func refused(field, message string) error {
	return &fault.Error{Code: fault.Conflict, Fields: core.FieldErrors{field: message}}
}
