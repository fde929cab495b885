package main

import (
	"context"
	"errors"
)

// runRedact is being written (issue 7).
func runRedact(ctx context.Context, e env, args []string) error {
	return errors.New("not implemented yet")
}
