package main

import (
	"context"
	"fmt"
	"strings"

	"confidant/internal/app"
	"confidant/internal/app/keys"
	"confidant/internal/password"
	"confidant/internal/vault"
)

func runInit(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "init", "init --data DIR --admin-email EMAIL [--unattended | --passphrase-file FILE] [--classic-keys]")
	data := fs.String("data", "", "data directory to create (or CONFIDANT_DATA); must not exist or be empty")
	email := fs.String("admin-email", "", "email address of the first administrator")
	name := fs.String("admin-name", "Administrator", "display name of the first administrator")
	unattended := fs.Bool("unattended", false, "protect the vault key by file permissions only (0600), so serve starts with no person present")
	passFile := fs.String("passphrase-file", "", "file whose first line is the passphrase sealing the vault key")
	classic := fs.Bool("classic-keys", false, "use classic X25519 keys instead of post-quantum hybrid keys")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	if !strings.Contains(*email, "@") || strings.ContainsAny(*email, " \t\r\n") {
		return fmt.Errorf("%w: give the administrator's email address with --admin-email", errUsage)
	}
	if *unattended && *passFile != "" {
		return fmt.Errorf("%w: choose either --unattended or --passphrase-file, not both", errUsage)
	}
	if keys.HasVault(dir) {
		return app.ErrVaultExists
	}
	pass := ""
	if !*unattended {
		if *passFile != "" {
			if pass, err = readPassphraseFile(*passFile); err != nil {
				return err
			}
		} else if pass, err = vaultPassphrase(e, ""); err != nil {
			return err
		}
		if pass == "" {
			return fmt.Errorf("%w: the vault key needs a passphrase (--passphrase-file FILE) or --unattended", errUsage)
		}
		if len(pass) < 12 {
			return fmt.Errorf("the vault passphrase must be at least 12 characters")
		}
	}
	adminPass, err := readSecret(e, "Administrator password", true)
	if err != nil {
		return err
	}
	kt := vault.PostQuantum
	if *classic {
		kt = vault.Classic
	}
	rec, err := app.Init(ctx, app.InitOptions{
		Dir: dir, AdminEmail: *email, AdminName: *name, AdminPass: adminPass,
		Passphrase: pass, KeyType: kt, Params: password.Default,
	})
	if err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintf(w, "Created a new vault in %s (%s keys).\n\n", dir, map[vault.KeyType]string{vault.PostQuantum: "post-quantum hybrid", vault.Classic: "classic X25519"}[kt])
	fmt.Fprintln(w, "RECOVERY IDENTITY: shown once, never stored by Confidant. Copy it now to offline storage")
	fmt.Fprintln(w, "(paper in a safe, or an encrypted drive kept apart from the server). Without it a lost")
	fmt.Fprintln(w, "vault key means every record is lost; with it, anyone can read every record.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, rec)
	fmt.Fprintln(w)
	if *unattended {
		fmt.Fprintln(w, "WARNING: --unattended: the vault key is protected only by file permissions (0600).")
		fmt.Fprintln(w, "Anyone who can read the data directory as this user can read every record.")
	}
	fmt.Fprintf(w, "Sign in as %s with the password you gave.\n", *email)
	return nil
}
