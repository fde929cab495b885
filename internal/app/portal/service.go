// Package portal is the survivor portal, the client's side: her invitation
// and account, signing in, the requests she has been consulted on, her
// answer to an extract, and her messages with the service.
//
// Each exported function's comment ends with the fault codes it returns and
// when. Any method that reads or writes the database may also fail with
// Unavailable when it is busy, Full when the disk is full or read-only, and
// Internal for a fault of ours (a database or encryption failure, a record
// that does not open); those are not listed each time.
package portal

import (
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
	"confidant/internal/app/disclosure"
	"confidant/internal/fault"
)

// Service is the portal service.
type Service struct {
	core       *core.Core
	clients    *clients.Service
	disclosure *disclosure.Service
}

// New makes the service over the shared core; staff-side operations on a
// client (invitations, address changes) read the client through the
// clients service, which decides who may see them.
func New(c *core.Core, cl *clients.Service, d *disclosure.Service) *Service {
	return &Service{core: c, clients: cl, disclosure: d}
}

// refused is a step the account's state, or a decision made meanwhile,
// does not allow: Conflict, with the message beside the form's field so
// that the page can show it. Retyping would not put it right.
func refused(field, message string) error {
	return &fault.Error{Code: fault.Conflict, Fields: core.FieldErrors{field: message}}
}

// errNoAccount refuses a step that needs the client's portal account
// before she has one.
func errNoAccount(field string) error {
	return refused(field, "This client has no portal account yet: invite her instead.")
}
