package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"confidant/internal/request"
	"confidant/internal/stats"
)

func openStatsDB(tb testing.TB) *DB {
	tb.Helper()
	d := openTestDB(tb)
	for _, q := range []string{
		`INSERT INTO users (id, email, name_enc, password_hash, roles, created_at) VALUES ('u1', 'lead@example.org', x'00', 'x', 'lead', 0)`,
		`INSERT INTO clients (id, counsellor_id, recipient, reference, created_at) VALUES ('c1', 'u1', 'age1x', 'C-1', 0)`,
	} {
		if _, err := d.db.Exec(q); err != nil {
			tb.Fatal(err)
		}
	}
	return d
}

// seedStats writes n requests received across 2025, each with the
// transitions of a typical path, in one transaction.
func seedStats(tb testing.TB, d *DB, n int) {
	tb.Helper()
	tx, err := d.db.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	paths := [][]string{
		{"received", "checked", "verified", "client_consulted", "extract_drafted", "client_consented", "lead_approved", "sent", "closed"},
		{"received", "checked", "awaiting_clarification", "withdrawn"},
		{"received", "checked", "verified", "client_consulted", "refused"},
		{"received", "checked", "fraud_suspected"},
		{"received", "checked", "verified"},
	}
	start := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("req%07d", i)
		received := start.AddDate(0, 0, i%365)
		if _, err := tx.Exec(`INSERT INTO requests (id, client_id, reference, kind, force_name, status, verdict, suspected_fraud, finding_codes, received_on, record_enc, created_by, created_at, updated_at)
			VALUES (?, 'c1', ?, 'victim_information_request', ?, 'checked', 'non_compliant', ?, 'topic_missing,authoriser_rank_too_low', ?, x'00', 'u1', 0, 0)`,
			id, "R-"+id, fmt.Sprintf("Force %c", 'A'+i%40), i%50 == 0, received.Format("2006-01-02")); err != nil {
			tb.Fatal(err)
		}
		from := ""
		for j, to := range paths[i%len(paths)] {
			if _, err := tx.Exec(`INSERT INTO request_transitions (id, request_id, at, actor_id, from_status, to_status) VALUES (?, ?, ?, 'u1', ?, ?)`,
				fmt.Sprintf("%s-%d", id, j), id, received.AddDate(0, 0, j*2).Unix(), from, to); err != nil {
				tb.Fatal(err)
			}
			from = to
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

func TestStatsInputsReadOnlyThePeriodsRequestsAndTheirTransitions(t *testing.T) {
	d := openStatsDB(t)
	seedStats(t, d, 400)
	march := stats.Period{From: stats.Month{Year: 2025, Month: time.March}, To: stats.Month{Year: 2025, Month: time.March}}
	reqs, ts, err := d.StatsInputs(context.Background(), march)
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 31 {
		t.Fatalf("%d requests received in March 2025, want 31", len(reqs))
	}
	in := map[string]bool{}
	for _, r := range reqs {
		if r.ReceivedOn < "2025-03-01" || r.ReceivedOn > "2025-03-31" {
			t.Errorf("request received %s is outside March", r.ReceivedOn)
		}
		if !reflect.DeepEqual(r.Codes, []request.Code{"topic_missing", "authoriser_rank_too_low"}) {
			t.Errorf("codes = %q", r.Codes)
		}
		in[r.ID] = true
	}
	// Every transition of those requests up to the end of March, in the
	// order written; transitions of other requests may come too (Compute
	// ignores them).
	cutoff := time.Date(2025, time.April, 1, 0, 0, 0, 0, time.UTC).Unix()
	got := map[string][]string{}
	for _, tr := range ts {
		if in[tr.RequestID] && tr.At < cutoff {
			got[tr.RequestID] = append(got[tr.RequestID], tr.From+">"+tr.To)
		}
	}
	for id := range in {
		all, err := d.TransitionsByRequest(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, tr := range all {
			if tr.At.Unix() < cutoff {
				want = append(want, string(tr.From)+">"+string(tr.To))
			}
		}
		if !reflect.DeepEqual(got[id], want) {
			t.Fatalf("transitions of %s = %v, want %v", id, got[id], want)
		}
	}
	rep := stats.Compute(stats.Input{Requests: reqs, Transitions: ts, Period: march})
	if rep.Total != 31 || rep.ByForce[0].N == 0 {
		t.Fatalf("report from the store's inputs: %+v", rep)
	}
}

// BenchmarkStatsInputs10k reads 10,000 requests and their transitions,
// then computes the report: the work behind the monitoring page.
func BenchmarkStatsInputs10k(b *testing.B) {
	d := openStatsDB(b)
	seedStats(b, d, 10000)
	p := stats.Period{From: stats.Month{Year: 2025, Month: time.January}, To: stats.Month{Year: 2025, Month: time.December}}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		reqs, ts, err := d.StatsInputs(ctx, p)
		if err != nil {
			b.Fatal(err)
		}
		if len(reqs) != 10000 {
			b.Fatalf("%d requests", len(reqs))
		}
		stats.Compute(stats.Input{Requests: reqs, Transitions: ts, Period: p})
	}
}
