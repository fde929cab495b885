// Package clients is clients and their session notes: the case list, notes
// (draft, signed, addenda) encrypted to each client's key, the history, and
// retention and shredding.
//
// Each exported function's comment ends with the fault codes it returns and
// when. Any method that reads or writes the database may also fail with
// Unavailable when it is busy, Full when the disk is full or read-only, and
// Internal for a fault of ours (a database or encryption failure, a key
// that does not open); those are not listed each time.
package clients

import "confidant/internal/app/core"

// Service is the clients service.
type Service struct {
	core *core.Core
}

// New makes the service over the shared core.
func New(c *core.Core) *Service {
	return &Service{core: c}
}

// nameOrNone gives a staff member's name, "" when it is not known (the
// web words that: words.StaffName).
func nameOrNone(names func(string) (string, bool)) func(string) string {
	return func(id string) string {
		n, _ := names(id)
		return n
	}
}
