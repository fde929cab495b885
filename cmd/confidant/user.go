package main

import (
	"context"
	"fmt"
	"strings"

	"confidant/internal/app/keys"
	"confidant/internal/app/staff"
	"confidant/internal/password"
)

func runUser(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, "Usage: confidant user add --data DIR --email EMAIL --role ROLE[,ROLE] --name NAME")
			return nil
		}
		return fmt.Errorf("%w: use \"confidant user add\"", errUsage)
	}
	fs := newFlagSet(e, "user add", "user add --data DIR --email EMAIL --role counsellor|lead|admin[,…] --name NAME  (password on stdin or prompted)")
	data := fs.String("data", "", "data directory of the vault (or CONFIDANT_DATA)")
	email := fs.String("email", "", "the user's email address, used to sign in")
	role := fs.String("role", "", "counsellor, lead (safeguarding lead) or admin; several separated by commas")
	name := fs.String("name", "", "the user's display name")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	if !strings.Contains(*email, "@") || strings.ContainsAny(*email, " \t\r\n") {
		return fmt.Errorf("%w: give a valid --email", errUsage)
	}
	if strings.TrimSpace(*name) == "" {
		return fmt.Errorf("%w: give the user's --name", errUsage)
	}
	var roles []string
	for _, r := range strings.Split(*role, ",") {
		if r = strings.TrimSpace(r); r != "" {
			roles = append(roles, r)
		}
	}
	db, err := keys.OpenDB(ctx, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	pw, err := readSecret(e, "Password for the new user", true)
	if err != nil {
		return err
	}
	u, err := staff.AddUser(ctx, db, password.Default, *email, strings.TrimSpace(*name), pw, roles, "cli")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Added user %s with roles %s.\n", u.ID, u.Roles)
	return nil
}
