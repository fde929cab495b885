package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"confidant/internal/app/apptest"
	"confidant/internal/app/clients"
	"confidant/internal/app/core"
	"confidant/internal/request"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// allBlobs reads every BLOB value in every table of the database file, as
// someone holding a copy of the data directory could.
func allBlobs(t *testing.T, dir string) [][]byte {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, store.DBFile)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var out [][]byte
	for _, tb := range tables {
		rows, err := db.Query(`SELECT * FROM "` + tb + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok && len(b) > 0 {
					out = append(out, append([]byte(nil), b...))
				}
			}
		}
		rows.Close()
	}
	return out
}

// readable returns every plaintext that the given identities can reach in
// the database: blobs they open directly, and blobs opened by any client
// identity those yield.
func readable(t *testing.T, dir string, ids ...*vault.Identity) [][]byte {
	t.Helper()
	blobs := allBlobs(t, dir)
	var out [][]byte
	for changed := true; changed; {
		changed = false
		for _, b := range blobs {
			for _, id := range ids {
				pt, err := id.Decrypt(b)
				if err != nil {
					continue
				}
				out = append(out, pt)
				if cid, err := vault.ParseIdentity(string(pt)); err == nil {
					known := false
					for _, x := range ids {
						known = known || x.String() == cid.String()
					}
					if !known {
						ids = append(ids, cid)
						changed = true
					}
				}
			}
		}
	}
	return out
}

func TestShreddedClientCannotBeReadWithVaultOrRecoveryKey(t *testing.T) {
	for _, kt := range []vault.KeyType{vault.Classic, vault.PostQuantum} {
		t.Run(string(kt), func(t *testing.T) {
			ctx := context.Background()
			dir, rec := apptest.InitWith(t, kt, "")
			recID, _ := vault.ParseIdentity(rec)
			a := apptest.Open(t, dir, "")
			actor := core.Actor(apptest.AddUser(t, a, "c@example.org", "Casey", "counsellor"))
			gone, err := a.Clients.CreateClient(ctx, actor, "Ottoline Farquharson", "07700 900461, Quince Lane")
			if err != nil {
				t.Fatal(err)
			}
			n1, _ := a.Clients.AddNote(ctx, actor, gone, "2025-01-05", "She spoke of the marmalade factory.")
			if err := a.Clients.SignNote(ctx, actor, gone, n1); err != nil {
				t.Fatal(err)
			}
			if err := a.Clients.AddAddendum(ctx, actor, gone, n1, "Correction: the jam factory at Wexcombe."); err != nil {
				t.Fatal(err)
			}
			a.Clients.AddNote(ctx, actor, gone, "2025-02-05", "A draft about the harbour ferry.")
			kept, _ := a.Clients.CreateClient(ctx, actor, "Kept Person", "")
			a.Clients.AddNote(ctx, actor, kept, time.Now().Format("2006-01-02"), "The kept client's lighthouse note.")
			secrets := []string{"Ottoline", "Farquharson", "900461", "Quince", "marmalade", "Wexcombe", "harbour ferry"}

			vaultID, err := vault.ReadKeyFile(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			before, _ := a.Store().ClientByID(ctx, gone)
			clientID, err := vault.UnwrapClientKey(before.WrappedKey, recID)
			if err != nil {
				t.Fatal("the recovery key does not open the client key before shredding")
			}
			// Before: the keys reach the client's records (the method works).
			if !reachable(readable(t, dir, vaultID, recID), "marmalade") {
				t.Fatal("before shredding, the note is not readable with the vault key")
			}

			admin := apptest.Staff(t, a, apptest.AdminEmail)
			if err := a.Clients.Shred(ctx, admin, gone, before.Reference, apptest.Password); !errors.Is(err, core.ErrNotFound) {
				t.Fatalf("shredding a client within retention: %v", err)
			}
			a.SetClock(func() time.Time { return time.Now().AddDate(8, 0, 0) })
			if err := a.Clients.Shred(ctx, admin, gone, before.Reference, apptest.Password); err != nil {
				t.Fatal(err)
			}

			// After: nothing either key can reach holds any of it, while the
			// kept client is still readable.
			pts := readable(t, dir, vaultID, recID)
			for _, s := range secrets {
				if reachable(pts, s) {
					t.Errorf("after shredding, %q is still readable", s)
				}
			}
			if !reachable(pts, "lighthouse") {
				t.Error("the kept client's note is no longer readable")
			}
			for _, pt := range pts {
				if string(pt) == clientID.String() {
					t.Error("the shredded client's identity is still reachable")
				}
			}
			// The notes themselves are still there, as ciphertext.
			ns, _ := a.Store().NotesByClient(ctx, gone, 10, 0)
			if len(ns) != 2 {
				t.Fatalf("%d notes left", len(ns))
			}
			for _, n := range ns {
				for _, id := range []*vault.Identity{vaultID, recID} {
					if _, err := id.Decrypt(n.BodyEnc); err == nil {
						t.Error("a note body opens with a vault-level key")
					}
				}
			}
			// No copy of the wrapped key survives in the files either (free
			// pages, the WAL): a copy would open with the recovery key.
			files, _ := os.ReadDir(dir)
			for _, f := range files {
				data, _ := os.ReadFile(filepath.Join(dir, f.Name()))
				for i := 0; i+48 <= len(before.WrappedKey); i += 48 {
					if bytes.Contains(data, before.WrappedKey[i:i+48]) {
						t.Errorf("%s still holds bytes %d-%d of the shredded client's wrapped key", f.Name(), i, i+48)
						break
					}
				}
			}
			// Pages of the app and the audit log say no more than ids.
			if _, _, err := a.Clients.Client(ctx, actor, gone); !errors.Is(err, core.ErrNotFound) {
				t.Fatalf("shredded client's page: %v", err)
			}
			if _, _, err := a.Clients.Notes(ctx, actor, gone, 20, 0); !errors.Is(err, core.ErrNotFound) {
				t.Fatalf("shredded client's notes: %v", err)
			}
			es, _ := a.Store().ListAudit(ctx, store.AuditFilter{Event: "client.shred"})
			if len(es) != 1 || es[0].Subject != gone || es[0].ActorID != admin.ID {
				t.Fatalf("audit: %+v", es)
			}
		})
	}
}

func reachable(pts [][]byte, s string) bool {
	for _, pt := range pts {
		if strings.Contains(string(pt), s) {
			return true
		}
	}
	return false
}

func TestShredBlockedIsConsulted(t *testing.T) {
	// ShredBlocked is the single place holds are decided; with none it
	// allows shredding.
	dir, _, _, id := newVault(t, "")
	a := apptest.Open(t, dir, "")
	if err := a.Clients.ShredBlocked(context.Background(), id); err != nil {
		t.Fatalf("no hold, yet blocked: %v", err)
	}
}

func TestOpenRequestPutsClientUnderPreservationHold(t *testing.T) {
	ctx := context.Background()
	dir, _, actor, id := newVault(t, "")
	a := apptest.Open(t, dir, "")
	c, _ := a.Store().ClientByID(ctx, id)
	r := store.Request{ClientID: id, Kind: "victim_information_request", Status: "checked", Verdict: "compliant",
		ReceivedOn: "2026-03-10", RecordEnc: []byte("x"), CreatedBy: actor.UserID, ClientVisible: true}
	_ = c
	if err := a.Store().CreateRequest(ctx, &r, nil, "checked"); err != nil {
		t.Fatal(err)
	}
	if err := a.Clients.ShredBlocked(ctx, id); !errors.Is(err, clients.ErrShredBlocked) {
		t.Fatalf("open request did not block shredding: %v", err)
	}
	for _, to := range []request.Status{request.StatusWithdrawn, request.StatusClosed} {
		cur, _ := a.Store().RequestByID(ctx, r.ID)
		act, _ := request.ManualAction(to)
		m := store.Move{RequestID: r.ID, From: cur.Status, To: to, Action: act, By: request.ActorLead, ActorID: actor.UserID, Version: cur.Version}
		if err := a.Store().TransitionRequest(ctx, m); err != nil {
			t.Fatal(err)
		}
		err := a.Clients.ShredBlocked(ctx, id)
		if to == "withdrawn" && err == nil {
			t.Fatal("a withdrawn but unclosed request lifted the hold")
		}
		if to == "closed" && err != nil {
			t.Fatalf("closed request still blocks: %v", err)
		}
	}
}
