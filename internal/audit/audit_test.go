package audit

import "testing"

func chain(n int) []Entry {
	prev := Genesis
	var es []Entry
	for i := 1; i <= n; i++ {
		e := Entry{Seq: int64(i), ID: string(rune('a' + i)), AtUnix: int64(1000 + i), Event: NoteCreated, ActorID: "u", Subject: "n", PrevHash: prev}
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
