package store

import (
	"errors"
	"slices"
	"testing"

	"confidant/internal/fault"
	"confidant/internal/request"
)

func TestRequestFilterSelectsOneStatusAllOrTheLiveOnes(t *testing.T) {
	d := openStatsDB(t)
	ctx := t.Context()
	ids := map[request.Status]string{}
	for _, st := range []request.Status{request.StatusChecked, request.StatusSent, request.StatusRecordedInError} {
		r := Request{ClientID: "c1", Kind: "voluntary", Status: request.StatusChecked, ReceivedOn: "2026-03-01", RecordEnc: []byte{0}, CreatedBy: "u1"}
		if err := d.CreateRequest(ctx, &r, nil, request.StatusChecked); err != nil {
			t.Fatal(err)
		}
		if _, err := d.db.Exec(`UPDATE requests SET status = ? WHERE id = ?`, st, r.ID); err != nil {
			t.Fatal(err)
		}
		ids[st] = r.ID
	}
	for _, tc := range []struct {
		name string
		f    RequestFilter
		want []request.Status
	}{
		{"the live ones by default", RequestFilter{}, []request.Status{request.StatusChecked}},
		{"one status", RequestFilter{Status: request.StatusSent}, []request.Status{request.StatusSent}},
		{"all but those recorded in error", RequestFilter{All: true}, []request.Status{request.StatusChecked, request.StatusSent}},
		{"one status wins over all", RequestFilter{Status: request.StatusRecordedInError, All: true}, []request.Status{request.StatusRecordedInError}},
	} {
		rs, total, err := d.ListRequests(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []request.Status
		for _, r := range rs {
			if r.ID != ids[r.Status] {
				t.Errorf("%s: request %s read with status %q", tc.name, r.ID, r.Status)
			}
			got = append(got, r.Status)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) || total != len(tc.want) {
			t.Errorf("%s: got %v (total %d), want %v", tc.name, got, total, tc.want)
		}
	}
	if _, _, err := d.ListRequests(ctx, RequestFilter{Status: "all"}); err == nil {
		t.Error(`a filter on the status "all", which is no status, listed requests without error`)
	}
	ts, err := d.TransitionsByRequest(ctx, ids[request.StatusChecked])
	if err != nil || len(ts) != 2 || ts[0].From != "" || ts[0].To != request.StatusReceived || ts[1].From != request.StatusReceived || ts[1].To != request.StatusChecked {
		t.Errorf("first transitions = %+v (%v), want received then checked", ts, err)
	}
}

func TestFindingCodesAreStoredCommaJoinedAndReadBackInOrder(t *testing.T) {
	d := openStatsDB(t)
	ctx := t.Context()
	codes := []request.Code{request.CodeNoticeToFollow, request.CodeAuthorisationStale}
	with := Request{ClientID: "c1", Kind: "voluntary", Status: request.StatusChecked, ReceivedOn: "2026-03-01", RecordEnc: []byte{0}, CreatedBy: "u1", FindingCodes: codes}
	without := with
	without.FindingCodes = nil
	for _, r := range []*Request{&with, &without} {
		if err := d.CreateRequest(ctx, r, nil, request.StatusChecked); err != nil {
			t.Fatal(err)
		}
	}
	var stored string
	if err := d.db.Get(&stored, `SELECT finding_codes FROM requests WHERE id = ?`, with.ID); err != nil || stored != "notice_to_follow,authorisation_stale" {
		t.Errorf("stored codes = %q (%v)", stored, err)
	}
	got, err := d.RequestByID(ctx, with.ID)
	if err != nil || !slices.Equal(got.FindingCodes, codes) {
		t.Errorf("read back %v (%v), want %v", got.FindingCodes, err, codes)
	}
	if got, err := d.RequestByID(ctx, without.ID); err != nil || got.FindingCodes != nil {
		t.Errorf("a request without findings read back codes %#v (%v)", got.FindingCodes, err)
	}
}

func TestAMoveTheLifecycleRefusesInsideAWriteIsAConflict(t *testing.T) {
	d := openStatsDB(t)
	ctx := t.Context()
	r := Request{ClientID: "c1", Kind: "voluntary", Status: request.StatusChecked, ReceivedOn: "2026-03-01", RecordEnc: []byte{0}, CreatedBy: "u1"}
	if err := d.CreateRequest(ctx, &r, nil, request.StatusChecked); err != nil {
		t.Fatal(err)
	}
	// A lead's page said "verified", but the request is only checked: the
	// client may be consulted only once it is verified.
	err := d.ConsultClient(ctx, r.ID, request.StatusChecked, r.Version, "u1", true)
	var me *request.MoveError
	if !errors.As(err, &me) {
		t.Fatalf("consulting from checked = %v, want a *request.MoveError", err)
	}
	if code := fault.CodeOf(err); code != fault.Conflict {
		t.Errorf("consulting from checked has code %q, want %q (%v)", code, fault.Conflict, err)
	}
}

func TestAMoveTheDatabaseRefusesToWriteIsClassifiedByTheMoveItself(t *testing.T) {
	d := openStatsDB(t)
	ctx := t.Context()
	r := Request{ClientID: "c1", Kind: "voluntary", Status: request.StatusChecked, ReceivedOn: "2026-03-01", RecordEnc: []byte{0}, CreatedBy: "u1"}
	if err := d.CreateRequest(ctx, &r, nil, request.StatusChecked); err != nil {
		t.Fatal(err)
	}
	// Outside d.tx, which classifies what its function returns: the move
	// must answer for its own writes.
	tx, err := d.db.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `PRAGMA query_only = 1`); err != nil {
		t.Fatal(err)
	}
	defer tx.ExecContext(ctx, `PRAGMA query_only = 0`)
	m := Move{RequestID: r.ID, From: request.StatusChecked, To: request.StatusVerified, Action: request.ActVerify, By: request.ActorLead, ActorID: "u1", Version: r.Version}
	err = moveRequest(ctx, tx, m, wholeSeconds(d.now()))
	if !errors.Is(err, ErrReadOnly) || fault.CodeOf(err) == fault.Internal {
		t.Errorf("a move the database would not write = %v (code %q), want ErrReadOnly", err, fault.CodeOf(err))
	}
}
