package web

import (
	"sync"
	"time"
)

// throttle limits failed sign-ins per account and per address, in memory.
// Addresses are kept only for the window, never written to disk.
type throttle struct {
	now  func() time.Time
	mu   sync.Mutex
	fail map[string][]time.Time
}

// Limits: an account locks after 5 failures in 15 minutes; an address
// after 20 (several staff may share an office's address).
const (
	throttleWindow = 15 * time.Minute
	accountLimit   = 5
	addressLimit   = 20
)

func newThrottle(now func() time.Time) *throttle {
	return &throttle{now: now, fail: map[string][]time.Time{}}
}

func (t *throttle) recent(key string) []time.Time {
	cut := t.now().Add(-throttleWindow)
	ts := t.fail[key]
	i := 0
	for i < len(ts) && ts[i].Before(cut) {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(t.fail, key)
	} else {
		t.fail[key] = ts
	}
	return ts
}

// blocked reports whether sign-in for this account or from this address is
// locked for now.
func (t *throttle) blocked(account, addr string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent("a:"+account)) >= accountLimit || len(t.recent("ip:"+addr)) >= addressLimit
}

// failed records a failed attempt.
func (t *throttle) failed(account, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.fail["a:"+account] = append(t.recent("a:"+account), now)
	t.fail["ip:"+addr] = append(t.recent("ip:"+addr), now)
}

// succeeded clears the account's failures.
func (t *throttle) succeeded(account string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fail, "a:"+account)
}

func (t *throttle) prune() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k := range t.fail {
		t.recent(k)
	}
}
