package admin

import (
	"context"
	"fmt"
	"strconv"

	"confidant/internal/access"
	"confidant/internal/app/core"
	"confidant/internal/audit"
	"confidant/internal/fault"
	"confidant/internal/stats"
	"confidant/internal/store"
)

// MetaMonitoringThreshold is the setting for small-number suppression in
// the monitoring returns.
const MetaMonitoringThreshold = "monitoring_threshold"

// The bounds of the suppression threshold: below 3 a return can point at a
// client; above 25 a small provider's return says nothing.
const (
	MinMonitoringThreshold = 3
	MaxMonitoringThreshold = 25
)

// MaxMonitoringMonths is the longest period a report covers (two years
// still fit the one-page return).
const MaxMonitoringMonths = 24

// MonitoringThreshold is the small-number threshold in force.
func (a *Service) MonitoringThreshold(ctx context.Context) int {
	v, err := a.core.DB.GetMeta(ctx, MetaMonitoringThreshold)
	if err != nil || v == "" {
		return stats.DefaultThreshold
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < MinMonitoringThreshold || n > MaxMonitoringThreshold {
		return stats.DefaultThreshold
	}
	return n
}

// SetMonitoringThreshold changes the threshold (admins only), with an
// audit entry. It fails with NotFound when the actor may not change
// settings, and Invalid (with a message on the "threshold" field) when raw
// is not a whole number in bounds.
func (a *Service) SetMonitoringThreshold(ctx context.Context, actor access.Actor, raw string) error {
	if !access.CanChangeSettings(actor) {
		return core.ErrNotFound
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < MinMonitoringThreshold || n > MaxMonitoringThreshold {
		return fault.InvalidFields(core.FieldErrors{"threshold": fmt.Sprintf("Enter a whole number from %d to %d.", MinMonitoringThreshold, MaxMonitoringThreshold)})
	}
	return a.core.DB.SetMeta(ctx, MetaMonitoringThreshold, strconv.Itoa(n),
		&store.Event{Type: audit.SettingsChange, ActorID: actor.UserID, Subject: MetaMonitoringThreshold, Detail: "value=" + strconv.Itoa(n)})
}

// MonitoringPeriod reads a period from a form's from and to months; empty
// values mean the last twelve months. It fails with Invalid (with messages
// on the "from" and "to" fields) when a month is not YYYY-MM, the period
// runs backwards or is longer than MaxMonitoringMonths; the period is then
// the last twelve months, for the page to show.
func (a *Service) MonitoringPeriod(from, to string) (stats.Period, error) {
	p := stats.LastTwelveMonths(a.core.Now())
	errs := core.FieldErrors{}
	if from != "" {
		m, err := stats.ParseMonth(from)
		if err != nil {
			errs["from"] = "Enter the first month as YYYY-MM, for example 2025-04."
		}
		p.From = m
	}
	if to != "" {
		m, err := stats.ParseMonth(to)
		if err != nil {
			errs["to"] = "Enter the last month as YYYY-MM, for example 2026-03."
		}
		p.To = m
	}
	if len(errs) == 0 {
		switch {
		case p.Len() == 0:
			errs["to"] = "The last month must not come before the first."
		case p.Len() > MaxMonitoringMonths:
			errs["to"] = fmt.Sprintf("Choose a period of at most %d months.", MaxMonitoringMonths)
		}
	}
	if len(errs) > 0 {
		return stats.LastTwelveMonths(a.core.Now()), fault.InvalidFields(errs)
	}
	return p, nil
}

// Monitoring computes the monitoring figures for a period from the request
// records and their transitions (leads and admins only). It fails with
// NotFound when the actor is neither.
func (a *Service) Monitoring(ctx context.Context, actor access.Actor, p stats.Period) (stats.Report, error) {
	if !access.CanMonitor(actor) {
		return stats.Report{}, core.ErrNotFound
	}
	reqs, ts, err := a.core.DB.StatsInputs(ctx, p)
	if err != nil {
		return stats.Report{}, err
	}
	return stats.Compute(stats.Input{
		Requests: reqs, Transitions: ts, Period: p,
		Location: a.core.Now().Location(), Threshold: a.MonitoringThreshold(ctx),
	}), nil
}

// MonitoringReturn is Monitoring for an export (CSV or PDF), recorded in
// the audit log: a return leaves the building. It fails as Monitoring does.
func (a *Service) MonitoringReturn(ctx context.Context, actor access.Actor, p stats.Period, format string) (stats.Report, error) {
	rep, err := a.Monitoring(ctx, actor, p)
	if err != nil {
		return rep, err
	}
	err = a.core.DB.Audit(ctx, store.Event{Type: audit.MonitoringExport, ActorID: actor.UserID, Subject: p.From.String() + ".." + p.To.String(), Detail: "format=" + format})
	return rep, err
}
