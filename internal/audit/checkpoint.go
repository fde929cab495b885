package audit

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// CheckpointFormat names the file format; a reader refuses any other.
const CheckpointFormat = "confidant-audit-checkpoint/1"

// MaxCheckpointSize bounds what ParseCheckpoint reads: a checkpoint is a
// few hundred bytes.
const MaxCheckpointSize = 4096

// Checkpoint witnesses the audit log's head outside the database.
//
// It needs no signature of its own: it names an entry (seq, id, time and
// chain hash) and carries that entry's MAC, which only the holder of the
// vault's audit key can produce. Because the hash covers every entry before
// it, a checkpoint vouches for the whole log up to its head, and a log
// rewritten by someone without the key cannot match it. WrittenAt is when
// the file was made; it is informational and not covered by the MAC (the
// head entry's own time, At, is).
type Checkpoint struct {
	Format    string `json:"format"`
	Seq       int64  `json:"seq"`
	Entries   int64  `json:"entries"`
	ID        string `json:"id"`
	At        int64  `json:"at"`
	Hash      string `json:"hash"`
	MAC       string `json:"mac"`
	WrittenAt string `json:"written_at"`
}

// NewCheckpoint witnesses the entry head (the newest in the log).
func NewCheckpoint(head Entry, now time.Time) Checkpoint {
	return Checkpoint{
		Format: CheckpointFormat, Seq: head.Seq, Entries: head.Seq, ID: head.ID, At: head.At.Unix(),
		Hash: head.Hash, MAC: head.MAC, WrittenAt: now.UTC().Format(time.RFC3339),
	}
}

// Marshal is the checkpoint as the file holds it: indented JSON and a
// newline.
func (c Checkpoint) Marshal() []byte {
	b, _ := json.MarshalIndent(c, "", "  ")
	return append(b, '\n')
}

// Authentic reports whether the checkpoint's MAC was made with key.
func (c Checkpoint) Authentic(key []byte) bool { return ValidMAC(key, c.Hash, c.MAC) }

// ParseCheckpoint reads a checkpoint file, refusing anything malformed.
func ParseCheckpoint(r io.Reader) (*Checkpoint, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCheckpointSize+1))
	if err != nil {
		return nil, fmt.Errorf("read checkpoint: %w", err)
	}
	if len(data) > MaxCheckpointSize {
		return nil, errors.New("not an audit checkpoint: the file is too large")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Checkpoint
	if err := dec.Decode(&c); err != nil {
		return nil, errors.New("not an audit checkpoint: it is not the JSON confidant audit checkpoint writes")
	}
	if dec.More() {
		return nil, errors.New("not an audit checkpoint: there is more after the checkpoint")
	}
	switch {
	case c.Format != CheckpointFormat:
		return nil, fmt.Errorf("not an audit checkpoint: format %q, want %q", c.Format, CheckpointFormat)
	case c.Seq < 1 || c.Entries != c.Seq:
		return nil, errors.New("audit checkpoint is damaged: its entry number and count disagree")
	case c.ID == "" || len(c.ID) > 64:
		return nil, errors.New("audit checkpoint is damaged: no entry id")
	case !isHex64(c.Hash):
		return nil, errors.New("audit checkpoint is damaged: the hash is not 64 hex digits")
	case c.MAC != "" && !isHex64(c.MAC):
		return nil, errors.New("audit checkpoint is damaged: the MAC is not 64 hex digits")
	}
	return &c, nil
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}
