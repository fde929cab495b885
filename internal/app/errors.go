package app

import (
	"confidant/internal/store"
)

// The store's answers, named here as the application's own vocabulary, so
// that the layers above test errors against the application alone
// (errors.Is(err, app.ErrStale)) and never import the store. They are the
// same values, not copies: a store error matches its app name.
var (
	// ErrStale: someone else changed it since the form was read.
	ErrStale = store.ErrStale
	// ErrConflict: it already exists.
	ErrConflict = store.ErrConflict
	// ErrDBBusy: the database is busy; nothing was saved.
	ErrDBBusy = store.ErrBusy
	// ErrFull: the disk is full; nothing was saved.
	ErrFull = store.ErrFull
	// ErrReadOnly: the database cannot be written; nothing was saved.
	ErrReadOnly = store.ErrReadOnly
	// ErrSigned: a signed note cannot change.
	ErrSigned = store.ErrSigned
	// ErrNotSigned: only a signed note takes an addendum.
	ErrNotSigned = store.ErrNotSigned
)
