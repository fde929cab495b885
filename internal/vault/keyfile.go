package vault

import (
	"bytes"
	"confidant/internal/fault"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
)

// File names inside a data directory.
const (
	KeyFile      = "vault.key"
	RecoveryFile = "recovery.pub"
)

// ErrWrongPassphrase is returned when the sealed vault key does not open
// (Unauthorized: the person can type the passphrase again).
var ErrWrongPassphrase = fault.New(fault.Unauthorized, "wrong passphrase for the vault key (or the key file is damaged)")

// ErrNeedPassphrase is returned when the vault key is sealed and no
// passphrase was given.
var ErrNeedPassphrase = fault.New(fault.Invalid, "the vault key is sealed with a passphrase: give it with --passphrase-file or CONFIDANT_PASSPHRASE_FILE")

const ageHeader = "age-encryption.org/v1"

// scryptWorkFactor is age's own default (about a second), which is paid once
// at start-up.
const scryptWorkFactor = 18

// WriteKeyFile stores the vault identity in dir/vault.key: sealed with the
// passphrase (age scrypt) when one is given, else in clear with mode 0600.
// It never overwrites an existing file.
func WriteKeyFile(dir string, id *Identity, passphrase string) error {
	return WriteKeyFileAs(dir, KeyFile, id, passphrase)
}

// WriteKeyFileAs is WriteKeyFile under another name in dir (a rotation's
// next key).
func WriteKeyFileAs(dir, name string, id *Identity, passphrase string) error {
	data, err := keyFileBytes(id, passphrase)
	if err != nil {
		return err
	}
	return writeNew(filepath.Join(dir, name), data)
}

// PromoteKeyFile atomically renames dir/name over dir/vault.key and makes
// the rename durable.
func PromoteKeyFile(dir, name string) error {
	if err := os.Rename(filepath.Join(dir, name), filepath.Join(dir, KeyFile)); err != nil {
		return fmt.Errorf("replace vault key: %w", err)
	}
	return syncDir(dir)
}

func keyFileBytes(id *Identity, passphrase string) ([]byte, error) {
	if passphrase == "" {
		return []byte("# Confidant vault identity, protected only by file permissions (unattended start).\n" + id.String() + "\n"), nil
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, err
	}
	r.SetWorkFactor(scryptWorkFactor)
	return encrypt([]byte(id.String()+"\n"), r)
}

// SealedKeyFile reports whether dir's vault key needs a passphrase.
func SealedKeyFile(dir string) (bool, error) {
	data, err := os.ReadFile(filepath.Join(dir, KeyFile))
	if err != nil {
		return false, err
	}
	return bytes.HasPrefix(data, []byte(ageHeader)), nil
}

// ReadKeyFile opens dir/vault.key. passphrase is needed only when the file is
// sealed.
func ReadKeyFile(dir, passphrase string) (*Identity, error) {
	return ReadKeyFileAs(dir, KeyFile, passphrase)
}

// ReadKeyFileAs is ReadKeyFile for another file name in dir.
func ReadKeyFileAs(dir, name, passphrase string) (*Identity, error) {
	path := filepath.Join(dir, name)
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no vault key in %s", dir)
		}
		return nil, fmt.Errorf("read vault key: %w", err)
	}
	if bytes.HasPrefix(data, []byte(ageHeader)) {
		if passphrase == "" {
			return nil, ErrNeedPassphrase
		}
		sid, err := age.NewScryptIdentity(passphrase)
		if err != nil {
			return nil, ErrWrongPassphrase
		}
		sid.SetMaxWorkFactor(22)
		pt, err := decrypt(data, sid)
		if err != nil {
			return nil, ErrWrongPassphrase
		}
		id, err := ParseIdentity(string(pt))
		if err != nil {
			return nil, errors.New("the vault key file is damaged")
		}
		return id, nil
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the vault key %s is readable by others (mode %o): run chmod 600 on it", name, fi.Mode().Perm())
	}
	id, err := ParseIdentity(string(data))
	if err != nil {
		return nil, errors.New("the vault key file is damaged")
	}
	return id, nil
}

// ReplaceKeyFile atomically replaces dir/vault.key (rotation, recovery,
// passphrase change): write to a temporary file, fsync, rename, fsync the
// directory. A crash leaves either the old file or the new one.
func ReplaceKeyFile(dir string, id *Identity, passphrase string) error {
	data, err := keyFileBytes(id, passphrase)
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, KeyFile+".new")
	_ = os.Remove(tmp)
	if err := writeNew(tmp, data); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, KeyFile)); err != nil {
		return fmt.Errorf("replace vault key: %w", err)
	}
	return syncDir(dir)
}

// WriteRecoveryRecipient stores the recovery public key in dir/recovery.pub.
func WriteRecoveryRecipient(dir, recipient string) error {
	return writeNew(filepath.Join(dir, RecoveryFile), []byte(recipient+"\n"))
}

// ReadRecoveryRecipient reads dir/recovery.pub.
func ReadRecoveryRecipient(dir string) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, RecoveryFile))
	if err != nil {
		return "", fmt.Errorf("read recovery recipient: %w", err)
	}
	s := strings.TrimSpace(string(data))
	if _, err := ParseRecipient(s); err != nil {
		return "", fmt.Errorf("the recovery recipient file is damaged")
	}
	return s, nil
}

// writeNew creates path (failing if it exists) with mode 0600 and fsyncs it.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", filepath.Base(path), err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", filepath.Base(path), err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
