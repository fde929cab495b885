package store

import (
	"testing"
	"time"

	"confidant/internal/access"
)

func TestCaseFileTimesAreStoredAsUnixSecondsAndReadBackAsTimes(t *testing.T) {
	d := openTestDB(t)
	ctx := t.Context()
	now := time.Unix(1_780_000_000, 250_000_000) // a quarter second past
	d.SetClock(func() time.Time { return now })
	u := User{Email: "c@example.org", NameEnc: []byte{0}, PasswordHash: "x", Roles: access.RolesOf(access.Counsellor)}
	if err := d.CreateUser(ctx, &u, "cli"); err != nil {
		t.Fatal(err)
	}
	whole := time.Unix(now.Unix(), 0)

	c := Client{CounsellorID: u.ID, Recipient: "r", WrappedKey: []byte{1}, NameEnc: []byte{2}}
	if err := d.CreateClient(ctx, &c, u.ID); err != nil {
		t.Fatal(err)
	}
	if !c.CreatedAt.Equal(whole) {
		t.Errorf("client CreatedAt set to %v, want the whole second %v", c.CreatedAt, whole)
	}
	if back, err := d.ClientByID(ctx, c.ID); err != nil || !back.CreatedAt.Equal(whole) {
		t.Errorf("client read back CreatedAt %v (%v), want %v", back.CreatedAt, err, whole)
	}

	n := Note{ClientID: c.ID, AuthorID: u.ID, SessionDate: "2026-05-01", BodyEnc: []byte{3}}
	if err := d.CreateNote(ctx, &n); err != nil {
		t.Fatal(err)
	}
	var signed *int64
	if err := d.db.Get(&signed, `SELECT signed_at FROM notes WHERE id = ?`, n.ID); err != nil || signed != nil {
		t.Fatalf("a draft's signed_at = %v (%v), want NULL", signed, err)
	}
	draft, err := d.NoteByID(ctx, n.ID)
	if err != nil || !draft.CreatedAt.Equal(whole) || !draft.UpdatedAt.Equal(whole) || !draft.SignedAt.IsZero() {
		t.Errorf("draft read back as created %v, updated %v, signed %v (%v); want %v, %v and the zero time", draft.CreatedAt, draft.UpdatedAt, draft.SignedAt, err, whole, whole)
	}

	now = now.Add(time.Hour)
	if err := d.SignNote(ctx, n.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	ns, err := d.NotesByClient(ctx, c.ID, 10, 0)
	if err != nil || len(ns) != 1 || ns[0].SignedAt.Unix() != now.Unix() || ns[0].UpdatedAt.Unix() != now.Unix() || !ns[0].CreatedAt.Equal(whole) {
		t.Fatalf("signed note read back as %+v (%v), want signed and updated at %v", ns, err, now.Unix())
	}

	now = now.Add(time.Hour)
	ad := Addendum{NoteID: n.ID, AuthorID: u.ID, BodyEnc: []byte{4}}
	if err := d.CreateAddendum(ctx, &ad); err != nil {
		t.Fatal(err)
	}
	if ad.CreatedAt.Unix() != now.Unix() || ad.CreatedAt.Nanosecond() != 0 {
		t.Errorf("addendum CreatedAt set to %v, want the whole second %v", ad.CreatedAt, now.Unix())
	}
	as, err := d.AddendaByNotes(ctx, []string{n.ID})
	if err != nil || len(as) != 1 || !as[0].CreatedAt.Equal(ad.CreatedAt) {
		t.Errorf("addenda read back as %+v (%v), want one created at %v", as, err, ad.CreatedAt)
	}

	// A client with a session before the cutoff is past retention, and
	// reads back with the time it was added.
	cutoff := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	rs, err := d.ClientsPastRetention(ctx, cutoff)
	if err != nil || len(rs) != 1 || rs[0].ID != c.ID || !rs[0].CreatedAt.Equal(whole) {
		t.Fatalf("past retention = %+v (%v), want the client added at %v", rs, err, whole)
	}
	if r, err := d.ClientPastRetention(ctx, c.ID, cutoff); err != nil || !r.CreatedAt.Equal(whole) {
		t.Errorf("one client past retention = %+v (%v), want added at %v", r, err, whole)
	}
	if rs, err := d.ClientsPastRetention(ctx, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)); err != nil || len(rs) != 0 {
		t.Errorf("with the cutoff on the session's day: %+v (%v), want none", rs, err)
	}
}
