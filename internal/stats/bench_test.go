package stats

import (
	"fmt"
	"testing"
	"time"

	"confidant/internal/request"
)

// benchInput is 10,000 requests received over a year, each with the
// transitions of one of five typical paths (about six each).
func benchInput() Input {
	paths := [][]string{
		steps("verified@2", "client_consulted@4", "extract_drafted@6", "client_consented@8", "lead_approved@9", "sent@10", "closed@30"),
		steps("awaiting_clarification@0", "withdrawn@12"),
		steps("verified@2", "client_consulted@4", "refused@5"),
		steps("fraud_suspected@0"),
		steps("verified@3"),
	}
	in := Input{Period: Period{From: Month{2025, time.January}, To: Month{2025, time.December}}}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 10000; i++ {
		id := fmt.Sprintf("req%07d", i)
		day := start.AddDate(0, 0, i%365).Format("2006-01-02")
		in.Requests = append(in.Requests, Request{ID: id, Kind: vir, Force: fmt.Sprintf("Force %c", 'A'+i%40),
			Verdict: "non_compliant", Codes: []request.Code{"topic_missing", "authoriser_rank_too_low"}, ReceivedOn: day})
		in.Transitions = append(in.Transitions, path(id, day, paths[i%len(paths)]...)...)
	}
	return in
}

func BenchmarkCompute10k(b *testing.B) {
	in := benchInput()
	b.ReportMetric(float64(len(in.Transitions)), "transitions")
	b.ResetTimer()
	for b.Loop() {
		if r := Compute(in); r.Total != 10000 {
			b.Fatalf("total %d", r.Total)
		}
	}
}

func BenchmarkReturnCSVAndPDF(b *testing.B) {
	r := Compute(benchInput())
	b.ResetTimer()
	for b.Loop() {
		var buf discard
		if err := r.CSV(&buf, "Example Service"); err != nil {
			b.Fatal(err)
		}
		if err := r.PDF(&buf, "Example Service", time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
