package store

import (
	"testing"
	"time"

	"confidant/internal/request"
)

func TestRequestTimesAreStampedInWholeSecondsAndReadBackAsTimes(t *testing.T) {
	d := openStatsDB(t)
	ctx := t.Context()
	now := time.Unix(1_780_000_000, 250_000_000) // a quarter second past
	d.SetClock(func() time.Time { return now })
	r := Request{ClientID: "c1", Kind: "voluntary", Status: request.StatusChecked, ReceivedOn: "2026-03-01", RecordEnc: []byte{0}, CreatedBy: "u1"}
	att := Attachment{ContentType: "text/plain", Size: 1, NameEnc: []byte{1}, DataEnc: []byte{2}}
	if err := d.CreateRequest(ctx, &r, &att, request.StatusChecked); err != nil {
		t.Fatal(err)
	}
	whole := time.Unix(now.Unix(), 0)
	if !r.CreatedAt.Equal(whole) || !r.UpdatedAt.Equal(whole) || !att.CreatedAt.Equal(whole) {
		t.Errorf("stamped %v, %v, %v; want the whole second %v", r.CreatedAt, r.UpdatedAt, att.CreatedAt, whole)
	}
	var raw int64
	if err := d.db.Get(&raw, `SELECT created_at FROM requests WHERE id = ?`, r.ID); err != nil || raw != now.Unix() {
		t.Errorf("stored created_at = %d (%v), want %d", raw, err, now.Unix())
	}

	now = now.Add(time.Hour)
	m := Move{RequestID: r.ID, From: request.StatusChecked, To: request.StatusAwaitingClarification, Action: request.ActAskClarify, By: request.ActorLead, ActorID: "u1", Version: r.Version}
	if err := d.TransitionRequest(ctx, m); err != nil {
		t.Fatal(err)
	}
	back, err := d.RequestByID(ctx, r.ID)
	if err != nil || !back.CreatedAt.Equal(whole) || !back.UpdatedAt.Equal(whole.Add(time.Hour)) {
		t.Errorf("read back created %v, updated %v (%v); want %v and an hour later", back.CreatedAt, back.UpdatedAt, err, whole)
	}
	ts, err := d.TransitionsByRequest(ctx, r.ID)
	if err != nil || len(ts) != 3 || !ts[0].At.Equal(whole) || !ts[2].At.Equal(whole.Add(time.Hour)) {
		t.Errorf("transitions %+v (%v)", ts, err)
	}
	if a, err := d.AttachmentByRequest(ctx, r.ID); err != nil || !a.CreatedAt.Equal(whole) {
		t.Errorf("attachment read back at %v (%v), want %v", a.CreatedAt, err, whole)
	}

	v := Verification{RequestID: r.ID, CalledBy: "u1", CalledOn: "2026-03-02", Outcome: "confirmed", DetailEnc: []byte{0}}
	if err := d.AddVerification(ctx, &v); err != nil {
		t.Fatal(err)
	}
	rv := RequestView{RequestID: r.ID, AuthorID: "u1", BodyEnc: []byte{0}}
	if err := d.AddRequestView(ctx, &rv); err != nil {
		t.Fatal(err)
	}
	msg := Message{RequestID: r.ID, Sender: SenderClient, AuthorID: "client:a1", HasText: true, BodyEnc: []byte{0}}
	if err := d.AddMessage(ctx, &msg); err != nil {
		t.Fatal(err)
	}
	later := whole.Add(time.Hour)
	if vs, err := d.VerificationsByRequest(ctx, r.ID); err != nil || len(vs) != 1 || !vs[0].CreatedAt.Equal(later) || !v.CreatedAt.Equal(later) {
		t.Errorf("verification at %v, read back %+v (%v); want %v", v.CreatedAt, vs, err, later)
	}
	if vs, err := d.ViewsByRequest(ctx, r.ID); err != nil || len(vs) != 1 || !vs[0].CreatedAt.Equal(later) || !rv.CreatedAt.Equal(later) {
		t.Errorf("view at %v, read back %+v (%v); want %v", rv.CreatedAt, vs, err, later)
	}
	if ms, err := d.MessagesByRequest(ctx, r.ID); err != nil || len(ms) != 1 || !ms[0].CreatedAt.Equal(later) || !msg.CreatedAt.Equal(later) {
		t.Errorf("message at %v, read back %+v (%v); want %v", msg.CreatedAt, ms, err, later)
	}
	if last, err := d.LastMessage(ctx, r.ID); err != nil || !last.CreatedAt.Equal(later) {
		t.Errorf("last message at %v (%v), want %v", last.CreatedAt, err, later)
	}
	if err := d.SaveLetterTemplate(ctx, "acknowledgement", "Body", "u1", 0); err != nil {
		t.Fatal(err)
	}
	if lt, err := d.LetterTemplateByKind(ctx, "acknowledgement"); err != nil || !lt.UpdatedAt.Equal(later) {
		t.Errorf("letter template updated at %v (%v), want %v", lt.UpdatedAt, err, later)
	}
}

func TestRequestsAwaitingReplyComeWithTheirClientInOneList(t *testing.T) {
	d := openStatsDB(t)
	ctx := t.Context()
	tick := time.Unix(1_780_000_000, 0)
	d.SetClock(func() time.Time { tick = tick.Add(time.Second); return tick }) // each entry a second after the last
	for _, q := range []string{
		`INSERT INTO users (id, email, name_enc, password_hash, roles, created_at) VALUES ('u2', 'counsellor@example.org', x'00', 'x', 'counsellor', 0)`,
		`INSERT INTO clients (id, counsellor_id, recipient, reference, created_at) VALUES ('c2', 'u2', 'age1y', 'C-2', 0)`,
	} {
		if _, err := d.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	newRequest := func(client string) Request {
		r := Request{ClientID: client, Kind: "voluntary", Status: request.StatusChecked, ReceivedOn: "2026-03-01", RecordEnc: []byte{0}, CreatedBy: "u1"}
		if err := d.CreateRequest(ctx, &r, nil, request.StatusChecked); err != nil {
			t.Fatal(err)
		}
		return r
	}
	say := func(r Request, sender, decision string, text bool) {
		if err := d.AddMessage(ctx, &Message{RequestID: r.ID, Sender: sender, AuthorID: "x", Decision: decision, HasText: text, BodyEnc: []byte{0}}); err != nil {
			t.Fatal(err)
		}
	}
	wrote := newRequest("c1")    // she wrote: waiting
	answered := newRequest("c2") // she wrote, the service answered
	agreed := newRequest("c2")   // a plain yes needs no answer
	talk := newRequest("c2")     // she wants to talk: waiting
	closed := newRequest("c1")   // closed since: not listed
	say(wrote, SenderClient, "", true)
	say(answered, SenderClient, "", true)
	say(answered, SenderService, "", true)
	say(agreed, SenderClient, "agree", false)
	say(talk, SenderClient, "talk", false)
	say(closed, SenderClient, "", true)
	if _, err := d.db.Exec(`UPDATE requests SET status = 'closed' WHERE id = ?`, closed.ID); err != nil {
		t.Fatal(err)
	}
	got, err := d.RequestsAwaitingReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []AwaitingReply{
		{RequestID: wrote.ID, Reference: wrote.Reference, ClientID: "c1", ClientRef: "C-1", CounsellorID: "u1"},
		{RequestID: talk.ID, Reference: talk.Reference, ClientID: "c2", ClientRef: "C-2", CounsellorID: "u2"},
	}
	if len(got) != len(want) {
		t.Fatalf("awaiting reply: %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("item %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
