package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"confidant/internal/app"
	"confidant/internal/app/keys"
	"confidant/internal/password"
	"confidant/internal/vault"
)

func runKeys(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: use \"confidant keys rotate\", \"confidant keys recover\" or \"confidant keys passphrase\"", errUsage)
	}
	switch args[0] {
	case "-h", "--help":
		fmt.Fprintln(e.stderr, "Usage:\n  confidant keys rotate --data DIR [--passphrase-file FILE]\n  confidant keys recover --data DIR --identity KEYFILE (--passphrase-file NEWFILE | --unattended)\n  confidant keys passphrase --data DIR [--passphrase-file FILE] (--new-passphrase-file NEWFILE | --unattended)")
		return nil
	case "rotate":
		return runKeysRotate(ctx, e, args[1:])
	case "recover":
		return runKeysRecover(ctx, e, args[1:])
	case "passphrase":
		return runKeysPassphrase(ctx, e, args[1:])
	}
	return fmt.Errorf("%w: unknown keys command %q", errUsage, args[0])
}

func runKeysRotate(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "keys rotate", "keys rotate --data DIR [--passphrase-file FILE]")
	data := fs.String("data", "", "data directory of the vault (or CONFIDANT_DATA)")
	passFile := fs.String("passphrase-file", "", "file holding the vault passphrase (or CONFIDANT_PASSPHRASE_FILE); the new key keeps it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	pass, unlock, err := lockVault(e, dir, *passFile, "the server (or another key operation) is running on this directory: stop it, then rotate")
	if err != nil {
		return err
	}
	defer unlock()
	a, err := app.Open(ctx, dir, pass) // also finishes an interrupted rotation
	if err != nil {
		return err
	}
	a.Close()
	cur, err := vault.ReadKeyFile(dir, pass)
	if err != nil {
		return err
	}
	n, err := keys.Rotate(ctx, keys.RotateOptions{Dir: dir, With: cur, Passphrase: pass, Event: "key.rotate"})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Rotated the vault key: %d client keys re-wrapped; notes were not re-encrypted.\n", n)
	return nil
}

func runKeysRecover(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "keys recover", "keys recover --data DIR --identity KEYFILE (--passphrase-file NEWFILE | --unattended)")
	data := fs.String("data", "", "data directory of the vault (or CONFIDANT_DATA)")
	idFile := fs.String("identity", "", "file holding the recovery identity printed at init")
	passFile := fs.String("passphrase-file", "", "file holding the passphrase to seal the NEW vault key")
	unattended := fs.Bool("unattended", false, "protect the new vault key by file permissions only (0600)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	if *idFile == "" {
		return fmt.Errorf("%w: give the recovery identity with --identity KEYFILE", errUsage)
	}
	if (*passFile == "") == !*unattended {
		return fmt.Errorf("%w: choose how to protect the new vault key: --passphrase-file FILE or --unattended", errUsage)
	}
	if _, err := keys.OpenDBOnly(ctx, dir); err != nil {
		return err
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return errors.New("the server (or another key operation) is running on this directory: stop it first")
	}
	defer unlock()
	text, err := os.ReadFile(*idFile)
	if err != nil {
		return fmt.Errorf("read identity: %w", errors.Unwrap(err))
	}
	rec, err := vault.ParseIdentity(string(text))
	if err != nil {
		return fmt.Errorf("identity file: %w", err)
	}
	pass := ""
	if *passFile != "" {
		if pass, err = readPassphraseFile(*passFile); err != nil {
			return err
		}
	}
	n, err := keys.Rotate(ctx, keys.RotateOptions{Dir: dir, With: rec, Passphrase: pass, Event: "key.recover"})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Recovered: a new vault key protects the vault; %d client keys re-wrapped.\n", n)
	return nil
}

// runKeysPassphrase re-seals the vault key under a new passphrase (or makes
// it unattended): the key itself does not change and nothing is re-wrapped.
func runKeysPassphrase(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "keys passphrase", "keys passphrase --data DIR [--passphrase-file FILE] (--new-passphrase-file NEWFILE | --unattended)")
	data := fs.String("data", "", "data directory of the vault (or CONFIDANT_DATA)")
	passFile := fs.String("passphrase-file", "", "file holding the current vault passphrase (or CONFIDANT_PASSPHRASE_FILE)")
	newFile := fs.String("new-passphrase-file", "", "file holding the new passphrase")
	unattended := fs.Bool("unattended", false, "protect the vault key by file permissions only (0600) from now on")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	if (*newFile == "") == !*unattended {
		return fmt.Errorf("%w: choose how to protect the vault key from now on: --new-passphrase-file FILE or --unattended", errUsage)
	}
	cur, unlock, err := lockVault(e, dir, *passFile, "the server (or another key operation) is running on this directory: stop it, or change the passphrase from the Keys page")
	if err != nil {
		return err
	}
	defer unlock()
	next := ""
	if *newFile != "" {
		if next, err = readPassphraseFile(*newFile); err != nil {
			return err
		}
		if err := password.Check(next); err != nil {
			return fmt.Errorf("new passphrase: %w", err)
		}
	}
	if err := keys.ChangePassphrase(ctx, dir, cur, next); err != nil {
		return err
	}
	if next == "" {
		fmt.Fprintln(e.stdout, "The vault key is now protected by file permissions only (0600); serve starts unattended.")
		return nil
	}
	fmt.Fprintln(e.stdout, "The vault key is now sealed with the new passphrase; give it to serve with --passphrase-file.")
	return nil
}
