package app_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/keys"
	"confidant/internal/audit"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// checkpointOf opens the vault, verifies the log and returns a checkpoint
// of its head.
func checkpointOf(t *testing.T, dir, pass string) audit.Checkpoint {
	t.Helper()
	a := apptest.Open(t, dir, pass)
	if _, p, err := a.Store().VerifyAudit(context.Background()); err != nil || p != nil {
		t.Fatalf("verify: %v %v", p, err)
	}
	head, err := a.Store().AuditHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return audit.NewCheckpoint(head, a.Now())
}

func verifyAgainst(t *testing.T, dir, pass string, cp audit.Checkpoint) {
	t.Helper()
	a := apptest.Open(t, dir, pass)
	if _, p, err := a.Store().VerifyAuditAgainst(context.Background(), &cp); err != nil || p != nil {
		t.Fatalf("verify against a checkpoint from before: %v %v", p, err)
	}
}

func TestAuditKeySurvivesRotationAndRecovery(t *testing.T) {
	ctx := context.Background()
	dir, rec, _, _ := newVault(t, "pass phrase long")
	cp := checkpointOf(t, dir, "pass phrase long")
	cur, err := vault.ReadKeyFile(dir, "pass phrase long")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keys.Rotate(ctx, keys.RotateOptions{Dir: dir, With: cur, Passphrase: "pass phrase long", Event: "key.rotate"}); err != nil {
		t.Fatal(err)
	}
	verifyAgainst(t, dir, "pass phrase long", cp)

	os.Remove(filepath.Join(dir, vault.KeyFile))
	if _, err := keys.Rotate(ctx, keys.RotateOptions{Dir: dir, With: rec, Passphrase: "another long phrase", Event: "key.recover"}); err != nil {
		t.Fatal(err)
	}
	verifyAgainst(t, dir, "another long phrase", cp)

	// The rotation and the recovery are in the log with MACs of their own.
	a := apptest.Open(t, dir, "another long phrase")
	for _, ev := range []string{"key.rotate", "key.recover"} {
		es, _ := a.Store().ListAudit(ctx, store.AuditFilter{Event: ev})
		if len(es) != 1 || es[0].MAC == "" {
			t.Errorf("%s entries: %+v", ev, es)
		}
	}
}

// TestALogFromBeforeMACsIsKeyedAtTheFirstOpen: a database as the previous
// version left it (no mac column, no audit key) is migrated at the first
// open with the vault key, and an edit to its old entries made after that
// is found.
func TestALogFromBeforeMACsIsKeyedAtTheFirstOpen(t *testing.T) {
	ctx := context.Background()
	dir, _, _, _ := newVault(t, "")
	raw, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, store.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	var old int
	for _, q := range []string{
		`ALTER TABLE audit_log DROP COLUMN mac`,
		`DROP TABLE audit_pending`,
		`DELETE FROM schema_migrations WHERE version = 8`,
		`DELETE FROM meta WHERE key IN ('audit_key_sealed', 'audit_key_bind')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.QueryRow(`SELECT count(*) FROM audit_log`).Scan(&old)
	raw.Close()

	a, err := app.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	n, p, err := a.Store().VerifyAudit(ctx)
	if err != nil || p != nil || n != old+1 {
		t.Fatalf("after keying: %d entries (want %d), %v %v", n, old+1, p, err)
	}
	es, _ := a.Store().ListAudit(ctx, store.AuditFilter{Event: audit.Keyed})
	if len(es) != 1 || es[0].Seq != int64(old+1) {
		t.Fatalf("keyed entry: %+v", es)
	}
	a.Close()

	raw, _ = sql.Open("sqlite3", "file:"+filepath.Join(dir, store.DBFile))
	defer raw.Close()
	raw.Exec(`DROP TRIGGER audit_no_update`)
	var e audit.Entry
	var at int64
	raw.QueryRow(`SELECT seq, id, at, event, actor_id, subject, detail, prev_hash FROM audit_log WHERE seq = 2`).
		Scan(&e.Seq, &e.ID, &at, &e.Event, &e.ActorID, &e.Subject, &e.Detail, &e.PrevHash)
	e.At = time.Unix(at, 0)
	e.Detail = "edited"
	if _, err := raw.Exec(`UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 2`, e.Detail, audit.ComputeHash(e)); err != nil {
		t.Fatal(err)
	}
	a, err = app.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, p, _ := a.Store().VerifyAudit(ctx); p == nil {
		t.Fatal("an edit to an entry from before the key was not found")
	}
}
