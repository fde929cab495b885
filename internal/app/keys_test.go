package app_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"confidant/internal/access"
	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/app/keys"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// newVault makes a vault with one counsellor, one client and one note, and
// returns the directory and the recovery identity.
func newVault(t *testing.T, passphrase string) (string, *vault.Identity, access.Actor, string) {
	t.Helper()
	ctx := context.Background()
	dir, rec := apptest.InitWith(t, vault.Classic, passphrase)
	recID, _ := vault.ParseIdentity(rec)
	a := apptest.Open(t, dir, passphrase)
	actor := core.Actor(apptest.AddUser(t, a, "c@example.org", "Casey", "counsellor"))
	id, err := a.Clients.CreateClient(ctx, actor, "Rowan Example", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Clients.AddNote(ctx, actor, id, "2026-01-05", "kept note"); err != nil {
		t.Fatal(err)
	}
	return dir, recID, actor, id
}

func readNote(t *testing.T, dir, passphrase string, actor access.Actor, clientID string) {
	t.Helper()
	a, err := app.Open(context.Background(), dir, passphrase)
	if err != nil {
		t.Fatalf("open after key change: %v", err)
	}
	defer a.Close()
	c, _, err := a.Clients.Client(context.Background(), actor, clientID)
	ns, _, nerr := a.Clients.Notes(context.Background(), actor, clientID, 20, 0)
	if err != nil || nerr != nil || len(ns) != 1 || ns[0].Body != "kept note" || c.Name != "Rowan Example" {
		t.Fatalf("data not readable after key change: %+v %+v %v %v", c, ns, err, nerr)
	}
	u := apptest.Staff(t, a, "c@example.org")
	if a.UserName(context.Background(), u.ID) != "Casey" {
		t.Fatalf("staff name not readable: %q", a.UserName(context.Background(), u.ID))
	}
}

func TestRotateRewrapsWithoutReencryptingNotes(t *testing.T) {
	for _, pass := range []string{"", "a long vault passphrase"} {
		dir, _, actor, id := newVault(t, pass)
		ctx := context.Background()
		db, _ := store.Open(ctx, filepath.Join(dir, store.DBFile))
		before, _ := db.NotesByClient(ctx, id, 1, 0)
		db.Close()
		old, _ := vault.ReadKeyFile(dir, pass)
		n, err := keys.Rotate(ctx, keys.RotateOptions{Dir: dir, With: old, Passphrase: pass, Event: "key.rotate"})
		if err != nil || n != 1 {
			t.Fatalf("rotate: %d %v", n, err)
		}
		cur, _ := vault.ReadKeyFile(dir, pass)
		if cur.Recipient() == old.Recipient() {
			t.Fatal("vault key did not change")
		}
		db, _ = store.Open(ctx, filepath.Join(dir, store.DBFile))
		after, _ := db.NotesByClient(ctx, id, 1, 0)
		c, _ := db.ClientByID(ctx, id)
		db.Close()
		if string(before[0].BodyEnc) != string(after[0].BodyEnc) {
			t.Fatal("note was re-encrypted")
		}
		if _, err := vault.UnwrapClientKey(c.WrappedKey, old); err == nil {
			t.Fatal("old vault key still opens the client key")
		}
		readNote(t, dir, pass, actor, id)
	}
}

func TestRecoverWithRecoveryIdentityWhenVaultKeyIsLost(t *testing.T) {
	dir, rec, actor, id := newVault(t, "")
	os.Remove(filepath.Join(dir, vault.KeyFile))
	if _, err := keys.Rotate(context.Background(), keys.RotateOptions{Dir: dir, With: rec, Passphrase: "new passphrase here", Event: "key.recover"}); err != nil {
		t.Fatal(err)
	}
	readNote(t, dir, "new passphrase here", actor, id)
}

func TestRotateWithWrongKeyChangesNothing(t *testing.T) {
	dir, _, actor, id := newVault(t, "")
	stranger, _ := vault.Generate(vault.Classic)
	if _, err := keys.Rotate(context.Background(), keys.RotateOptions{Dir: dir, With: stranger, Event: "key.rotate"}); err == nil {
		t.Fatal("rotation with a stranger's key succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, keys.NewKeyFile)); err == nil {
		t.Fatal("left a next key behind")
	}
	readNote(t, dir, "", actor, id)
}

// A crash can stop a rotation at two places that matter: after the next
// key is written but before the database commits (old key must keep
// working), and after the commit but before the rename (the next open
// must finish the job).
func TestInterruptedRotationLeavesAWorkingKey(t *testing.T) {
	ctx := context.Background()
	t.Run("before commit", func(t *testing.T) {
		dir, _, actor, id := newVault(t, "")
		next, _ := vault.Generate(vault.Classic)
		if err := vault.WriteKeyFileAs(dir, keys.NewKeyFile, next, ""); err != nil {
			t.Fatal(err)
		}
		readNote(t, dir, "", actor, id)
		if _, err := os.Stat(filepath.Join(dir, keys.NewKeyFile)); err == nil {
			t.Fatal("uncommitted next key not cleaned up")
		}
	})
	t.Run("after commit, before rename", func(t *testing.T) {
		dir, _, actor, id := newVault(t, "pass phrase long")
		old, _ := vault.ReadKeyFile(dir, "pass phrase long")
		db, _ := store.Open(ctx, filepath.Join(dir, store.DBFile))
		rec, _ := db.GetMeta(ctx, core.MetaRecoveryRecipient)
		next, _ := vault.Generate(vault.Classic)
		vault.WriteKeyFileAs(dir, keys.NewKeyFile, next, "pass phrase long")
		_, err := db.RewrapAll(ctx,
			func(w []byte) ([]byte, error) { return vault.Rewrap(w, old, next.Recipient(), rec) },
			func(c []byte) ([]byte, error) {
				pt, err := old.Decrypt(c)
				if err != nil {
					return nil, err
				}
				return vault.Encrypt(pt, next.Recipient(), rec)
			}, next.Recipient(), nil, store.Event{Type: "key.rotate", ActorID: "test"})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		// Crash here: vault.key is still the old key.
		readNote(t, dir, "pass phrase long", actor, id)
		cur, _ := vault.ReadKeyFile(dir, "pass phrase long")
		if cur.Recipient() != next.Recipient() {
			t.Fatal("interrupted rotation was not finished at open")
		}
	})
}
