package app_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"confidant/internal/access"
	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/app/requests"
	"confidant/internal/request"
	"confidant/internal/store"
	"confidant/internal/vault"
)

// benchNoteText is a realistic session note of about 1.5 KB.
var benchNoteText = strings.Repeat("Client arrived on time and spoke about the week; sleep is improving and flashbacks are less frequent. ", 15)

func benchApp(b *testing.B, kt vault.KeyType) (*app.App, access.Actor) {
	b.Helper()
	dir := apptest.Init(b, kt)
	a := apptest.Open(b, dir, "")
	u := apptest.AddUser(b, a, "c@example.org", "Counsellor", "counsellor")
	return a, core.Actor(u)
}

// seedNotes adds n notes to a new client, fast (one transaction of inserts
// of real ciphertext, not through AddNote).
func seedNotes(b *testing.B, a *app.App, actor access.Actor, n int) string {
	b.Helper()
	ctx := context.Background()
	id, err := a.Clients.CreateClient(ctx, actor, "Bench Client", "")
	if err != nil {
		b.Fatal(err)
	}
	c, _ := a.Store().ClientByID(ctx, id)
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		enc, err := vault.Encrypt([]byte(fmt.Sprintf("%d %s", i, benchNoteText)), c.Recipient)
		if err != nil {
			b.Fatal(err)
		}
		nt := store.Note{ClientID: id, AuthorID: actor.UserID, SessionDate: day.AddDate(0, 0, i).Format("2006-01-02"), BodyEnc: enc}
		if err := a.Store().CreateNote(ctx, &nt); err != nil {
			b.Fatal(err)
		}
	}
	return id
}

// bareDecrypt times n decryptions of one note on one core: the floor.
func bareDecrypt(b *testing.B, a *app.App, clientID string, n int) time.Duration {
	ctx := context.Background()
	c, _ := a.Store().ClientByID(ctx, clientID)
	ns, _ := a.Store().NotesByClient(ctx, clientID, 1, 0)
	cid, _ := a.Core().Keys.ClientIdentity(c.WrappedKey)
	start := time.Now()
	for i := 0; i < n; i++ {
		if _, err := cid.Decrypt(ns[0].BodyEnc); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

func report(b *testing.B, bare time.Duration) {
	per := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(per.Microseconds())/1000, "ms/op")
	b.ReportMetric(float64(bare.Microseconds())/1000, "bare-ms")
	b.ReportMetric(float64(per)/float64(bare), "x-bare")
}

// BenchmarkSaveNote: one note saved through the app (validation, one age
// encryption, one durable SQLite transaction with its audit entry), beside
// the bare work of one encryption and one insert.
func BenchmarkSaveNote(b *testing.B) {
	for _, kt := range []vault.KeyType{vault.PostQuantum, vault.Classic} {
		b.Run(string(kt), func(b *testing.B) {
			a, actor := benchApp(b, kt)
			ctx := context.Background()
			id, _ := a.Clients.CreateClient(ctx, actor, "Bench Client", "")
			c, _ := a.Store().ClientByID(ctx, id)
			const bareN = 50
			start := time.Now()
			for i := 0; i < bareN; i++ {
				enc, _ := vault.Encrypt([]byte(benchNoteText), c.Recipient)
				if _, err := a.Store().RawInsertNoteForBench(ctx, id, actor.UserID, enc); err != nil {
					b.Fatal(err)
				}
			}
			bare := time.Since(start) / bareN
			b.ResetTimer()
			for b.Loop() {
				if _, err := a.Clients.AddNote(ctx, actor, id, "2026-01-05", benchNoteText); err != nil {
					b.Fatal(err)
				}
			}
			report(b, bare)
		})
	}
}

// notesPerPage is the page size of a client's notes on her page.
const notesPerPage = 20

// BenchmarkClientPage500: the first page of a client with 500 notes (the
// target is under 20 ms), beside the bare decryptions the page needs.
func BenchmarkClientPage500(b *testing.B) {
	for _, kt := range []vault.KeyType{vault.PostQuantum, vault.Classic} {
		b.Run(string(kt), func(b *testing.B) {
			a, actor := benchApp(b, kt)
			id := seedNotes(b, a, actor, 500)
			ctx := context.Background()
			bare := bareDecrypt(b, a, id, notesPerPage+1)
			b.ResetTimer()
			for b.Loop() {
				if _, _, err := a.Clients.Client(ctx, actor, id); err != nil {
					b.Fatal(err)
				}
				ns, _, err := a.Clients.Notes(ctx, actor, id, notesPerPage, 0)
				if err != nil || len(ns) != notesPerPage {
					b.Fatal(err)
				}
			}
			report(b, bare)
		})
	}
}

// BenchmarkReadHistory500: all 500 notes decrypted (as an extract does),
// using both cores, beside the bare one-core decryptions (target ≤ 1.2×).
func BenchmarkReadHistory500(b *testing.B) {
	for _, kt := range []vault.KeyType{vault.PostQuantum, vault.Classic} {
		b.Run(string(kt), func(b *testing.B) {
			a, actor := benchApp(b, kt)
			id := seedNotes(b, a, actor, 500)
			ctx := context.Background()
			bare := bareDecrypt(b, a, id, 500)
			b.ResetTimer()
			for b.Loop() {
				ns, err := a.Clients.History(ctx, actor, id, "", "")
				if err != nil || len(ns) != 500 {
					b.Fatal(err, len(ns))
				}
			}
			report(b, bare)
			b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cores")
		})
	}
}

// BenchmarkClientList200: a counsellor's list of 200 clients, every name
// decrypted (target under 30 ms).
func BenchmarkClientList200(b *testing.B) {
	for _, kt := range []vault.KeyType{vault.PostQuantum, vault.Classic} {
		b.Run(string(kt), func(b *testing.B) {
			a, actor := benchApp(b, kt)
			ctx := context.Background()
			for i := 0; i < 200; i++ {
				if _, err := a.Clients.CreateClient(ctx, actor, fmt.Sprintf("Client %03d", i), ""); err != nil {
					b.Fatal(err)
				}
			}
			// Bare: one name decryption per client with warm client keys.
			cs, _ := a.Store().ClientsByCounsellor(ctx, actor.UserID)
			start := time.Now()
			for _, c := range cs {
				if _, err := a.Core().Keys.Decrypt(c.WrappedKey, c.NameEnc); err != nil {
					b.Fatal(err)
				}
			}
			bare := time.Since(start)
			b.ResetTimer()
			for b.Loop() {
				l, err := a.Clients.ListClients(ctx, actor, "")
				if err != nil || len(l) != 200 {
					b.Fatal(err)
				}
			}
			report(b, bare)
		})
	}
}

// BenchmarkOpen100kNotes: unlocking a vault whose database holds 100,000
// notes (serve's start-up work; targets: under 2 s, under 150 MB).
func BenchmarkOpen100kNotes(b *testing.B) {
	ctx := context.Background()
	dir := apptest.Init(b, vault.PostQuantum)
	a, err := app.Open(ctx, dir, "")
	if err != nil {
		b.Fatal(err)
	}
	u := apptest.AddUser(b, a, "c@example.org", "C", "counsellor")
	id, _ := a.Clients.CreateClient(ctx, core.Actor(u), "Client", "")
	c, _ := a.Store().ClientByID(ctx, id)
	enc, _ := vault.Encrypt([]byte(benchNoteText), c.Recipient)
	if err := a.Store().BulkInsertNotesForBench(ctx, 100_000, id, u.ID, enc); err != nil {
		b.Fatal(err)
	}
	a.Close()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		a, err := app.Open(ctx, dir, "")
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := a.Clients.Notes(ctx, core.Actor(u), id, notesPerPage, 0); err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		a.Close()
	}
	b.ReportMetric(float64(after.HeapAlloc)/(1<<20), "heap-MB")
}

// BenchmarkDashboard1000: the leads' dashboard (first page of 50) with
// 1,000 requests on record.
func BenchmarkDashboard1000(b *testing.B) {
	a, actor := benchApp(b, vault.Classic)
	ctx := context.Background()
	id, _ := a.Clients.CreateClient(ctx, actor, "Client", "")
	c, _ := a.Store().ClientByID(ctx, id)
	lead := apptest.AddUser(b, a, "lead@example.org", "Lead", "lead")
	enc, _ := vault.Encrypt([]byte(`{"kind":"victim_information_request"}`), c.Recipient)
	for i := 0; i < 1000; i++ {
		r := store.Request{ClientID: id, Kind: "victim_information_request", Force: "X Force", Status: "checked", Verdict: "compliant",
			ReceivedOn: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%300).Format("2006-01-02"), RecordEnc: enc, CreatedBy: lead.ID,
			FindingCodes: []request.Code{request.CodeNoticeToFollow}}
		if err := a.Store().CreateRequest(ctx, &r, nil, "checked"); err != nil {
			b.Fatal(err)
		}
	}
	la := core.Actor(lead)
	b.ResetTimer()
	for b.Loop() {
		rows, total, err := a.Requests.Dashboard(ctx, la, requests.Filter{Limit: 50})
		if err != nil || total != 1000 || len(rows) != 50 {
			b.Fatal(err, total)
		}
	}
}
