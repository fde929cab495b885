package store

import (
	"context"
	"time"

	"confidant/internal/stats"
)

// StatsInputs returns what the monitoring figures are computed from: the
// requests received in the period and their transitions up to its end
// (with, possibly, some transitions of other requests, which Compute
// ignores).
// It reads only clear columns (ids, kind, force, verdict, codes, dates and
// statuses): no client, no request record, no transition note, no actor.
//
// The two reads are not one snapshot; a request recorded between them
// arrives without transitions and counts as received, which is what it is.
func (d *DB) StatsInputs(ctx context.Context, p stats.Period) ([]stats.Request, []stats.Transition, error) {
	from, until := p.From.String()+"-01", p.To.Add(1).String()+"-01"
	rows, err := d.db.QueryContext(ctx, `SELECT id, kind, force_name, verdict, suspected_fraud, finding_codes, received_on
		FROM requests WHERE received_on >= ? AND received_on < ?`, from, until)
	if err != nil {
		return nil, nil, classify(err)
	}
	var reqs []stats.Request
	for rows.Next() {
		var r stats.Request
		var codes codesColumn
		if err := rows.Scan(&r.ID, &r.Kind, &r.Force, &r.Verdict, &r.SuspectedFraud, &codes, &r.ReceivedOn); err != nil {
			rows.Close()
			return nil, nil, classify(err)
		}
		r.Codes = codes
		reqs = append(reqs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, classify(err)
	}

	// The transitions that can matter: a request's transitions all come
	// after it was recorded, which is no earlier than the day before it
	// was received (RecordRequest refuses a date of receipt in the
	// future), and the figures read nothing after the period. A range on
	// the time, with two days' margin for time zones, reads them without
	// a join; Compute drops those of other requests and cuts at the end
	// of the period exactly. They come in the order they were written
	// (rowid), which orders two changes made in the same second.
	lo := time.Date(p.From.Year, p.From.Month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -2).Unix()
	hi := time.Date(p.To.Year, p.To.Month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 2).Unix()
	rows, err = d.db.QueryContext(ctx, `SELECT request_id, at, from_status, to_status FROM request_transitions
		WHERE at >= ? AND at < ? ORDER BY rowid`, lo, hi)
	if err != nil {
		return nil, nil, classify(err)
	}
	defer rows.Close()
	ts := make([]stats.Transition, 0, len(reqs)*6)
	for rows.Next() {
		var t stats.Transition
		if err := rows.Scan(&t.RequestID, &t.At, &t.From, &t.To); err != nil {
			return nil, nil, classify(err)
		}
		ts = append(ts, t)
	}
	return reqs, ts, classify(rows.Err())
}
