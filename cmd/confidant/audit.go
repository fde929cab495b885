package main

import (
	"context"
	"fmt"

	"confidant/internal/app"
)

func runAudit(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, "Usage: confidant audit verify --data DIR")
			return nil
		}
		return fmt.Errorf("%w: use \"confidant audit verify --data DIR\"", errUsage)
	}
	fs := newFlagSet(e, "audit verify", "audit verify --data DIR")
	data := fs.String("data", "", "data directory of the vault (or CONFIDANT_DATA)")
	_ = fs.String("passphrase-file", "", "accepted for symmetry; the check needs no key")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	db, err := app.OpenDB(ctx, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	n, problem, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if problem != nil {
		return &exitError{code: 1, err: problem}
	}
	fmt.Fprintf(e.stdout, "audit log intact: %d entries, chain verified\n", n)
	return nil
}
