package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"confidant/internal/app"
	"confidant/internal/app/keys"
	"confidant/internal/audit"
	"confidant/internal/store"
	"confidant/internal/vault"
)

const auditUsage = "Usage:\n  confidant audit verify --data DIR [--passphrase-file FILE] [--checkpoint FILE]\n  confidant audit checkpoint --data DIR --out FILE [--passphrase-file FILE]"

func runAudit(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: use \"confidant audit verify\" or \"confidant audit checkpoint\"", errUsage)
	}
	switch args[0] {
	case "-h", "--help":
		fmt.Fprintln(e.stderr, auditUsage)
		return nil
	case "verify":
		return runAuditVerify(ctx, e, args[1:])
	case "checkpoint":
		return runAuditCheckpoint(ctx, e, args[1:])
	}
	return fmt.Errorf("%w: unknown audit command %q", errUsage, args[0])
}

func runAuditVerify(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "audit verify", "audit verify --data DIR [--passphrase-file FILE] [--checkpoint FILE]")
	data := fs.String("data", "", "data directory of the vault (or CONFIDANT_DATA)")
	passFile := fs.String("passphrase-file", "", "file holding the vault passphrase (or CONFIDANT_PASSPHRASE_FILE); without the vault key only the hash chain is checked, not the MACs")
	cpFile := fs.String("checkpoint", "", "a checkpoint written by audit checkpoint (or taken from a backup): also fail if any entry up to it changed or went")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	var cp *audit.Checkpoint
	if *cpFile != "" {
		if cp, err = readCheckpoint(*cpFile); err != nil {
			return err
		}
	}
	db, keyed, err := openAuditLog(ctx, e, dir, *passFile)
	if err != nil {
		return err
	}
	defer db.Close()
	n, problem, err := db.VerifyAuditAgainst(ctx, cp)
	if err != nil {
		return err
	}
	if problem != nil {
		return &exitError{code: 1, err: problem}
	}
	witnessed := ""
	if cp != nil {
		witnessed = fmt.Sprintf(", checkpoint at entry %d matched", cp.Seq)
	}
	if !keyed {
		fmt.Fprintf(e.stdout, "audit log chain intact: %d entries%s; MACs not checked (the vault key is sealed: give --passphrase-file to check them)\n", n, witnessed)
		return nil
	}
	fmt.Fprintf(e.stdout, "audit log intact: %d entries, chain and MACs verified%s\n", n, witnessed)
	return nil
}

func runAuditCheckpoint(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "audit checkpoint", "audit checkpoint --data DIR --out FILE [--passphrase-file FILE]")
	data := fs.String("data", "", "data directory of the vault (or CONFIDANT_DATA)")
	out := fs.String("out", "", "file to write (must not exist); keep it away from the server")
	passFile := fs.String("passphrase-file", "", "file holding the vault passphrase (or CONFIDANT_PASSPHRASE_FILE), to check the MACs before witnessing")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	if err := newOutFile(*out, "checkpoint"); err != nil {
		return err
	}
	db, _, err := openAuditLog(ctx, e, dir, *passFile)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, problem, err := db.VerifyAudit(ctx); err != nil {
		return err
	} else if problem != nil {
		return &exitError{code: 1, err: fmt.Errorf("refusing to witness a broken log: %w", problem)}
	}
	head, err := db.AuditHead(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return errors.New("the audit log is empty: there is nothing to witness yet")
	} else if err != nil {
		return err
	}
	cp := audit.NewCheckpoint(head, time.Now())
	if err := writeFileAtomic(*out, cp.Marshal()); err != nil {
		return err
	}
	_ = db.Audit(ctx, store.Event{Type: audit.Checkpointed, ActorID: "cli", Subject: "audit", Detail: "seq=" + strconv.FormatInt(cp.Seq, 10)})
	fmt.Fprintf(e.stdout, "Audit checkpoint written to %s: entry %d (%s).\n", *out, cp.Seq, cp.ID)
	return nil
}

// openAuditLog opens the vault's database with its audit key when the key
// can be had (an unattended vault, or the passphrase given), so that MACs
// are checked; a sealed vault without its passphrase is opened without,
// and keyed reports which.
func openAuditLog(ctx context.Context, e env, dir, passFile string) (db *store.DB, keyed bool, err error) {
	if !keys.HasVault(dir) {
		return nil, false, keys.ErrNoVault
	}
	pass := ""
	if sealed, serr := vault.SealedKeyFile(dir); serr == nil && sealed {
		if pass, err = vaultPassphrase(e, passFile); err != nil {
			return nil, false, err
		}
		if pass == "" {
			db, err := keys.OpenDB(ctx, dir)
			return db, false, err
		}
	}
	a, err := app.Open(ctx, dir, pass)
	if err != nil {
		return nil, false, err
	}
	return a.Store(), true, nil
}

func readCheckpoint(path string) (*audit.Checkpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", errors.Unwrap(err))
	}
	defer f.Close()
	return audit.ParseCheckpoint(f)
}
