// Package audit defines Confidant's tamper-evident audit log: the events it
// records, the SHA-256 chain that links each entry to the one before, and the
// keyed MAC that makes the chain unforgeable without the vault.
//
// The chain alone shows that an entry was edited, inserted or deleted, but
// anyone who can write the database file can recompute it. So each entry
// also carries a MAC: HMAC-SHA-256, under an audit key sealed to the vault,
// over the entry's chain hash. Because the hash covers the entry and, through
// prev_hash, every entry before it, one good MAC vouches for the whole log up
// to that entry; a copy of the database without the vault key cannot rewrite
// history and still produce MACs that verify.
//
// What a MAC cannot show is an entry removed from the end. A Checkpoint,
// written outside the database, names the head at the time it was written;
// verifying against it shows that nothing up to that head changed or went.
//
// Entries hold ids and event types, never personal data: a note's id, not its
// text; a user's id, not their name.
package audit

import (
	"crypto/hmac"
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
	// Keyed is the entry that starts the keyed chain in a log written
	// before entries had MACs: its MAC vouches for every entry before it.
	Keyed = "audit.keyed"
	// Checkpointed records that a checkpoint was written or downloaded.
	Checkpointed = "audit.checkpoint"
)

// Genesis is the prev_hash of the first entry.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// KeySize is the length of an audit key in bytes.
const KeySize = 32

// Entry is one line of the audit log.
type Entry struct {
	Seq int64  `db:"seq"`
	ID  string `db:"id"`
	// At is when the entry was written, to the second (the hash covers
	// its unix seconds).
	At       time.Time `db:"-"`
	Event    string    `db:"event"`
	ActorID  string    `db:"actor_id"`
	Subject  string    `db:"subject"`
	Detail   string    `db:"detail"`
	PrevHash string    `db:"prev_hash"`
	Hash     string    `db:"hash"`
	// MAC is ComputeMAC over Hash; "" only for entries written before the
	// log was keyed.
	MAC string `db:"mac"`
}

// ComputeHash is the SHA-256 over every field but Hash and MAC, each field
// length-prefixed so that no two different entries encode alike.
func ComputeHash(e Entry) string {
	h := sha256.New()
	for _, f := range []string{
		strconv.FormatInt(e.Seq, 10), e.ID, strconv.FormatInt(e.At.Unix(), 10),
		e.Event, e.ActorID, e.Subject, e.Detail, e.PrevHash,
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// macLabel separates the audit MAC from any other use of the key.
const macLabel = "confidant audit entry v1\x00"

// ComputeMAC is HMAC-SHA-256 under key over an entry's chain hash.
func ComputeMAC(key []byte, hash string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(macLabel))
	m.Write([]byte(hash))
	return hex.EncodeToString(m.Sum(nil))
}

// ValidMAC compares in constant time.
func ValidMAC(key []byte, hash, mac string) bool {
	want := ComputeMAC(key, hash)
	return hmac.Equal([]byte(want), []byte(strings.ToLower(mac)))
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
	key     []byte
	prev    string
	lastSeq int64
	n       int
	// keyed is set from the first entry that carries a MAC: from there on
	// every entry must.
	keyed  bool
	legacy int
	cp     *Checkpoint
	cpSeen bool
}

// NewVerifier starts a check of the chain alone, without the key: it finds
// edits, insertions and deletions by someone who did not recompute the
// chain, but not by someone who did.
func NewVerifier() *Verifier { return &Verifier{prev: Genesis} }

// NewKeyedVerifier starts a check of the chain and of every entry's MAC.
// Entries without a MAC are accepted only as the prefix written before the
// log was keyed, and only when the entry that follows them is the Keyed
// entry, whose MAC vouches for them.
func NewKeyedVerifier(key []byte) *Verifier { return &Verifier{prev: Genesis, key: key} }

// Against makes the check also compare the log with a checkpoint: the entry
// it names must be there, unchanged.
func (v *Verifier) Against(cp *Checkpoint) { v.cp = cp }

// Add checks the next entry.
func (v *Verifier) Add(e Entry) *Problem {
	switch {
	case e.Seq != v.lastSeq+1:
		if v.cp != nil && !v.cpSeen && e.Seq > v.cp.Seq {
			return &Problem{e.ID, e.Seq, fmt.Sprintf("entries before it, up to the checkpoint's entry %d, were removed", v.cp.Seq)}
		}
		return &Problem{e.ID, e.Seq, fmt.Sprintf("expected entry %d next: an entry is missing or was inserted", v.lastSeq+1)}
	case e.PrevHash != v.prev:
		return &Problem{e.ID, e.Seq, "it does not link to the entry before it"}
	case ComputeHash(e) != e.Hash:
		return &Problem{e.ID, e.Seq, "its contents were changed after it was written"}
	}
	if v.key != nil {
		switch {
		case e.MAC == "" && v.keyed:
			return &Problem{e.ID, e.Seq, "it has no MAC, though entries before it do"}
		case e.MAC == "":
			v.legacy++
		case !ValidMAC(v.key, e.Hash, e.MAC):
			return &Problem{e.ID, e.Seq, "its MAC does not match: it was changed or rewritten without the vault's audit key"}
		case !v.keyed && v.legacy > 0 && e.Event != Keyed:
			return &Problem{e.ID, e.Seq, "entries before it have no MAC, and it does not start the keyed chain"}
		default:
			v.keyed = true
		}
	}
	if v.cp != nil && e.Seq == v.cp.Seq {
		if e.ID != v.cp.ID || !strings.EqualFold(e.Hash, v.cp.Hash) {
			return &Problem{e.ID, e.Seq, "it is not the entry the checkpoint witnessed: the log up to it was rewritten"}
		}
		v.cpSeen = true
	}
	v.prev, v.lastSeq = e.Hash, e.Seq
	v.n++
	return nil
}

// Finish checks the chain's end against the recorded head and, when
// checking against a checkpoint, that the log reached it.
func (v *Verifier) Finish(headSeq int64, headHash string) *Problem {
	if v.cp != nil && !v.cpSeen {
		return &Problem{"(end of log)", v.lastSeq, fmt.Sprintf("the log ends at entry %d but the checkpoint witnessed entry %d (%s): entries were removed", v.lastSeq, v.cp.Seq, v.cp.ID)}
	}
	if headSeq != v.lastSeq || (headSeq > 0 && !strings.EqualFold(headHash, v.prev)) {
		return &Problem{"(end of log)", v.lastSeq, fmt.Sprintf("the log ends at entry %d but %d entries were written: entries were removed from the end", v.lastSeq, headSeq)}
	}
	if v.key != nil && v.n > 0 && !v.keyed {
		return &Problem{"(end of log)", v.lastSeq, "no entry has a MAC, though the vault has an audit key: the MACs were stripped"}
	}
	return nil
}

// Count is the number of entries checked.
func (v *Verifier) Count() int { return v.n }

// bindLabel separates the binding MAC from the entry MAC.
const bindLabel = "confidant audit key binding v1\x00"

// Bind ties an audit key to the vault key: HMAC-SHA-256 under a secret
// derived from the vault identity (vault.Identity.DeriveKey) over the audit
// key. Sealing to the vault alone would not do, since anyone can encrypt to
// the vault's public recipient: without the binding, someone who can write
// the database could seal a key of their own and rewrite the log under it.
func Bind(vaultSecret, key []byte) string {
	m := hmac.New(sha256.New, vaultSecret)
	m.Write([]byte(bindLabel))
	m.Write(key)
	return hex.EncodeToString(m.Sum(nil))
}

// ValidBind checks a binding in constant time.
func ValidBind(vaultSecret, key []byte, bind string) bool {
	return hmac.Equal([]byte(Bind(vaultSecret, key)), []byte(bind))
}
