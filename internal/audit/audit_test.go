package audit

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func chain(n int) []Entry {
	prev := Genesis
	var es []Entry
	for i := 1; i <= n; i++ {
		e := Entry{Seq: int64(i), ID: string(rune('a' + i)), At: time.Unix(int64(1000+i), 0), Event: NoteCreated, ActorID: "u", Subject: "n", PrevHash: prev}
		e.Hash = ComputeHash(e)
		prev = e.Hash
		es = append(es, e)
	}
	return es
}

func verify(es []Entry, headSeq int64, head string) *Problem {
	v := NewVerifier()
	for _, e := range es {
		if p := v.Add(e); p != nil {
			return p
		}
	}
	return v.Finish(headSeq, head)
}

func TestChainDetectsEditInsertionAndDeletion(t *testing.T) {
	good := chain(5)
	if p := verify(good, 5, good[4].Hash); p != nil {
		t.Fatalf("intact chain reported broken: %v", p)
	}
	edited := chain(5)
	edited[2].Subject = "other"
	if p := verify(edited, 5, edited[4].Hash); p == nil || p.Seq != 3 {
		t.Fatalf("edit not found at 3: %v", p)
	}
	deleted := append(chain(5)[:2:2], chain(5)[3:]...)
	if p := verify(deleted, 5, good[4].Hash); p == nil || p.Seq != 4 {
		t.Fatalf("deletion not found: %v", p)
	}
	if p := verify(good[:4], 5, good[4].Hash); p == nil {
		t.Fatal("deletion at the end not found")
	}
	inserted := chain(5)
	extra := inserted[1]
	extra.ID = "zz"
	ins := append([]Entry{}, inserted[:2]...)
	ins = append(ins, extra)
	if p := verify(ins, 3, extra.Hash); p == nil || p.ID != "zz" {
		t.Fatalf("insertion not found: %v", p)
	}
}

var key = []byte("0123456789abcdef0123456789abcdef")

func keyedChain(n int) []Entry {
	es := chain(n)
	for i := range es {
		es[i].MAC = ComputeMAC(key, es[i].Hash)
	}
	return es
}

func verifyKeyed(es []Entry, cp *Checkpoint) *Problem {
	v := NewKeyedVerifier(key)
	if cp != nil {
		v.Against(cp)
	}
	for _, e := range es {
		if p := v.Add(e); p != nil {
			return p
		}
	}
	last := es[len(es)-1]
	return v.Finish(last.Seq, last.Hash)
}

func TestKeyedVerifierRefusesARecomputedChain(t *testing.T) {
	if p := verifyKeyed(keyedChain(5), nil); p != nil {
		t.Fatalf("intact keyed chain: %v", p)
	}
	es := keyedChain(5)
	es[2].Detail = "edited"
	prev := es[1].Hash
	for i := 2; i < 5; i++ {
		es[i].PrevHash = prev
		es[i].Hash = ComputeHash(es[i])
		prev = es[i].Hash
	}
	if p := verifyKeyed(es, nil); p == nil || p.Seq != 3 {
		t.Fatalf("recomputed chain: %v, want entry 3", p)
	}
	es = keyedChain(5)
	es[4].MAC = ""
	if p := verifyKeyed(es, nil); p == nil || p.Seq != 5 {
		t.Fatalf("a MAC removed: %v, want entry 5", p)
	}
	stripped := chain(5)
	if p := verifyKeyed(stripped, nil); p == nil {
		t.Fatal("a log with every MAC stripped passed")
	}
}

func TestUnkeyedPrefixIsAcceptedOnlyBeforeTheKeyedEntry(t *testing.T) {
	es := chain(4)
	es[3].Event = Keyed
	es[3].Hash = ComputeHash(es[3])
	es[3].MAC = ComputeMAC(key, es[3].Hash)
	if p := verifyKeyed(es, nil); p != nil {
		t.Fatalf("old entries then the keyed entry: %v", p)
	}
	es = chain(4)
	es[3].MAC = ComputeMAC(key, es[3].Hash)
	if p := verifyKeyed(es, nil); p == nil || p.Seq != 4 {
		t.Fatalf("old entries then an ordinary keyed one: %v", p)
	}
}

func TestCheckpointRoundTripsAndWitnessesTheHead(t *testing.T) {
	es := keyedChain(6)
	cp := NewCheckpoint(es[3], time.Unix(1700000000, 0))
	got, err := ParseCheckpoint(bytes.NewReader(cp.Marshal()))
	if err != nil {
		t.Fatal(err)
	}
	if *got != cp || !got.Authentic(key) {
		t.Fatalf("round trip: %+v", got)
	}
	if p := verifyKeyed(es, got); p != nil {
		t.Fatalf("log grown past its checkpoint: %v", p)
	}
	if p := verifyKeyed(es[:3], got); p == nil {
		t.Fatal("a log cut below its checkpoint passed")
	}
	other := keyedChain(6)
	other[3].ID = "other"
	other[3].Hash = ComputeHash(other[3])
	if p := verifyKeyed(other[:4], got); p == nil || p.Seq != 4 {
		t.Fatalf("a different entry at the checkpoint's place: %v", p)
	}
}

func TestParseCheckpointRefusesMalformedFiles(t *testing.T) {
	good := NewCheckpoint(keyedChain(2)[1], time.Unix(1700000000, 0))
	for name, edit := range map[string]func(c *Checkpoint){
		"format":  func(c *Checkpoint) { c.Format = "other" },
		"count":   func(c *Checkpoint) { c.Entries++ },
		"seq":     func(c *Checkpoint) { c.Seq, c.Entries = 0, 0 },
		"hash":    func(c *Checkpoint) { c.Hash = "zz" },
		"mac":     func(c *Checkpoint) { c.MAC = c.MAC[:10] },
		"no id":   func(c *Checkpoint) { c.ID = "" },
		"long id": func(c *Checkpoint) { c.ID = strings.Repeat("a", 65) },
	} {
		c := good
		edit(&c)
		if _, err := ParseCheckpoint(bytes.NewReader(c.Marshal())); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	for name, s := range map[string]string{
		"empty":         "",
		"extra field":   `{"format":"confidant-audit-checkpoint/1","x":1}`,
		"two documents": string(good.Marshal()) + string(good.Marshal()),
		"too large":     strings.Repeat(" ", MaxCheckpointSize+1),
	} {
		if _, err := ParseCheckpoint(strings.NewReader(s)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseCheckpoint(f *testing.F) {
	f.Add(NewCheckpoint(keyedChain(2)[1], time.Unix(1700000000, 0)).Marshal())
	f.Add([]byte(`{"format":"confidant-audit-checkpoint/1","seq":1,"entries":1,"id":"a","hash":"00"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCheckpoint(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Whatever parses survives a round trip unchanged.
		again, err := ParseCheckpoint(bytes.NewReader(c.Marshal()))
		if err != nil || *again != *c {
			t.Fatalf("round trip of %q: %+v %v", data, again, err)
		}
	})
}
