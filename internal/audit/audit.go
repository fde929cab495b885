// Package audit defines Confidant's tamper-evident audit log: the events it
// records and the SHA-256 chain that links each entry to the one before, so
// that editing, inserting or deleting any entry breaks the chain.
//
// Entries hold ids and event types, never personal data: a note's id, not its
// text; a user's id, not their name.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Event types. Keep them stable: they are filters in the admin screens.
const (
	SignIn          = "signin.success"
	SignInFailed    = "signin.failure"
	SignInThrottled = "signin.throttled"
	SignOut         = "signout"
	UserCreated     = "user.create"
	UserChanged     = "user.change"
	VaultCreated    = "vault.init"
	KeyRotated      = "key.rotate"
	KeyRecovered    = "key.recover"
	BackupTaken     = "backup"
	ClientCreated   = "client.create"
	NoteCreated     = "note.create"
	NoteUpdated     = "note.update"
	NoteSigned      = "note.sign"
	NoteRead        = "note.read"
	AddendumCreated = "addendum.create"
)

// Genesis is the prev_hash of the first entry.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Entry is one line of the audit log.
type Entry struct {
	Seq      int64     `db:"seq"`
	ID       string    `db:"id"`
	At       time.Time `db:"-"`
	AtUnix   int64     `db:"at"`
	Event    string    `db:"event"`
	ActorID  string    `db:"actor_id"`
	Subject  string    `db:"subject"`
	Detail   string    `db:"detail"`
	PrevHash string    `db:"prev_hash"`
	Hash     string    `db:"hash"`
}

// ComputeHash is the SHA-256 over every field but Hash itself, each field
// length-prefixed so that no two different entries encode alike.
func ComputeHash(e Entry) string {
	h := sha256.New()
	for _, f := range []string{
		strconv.FormatInt(e.Seq, 10), e.ID, strconv.FormatInt(e.AtUnix, 10),
		e.Event, e.ActorID, e.Subject, e.Detail, e.PrevHash,
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Problem names the first entry where the chain breaks.
type Problem struct {
	ID     string
	Seq    int64
	Reason string
}

func (p *Problem) Error() string {
	return fmt.Sprintf("audit chain broken at entry %s (seq %d): %s", p.ID, p.Seq, p.Reason)
}

// Verifier checks entries one at a time, in seq order, so that a long log
// need not be held in memory.
type Verifier struct {
	prev    string
	lastSeq int64
	n       int
}

// NewVerifier starts a chain check.
func NewVerifier() *Verifier { return &Verifier{prev: Genesis} }

// Add checks the next entry.
func (v *Verifier) Add(e Entry) *Problem {
	switch {
	case e.Seq != v.lastSeq+1:
		return &Problem{e.ID, e.Seq, fmt.Sprintf("expected entry %d next: an entry is missing or was inserted", v.lastSeq+1)}
	case e.PrevHash != v.prev:
		return &Problem{e.ID, e.Seq, "it does not link to the entry before it"}
	case ComputeHash(e) != e.Hash:
		return &Problem{e.ID, e.Seq, "its contents were changed after it was written"}
	}
	v.prev, v.lastSeq = e.Hash, e.Seq
	v.n++
	return nil
}

// Finish checks the chain's end against the recorded head.
func (v *Verifier) Finish(headSeq int64, headHash string) *Problem {
	if headSeq != v.lastSeq || (headSeq > 0 && !strings.EqualFold(headHash, v.prev)) {
		return &Problem{"(end of log)", v.lastSeq, fmt.Sprintf("the log ends at entry %d but %d entries were written: entries were removed from the end", v.lastSeq, headSeq)}
	}
	return nil
}

// Count is the number of entries checked.
func (v *Verifier) Count() int { return v.n }
