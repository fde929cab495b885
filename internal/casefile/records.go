package casefile

import "time"

// Client is a client as her case file shows her, decrypted. Name is ""
// when it cannot be decrypted (the page words that); Contact is read only
// where it is shown (the case file, not the list).
type Client struct {
	ID            string
	Reference     string
	Name          string
	Contact       string
	LastSessionOn string // YYYY-MM-DD; "" before the first session
}

// Note is a session note, decrypted, with its addenda oldest first.
type Note struct {
	ID          string
	SessionDate string // YYYY-MM-DD
	Body        string
	Status      Status
	AuthorID    string
	AuthorName  string // "" when not known
	CreatedAt   time.Time
	SignedAt    time.Time // zero while a draft
	Addenda     []Addendum
	Unreadable  bool // the body could not be decrypted
}

// IsSigned reports whether the note is signed, and so can no longer change.
func (n Note) IsSigned() bool { return n.Status == Signed }

// Addendum is a correction to a signed note, decrypted.
type Addendum struct {
	AuthorID   string
	AuthorName string // "" when not known
	Body       string
	CreatedAt  time.Time
}
