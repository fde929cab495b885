package limit

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestBurstOfReservationsAdmitsOnlyTheLimit(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	a := NewAttempts(15*time.Minute, c.now)
	acct := Key{"account", 5}
	var ok atomic.Int32
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if r, admitted := a.Reserve(acct, Key{"addr", 20}); admitted {
				ok.Add(1)
				r.Fail()
			}
		}()
	}
	close(start)
	wg.Wait()
	if ok.Load() != 5 {
		t.Fatalf("admitted %d of 40, want 5", ok.Load())
	}
	if !a.Blocked(acct) {
		t.Fatal("account not blocked after five failures")
	}
	c.add(15*time.Minute + time.Second)
	if a.Blocked(acct) {
		t.Fatal("account still blocked after the window")
	}
}

func TestReleaseUncountsARightGuess(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	a := NewAttempts(time.Minute, c.now)
	k := Key{"k", 2}
	for i := 0; i < 10; i++ {
		r, ok := a.Reserve(k)
		if !ok {
			t.Fatalf("attempt %d refused although every earlier one was released", i)
		}
		r.Release()
		r.Fail() // settling twice changes nothing
	}
	r1, _ := a.Reserve(k)
	r1.Fail()
	r2, _ := a.Reserve(k)
	r2.Fail()
	if _, ok := a.Reserve(k); ok {
		t.Fatal("third failure admitted with a limit of 2")
	}
}

func TestClearKeepsAttemptsStillBeingChecked(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	a := NewAttempts(time.Minute, c.now)
	k := Key{"k", 2}
	done, _ := a.Reserve(k)
	done.Fail()
	inFlight, _ := a.Reserve(k)
	a.Clear(k)
	if _, ok := a.Reserve(k); !ok {
		t.Fatal("settled failure not cleared")
	}
	if _, ok := a.Reserve(k); ok {
		t.Fatal("in-flight attempt was cleared: a third attempt got through")
	}
	inFlight.Fail()
}

func TestGateBoundsConcurrencyAndRefusesWhenFull(t *testing.T) {
	g := NewGate(2, 20*time.Millisecond)
	var running, peak atomic.Int32
	release := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- g.Do(context.Background(), func() {
				n := running.Add(1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				<-release
				running.Add(-1)
			})
		}()
	}
	time.Sleep(100 * time.Millisecond)
	close(release)
	wg.Wait()
	close(errs)
	busy := 0
	for err := range errs {
		if errors.Is(err, ErrBusy) {
			busy++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if peak.Load() > 2 {
		t.Fatalf("%d ran at once through a gate of 2", peak.Load())
	}
	if busy != 4 || g.Ran() != 2 {
		t.Fatalf("busy %d, ran %d; want 4 refused and 2 run", busy, g.Ran())
	}
}

func TestFailReportsTheLockOnce(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	a := NewAttempts(time.Minute, c.now)
	k := Key{"k", 5}
	var rs []*Reservation
	for i := 0; i < 5; i++ {
		r, ok := a.Reserve(k)
		if !ok {
			t.Fatal("refused under the limit")
		}
		rs = append(rs, r)
	}
	locks := 0
	for _, r := range rs {
		if r.Fail() {
			locks++
		}
	}
	if locks != 1 {
		t.Fatalf("lock reported %d times, want once", locks)
	}
}
