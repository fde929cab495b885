package main

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"confidant/internal/app"
	"confidant/internal/audit"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// TestAuditLogSurvivesSomeoneWhoCanRewriteTheDatabase is the attack from
// issue 15: with write access to the database file, drop the triggers,
// delete 40 note.read entries, and recompute the chain and audit_head.
// Without the vault's audit key the MACs cannot follow, so verify names the
// first rewritten entry; a checkpoint taken before fails too; and cutting
// the log back below a checkpoint is found although the chain and MACs of
// what is left check out.
func TestAuditLogSurvivesSomeoneWhoCanRewriteTheDatabase(t *testing.T) {
	t.Parallel()
	dir, _ := newCounsellorVault(t, true)
	s := startServe(t, dir, nil)
	c := newE2EClient(t, s.base)
	c.login("counsellor@example.org", e2ePassword)
	id := c.newClientRecord("Audit Attack Client")
	c.addNote(id, sessionDate(), "first note")
	c.mustGet("/clients/" + id)
	s.stop()
	// A lead reading notes for a police request: note.read entries, written
	// by the store as the server writes them, between others.
	a, err := app.Open(context.Background(), dir, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 52 {
		ev := store.Event{Type: audit.NoteRead, ActorID: "lead", Subject: fmt.Sprintf("note-%d", i)}
		if i%5 == 4 {
			ev = store.Event{Type: audit.SignIn, ActorID: "lead", Subject: "lead"}
		}
		if err := a.Store().Audit(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()

	cp := filepath.Join(t.TempDir(), "checkpoint.json")
	r := runBin(t, "", nil, "audit", "checkpoint", "--data", dir, "--out", cp)
	mustSucceed(t, r, "audit checkpoint")
	r = runBin(t, "", nil, "audit", "checkpoint", "--data", dir, "--out", cp)
	oneLineError(t, r, "audit checkpoint onto an existing file")
	r = runBin(t, "", nil, "audit", "verify", "--data", dir, "--checkpoint", cp)
	mustSucceed(t, r, "audit verify --checkpoint on an intact log")
	if strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("audit verify printed more than one line: %s", r)
	}

	guessed := make([]byte, audit.KeySize)
	rand.Read(guessed)
	cases := []struct {
		name string
		// mac is the MAC written for a rewritten entry; forge also
		// replaces the vault's audit key with the attacker's own.
		mac   func(e audit.Entry) string
		forge bool
	}{
		{"old algorithm, MACs left as they were", func(e audit.Entry) string { return e.MAC }, false},
		{"old algorithm, MACs removed", func(audit.Entry) string { return "" }, false},
		{"MACs under a guessed key", func(e audit.Entry) string { return audit.ComputeMAC(guessed, e.Hash) }, false},
		{"MACs under a key of their own, sealed to the vault", func(e audit.Entry) string { return audit.ComputeMAC(guessed, e.Hash) }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cpy := filepath.Join(t.TempDir(), "data")
			copyDir(t, dir, cpy)
			db := openRaw(t, cpy)
			first := deleteNoteReads(t, db, 40)
			recomputeChain(t, db, tc.mac, tc.forge)
			if tc.forge {
				forgeAuditKey(t, db, guessed)
			}
			db.Close()

			r := runBin(t, "", nil, "audit", "verify", "--data", cpy)
			oneLineError(t, r, "audit verify after the attack")
			if r.code != 1 {
				t.Errorf("audit verify after the attack exited %d, want 1", r.code)
			}
			want := first
			if tc.forge {
				want = "audit key"
			}
			if !strings.Contains(r.stderr, want) {
				t.Errorf("audit verify does not name %s:\n%s", want, r)
			}
			r = runBin(t, "", nil, "audit", "verify", "--data", cpy, "--checkpoint", cp)
			oneLineError(t, r, "audit verify --checkpoint after the attack")
			if r.code != 1 {
				t.Errorf("audit verify --checkpoint after the attack exited %d, want 1", r.code)
			}
		})
	}

	t.Run("log cut back below the checkpoint", func(t *testing.T) {
		cpy := filepath.Join(t.TempDir(), "data")
		copyDir(t, dir, cpy)
		db := openRaw(t, cpy)
		mustExec(t, db, `DROP TRIGGER audit_no_delete`)
		var head int64
		if err := db.QueryRow(`SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&head); err != nil {
			t.Fatal(err)
		}
		// The newest three entries: the checkpoint's own record, the
		// entry it witnessed, and one before.
		mustExec(t, db, `DELETE FROM audit_log WHERE seq > ?`, head-3)
		mustExec(t, db, `UPDATE audit_head SET seq = ?, hash = (SELECT hash FROM audit_log WHERE seq = ?)`, head-3, head-3)
		db.Close()
		r := runBin(t, "", nil, "audit", "verify", "--data", cpy, "--checkpoint", cp)
		oneLineError(t, r, "audit verify --checkpoint after truncation")
		if r.code != 1 || !strings.Contains(r.stderr, "checkpoint") {
			t.Errorf("truncation below the checkpoint: want exit 1 naming the checkpoint\n%s", r)
		}
	})
}

func openRaw(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "confidant.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// deleteNoteReads drops the triggers and deletes the first n note.read
// entries; it returns the id of the first entry after the first deleted
// one, the first that a recomputed chain changes.
func deleteNoteReads(t *testing.T, db *sql.DB, n int) string {
	t.Helper()
	mustExec(t, db, `DROP TRIGGER audit_no_update`)
	mustExec(t, db, `DROP TRIGGER audit_no_delete`)
	var firstSeq int64
	if err := db.QueryRow(`SELECT min(seq) FROM audit_log WHERE event = 'note.read'`).Scan(&firstSeq); err != nil {
		t.Fatal(err)
	}
	res, err := db.Exec(`DELETE FROM audit_log WHERE seq IN (SELECT seq FROM audit_log WHERE event = 'note.read' ORDER BY seq LIMIT ?)`, n)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := res.RowsAffected(); got != int64(n) {
		t.Fatalf("deleted %d note.read entries, want %d", got, n)
	}
	var next string
	if err := db.QueryRow(`SELECT id FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1`, firstSeq).Scan(&next); err != nil {
		t.Fatal(err)
	}
	return next
}

// recomputeChain renumbers the entries and recomputes every hash and the
// head with the public recipe; mac gives the MAC of each entry it changed
// (or of every entry, when all is set).
func recomputeChain(t *testing.T, db *sql.DB, mac func(audit.Entry) string, all bool) {
	t.Helper()
	rows, err := db.Query(`SELECT seq, id, at, event, actor_id, subject, detail, hash, mac FROM audit_log ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	var es []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at int64
		if err := rows.Scan(&e.Seq, &e.ID, &at, &e.Event, &e.ActorID, &e.Subject, &e.Detail, &e.Hash, &e.MAC); err != nil {
			t.Fatal(err)
		}
		e.At = time.Unix(at, 0)
		es = append(es, e)
	}
	rows.Close()
	prev := audit.Genesis
	for i, e := range es {
		oldSeq, oldHash := e.Seq, e.Hash
		e.Seq, e.PrevHash = int64(i+1), prev
		e.Hash = audit.ComputeHash(e)
		if all || e.Hash != oldHash {
			e.MAC = mac(e)
		}
		mustExec(t, db, `UPDATE audit_log SET seq = ?, prev_hash = ?, hash = ?, mac = ? WHERE seq = ?`, e.Seq, e.PrevHash, e.Hash, e.MAC, oldSeq)
		prev = e.Hash
	}
	mustExec(t, db, `UPDATE audit_head SET seq = ?, hash = ?`, len(es), prev)
}

// forgeAuditKey seals key to the vault's public recipients, as anyone can,
// in place of the vault's audit key, with a binding made up without the
// vault key.
func forgeAuditKey(t *testing.T, db *sql.DB, key []byte) {
	t.Helper()
	var vr, rr string
	if err := db.QueryRow(`SELECT value FROM meta WHERE key = 'vault_recipient'`).Scan(&vr); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT value FROM meta WHERE key = 'recovery_recipient'`).Scan(&rr); err != nil {
		t.Fatal(err)
	}
	ct, err := vault.Encrypt(key, vr, rr)
	if err != nil {
		t.Fatal(err)
	}
	guess := make([]byte, 32)
	rand.Read(guess)
	mustExec(t, db, `UPDATE meta SET value = ? WHERE key = 'audit_key_sealed'`, base64.StdEncoding.EncodeToString(ct))
	mustExec(t, db, `UPDATE meta SET value = ? WHERE key = 'audit_key_bind'`, audit.Bind(guess, key))
}

// TestAuditOnASealedVault: the command line without the vault key (user add)
// leaves its entry waiting; verify without the passphrase checks the chain
// and says the MACs were not checked; with it, the waiting entry is sealed
// and every MAC checked; a wrong passphrase is one line and exit 1.
func TestAuditOnASealedVault(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "data")
	pass := writeSecretFile(t, filepath.Join(tmp, "pass"), "correct horse battery staple")
	wrong := writeSecretFile(t, filepath.Join(tmp, "wrong"), "incorrect donkey battery stapler")
	initVault(t, dir, true, "--passphrase-file", pass)
	cliAddUser(t, dir, "counsellor@example.org", "counsellor", "Casey Counsellor")

	r := runBin(t, "", nil, "audit", "verify", "--data", dir)
	mustSucceed(t, r, "audit verify without the passphrase")
	if !strings.Contains(r.stdout, "MACs not checked") {
		t.Errorf("audit verify without the key does not say the MACs went unchecked: %s", r)
	}
	r = runBin(t, "", nil, "audit", "verify", "--data", dir, "--passphrase-file", wrong)
	oneLineError(t, r, "audit verify with a wrong passphrase")
	if r.code != 1 {
		t.Errorf("audit verify with a wrong passphrase exited %d, want 1", r.code)
	}
	r = runBin(t, "", []string{"CONFIDANT_PASSPHRASE_FILE=" + pass}, "audit", "verify", "--data", dir)
	mustSucceed(t, r, "audit verify with the passphrase")
	if !strings.Contains(r.stdout, "chain and MACs verified") {
		t.Errorf("audit verify with the key: %s", r)
	}
	cp := filepath.Join(tmp, "cp.json")
	r = runBin(t, "", nil, "audit", "checkpoint", "--data", dir, "--out", cp, "--passphrase-file", pass)
	mustSucceed(t, r, "audit checkpoint")

	a, err := app.Open(context.Background(), dir, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	es, _ := a.Store().ListAudit(context.Background(), store.AuditFilter{Event: audit.UserCreated})
	if len(es) != 2 || es[0].MAC == "" || es[0].ActorID != "cli" {
		t.Errorf("user.create entries after a keyed open: %+v", es)
	}
	if n, _ := a.Store().PendingAudit(context.Background()); n != 0 {
		t.Errorf("%d entries still wait after a keyed open", n)
	}
}

// TestRestoreRefusesABackupWhoseLogWasCutBelowItsCheckpoint: a backup
// carries a checkpoint, and restore checks the backed-up log against it.
func TestRestoreRefusesABackupWhoseLogWasCutBelowItsCheckpoint(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	dir, recovery := newCounsellorVault(t, true)
	backup := filepath.Join(tmp, "backup.age")
	mustSucceed(t, runBin(t, "", nil, "backup", "--data", dir, "--out", backup), "backup")

	rec, err := vault.ParseIdentity(recovery)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(backup)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := vault.DecryptStream(f, rec)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	tr := tar.NewReader(plain)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		files[h.Name] = b
		names = append(names, h.Name)
	}
	f.Close()
	if files[checkpointFile] == nil {
		t.Fatalf("the backup holds no %s: %v", checkpointFile, names)
	}

	// Cut the backed-up log back to its first entry, head and all.
	work := filepath.Join(tmp, "work")
	os.MkdirAll(work, 0o700)
	if err := os.WriteFile(filepath.Join(work, "confidant.db"), files["confidant.db"], 0o600); err != nil {
		t.Fatal(err)
	}
	db := openRaw(t, work)
	mustExec(t, db, `DROP TRIGGER audit_no_delete`)
	mustExec(t, db, `DELETE FROM audit_log WHERE seq > 1`)
	mustExec(t, db, `UPDATE audit_head SET seq = 1, hash = (SELECT hash FROM audit_log WHERE seq = 1)`)
	mustExec(t, db, `PRAGMA wal_checkpoint(TRUNCATE)`)
	db.Close()
	if files["confidant.db"], err = os.ReadFile(filepath.Join(work, "confidant.db")); err != nil {
		t.Fatal(err)
	}

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, n := range names {
		tw.WriteHeader(&tar.Header{Name: n, Mode: 0o600, Size: int64(len(files[n])), Typeflag: tar.TypeReg})
		tw.Write(files[n])
	}
	tw.Close()
	forged := filepath.Join(tmp, "forged.age")
	out, err := os.Create(forged)
	if err != nil {
		t.Fatal(err)
	}
	if err := vault.EncryptStream(out, &buf, rec.Recipient()); err != nil {
		t.Fatal(err)
	}
	out.Close()

	keyFile := writeSecretFile(t, filepath.Join(tmp, "recovery.key"), recovery)
	target := filepath.Join(tmp, "restored")
	r := runBin(t, "", nil, "restore", "--in", forged, "--data", target, "--identity", keyFile)
	oneLineError(t, r, "restore of a backup whose log was cut")
	if !strings.Contains(r.stderr, "checkpoint") {
		t.Errorf("restore does not say the log does not match the checkpoint: %s", r)
	}
	if _, err := os.Stat(target); err == nil {
		t.Errorf("the refused restore created %s", target)
	}
}
