// Package limit bounds what an unauthenticated (or borrowed) caller can make
// the server do: Attempts counts failed guesses per key in a sliding window,
// and Gate bounds how many costly computations (argon2id hashes) run at once.
//
// Attempts are reserved before the guess is checked and settled after it:
// a correct guess releases its reservation, a wrong one leaves it counted.
// Checking first and counting afterwards lets a burst of simultaneous
// guesses all pass the check before any is counted; reserving first means
// that at most Limit guesses per key are ever evaluated in a window, however
// many arrive at once.
//
// Everything is in memory and forgotten after the window: keys are hashed
// by the caller and no address is ever written to disk.
package limit

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"confidant/internal/fault"
)

// Key is one thing attempts are counted against (an account, an address),
// with the number of failures it may have in the window.
type Key struct {
	Name  string
	Limit int
}

type entry struct {
	at time.Time
	id uint64
}

// Attempts counts failures per key in a sliding window.
type Attempts struct {
	window  time.Duration
	now     func() time.Time
	mu      sync.Mutex
	keys    map[string][]entry
	pending map[uint64]bool
	next    uint64
}

// NewAttempts makes a counter with the given window and clock.
func NewAttempts(window time.Duration, now func() time.Time) *Attempts {
	return &Attempts{window: window, now: now, keys: map[string][]entry{}, pending: map[uint64]bool{}}
}

// Window is how long a failure counts.
func (a *Attempts) Window() time.Duration { return a.window }

// recent drops expired entries of key and returns the rest. Caller holds mu.
func (a *Attempts) recent(key string) []entry {
	cut := a.now().Add(-a.window)
	es := a.keys[key]
	i := 0
	for i < len(es) && !es[i].at.After(cut) {
		i++
	}
	es = es[i:]
	if len(es) == 0 {
		delete(a.keys, key)
	} else {
		a.keys[key] = es
	}
	return es
}

// Reservation is one attempt, counted as a failure against its keys until
// it is released.
type Reservation struct {
	a    *Attempts
	id   uint64
	keys []Key
	once sync.Once
}

// Reserve counts an attempt against every key, unless any key has already
// reached its limit, in which case nothing is counted and ok is false.
// The caller then checks the guess and calls Release if it was right, or
// Fail if it was wrong (or simply drops it: an unreleased reservation stays
// counted).
func (a *Attempts) Reserve(keys ...Key) (r *Reservation, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, k := range keys {
		if len(a.recent(k.Name)) >= k.Limit {
			return nil, false
		}
	}
	a.next++
	r = &Reservation{a: a, id: a.next}
	now := a.now()
	for _, k := range keys {
		a.keys[k.Name] = append(a.keys[k.Name], entry{at: now, id: r.id})
		r.keys = append(r.keys, k)
	}
	a.pending[r.id] = true
	return r, true
}

// Blocked reports whether any key has reached its limit, without counting.
func (a *Attempts) Blocked(keys ...Key) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, k := range keys {
		if len(a.recent(k.Name)) >= k.Limit {
			return true
		}
	}
	return false
}

// Release uncounts the attempt: the guess was right (or never made).
func (r *Reservation) Release() {
	r.once.Do(func() {
		a := r.a
		a.mu.Lock()
		defer a.mu.Unlock()
		delete(a.pending, r.id)
		for _, key := range r.keys {
			k := key.Name
			es := a.keys[k]
			for i, e := range es {
				if e.id == r.id {
					es = append(es[:i:i], es[i+1:]...)
					break
				}
			}
			if len(es) == 0 {
				delete(a.keys, k)
			} else {
				a.keys[k] = es
			}
		}
	})
}

// Fail settles the attempt as a failure: it stays counted for the window.
// locked is true for exactly the failure that brought a key to its limit,
// so that the lock can be recorded once rather than at every refusal.
func (r *Reservation) Fail() (locked bool) {
	r.once.Do(func() {
		a := r.a
		a.mu.Lock()
		defer a.mu.Unlock()
		delete(a.pending, r.id)
		for _, k := range r.keys {
			settled := 0
			for _, e := range a.recent(k.Name) {
				if !a.pending[e.id] {
					settled++
				}
			}
			if settled == k.Limit {
				locked = true
			}
		}
	})
	return locked
}

// Clear forgets the settled failures of a key (after a complete, correct
// sign-in). Attempts still being checked stay counted, so a right password
// cannot open the door to a burst already waiting behind it.
func (a *Attempts) Clear(key Key) {
	a.mu.Lock()
	defer a.mu.Unlock()
	es := a.keys[key.Name]
	kept := es[:0]
	for _, e := range es {
		if a.pending[e.id] {
			kept = append(kept, e)
		}
	}
	if len(kept) == 0 {
		delete(a.keys, key.Name)
	} else {
		a.keys[key.Name] = kept
	}
}

// Prune drops every expired entry; call it now and then so that keys that
// are never seen again do not stay in memory.
func (a *Attempts) Prune() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for k := range a.keys {
		a.recent(k)
	}
}

// ErrBusy means every slot of a Gate stayed taken for the whole wait.
var ErrBusy = fault.New(fault.Unavailable, "The server is busy checking other passwords. Nothing was changed; try again in a few seconds.")

// Gate bounds how many costly computations run at once. Each argon2id hash
// takes its full memory cost (64 MiB by default) while it runs, so without
// a bound a burst of sign-ins multiplies the server's memory by the size of
// the burst.
type Gate struct {
	slots chan struct{}
	wait  time.Duration
	ran   atomic.Int64
}

// NewGate lets n computations run at once; others wait up to wait for a
// slot and then get ErrBusy.
func NewGate(n int, wait time.Duration) *Gate {
	if n < 1 {
		n = 1
	}
	return &Gate{slots: make(chan struct{}, n), wait: wait}
}

// Do runs fn when a slot is free, or returns ErrBusy (or the context's
// error) without running it.
func (g *Gate) Do(ctx context.Context, fn func()) error {
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-g.slots }()
	g.ran.Add(1)
	fn()
	return nil
}

// Ran is how many computations the gate has let through since it was made.
func (g *Gate) Ran() int64 { return g.ran.Load() }

// Wait is how long a caller waits for a slot.
func (g *Gate) Wait() time.Duration { return g.wait }
