package main

import (
	"context"
	"fmt"
)

func runKeys(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(e.stderr, "Usage: confidant keys rotate --data DIR | confidant keys recover --data DIR --identity KEYFILE")
		return nil
	}
	return fmt.Errorf("%w: key rotation and recovery are not built yet (issue 5)", errUsage)
}
