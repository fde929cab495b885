package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"confidant/internal/audit"
)

var testAuditKey = []byte("0123456789abcdef0123456789abcdef")

func openAuditDB(t *testing.T) *DB {
	t.Helper()
	d, err := Open(context.Background(), filepath.Join(t.TempDir(), DBFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func mustVerify(t *testing.T, d *DB, cp *audit.Checkpoint) int {
	t.Helper()
	n, p, err := d.VerifyAuditAgainst(context.Background(), cp)
	if err != nil || p != nil {
		t.Fatalf("verify: %v %v", p, err)
	}
	return n
}

func TestEntriesWrittenWithoutTheKeyWaitAndAreSealedByTheNextKeyedWriter(t *testing.T) {
	ctx := context.Background()
	d := openAuditDB(t)
	d.SetAuditKey(testAuditKey, "")
	if err := d.Audit(ctx, Event{Type: "vault.init", ActorID: "cli", Subject: "vault"}); err != nil {
		t.Fatal(err)
	}
	// The command line, without the key (a second handle on the same file).
	cli, err := Open(ctx, filepath.Join(filepath.Dir(dbPath(t, d)), DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	if err := cli.Audit(ctx, Event{Type: "user.create", ActorID: "cli", Subject: "u1"}); err != nil {
		t.Fatal(err)
	}
	// Someone with the database file slips in an entry for another actor.
	if err := cli.Audit(ctx, Event{Type: "note.read", ActorID: "someone", Subject: "n1"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := d.PendingAudit(ctx); n != 2 {
		t.Fatalf("pending: %d, want 2", n)
	}
	if n := mustVerify(t, d, nil); n != 1 {
		t.Fatalf("verified %d entries before sealing, want 1", n)
	}
	if err := d.Audit(ctx, Event{Type: "signin.success", ActorID: "u1", Subject: "u1"}); err != nil {
		t.Fatal(err)
	}
	es, err := d.ListAudit(ctx, AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(es) - 1; i >= 0; i-- {
		got = append(got, es[i].Event+"/"+es[i].ActorID)
		if es[i].MAC == "" {
			t.Errorf("entry %d has no MAC", es[i].Seq)
		}
	}
	want := "vault.init/cli user.create/cli audit.pending_refused/system signin.success/u1"
	if strings.Join(got, " ") != want {
		t.Fatalf("log: %v\nwant %s", got, want)
	}
	if n, _ := d.PendingAudit(ctx); n != 0 {
		t.Fatalf("pending after sealing: %d", n)
	}
	mustVerify(t, d, nil)
}

func dbPath(t *testing.T, d *DB) string {
	t.Helper()
	var seq int
	var name, file string
	if err := d.db.QueryRow(`PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	return file
}

// legacyEntries writes n entries the way the store did before entries had
// MACs.
func legacyEntries(t *testing.T, d *DB, n int) {
	t.Helper()
	d.SetAuditKey(testAuditKey, "")
	for i := 0; i < n; i++ {
		if err := d.Audit(context.Background(), Event{Type: "note.read", ActorID: "u", Subject: "n"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.db.Exec(`DROP TRIGGER audit_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.db.Exec(`UPDATE audit_log SET mac = ''`); err != nil {
		t.Fatal(err)
	}
	d.SetAuditKey(nil, "")
}

func TestAnUnkeyedLogIsKeyedByAnEntryThatVouchesForEverythingBefore(t *testing.T) {
	ctx := context.Background()
	d := openAuditDB(t)
	legacyEntries(t, d, 5)
	ok, err := d.InstallAuditKey(ctx, testAuditKey, "sealed", "bind")
	if err != nil || !ok {
		t.Fatalf("install: %v %v", ok, err)
	}
	if ok, err := d.InstallAuditKey(ctx, []byte("another key, another key, anothe"), "x", "y"); ok || err != nil {
		t.Fatalf("a second install: %v %v", ok, err)
	}
	if err := d.Audit(ctx, Event{Type: "signout", ActorID: "u", Subject: "u"}); err != nil {
		t.Fatal(err)
	}
	if n := mustVerify(t, d, nil); n != 7 {
		t.Fatalf("verified %d, want 5 old + keyed + signout", n)
	}
	head, _ := d.AuditHead(ctx)
	if head.Event != "signout" || head.Seq != 7 {
		t.Fatalf("head %+v", head)
	}
	keyed, _ := d.ListAudit(ctx, AuditFilter{Event: audit.Keyed})
	if len(keyed) != 1 || keyed[0].Seq != 6 || keyed[0].Detail != "unkeyed_entries=5" {
		t.Fatalf("keyed entry: %+v", keyed)
	}

	// Rewriting the unkeyed part, chain recomputed, breaks the keyed entry.
	if _, err := d.db.Exec(`UPDATE audit_log SET subject = 'other' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	rechain(t, d, func(e audit.Entry) string { return e.MAC })
	_, p, _ := d.VerifyAudit(ctx)
	if p == nil || p.Seq != 6 {
		t.Fatalf("rewritten unkeyed entry: %v, want the keyed entry (6) named", p)
	}
}

// rechain recomputes every hash and the head with the public recipe, as
// someone with the database file but not the key would, with mac choosing
// the MAC of each entry whose hash changed.
func rechain(t *testing.T, d *DB, mac func(audit.Entry) string) {
	t.Helper()
	var rs []entryRow
	if err := d.db.Select(&rs, `SELECT `+auditCols+` FROM audit_log ORDER BY seq`); err != nil {
		t.Fatal(err)
	}
	d.db.Exec(`DROP TRIGGER IF EXISTS audit_no_update`)
	prev := audit.Genesis
	for _, r := range rs {
		e := r.entry()
		old := e.Hash
		e.PrevHash = prev
		e.Hash = audit.ComputeHash(e)
		if e.Hash != old {
			e.MAC = mac(e)
		}
		if _, err := d.db.Exec(`UPDATE audit_log SET prev_hash = ?, hash = ?, mac = ? WHERE seq = ?`, e.PrevHash, e.Hash, e.MAC, e.Seq); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
	if _, err := d.db.Exec(`UPDATE audit_head SET hash = ?`, prev); err != nil {
		t.Fatal(err)
	}
}

func TestARecomputedChainFailsOnItsMACsWhateverTheMACs(t *testing.T) {
	guessed := []byte("guessed key guessed key guessed!")
	for name, mac := range map[string]func(audit.Entry) string{
		"old MACs left":   func(e audit.Entry) string { return e.MAC },
		"MACs removed":    func(audit.Entry) string { return "" },
		"a guessed key":   func(e audit.Entry) string { return audit.ComputeMAC(guessed, e.Hash) },
		"a hash for MACs": func(e audit.Entry) string { return e.Hash },
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			d := openAuditDB(t)
			d.SetAuditKey(testAuditKey, "")
			for range 6 {
				d.Audit(ctx, Event{Type: "note.read", ActorID: "u", Subject: "n"})
			}
			es, _ := d.ListAudit(ctx, AuditFilter{})
			third := es[len(es)-3]
			d.db.Exec(`DROP TRIGGER audit_no_update`)
			if _, err := d.db.Exec(`UPDATE audit_log SET detail = 'edited' WHERE seq = 3`); err != nil {
				t.Fatal(err)
			}
			rechain(t, d, mac)
			_, p, _ := d.VerifyAudit(ctx)
			if p == nil || p.ID != third.ID {
				t.Fatalf("problem %v, want entry %s named", p, third.ID)
			}
		})
	}
}

func TestACheckpointCatchesTruncationAndRewritingEvenWithoutTheKey(t *testing.T) {
	ctx := context.Background()
	d := openAuditDB(t)
	d.SetAuditKey(testAuditKey, "")
	for range 8 {
		d.Audit(ctx, Event{Type: "note.read", ActorID: "u", Subject: "n"})
	}
	head, err := d.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp := audit.NewCheckpoint(head, d.Now())
	if !cp.Authentic(testAuditKey) {
		t.Fatal("a checkpoint of a keyed head is not authentic")
	}
	d.Audit(ctx, Event{Type: "signout", ActorID: "u", Subject: "u"})
	mustVerify(t, d, &cp)

	forged := cp
	forged.MAC = audit.ComputeMAC([]byte("not the key, not the key, not it"), cp.Hash)
	if _, p, _ := d.VerifyAuditAgainst(ctx, &forged); p == nil {
		t.Fatal("a checkpoint with a MAC under another key was accepted")
	}

	// Cut the log back to entry 6 and fix the head: the chain and the
	// MACs still check out, the checkpoint does not.
	d.db.Exec(`DROP TRIGGER audit_no_delete`)
	d.db.Exec(`DELETE FROM audit_log WHERE seq > 6`)
	var h6 string
	d.db.Get(&h6, `SELECT hash FROM audit_log WHERE seq = 6`)
	d.db.Exec(`UPDATE audit_head SET seq = 6, hash = ?`, h6)
	mustVerify(t, d, nil)
	_, p, _ := d.VerifyAuditAgainst(ctx, &cp)
	if p == nil || !strings.Contains(p.Reason, "checkpoint") {
		t.Fatalf("truncation below the checkpoint: %v", p)
	}
	// Without the key (a sealed vault checked without its passphrase).
	d.SetAuditKey(nil, "")
	if _, p, _ := d.VerifyAuditAgainst(ctx, &cp); p == nil {
		t.Fatal("truncation below the checkpoint passed a check without the key")
	}
}

func TestARefusedAuditKeyFailsEveryVerification(t *testing.T) {
	d := openAuditDB(t)
	d.SetAuditKey(testAuditKey, "not bound")
	d.Audit(context.Background(), Event{Type: "signout", ActorID: "u", Subject: "u"})
	if _, p, _ := d.VerifyAudit(context.Background()); p == nil || p.ID != "(audit key)" {
		t.Fatalf("refused key: %v", p)
	}
}

// An entry's time reads back as the time it was written, to the second,
// through every reader of the log.
func TestAuditEntriesCarryTheirTime(t *testing.T) {
	ctx := context.Background()
	d := openTestDB(t)
	d.SetAuditKey(testAuditKey, "")
	now := time.Date(2026, 3, 4, 10, 11, 12, 345_000_000, time.UTC)
	d.SetClock(func() time.Time { return now })
	if err := d.Audit(ctx, Event{Type: "test.event", ActorID: "cli", Subject: "s"}); err != nil {
		t.Fatal(err)
	}
	es, err := d.ListAudit(ctx, AuditFilter{Event: "test.event"})
	if err != nil || len(es) != 1 || es[0].At.Unix() != now.Unix() {
		t.Fatalf("listed: %+v (%v)", es, err)
	}
	head, err := d.AuditHead(ctx)
	if err != nil || !head.At.Equal(es[0].At) {
		t.Fatalf("head: %+v (%v)", head, err)
	}
	if _, p, err := d.VerifyAudit(ctx); err != nil || p != nil {
		t.Fatalf("the chain over the time does not verify: %v %v", p, err)
	}
}
