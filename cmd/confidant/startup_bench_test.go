package main

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/vault"
)

// BenchmarkServeStartup100kNotes starts the real `confidant serve` on a
// vault holding 100,000 notes and reports the time until it answers
// /healthz and its peak memory (targets: under 2 s, under 150 MB).
func BenchmarkServeStartup100kNotes(b *testing.B) {
	bin, _ := binaries(b)
	ctx := context.Background()
	dir := filepath.Join(b.TempDir(), "data")
	fast := apptest.FastParams
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, AdminEmail: "admin@example.org", AdminPass: apptest.Password, KeyType: vault.PostQuantum, Params: fast}); err != nil {
		b.Fatal(err)
	}
	a, err := app.Open(ctx, dir, "")
	if err != nil {
		b.Fatal(err)
	}
	u := apptest.AddUser(b, a, "c@example.org", "Counsellor", "counsellor")
	id, err := a.Clients.CreateClient(ctx, core.Actor(u), "Bench Client", "")
	if err != nil {
		b.Fatal(err)
	}
	c, _ := a.Store().ClientByID(ctx, id)
	enc, _ := vault.Encrypt([]byte(strings.Repeat("A session note of ordinary length. ", 40)), c.Recipient)
	if err := a.Store().BulkInsertNotesForBench(ctx, 100_000, id, u.ID, enc); err != nil {
		b.Fatal(err)
	}
	a.Close()
	var total time.Duration
	var peak float64
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command(bin, "serve", "--data", dir, "--addr", "127.0.0.1:0")
		cmd.Env = childEnv()
		out, _ := cmd.StdoutPipe()
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil {
			b.Fatal(err)
		}
		addr := servingLine.FindStringSubmatch(line)
		if addr == nil {
			b.Fatalf("unexpected first line %q", line)
		}
		resp, err := http.Get(addr[1] + "/healthz")
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		total += time.Since(start)
		if mb := peakRSS(cmd.Process.Pid); mb > peak {
			peak = mb
		}
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-serve")
	b.ReportMetric(peak, "peak-RSS-MB")
}

// peakRSS reads a process's peak resident memory (VmHWM) in MB.
func peakRSS(pid int) float64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			f := strings.Fields(l)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
