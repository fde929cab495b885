package web

import (
	"errors"

	"confidant/internal/store"
)

func isBusy(err error) bool { return errors.Is(err, store.ErrBusy) }
func isFull(err error) bool {
	return errors.Is(err, store.ErrFull) || errors.Is(err, store.ErrReadOnly)
}
