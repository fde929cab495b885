package store

import (
	"testing"
	"time"

	"confidant/internal/request"
)

// TestExtractAndReleaseTimesAreWholeSecondsAndNullIsTheZeroTime follows one
// request from its extract to its download: every time the store stamps is
// the whole second of its clock, reads back equal, is kept as unix seconds,
// and a time not yet reached (an unused link, a pending change, a download
// still to come) is NULL in the table and the zero time in the row.
func TestExtractAndReleaseTimesAreWholeSecondsAndNullIsTheZeroTime(t *testing.T) {
	d := openStatsDB(t)
	ctx := t.Context()
	now := time.Unix(1_780_000_000, 250_000_000) // a quarter second past
	d.SetClock(func() time.Time { return now })
	whole := time.Unix(now.Unix(), 0)
	for _, q := range []string{
		`INSERT INTO requests (id, client_id, reference, kind, force_name, status, verdict, suspected_fraud, finding_codes, received_on, record_enc, created_by, created_at, updated_at)
			VALUES ('r1', 'c1', 'R-1', 'victim_information_request', 'Force A', 'extract_drafted', 'compliant', 0, '', '2026-03-01', x'00', 'u1', 0, 0)`,
		`INSERT INTO portal_accounts (id, client_id, email_hash, email_enc, password_hash, created_at) VALUES ('a1', 'c1', 'h', x'00', 'x', 0)`,
	} {
		if _, err := d.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	stored := func(query string) *int64 {
		t.Helper()
		var v *int64
		if err := d.db.Get(&v, query); err != nil {
			t.Fatal(err)
		}
		return v
	}
	same := func(what string, got, want time.Time) {
		t.Helper()
		if !got.Equal(want) || got.Nanosecond() != 0 {
			t.Errorf("%s = %v, want the whole second %v", what, got, want)
		}
	}

	if err := d.SaveDraft(ctx, "r1", 0, []byte{1}, "u1"); err != nil {
		t.Fatal(err)
	}
	dr, err := d.DraftByRequest(ctx, "r1")
	if err != nil {
		t.Fatal(err)
	}
	same("draft UpdatedAt", dr.UpdatedAt, whole)

	x := Extract{RequestID: "r1", SHA256: "abc", Summary: "s", CreatedBy: "u1", ObjectEnc: []byte{1}, PDFEnc: []byte{1}}
	if err := d.CreateExtract(ctx, &x, request.StatusExtractDrafted, "", anyVersion, func(int) ([]byte, error) { return []byte{1}, nil }); err != nil {
		t.Fatal(err)
	}
	same("new extract CreatedAt", x.CreatedAt, whole)
	if v := stored(`SELECT created_at FROM extracts WHERE id = '` + x.ID + `'`); v == nil || *v != now.Unix() {
		t.Errorf("stored extract created_at = %v, want %d", v, now.Unix())
	}
	for name, get := range map[string]func() (Extract, error){
		"latest":     func() (Extract, error) { return d.LatestExtract(ctx, "r1") },
		"by version": func() (Extract, error) { return d.ExtractByVersion(ctx, "r1", 1) },
		"listed": func() (Extract, error) {
			xs, err := d.ExtractsByRequest(ctx, "r1")
			if len(xs) != 1 {
				return Extract{}, err
			}
			return xs[0], err
		},
	} {
		back, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		same(name+" extract CreatedAt", back.CreatedAt, whole)
	}

	inv := PortalInvite{TokenHash: "t1", ClientID: "c1", EmailEnc: []byte{1}, CreatedBy: "u1", CreatedAt: now, ExpiresAt: now.Add(time.Hour), Purpose: InviteReset}
	if err := d.CreateInvite(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if v := stored(`SELECT used_at FROM portal_invites WHERE token_hash = 't1'`); v != nil {
		t.Errorf("an unused link's used_at = %d, want NULL", *v)
	}
	got, err := d.InviteByTokenHash(ctx, "t1")
	if err != nil {
		t.Fatal(err)
	}
	same("invite CreatedAt", got.CreatedAt, whole)
	same("invite ExpiresAt", got.ExpiresAt, whole.Add(time.Hour))
	if !got.UsedAt.IsZero() || !got.VoidedAt.IsZero() || !got.Usable(now) || got.Usable(now.Add(time.Hour)) {
		t.Errorf("a fresh link reads as %+v: usable now %v, at its expiry %v", got, got.Usable(now), got.Usable(now.Add(time.Hour)))
	}
	now = now.Add(time.Minute)
	if err := d.CreateInvite(ctx, PortalInvite{TokenHash: "t2", ClientID: "c1", EmailEnc: []byte{1}, CreatedBy: "u1", CreatedAt: now, ExpiresAt: now.Add(time.Hour), Purpose: InviteReset}); err != nil {
		t.Fatal(err)
	}
	if got, err = d.InviteByTokenHash(ctx, "t1"); err != nil {
		t.Fatal(err)
	}
	same("voided invite VoidedAt", got.VoidedAt, time.Unix(now.Unix(), 0))
	if got.Usable(now) {
		t.Error("a voided link is usable")
	}

	ch := PortalEmailChange{ClientID: "c1", EmailEnc: []byte{1}, RequestedBy: "u1"}
	if err := d.ProposeEmailChange(ctx, &ch); err != nil {
		t.Fatal(err)
	}
	pending, err := d.PendingEmailChange(ctx, "c1")
	if err != nil {
		t.Fatal(err)
	}
	same("email change CreatedAt", pending.CreatedAt, time.Unix(now.Unix(), 0))
	if !pending.DecidedAt.IsZero() {
		t.Errorf("a pending change's DecidedAt = %v, want the zero time", pending.DecidedAt)
	}

	c := Consent{RequestID: "r1", ExtractSHA256: "abc", Decision: "agree"}
	if err := d.RecordConsent(ctx, &c, "a1", request.StatusExtractDrafted, request.StatusClientConsented); err != nil {
		t.Fatal(err)
	}
	if back, err := d.LatestConsent(ctx, "r1"); err != nil {
		t.Fatal(err)
	} else {
		same("consent CreatedAt", back.CreatedAt, c.CreatedAt)
	}
	if cs, err := d.ConsentsByRequest(ctx, "r1"); err != nil || len(cs) != 1 {
		t.Fatalf("consents: %d (%v)", len(cs), err)
	} else {
		same("listed consent CreatedAt", cs[0].CreatedAt, time.Unix(now.Unix(), 0))
	}

	now = now.Add(time.Minute)
	ap := Approval{RequestID: "r1", ExtractSHA256: "abc", ApprovedBy: "u1"}
	if err := d.Approve(ctx, &ap, request.StatusClientConsented, anyVersion); err != nil {
		t.Fatal(err)
	}
	if back, err := d.LatestApproval(ctx, "r1"); err != nil {
		t.Fatal(err)
	} else {
		same("approval CreatedAt", back.CreatedAt, time.Unix(now.Unix(), 0))
	}

	now = now.Add(time.Minute)
	dis := Disclosure{RequestID: "r1", ExtractVersion: 1, ExtractSHA256: "abc", RecipientEnc: []byte{1}, Method: "link", TokenHash: "d1", CodeHash: "c",
		PackageEnc: []byte{1}, ExpiresAt: now.Add(24 * time.Hour), DownloadsLeft: 1, CreatedBy: "u1"}
	if err := d.CreateDisclosure(ctx, &dis, anyVersion, nil); err != nil {
		t.Fatal(err)
	}
	if v := stored(`SELECT downloaded_at FROM disclosures WHERE id = '` + dis.ID + `'`); v != nil {
		t.Errorf("a link not downloaded has downloaded_at = %d, want NULL", *v)
	}
	sent, err := d.DisclosureByTokenHash(ctx, "d1")
	if err != nil {
		t.Fatal(err)
	}
	same("disclosure CreatedAt", sent.CreatedAt, time.Unix(now.Unix(), 0))
	same("disclosure ExpiresAt", sent.ExpiresAt, time.Unix(now.Add(24*time.Hour).Unix(), 0))
	if !sent.DownloadedAt.IsZero() {
		t.Errorf("a link not downloaded reads DownloadedAt %v, want the zero time", sent.DownloadedAt)
	}
	now = now.Add(time.Minute)
	if _, ok, err := d.ReserveCodeAttempt(ctx, dis.ID, 5); err != nil || !ok {
		t.Fatalf("reserve: %v %v", ok, err)
	}
	if won, err := d.RecordDownload(ctx, dis.ID, true); err != nil || !won {
		t.Fatalf("download: %v %v", won, err)
	}
	ds, err := d.DisclosuresByRequest(ctx, "r1")
	if err != nil || len(ds) != 1 {
		t.Fatalf("disclosures: %d (%v)", len(ds), err)
	}
	same("downloaded DownloadedAt", ds[0].DownloadedAt, time.Unix(now.Unix(), 0))
}
