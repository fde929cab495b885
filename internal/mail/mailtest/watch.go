package mailtest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"confidant/internal/mail"
)

// Passes is what a mail.Worker reported after each of its passes over the
// outbox, recorded through its AfterPass hook, so that a test waits for
// what the worker did instead of sleeping and hoping it was long enough.
type Passes struct {
	t      testing.TB
	mu     sync.Mutex
	passes []mail.Pass
	more   chan struct{} // a pass was recorded (capacity 1, never blocks)
	from   int           // where the next Wait starts looking
}

// Watch records w's passes; call it before w runs. It replaces any
// AfterPass already set.
func Watch(t testing.TB, w *mail.Worker) *Passes {
	p := &Passes{t: t, more: make(chan struct{}, 1)}
	w.AfterPass = func(x mail.Pass) {
		p.mu.Lock()
		p.passes = append(p.passes, x)
		p.mu.Unlock()
		select {
		case p.more <- struct{}{}:
		default:
		}
	}
	return p
}

// Timeout is how long Wait waits before failing the test: a bound on a
// broken worker, not a guess at how long a working one takes.
const Timeout = 10 * time.Second

// Wait returns the first pass for which cond holds, given the outcomes of
// that pass and every pass before it, oldest first. It looks from the
// pass the previous Wait returned (conditions on what has happened so far
// stay true), or from the first pass. It fails the test, listing the
// passes seen, if no pass meets cond within Timeout.
func (p *Passes) Wait(what string, cond func(x mail.Pass, outcomes []mail.Outcome) bool) mail.Pass {
	p.t.Helper()
	deadline := time.NewTimer(Timeout)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		passes := slices.Clone(p.passes)
		p.mu.Unlock()
		var outcomes []mail.Outcome
		for i, x := range passes {
			outcomes = append(outcomes, x.Outcomes...)
			if i >= p.from && cond(x, outcomes) {
				p.from = i
				return x
			}
		}
		select {
		case <-p.more:
		case <-deadline.C:
			p.t.Fatalf("mailtest: waiting for %s; the worker's passes:\n%s", what, describe(passes))
		}
	}
}

// Settled waits for an idle pass by which every message in ids has had a
// final outcome (sent, or failed for good), and returns the outcomes of
// each, in order. From then on the worker sends nothing more until
// something new is queued, so what the relay holds is all it will get.
func (p *Passes) Settled(ids ...string) map[string][]mail.Outcome {
	p.t.Helper()
	var got map[string][]mail.Outcome
	p.Wait("an idle worker after "+strings.Join(ids, ", ")+" went or failed", func(x mail.Pass, outcomes []mail.Outcome) bool {
		got = map[string][]mail.Outcome{}
		for _, o := range outcomes {
			got[o.ID] = append(got[o.ID], o)
		}
		for _, id := range ids {
			if seen := got[id]; len(seen) == 0 || !seen[len(seen)-1].Final() {
				return false
			}
		}
		return x.Idle()
	})
	return got
}

// Until returns once done holds, checking it now and again after every
// pass the worker reports from now on; it fails the test if done does not
// hold within Timeout. done is a fact about the world that only the
// worker's passes change ("nothing is left pending in the outbox"), so a
// test needs no other clock than the worker's own.
func (p *Passes) Until(what string, done func() bool) {
	p.t.Helper()
	deadline := time.NewTimer(Timeout)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		n := len(p.passes)
		p.mu.Unlock()
		if done() {
			return
		}
		for more := false; !more; {
			select {
			case <-p.more:
			case <-deadline.C:
				p.mu.Lock()
				passes := slices.Clone(p.passes)
				p.mu.Unlock()
				p.t.Fatalf("mailtest: waiting for %s; the worker's passes:\n%s", what, describe(passes))
			}
			p.mu.Lock()
			more = len(p.passes) > n
			p.mu.Unlock()
		}
	}
}

func describe(passes []mail.Pass) string {
	if len(passes) == 0 {
		return "\t(none)"
	}
	var b strings.Builder
	first := max(0, len(passes)-20)
	if first > 0 {
		fmt.Fprintf(&b, "\t(%d earlier passes left out)\n", first)
	}
	for i, x := range passes[first:] {
		i += first
		fmt.Fprintf(&b, "\t%d: idle=%v err=%v next=%v unrecorded=%d", i+1, x.Idle(), x.Err, !x.Next.IsZero(), x.Unrecorded)
		for _, o := range x.Outcomes {
			fmt.Fprintf(&b, " [%s %s attempt %d %s]", o.ID, o.Result, o.Attempts, o.Class)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
