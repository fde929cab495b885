package main

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"confidant/internal/app/keys"
	"confidant/internal/audit"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// A backup is a tar of the database (a consistent online copy), the sealed
// vault key and the recovery recipient, and a checkpoint of the audit log,
// age-encrypted to the recovery recipient: `age -d -i recovery.key
// backup.age | tar x` opens it. The checkpoint is a witness of the log kept
// outside the live database: `audit verify --checkpoint` with it shows that
// nothing the backup saw was later changed or removed.
var backupFiles = []string{store.DBFile, vault.KeyFile, vault.RecoveryFile}

// checkpointFile is the audit checkpoint inside a backup (absent from
// backups made before it was added).
const checkpointFile = "audit-checkpoint.json"

func runBackup(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "backup", "backup --data DIR --out FILE")
	data := fs.String("data", "", "data directory of the vault (or CONFIDANT_DATA)")
	out := fs.String("out", "", "file to write (must not exist); encrypted to the recovery key")
	_ = fs.String("passphrase-file", "", "accepted for symmetry; a backup needs no passphrase")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	if err := newOutFile(*out, "backup"); err != nil {
		return err
	}
	db, err := keys.OpenDB(ctx, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	rec, err := vault.ReadRecoveryRecipient(dir)
	if err != nil {
		return err
	}
	tmpDir, err := os.MkdirTemp("", "confidant-backup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpDir)
	// The head is read before the copy is taken: the log only grows, so
	// the copy holds every entry up to it.
	var checkpoint []byte
	if head, err := db.AuditHead(ctx); err == nil {
		checkpoint = audit.NewCheckpoint(head, time.Now()).Marshal()
	} else if !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("read the audit log's head: %w", err)
	}
	snap := filepath.Join(tmpDir, store.DBFile)
	if err := db.Backup(ctx, snap); err != nil {
		return fmt.Errorf("copy database: %w", err)
	}
	partial := *out + ".partial"
	f, err := os.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create backup: %w", errors.Unwrap(err))
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(partial)
		}
	}()
	pr, pw := io.Pipe()
	go func() {
		tw := tar.NewWriter(pw)
		for _, name := range backupFiles {
			src := filepath.Join(dir, name)
			if name == store.DBFile {
				src = snap
			}
			if err := addFile(tw, name, src); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		if checkpoint != nil {
			if err := addBytes(tw, checkpointFile, checkpoint); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(tw.Close())
	}()
	if err := vault.EncryptStream(f, pr, rec); err != nil {
		return fmt.Errorf("write backup: %w", err)
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(partial, *out); err != nil {
		return err
	}
	ok = true
	_ = db.Audit(ctx, store.Event{Type: audit.BackupTaken, ActorID: "cli", Subject: "vault"})
	fmt.Fprintf(e.stdout, "Backup written to %s, encrypted to the recovery key.\n", *out)
	return nil
}

func addFile(tw *tar.Writer, name, src string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: fi.Size(), ModTime: fi.ModTime(), Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

func addBytes(tw *tar.Writer, name string, data []byte) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(data)), ModTime: time.Now(), Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err := tw.Write(data)
	return err
}

func runRestore(ctx context.Context, e env, args []string) error {
	fs := newFlagSet(e, "restore", "restore --in FILE --data NEWDIR --identity KEYFILE")
	in := fs.String("in", "", "backup file written by confidant backup")
	data := fs.String("data", "", "new, empty data directory to restore into")
	idFile := fs.String("identity", "", "file holding the recovery identity printed at init")
	_ = fs.String("passphrase-file", "", "accepted for symmetry; restore needs only the recovery identity")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *in == "" || *idFile == "" {
		return fmt.Errorf("%w: give --in FILE and --identity KEYFILE", errUsage)
	}
	dir, err := dataDir(e, *data)
	if err != nil {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty; restore only into a new or empty directory", dir)
	}
	idText, err := os.ReadFile(*idFile)
	if err != nil {
		return fmt.Errorf("read identity: %w", errors.Unwrap(err))
	}
	id, err := vault.ParseIdentity(string(idText))
	if err != nil {
		return fmt.Errorf("identity file: %w", err)
	}
	bf, err := os.Open(*in)
	if err != nil {
		return fmt.Errorf("open backup: %w", errors.Unwrap(err))
	}
	defer bf.Close()
	r, err := vault.DecryptStream(bf, id)
	if err != nil {
		return errors.New("the backup does not open with this identity (wrong key, or not a Confidant backup)")
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return err
	}
	stage, err := os.MkdirTemp(parent, ".confidant-restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	got := map[string]bool{}
	var cp *audit.Checkpoint
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return errors.New("the backup is damaged (it does not decrypt to a complete archive)")
		}
		if h.Name == checkpointFile && h.Typeflag == tar.TypeReg && cp == nil {
			if cp, err = audit.ParseCheckpoint(tr); err != nil {
				return fmt.Errorf("the backup's %s: %w", checkpointFile, err)
			}
			continue
		}
		if !isBackupFile(h.Name) || h.Typeflag != tar.TypeReg || got[h.Name] {
			return fmt.Errorf("the backup holds an unexpected entry %q; refusing it", h.Name)
		}
		if err := writeFrom(filepath.Join(stage, h.Name), tr); err != nil {
			return err
		}
		got[h.Name] = true
	}
	for _, n := range backupFiles {
		if !got[n] {
			return fmt.Errorf("the backup is incomplete: %s is missing", n)
		}
	}
	if rec, err := vault.ReadRecoveryRecipient(stage); err != nil || rec != id.Recipient() {
		return errors.New("the identity is not this vault's recovery identity")
	}
	db, err := store.Open(ctx, filepath.Join(stage, store.DBFile))
	if err != nil {
		return fmt.Errorf("the restored database does not open: %w", err)
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return err
	}
	if cp != nil {
		// The chain alone (no vault key here) against the backup's own
		// checkpoint: a backup whose log was rewritten is refused.
		_, problem, err := db.VerifyAuditAgainst(ctx, cp)
		if err == nil && problem != nil {
			err = fmt.Errorf("the backup's audit log does not match its checkpoint: %w", problem)
		}
		if err != nil {
			db.Close()
			return err
		}
	}
	db.Close()
	os.Remove(filepath.Join(stage, store.DBFile+"-wal"))
	os.Remove(filepath.Join(stage, store.DBFile+"-shm"))
	_ = os.Remove(dir) // an empty directory may stand where the new one goes
	if err := os.Rename(stage, dir); err != nil {
		return fmt.Errorf("move restored vault into place: %w", err)
	}
	fmt.Fprintf(e.stdout, "Restored the vault into %s.\n", dir)
	return nil
}

func isBackupFile(name string) bool {
	for _, n := range backupFiles {
		if name == n && !strings.Contains(name, "/") {
			return true
		}
	}
	return false
}

func writeFrom(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, io.LimitReader(r, 64<<30)); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// newOutFile checks the --out file of a command that writes one: given, and
// not already there (a backup or checkpoint is never written over another).
func newOutFile(path, what string) error {
	if path == "" {
		return fmt.Errorf("%w: give the %s file with --out FILE", errUsage, what)
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists; choose a new file name", path)
	}
	return nil
}
