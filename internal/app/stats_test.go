package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"confidant/internal/access"
	"confidant/internal/app"
	"confidant/internal/app/apptest"
	"confidant/internal/app/core"
	"confidant/internal/fault"
	"confidant/internal/rights"
	"confidant/internal/stats"
	"confidant/internal/vault"
)

func newMonitoringApp(t *testing.T) *app.App {
	t.Helper()
	dir := apptest.Init(t, vault.Classic)
	a := apptest.Open(t, dir, "")
	a.SetClock(func() time.Time { return time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC) })
	return a
}

var (
	statsLead       = access.Actor{UserID: "lead", Roles: access.RolesOf(access.Lead)}
	statsAdmin      = access.Actor{UserID: "admin", Roles: access.RolesOf(access.Admin)}
	statsCounsellor = access.Actor{UserID: "c", Roles: access.RolesOf(access.Counsellor)}
)

func TestOnlyLeadsAndAdminsSeeTheMonitoringFigures(t *testing.T) {
	a := newMonitoringApp(t)
	p := stats.LastTwelveMonths(a.Now())
	for _, actor := range []access.Actor{statsLead, statsAdmin} {
		if _, err := a.Admin.Monitoring(context.Background(), actor, p); err != nil {
			t.Errorf("%v: %v", actor.Roles, err)
		}
	}
	if _, err := a.Admin.Monitoring(context.Background(), statsCounsellor, p); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("a counsellor saw the figures: %v", err)
	}
	if _, err := a.Admin.MonitoringReturn(context.Background(), statsCounsellor, p, "csv"); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("a counsellor exported a return: %v", err)
	}
}

func TestMonitoringPeriodFromTheForm(t *testing.T) {
	a := newMonitoringApp(t)
	cases := []struct {
		from, to string
		want     string // "from..to", or the field in error
	}{
		{"", "", "2025-04..2026-03"},
		{"2025-04", "2026-03", "2025-04..2026-03"},
		{"2026-01", "", "2026-01..2026-03"},
		{"2024-04", "2026-03", "2024-04..2026-03"},
		{"2024-03", "2026-03", "to"},
		{"2026-03", "2026-01", "to"},
		{"April", "", "from"},
		{"", "2026-13", "to"},
	}
	for _, c := range cases {
		p, err := a.Admin.MonitoringPeriod(c.from, c.to)
		var fe core.FieldErrors
		switch {
		case asFields(err, &fe):
			if _, ok := fe[c.want]; !ok {
				t.Errorf("(%q, %q): errors %v, want one on %s", c.from, c.to, fe, c.want)
			}
		case err != nil:
			t.Errorf("(%q, %q): %v", c.from, c.to, err)
		case p.From.String()+".."+p.To.String() != c.want:
			t.Errorf("(%q, %q) = %s..%s, want %s", c.from, c.to, p.From, p.To, c.want)
		}
	}
}

func TestOnlyAnAdminSetsTheThresholdWithinBounds(t *testing.T) {
	a := newMonitoringApp(t)
	ctx := context.Background()
	if a.Admin.MonitoringThreshold(ctx) != stats.DefaultThreshold {
		t.Fatal("default threshold not 5")
	}
	if err := a.Admin.SetMonitoringThreshold(ctx, statsLead, "10"); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("a lead set the threshold: %v", err)
	}
	for _, bad := range []string{"2", "26", "five", ""} {
		var fe core.FieldErrors
		if err := a.Admin.SetMonitoringThreshold(ctx, statsAdmin, bad); !asFields(err, &fe) {
			t.Errorf("threshold %q accepted: %v", bad, err)
		}
	}
	if err := a.Admin.SetMonitoringThreshold(ctx, statsAdmin, "10"); err != nil {
		t.Fatal(err)
	}
	rep, _ := a.Admin.Monitoring(ctx, statsLead, stats.LastTwelveMonths(a.Now()))
	if a.Admin.MonitoringThreshold(ctx) != 10 || rep.Threshold != 10 {
		t.Fatalf("threshold %d, report's %d", a.Admin.MonitoringThreshold(ctx), rep.Threshold)
	}
}

func TestRightsTextIsTheDefaultUntilAnAdminEditsIt(t *testing.T) {
	a := newMonitoringApp(t)
	ctx := context.Background()
	text, err := a.Admin.RightsText(ctx)
	if err != nil || rights.Title(text) != "Your counselling notes and the police" {
		t.Fatalf("default text: %v\n%s", err, text)
	}
	body, version, _ := a.Admin.RightsTemplate(ctx)
	if version != 0 || body != rights.Default {
		t.Fatalf("template %d", version)
	}
	if err := a.Admin.SaveRightsTemplate(ctx, statsLead, "# Mine", 0); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("a lead edited the text: %v", err)
	}
	var fe core.FieldErrors
	if err := a.Admin.SaveRightsTemplate(ctx, statsAdmin, "# Broken {{.Nope}}", 0); !asFields(err, &fe) {
		t.Fatalf("a broken text was saved: %v", err)
	}
	if err := a.Admin.SaveRightsTemplate(ctx, statsAdmin, "# Our promise\r\n\r\nAsk {{.Provider}}.", 0); err != nil {
		t.Fatal(err)
	}
	if err := a.Admin.SaveRightsTemplate(ctx, statsAdmin, "# Someone else's", 0); !asFields(err, &fe) || !strings.Contains(fe["body"], "someone else saved") || fault.CodeOf(err) != fault.Conflict {
		t.Fatalf("a stale edit was saved: %v", err)
	}
	text, _ = a.Admin.RightsText(ctx)
	if text != "# Our promise\n\nAsk Our counselling service." {
		t.Fatalf("edited text = %q", text)
	}
}
