// Package requests is police requests: recording one and its compliance
// check, the leads' dashboard, verification, the lead's decisions,
// letters, and the conversation with the client about it.
//
// Each exported function's comment ends with the fault codes it returns and
// when. Any method that reads or writes the database may also fail with
// Unavailable when it is busy, Full when the disk is full or read-only, and
// Internal for a fault of ours (a database or encryption failure, a record
// that does not open); those are not listed each time.
package requests

import (
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
	"confidant/internal/fault"
)

// Service is the police requests service.
type Service struct {
	core    *core.Core
	clients *clients.Service
}

// New makes the service over the shared core; it reads clients through
// the clients service, which decides who may see them.
func New(c *core.Core, cl *clients.Service) *Service {
	return &Service{core: c, clients: cl}
}

// nameOrNone gives a staff member's name, "" when it is not known (the
// web words that: words.StaffName).
func nameOrNone(names func(string) (string, bool)) func(string) string {
	return func(id string) string {
		n, _ := names(id)
		return n
	}
}

// refused is a step the request's state, or a save made meanwhile, does
// not allow: Conflict, with the message beside the form's field so that
// the page can show it. Retyping would not put it right.
func refused(field, message string) error {
	return &fault.Error{Code: fault.Conflict, Fields: core.FieldErrors{field: message}}
}
