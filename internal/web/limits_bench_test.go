package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"confidant/internal/app/staff"
	"confidant/internal/password"
	"confidant/internal/vault"
)

// BenchmarkSignInBurstPeakMemory sends 40 simultaneous wrong passwords for
// one account whose hash has the production cost (64 MiB, 3 passes) to a
// real server on a real vault, and reports the peak heap in use during the
// burst, its rise over the heap before it, and how many hashes ran.
// Without the limits the rise was 40 × 64 MiB; with them at most five
// hashes run, no more than the cores at once.
func BenchmarkSignInBurstPeakMemory(b *testing.B) {
	var peakSum, riseSum, hashSum float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		a, _, _, _ := seededVault(b, vault.Classic)
		a.SetPasswordParams(password.Default)
		if _, err := staff.AddUser(context.Background(), a.Store(), password.Default, "burst@example.org", "Burst", testPassword, []string{"counsellor"}, "test"); err != nil {
			b.Fatal(err)
		}
		s, err := New(a, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			b.Fatal(err)
		}
		ts := httptest.NewServer(s)
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar}
		resp, err := c.Get(ts.URL + "/login")
		if err != nil {
			b.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		csrf := csrfRE.FindStringSubmatch(string(page))[1]
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapInuse
		peak := base
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			t := time.NewTicker(2 * time.Millisecond)
			defer t.Stop()
			for {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak {
					peak = m.HeapInuse
				}
				select {
				case <-stop:
					return
				case <-t.C:
				}
			}
		}()
		before := a.PasswordHashes()
		form := url.Values{"email": {"burst@example.org"}, "password": {"wrong password here"}, "csrf_token": {csrf}}.Encode()
		b.StartTimer()
		var wg sync.WaitGroup
		for j := 0; j < 40; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader(form))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if resp, err := c.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}()
		}
		wg.Wait()
		b.StopTimer()
		close(stop)
		<-sampled
		peakSum += float64(peak) / (1 << 20)
		riseSum += float64(peak-base) / (1 << 20)
		hashSum += float64(a.PasswordHashes() - before)
		ts.Close()
	}
	n := float64(b.N)
	b.ReportMetric(peakSum/n, "peak-heap-MiB")
	b.ReportMetric(riseSum/n, "rise-MiB")
	b.ReportMetric(hashSum/n, "hashes/op")
}
