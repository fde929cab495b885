package web

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"confidant/internal/access"
	"confidant/internal/app/admin"
	"confidant/internal/fault"
	"confidant/internal/stats"
)

// monitoringRoutes adds the monitoring page and its exports (issue 9).
func (s *Server) monitoringRoutes(handle func(method, path string, rl rule, h http.HandlerFunc)) {
	handle("GET", "/monitoring", signedIn, s.monitoring)
	handle("GET", "/monitoring.csv", signedIn, s.monitoringCSV)
	handle("GET", "/monitoring.pdf", signedIn, s.monitoringPDF)
	handle("POST", "/monitoring/threshold", adminOnly, s.monitoringThreshold)
	s.rightsRoutes(handle)
}

// periodLink is a ready-made period for the chooser.
type periodLink struct {
	Label, From, To string
	Current         bool
}

type monitoringPage struct {
	From, To  string // as typed into the chooser
	Report    stats.Report
	Charts    []chart
	Consulted string // "6 of 6"
	// Figures written out for the summary.
	NonCompliantShare, NeedsVerificationShare string
	AckMedian, DecisionMedian                 string
	Quick                                     []periodLink
	Admin                                     bool
	Threshold                                 string // the threshold form's value
	MinT, MaxT                                int
}

// quickPeriods are the last twelve months and the financial years (April
// to March) a return is usually made for.
func quickPeriods(now time.Time, cur stats.Period) []periodLink {
	this := stats.MonthOf(now)
	fyStart := stats.Month{Year: now.Year(), Month: time.April}
	if now.Month() < time.April {
		fyStart.Year--
	}
	ps := []struct {
		label string
		p     stats.Period
	}{
		{"Last 12 months", stats.LastTwelveMonths(now)},
		{"This financial year so far", stats.Period{From: fyStart, To: this}},
		{fmt.Sprintf("Financial year %d to %d", fyStart.Year-1, fyStart.Year), stats.Period{From: fyStart.Add(-12), To: fyStart.Add(-1)}},
	}
	out := make([]periodLink, len(ps))
	for i, x := range ps {
		out[i] = periodLink{Label: x.label, From: x.p.From.String(), To: x.p.To.String(), Current: x.p == cur}
	}
	return out
}

func newMonitoringPage(rep stats.Report, from, to string, now time.Time, isAdmin bool) monitoringPage {
	p := monitoringPage{From: from, To: to, Report: rep, Admin: isAdmin,
		Threshold: fmt.Sprint(rep.Threshold), MinT: admin.MinMonitoringThreshold, MaxT: admin.MaxMonitoringThreshold}
	if p.From == "" {
		p.From = rep.Period.From.String()
	}
	if p.To == "" {
		p.To = rep.Period.To.String()
	}
	p.Quick = quickPeriods(now, rep.Period)
	p.Charts = []chart{
		newChart("kind", "Requests by kind", "Requests", rep, rep.ByKind, 0, true),
		newChart("verdict", "Requests by verdict of the compliance check", "Requests", rep, rep.ByVerdict, 0, true),
		newChart("outcome", "Outcomes at the end of the period", "Requests", rep, rep.Outcomes, 0, true),
		findingsChart(rep),
		newChart("force", "Requests by force", "Requests", rep, rep.ByForce, 12, true),
		newChart("month", "Requests by month received", "Requests", rep, rep.ByMonth, 0, false),
	}
	c := rep.Consultation
	p.Consulted = fmt.Sprintf("%d of %d", c.Consulted(), c.Disclosed)
	if rep.Total > 0 {
		p.NonCompliantShare = stats.Percent(rep.Share(rep.NonCompliant))
		p.NeedsVerificationShare = stats.Percent(rep.Share(rep.NeedsVerification))
	}
	p.AckMedian, p.DecisionMedian = medianDays(rep.Acknowledgement), medianDays(rep.Decision)
	return p
}

// monitoringReport reads the period from the query and computes the
// report; a bad period answers 422 with the page for the default period
// and the chooser showing what was typed.
func (s *Server) monitoringReport(w http.ResponseWriter, r *http.Request, export string) (stats.Report, bool) {
	actor := getCurrent(r).actor()
	if !access.CanMonitor(actor) {
		s.notFound(w, r)
		return stats.Report{}, false
	}
	q := r.URL.Query()
	p, perr := s.App.Admin.MonitoringPeriod(q.Get("from"), q.Get("to"))
	fe := fault.FieldsOf(perr)
	if perr != nil && fe == nil {
		s.fail(w, r, perr)
		return stats.Report{}, false
	}
	var rep stats.Report
	var err error
	if export != "" && fe == nil {
		rep, err = s.App.Admin.MonitoringReturn(r.Context(), actor, p, export)
	} else {
		rep, err = s.App.Admin.Monitoring(r.Context(), actor, p)
	}
	if err != nil {
		s.fail(w, r, err)
		return rep, false
	}
	if fe != nil || export == "" {
		status := http.StatusOK
		if fe != nil {
			status = http.StatusUnprocessableEntity
		}
		v := s.newView(r, newMonitoringPage(rep, q.Get("from"), q.Get("to"), s.Now(), actor.Has(access.Admin)))
		for k, m := range fe {
			v.Errors[k] = m
		}
		s.render(w, r, status, "monitoring", v)
		return rep, false
	}
	return rep, true
}

func (s *Server) monitoring(w http.ResponseWriter, r *http.Request) {
	s.monitoringReport(w, r, "")
}

// medianDays writes a median for the page ("–" when nothing was
// measured).
func medianDays(t stats.Timing) string {
	switch {
	case t.N == 0:
		return "–"
	case t.Median == float64(int(t.Median)):
		return fmt.Sprint(int(t.Median))
	}
	return fmt.Sprintf("%.1f", t.Median)
}

func returnFilename(p stats.Period, ext string) string {
	return fmt.Sprintf("confidant-return-%s-to-%s.%s", p.From, p.To, ext)
}

func (s *Server) monitoringCSV(w http.ResponseWriter, r *http.Request) {
	rep, ok := s.monitoringReport(w, r, "csv")
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := rep.CSV(&buf, s.App.ProviderName(r.Context())); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+returnFilename(rep.Period, "csv")+`"`)
	w.Write(buf.Bytes())
}

func (s *Server) monitoringPDF(w http.ResponseWriter, r *http.Request) {
	rep, ok := s.monitoringReport(w, r, "pdf")
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := rep.PDF(&buf, s.App.ProviderName(r.Context()), s.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+returnFilename(rep.Period, "pdf")+`"`)
	w.Write(buf.Bytes())
}

func (s *Server) monitoringThreshold(w http.ResponseWriter, r *http.Request) {
	actor := getCurrent(r).actor()
	err := s.App.Admin.SetMonitoringThreshold(r.Context(), actor, r.PostForm.Get("threshold"))
	fe := fault.FieldsOf(err)
	if fe != nil {
		rep, rerr := s.App.Admin.Monitoring(r.Context(), actor, stats.LastTwelveMonths(s.Now()))
		if rerr != nil {
			s.fail(w, r, rerr)
			return
		}
		page := newMonitoringPage(rep, "", "", s.Now(), true)
		page.Threshold = r.PostForm.Get("threshold")
		v := s.newView(r, page)
		for k, m := range fe {
			v.Errors[k] = m
		}
		s.render(w, r, http.StatusUnprocessableEntity, "monitoring", v)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/monitoring#threshold-section", "threshold-saved")
}
