package main

// End-to-end tests: the real binary, built once (see e2e_helpers_test.go),
// run as child processes on real data directories, spoken to over real
// HTTP. Each test has its own t.TempDir() data directory and its own port,
// so they run in parallel.

import (
	"archive/tar"
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"

	"confidant/internal/audit"

	_ "github.com/mattn/go-sqlite3"
)

// TestInitRefusesExistingVault: a second init on a vault, or an init on a
// directory holding anything, refuses in one line and changes nothing.
func TestInitRefusesExistingVault(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	initVault(t, dir, true)
	before := snapshotDir(t, dir)

	r := runBin(t, e2ePassword+"\n", nil, "init", "--data", dir, "--admin-email", "other@example.org", "--unattended", "--classic-keys")
	oneLineError(t, r, "init on an existing vault")
	if after := snapshotDir(t, dir); !equalSnapshots(before, after) {
		t.Errorf("a refused init changed the vault: before %v, after %v", sortedNames(before), sortedNames(after))
	}
	if strings.Contains(r.stdout, "AGE-SECRET-KEY") {
		t.Errorf("a refused init printed a recovery identity:\n%s", r)
	}

	// A directory with something else in it is not touched either.
	other := t.TempDir()
	keep := filepath.Join(other, "notes.txt")
	if err := os.WriteFile(keep, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runBin(t, e2ePassword+"\n", nil, "init", "--data", other, "--admin-email", "a@example.org", "--unattended", "--classic-keys")
	oneLineError(t, r, "init on a non-empty directory")
	if es, _ := os.ReadDir(other); len(es) != 1 {
		t.Errorf("init on a non-empty directory left %d entries, want only notes.txt", len(es))
	}
}

// TestServeOnEmptyDirLeavesItEmpty: serve on a directory without a vault
// is a clear one-line error and creates nothing, in an empty directory or
// a missing one.
func TestServeOnEmptyDirLeavesItEmpty(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	r := runBin(t, "", nil, "serve", "--data", empty, "--addr", "127.0.0.1:0")
	oneLineError(t, r, "serve on an empty directory")
	if strings.Contains(r.stdout, "serving") {
		t.Errorf("serve on an empty directory says it serves:\n%s", r)
	}
	if es, err := os.ReadDir(empty); err != nil || len(es) != 0 {
		t.Errorf("serve on an empty directory left it with %d entries (%v)", len(es), err)
	}

	missing := filepath.Join(t.TempDir(), "nothing-here")
	r = runBin(t, "", nil, "serve", "--data", missing, "--addr", "127.0.0.1:0")
	oneLineError(t, r, "serve on a missing directory")
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serve on a missing directory created it (stat: %v)", err)
	}
}

// TestInitPassphraseAndWrongPassphraseIsOneLine: a passphrase-sealed vault
// serves with the right passphrase file and refuses a wrong one with exit 1
// and one line.
func TestInitPassphraseAndWrongPassphraseIsOneLine(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "data")
	good := writeSecretFile(t, filepath.Join(tmp, "pass"), "correct horse battery staple")
	wrong := writeSecretFile(t, filepath.Join(tmp, "wrong"), "incorrect donkey battery stapler")

	r, _ := initVault(t, dir, true, "--passphrase-file", good)
	if strings.Contains(r.stdout, "--unattended") {
		t.Errorf("a sealed init warns about --unattended:\n%s", r)
	}
	for _, secret := range []string{"correct horse battery staple", e2ePassword} {
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("init printed a secret it was given (%q):\n%s", secret, r)
		}
	}
	key, err := os.ReadFile(filepath.Join(dir, "vault.key"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(key, []byte("AGE-SECRET-KEY")) {
		t.Fatal("vault.key holds the identity in clear although a passphrase was given")
	}

	r = runBin(t, "", nil, "serve", "--data", dir, "--addr", "127.0.0.1:0", "--passphrase-file", wrong)
	oneLineError(t, r, "serve with a wrong passphrase")
	if r.code != 1 {
		t.Errorf("serve with a wrong passphrase exited %d, want 1", r.code)
	}

	r = runBin(t, "", nil, "serve", "--data", dir, "--addr", "127.0.0.1:0")
	oneLineError(t, r, "serve on a sealed vault with no passphrase")

	for _, how := range []struct {
		name  string
		env   []string
		extra []string
		stop  os.Signal
	}{
		{"flag", nil, []string{"--passphrase-file", good}, syscall.SIGINT},
		{"env", []string{"CONFIDANT_PASSPHRASE_FILE=" + good}, nil, syscall.SIGTERM},
	} {
		s := startServe(t, dir, how.env, how.extra...)
		resp, err := http.Get(s.base + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || len(b) == 0 || len(b) > 64 {
			t.Errorf("%s: /healthz answered %d %q, want 200 and a short body", how.name, resp.StatusCode, b)
		}
		t.Logf("sealed vault (%s): serving after %v", how.name, s.startup.Round(time.Millisecond))
		s.stopWith(how.stop)
	}
}

// TestKillNineLosesNoSavedNote: every note the server answered 303 for is
// there after a SIGKILL at an arbitrary moment during a burst of concurrent
// writes, over several kill-and-restart rounds on the same directory; the
// restart is quick and the audit chain stays intact.
func TestKillNineLosesNoSavedNote(t *testing.T) {
	t.Parallel()
	dir, _ := newCounsellorVault(t, true)
	s := startServe(t, dir, nil)
	c := newE2EClient(t, s.base)
	c.login("counsellor@example.org", e2ePassword)
	id := c.newClientRecord("Kill Nine Client")

	const rounds = 3
	var saved []string // every body ever answered 303
	sent := 0          // every POST that may have reached the server
	for round := 1; round <= rounds; round++ {
		acked, tried := noteBurstThenKill(t, s, c, id, round)
		saved = append(saved, acked...)
		sent += tried

		s = startServe(t, dir, nil)
		// How fast a restart is belongs to BenchmarkServeStartup100kNotes (make bench),
		// not to a timed assertion that a busy machine can fail.
		c = newE2EClient(t, s.base)
		c.login("counsellor@example.org", e2ePassword)
		total, bodies := c.allNotes(id)
		shown := map[string]int{}
		for _, b := range bodies {
			shown[strings.TrimSpace(b)]++
		}
		lost := 0
		for _, b := range saved {
			if shown[b] != 1 {
				lost++
				t.Errorf("round %d: acknowledged note %q is shown %d times after the restart", round, b, shown[b])
			}
		}
		if total < len(saved) || total > sent || len(bodies) != total {
			t.Errorf("round %d: the page counts %d notes and shows %d; %d were acknowledged, at most %d sent", round, total, len(bodies), len(saved), sent)
		}
		t.Logf("round %d: %d acknowledged before the kill, %d sent; after restart (%v) %d notes, %d lost",
			round, len(acked), tried, s.startup.Round(time.Millisecond), total, lost)
	}
	s.stop()

	r := runBin(t, "", nil, "audit", "verify", "--data", dir)
	if r.code != 0 || strings.Count(strings.TrimRight(r.stdout, "\n"), "\n") != 0 {
		t.Errorf("audit verify after kill -9 and restart:\n%s", r)
	}
}

// noteBurstThenKill has four goroutines post ten notes each as fast as the
// server answers, and sends SIGKILL once a random number of them have been
// answered 303. It returns the bodies answered 303 (before or as the kill
// landed) and how many POSTs were sent.
func noteBurstThenKill(t *testing.T, s *e2eServer, c *e2eClient, clientID string, round int) (acked []string, sent int) {
	t.Helper()
	const workers, perWorker = 4, 10
	killAfter := 1 + rand.IntN(workers*perWorker-8)
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	ackc := make(chan struct{}, workers*perWorker)
	date := sessionDate()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				body := fmt.Sprintf("kill nine r%d w%d n%02d %08x", round, w, i, rand.Uint32())
				mu.Lock()
				sent++
				mu.Unlock()
				resp, _, err := c.post("/clients/"+clientID+"/notes", url.Values{"session_date": {date}, "body": {body}})
				if err != nil {
					return // the server is gone
				}
				switch resp.StatusCode {
				case http.StatusSeeOther:
					mu.Lock()
					acked = append(acked, body)
					mu.Unlock()
					ackc <- struct{}{}
				case http.StatusServiceUnavailable: // busy: nothing saved, by contract
				default:
					t.Errorf("POST note: status %d", resp.StatusCode)
					return
				}
			}
		}()
	}
	allDone := make(chan struct{})
	go func() { wg.Wait(); close(allDone) }()
	// A few microseconds of jitter on top of the count, so the kill lands
	// at a different point of a request each time.
	jitter := time.Duration(rand.IntN(3000)) * time.Microsecond
	n := 0
wait:
	for n < killAfter {
		select {
		case <-ackc:
			n++
		case <-allDone:
			break wait
		case <-time.After(20 * time.Second):
			s.kill()
			t.Fatalf("only %d notes acknowledged in 20 s", n)
		}
	}
	time.Sleep(jitter)
	s.kill()
	<-allDone
	if code := s.cmd.ProcessState.ExitCode(); code != -1 {
		t.Logf("round %d: serve had exited by itself (%d) before the kill", round, code)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(acked) == workers*perWorker {
		t.Logf("round %d: every note was acknowledged before the kill landed", round)
	}
	return acked, sent
}

// TestBackupOpensWithStockAgeAndRestores: a backup taken while serve runs
// opens with the stock age CLI and the recovery identity, holds the
// database, vault key and recovery recipient, and restores into a new
// directory that serves the same note. Post-quantum keys, the default.
func TestBackupOpensWithStockAgeAndRestores(t *testing.T) {
	t.Parallel()
	_, ageBin := binaries(t)
	tmp := t.TempDir()
	dir, recovery := newCounsellorVault(t, false)
	if !strings.HasPrefix(recovery, "AGE-SECRET-KEY-PQ-") {
		t.Logf("note: default recovery identity is not a PQ identity: %.20s…", recovery)
	}
	keyFile := writeSecretFile(t, filepath.Join(tmp, "recovery.key"), recovery)

	s := startServe(t, dir, nil)
	c := newE2EClient(t, s.base)
	c.login("counsellor@example.org", e2ePassword)
	const name, note = "Backup Client Ottilie", "Session before the backup: talked about the allotment."
	id := c.newClientRecord(name)
	c.addNote(id, sessionDate(), note)

	backup := filepath.Join(tmp, "backup.age")
	r := runBin(t, "", nil, "backup", "--data", dir, "--out", backup)
	mustSucceed(t, r, "backup while serve runs")
	if fi, err := os.Stat(backup); err != nil || fi.Size() == 0 {
		t.Fatalf("no backup file: %v", err)
	}
	if _, err := os.Stat(backup + ".partial"); err == nil {
		t.Error("backup left its .partial file behind")
	}
	r = runBin(t, "", nil, "backup", "--data", dir, "--out", backup)
	oneLineError(t, r, "backup onto an existing file")

	// The stock age tool opens it with the recovery identity alone.
	tarFile := filepath.Join(tmp, "backup.tar")
	r = runProg(t, ageBin, "", nil, "-d", "-i", keyFile, "-o", tarFile, backup)
	mustSucceed(t, r, "age -d -i recovery.key")
	files := readTar(t, tarFile)
	want := []string{"audit-checkpoint.json", "confidant.db", "recovery.pub", "vault.key"}
	if got := sortedNames(files); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("the backup holds %v, want %v", got, want)
	}
	// The backup's checkpoint witnesses the live log, which has grown since.
	cpFile := filepath.Join(tmp, "checkpoint.json")
	if err := os.WriteFile(cpFile, files["audit-checkpoint.json"], 0o600); err != nil {
		t.Fatal(err)
	}
	r = runBin(t, "", nil, "audit", "verify", "--data", dir, "--checkpoint", cpFile)
	mustSucceed(t, r, "audit verify against the backup's checkpoint")
	if !strings.Contains(r.stdout, "checkpoint") {
		t.Errorf("audit verify --checkpoint does not say the checkpoint matched: %s", r)
	}
	if !bytes.HasPrefix(files["confidant.db"], []byte("SQLite format 3\x00")) {
		t.Error("confidant.db in the backup is not an SQLite database")
	}
	for _, f := range []string{"recovery.pub", "vault.key"} {
		orig, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(orig, files[f]) {
			t.Errorf("%s in the backup differs from the vault's", f)
		}
	}
	for _, needle := range []string{name, note} {
		if bytes.Contains(files["confidant.db"], []byte(needle)) {
			t.Errorf("the backed-up database holds %q in clear", needle)
		}
	}

	// Restore into a new directory and serve it: the same note.
	restored := filepath.Join(tmp, "restored")
	r = runBin(t, "", nil, "restore", "--in", backup, "--data", restored, "--identity", keyFile)
	mustSucceed(t, r, "restore")
	s2 := startServe(t, restored, nil)
	c2 := newE2EClient(t, s2.base)
	c2.login("counsellor@example.org", e2ePassword)
	page := html.UnescapeString(c2.mustGet("/clients/" + id))
	if !strings.Contains(page, note) || !strings.Contains(page, name) {
		t.Errorf("the restored vault does not show the client and note:\n%s", page)
	}
	s2.stop()
	s.stop()
	r = runBin(t, "", nil, "audit", "verify", "--data", restored)
	mustSucceed(t, r, "audit verify on the restored vault")

	// restore refuses a non-empty directory and leaves it as it was.
	busy := t.TempDir()
	if err := os.WriteFile(filepath.Join(busy, "keep.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	r = runBin(t, "", nil, "restore", "--in", backup, "--data", busy, "--identity", keyFile)
	oneLineError(t, r, "restore into a non-empty directory")
	if es, _ := os.ReadDir(busy); len(es) != 1 {
		t.Errorf("restore into a non-empty directory left %d entries there, want 1", len(es))
	}

	// ... and a wrong identity, in one line, writing nothing.
	_, otherRecovery := initVault(t, filepath.Join(tmp, "other"), true)
	wrongKey := writeSecretFile(t, filepath.Join(tmp, "wrong.key"), otherRecovery)
	target := filepath.Join(tmp, "never")
	r = runBin(t, "", nil, "restore", "--in", backup, "--data", target, "--identity", wrongKey)
	oneLineError(t, r, "restore with a wrong identity")
	if _, err := os.Stat(target); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("restore with a wrong identity created %s (stat: %v)", target, err)
	}
	if es, _ := filepath.Glob(filepath.Join(tmp, ".confidant-restore-*")); len(es) != 0 {
		t.Errorf("restore left staging directories behind: %v", es)
	}
	garbage := writeSecretFile(t, filepath.Join(tmp, "garbage.key"), "not an identity")
	r = runBin(t, "", nil, "restore", "--in", backup, "--data", target, "--identity", garbage)
	oneLineError(t, r, "restore with a file that holds no identity")

	// A damaged (truncated) backup is refused and half a vault is never
	// left behind.
	whole, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(tmp, "truncated.age")
	if err := os.WriteFile(truncated, whole[:len(whole)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	r = runBin(t, "", nil, "restore", "--in", truncated, "--data", target, "--identity", keyFile)
	oneLineError(t, r, "restore of a truncated backup")
	if _, err := os.Stat(target); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("restore of a truncated backup created %s (stat: %v)", target, err)
	}
	if es, _ := filepath.Glob(filepath.Join(tmp, ".confidant-restore-*")); len(es) != 0 {
		t.Errorf("restore left staging directories behind: %v", es)
	}

	// An existing empty directory is a fine target.
	emptyTarget := t.TempDir()
	r = runBin(t, "", nil, "restore", "--in", backup, "--data", emptyTarget, "--identity", keyFile)
	mustSucceed(t, r, "restore into an existing empty directory")
	r = runBin(t, "", []string{"CONFIDANT_DATA=" + emptyTarget}, "audit", "verify")
	mustSucceed(t, r, "audit verify with CONFIDANT_DATA on the restored vault")

	// A backup of a directory with no vault is one line and no file.
	noVaultOut := filepath.Join(tmp, "novault.age")
	r = runBin(t, "", nil, "backup", "--data", t.TempDir(), "--out", noVaultOut)
	oneLineError(t, r, "backup of a directory with no vault")
	if _, err := os.Stat(noVaultOut); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed backup left %s behind", noVaultOut)
	}
}

// TestAuditVerifyDetectsEdit: with the append-only triggers dropped, an
// edited entry, a deleted middle entry and a deleted last entry are each
// found, and verify names the first bad entry's id; an intact log passes
// with one line.
func TestAuditVerifyDetectsEdit(t *testing.T) {
	t.Parallel()
	dir, _ := newCounsellorVault(t, true)
	s := startServe(t, dir, nil)
	c := newE2EClient(t, s.base)
	c.login("counsellor@example.org", e2ePassword)
	id := c.newClientRecord("Audit Client")
	for i := range 3 {
		c.addNote(id, sessionDate(), fmt.Sprintf("audit note %d", i))
	}
	c.mustGet("/clients/" + id)
	s.stop()

	r := runBin(t, "", nil, "audit", "verify", "--data", dir)
	if r.code != 0 || strings.TrimSpace(r.stdout) == "" || strings.Contains(strings.TrimRight(r.stdout, "\n"), "\n") || r.stderr != "" {
		t.Fatalf("audit verify on an intact log: want exit 0 and one line on stdout\n%s", r)
	}

	type entry struct {
		seq               int64
		id, event, detail string
	}
	entries := func(db *sql.DB) []entry {
		rows, err := db.Query(`SELECT seq, id, event, detail FROM audit_log ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var es []entry
		for rows.Next() {
			var e entry
			if err := rows.Scan(&e.seq, &e.id, &e.event, &e.detail); err != nil {
				t.Fatal(err)
			}
			es = append(es, e)
		}
		return es
	}
	// tamper copies the vault, opens its database directly, drops the
	// triggers, applies change and returns the copy's dir and the id verify
	// must name (empty: any one line will do).
	tamper := func(t *testing.T, change func(db *sql.DB, es []entry) string) (string, string) {
		cp := filepath.Join(t.TempDir(), "data")
		copyDir(t, dir, cp)
		db, err := sql.Open("sqlite3", "file:"+filepath.Join(cp, "confidant.db")+"?_busy_timeout=5000")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		es := entries(db)
		if len(es) < 6 {
			t.Fatalf("only %d audit entries after the activity", len(es))
		}
		if _, err := db.Exec(`UPDATE audit_log SET detail = 'x' WHERE id = ?`, es[1].id); err == nil {
			t.Error("the audit_log accepted an UPDATE with its triggers in place")
		}
		for _, trg := range []string{"audit_no_update", "audit_no_delete"} {
			if _, err := db.Exec(`DROP TRIGGER ` + trg); err != nil {
				t.Fatalf("drop trigger %s: %v", trg, err)
			}
		}
		want := change(db, es)
		return cp, want
	}
	exec1 := func(t *testing.T, db *sql.DB, q string, args ...any) {
		t.Helper()
		res, err := db.Exec(q, args...)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("%s changed %d rows, want 1", q, n)
		}
	}
	cases := []struct {
		name   string
		change func(t *testing.T, db *sql.DB, es []entry) string
	}{
		{"edited detail", func(t *testing.T, db *sql.DB, es []entry) string {
			e := es[len(es)/2]
			exec1(t, db, `UPDATE audit_log SET detail = detail || ' (edited)' WHERE id = ?`, e.id)
			return e.id
		}},
		{"edited event", func(t *testing.T, db *sql.DB, es []entry) string {
			e := es[2]
			exec1(t, db, `UPDATE audit_log SET event = 'signout' WHERE id = ?`, e.id)
			return e.id
		}},
		{"edited with its hash recomputed", func(t *testing.T, db *sql.DB, es []entry) string {
			// An editor who knows the hash recipe rewrites the entry's own
			// hash; its MAC, which needs the vault's audit key, no longer
			// matches.
			e := es[len(es)/2]
			var a audit.Entry
			var at int64
			if err := db.QueryRow(`SELECT seq, id, at, event, actor_id, subject, detail, prev_hash FROM audit_log WHERE id = ?`, e.id).
				Scan(&a.Seq, &a.ID, &at, &a.Event, &a.ActorID, &a.Subject, &a.Detail, &a.PrevHash); err != nil {
				t.Fatal(err)
			}
			a.At = time.Unix(at, 0)
			a.Subject = "someone-else"
			exec1(t, db, `UPDATE audit_log SET subject = ?, hash = ? WHERE id = ?`, a.Subject, audit.ComputeHash(a), a.ID)
			return e.id
		}},
		{"deleted middle entry", func(t *testing.T, db *sql.DB, es []entry) string {
			i := len(es) / 2
			exec1(t, db, `DELETE FROM audit_log WHERE id = ?`, es[i].id)
			return es[i+1].id // the first entry that no longer follows on
		}},
		{"deleted last entry", func(t *testing.T, db *sql.DB, es []entry) string {
			exec1(t, db, `DELETE FROM audit_log WHERE id = ?`, es[len(es)-1].id)
			return ""
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cp, want := tamper(t, func(db *sql.DB, es []entry) string { return tc.change(t, db, es) })
			r := runBin(t, "", nil, "audit", "verify", "--data", cp)
			oneLineError(t, r, "audit verify after "+tc.name)
			if r.code != 1 {
				t.Errorf("audit verify after %s exited %d, want 1", tc.name, r.code)
			}
			if want != "" && !strings.Contains(r.stderr, want) {
				t.Errorf("audit verify after %s does not name entry %s:\n%s", tc.name, want, r)
			}
		})
	}
}

// TestNoPlaintextOnDisk: after a flow through the real server, no file in
// the data directory (database, WAL, shared memory, keys, anything) holds a
// client's name, contact details, note text, addendum, staff name or a
// password, in any case or in UTF-16; neither does serve's output.
func TestNoPlaintextOnDisk(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	initVault(t, dir, true)
	const staffName, secondName = "Ottoline Brackenbury", "Peregrine Thistlewood"
	cliAddUser(t, dir, "counsellor@example.org", "counsellor", staffName)
	const (
		name     = "Zephyrine Quillfeather"
		contact  = "Marrowbone Lane, 07700 900461"
		note     = "She spoke about the lighthouse keeper's ledger."
		revised  = "Revised: the lighthouse keeper's ledger, and the tide tables."
		addendum = "Addendum: the Saltmarsh Quintessa letter arrived."
		badPass  = "Quillfeather wrong passphrase"
	)
	needles := []string{name, "Zephyrine", "Quillfeather", contact, "Marrowbone", "lighthouse keeper", "tide tables", "Saltmarsh Quintessa", staffName, secondName, e2ePassword, badPass}

	s := startServe(t, dir, nil)
	// A failed sign-in with a distinctive password first.
	anon := newE2EClient(t, s.base)
	tok := csrfFrom(anon.mustGet("/login"))
	if resp, _, err := anon.post("/login", url.Values{"email": {"counsellor@example.org"}, "password": {badPass}, "csrf_token": {tok}}); err != nil || resp.StatusCode == http.StatusSeeOther {
		t.Fatalf("a wrong password signed in (%v)", err)
	}

	c := newE2EClient(t, s.base)
	c.login("counsellor@example.org", e2ePassword)
	loc := c.mustPost("/clients", url.Values{"name": {name}, "contact": {contact}})
	id := strings.TrimPrefix(strings.SplitN(loc, "#", 2)[0], "/clients/")
	c.addNote(id, sessionDate(), note)
	page := c.mustGet("/clients/" + id)
	noteID := textBetween(page, `id="note-`, `"`)
	if noteID == "" {
		t.Fatalf("no note id on the client page:\n%s", page)
	}
	c.mustPost("/clients/"+id+"/notes/"+noteID, url.Values{"session_date": {sessionDate()}, "body": {revised}})
	c.mustPost("/clients/"+id+"/notes/"+noteID+"/sign", url.Values{})
	c.mustPost("/clients/"+id+"/notes/"+noteID+"/addenda", url.Values{"body": {addendum}})
	if resp, body, err := c.post("/clients/search", url.Values{"q": {"Quillfeather"}}); err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(body, "Quillfeather") {
		t.Fatalf("client search: %v %v", err, resp)
	}

	// user add works while serve runs, and the new account signs in.
	cliAddUser(t, dir, "second@example.org", "counsellor", secondName)
	c2 := newE2EClient(t, s.base)
	c2.login("second@example.org", e2ePassword)
	if !strings.Contains(html.UnescapeString(c2.mustGet("/clients")), secondName) {
		t.Errorf("the account added while serving does not see its own name on /clients")
	}
	if code, _ := c2.get("/clients/" + id); code != http.StatusNotFound {
		t.Errorf("another counsellor's client answered %d, want 404", code)
	}
	page = html.UnescapeString(c.mustGet("/clients/" + id))
	for _, want := range []string{name, contact, revised, addendum, staffName} {
		if !strings.Contains(page, want) {
			t.Errorf("the client page does not show %q (the flow did not happen as planned)", want)
		}
	}

	scanDir(t, dir, needles, "while serving")
	s.stop()
	scanDir(t, dir, needles, "after stopping")
	// Staff email addresses are stored in clear (they are how one signs
	// in) but are personal data all the same: not in the logs.
	for _, n := range append(needles, "counsellor@example.org", "second@example.org") {
		for stream, out := range map[string]string{"stdout": s.stdout.String(), "stderr": s.stderr.String()} {
			if strings.Contains(strings.ToLower(out), strings.ToLower(n)) {
				t.Errorf("serve's %s contains %q:\n%s", stream, n, out)
			}
		}
	}
}

// TestSubcommandHelp: every command and subcommand has -h, which exits 0
// and prints its usage.
func TestSubcommandHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"-h"},
		{"init", "-h"},
		{"serve", "-h"},
		{"user", "-h"},
		{"user", "add", "-h"},
		{"backup", "-h"},
		{"restore", "-h"},
		{"audit", "-h"},
		{"audit", "verify", "-h"},
		{"keys", "-h"},
		{"keys", "rotate", "-h"},
		{"keys", "recover", "-h"},
		{"check-request", "-h"},
		{"redact", "-h"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			r := runBin(t, "", nil, args...)
			out := r.stdout + r.stderr
			if r.code != 0 {
				t.Errorf("exit %d, want 0\n%s", r.code, r)
			}
			if !strings.Contains(strings.ToLower(out), "usage") {
				t.Errorf("no usage printed\n%s", r)
			}
			if strings.Contains(out, "goroutine ") {
				t.Errorf("panic\n%s", r)
			}
		})
	}
}

// TestBadFlagIsOneLine: a mistyped flag is an error like any other: one
// line on stderr and exit 2 (CONTRACT.md: "Every error is one clear line on
// stderr and a non-zero exit"), not the flag package's message followed by
// the whole usage text.
func TestBadFlagIsOneLine(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"init", "--bogus"},
		{"serve", "--bogus"},
		{"user", "add", "--bogus"},
		{"backup", "--bogus"},
		{"restore", "--bogus"},
		{"audit", "verify", "--bogus"},
		{"keys", "rotate", "--bogus"},
		{"keys", "recover", "--bogus"},
		{"check-request", "--bogus"},
		{"redact", "--bogus"},
		{"serve", "--addr"}, // a flag without its value
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			r := runBin(t, "", nil, args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2 for a bad call\n%s", r.code, r)
			}
			if n := len(strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")); n != 1 {
				t.Errorf("BUG: %d lines on stderr for a bad flag, want one (cmd/confidant/main.go newFlagSet sends the flag package's error and the full usage to stderr before run() prints its own line)\n%s", n, r)
			}
		})
	}
}

// snapshotDir reads every regular file under dir.
func snapshotDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equalSnapshots(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

func sortedNames(m map[string][]byte) []string {
	var ns []string
	for k := range m {
		ns = append(ns, k)
	}
	slices.Sort(ns)
	return ns
}

// copyDir copies the regular files of src (flat) into a new dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o700); err != nil {
		t.Fatal(err)
	}
	for rel, b := range snapshotDir(t, src) {
		fi, err := os.Stat(filepath.Join(src, rel))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, rel), b, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}

// readTar reads a tar of regular files into memory.
func readTar(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]byte{}
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("the decrypted backup is not a tar: %v", err)
		}
		if h.Typeflag != tar.TypeReg {
			t.Errorf("the backup holds a non-file entry %q (type %c)", h.Name, h.Typeflag)
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out[h.Name] = b
	}
}

// scanDir fails for each needle found in any file under dir: as bytes, in
// any letter case, or as UTF-16 (either byte order).
func scanDir(t *testing.T, dir string, needles []string, when string) {
	t.Helper()
	files := snapshotDir(t, dir)
	if len(files) == 0 {
		t.Fatalf("no files in %s", dir)
	}
	for rel, b := range files {
		lower := bytes.ToLower(b)
		for _, n := range needles {
			forms := map[string][]byte{
				"as is":       []byte(n),
				"lower case":  []byte(strings.ToLower(n)),
				"UTF-16LE":    utf16Bytes(n, false),
				"UTF-16BE":    utf16Bytes(n, true),
				"UTF-16LE lc": utf16Bytes(strings.ToLower(n), false),
			}
			for form, pat := range forms {
				hay := b
				if form == "lower case" || form == "UTF-16LE lc" {
					hay = lower
				}
				if bytes.Contains(hay, pat) {
					t.Errorf("%s: %s holds %q (%s)", when, rel, n, form)
				}
			}
		}
	}
}

func utf16Bytes(s string, bigEndian bool) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// between is the text of s after the first start and before the next end.
func textBetween(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	j := strings.Index(s, end)
	if j < 0 {
		return ""
	}
	return s[:j]
}
