package main

import (
	"context"
	"errors"
)

// runCheckRequest is being written (issue 6).
func runCheckRequest(ctx context.Context, e env, args []string) error {
	return errors.New("not implemented yet")
}
