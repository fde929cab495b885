package web

import (
	"fmt"
	"strings"

	"confidant/internal/stats"
	"confidant/internal/words"
)

// The monitoring page's charts are drawn here as SVG geometry that the
// template writes out: no JavaScript, and no style attributes (the
// Content-Security-Policy allows none), only SVG presentation attributes.
// Each chart has a title and a text alternative naming every value, and the
// page puts the same numbers in a table beside it.

// Chart geometry, in the SVG's own units (it scales to its box).
const (
	chartW      = 480
	chartRowH   = 40
	chartLabelY = 15 // baseline of a row's label
	chartBarY   = 21 // top of a row's bar
	chartBarH   = 14
	chartRoomR  = 56 // space right of the longest bar for its value
	chartTop    = 4
	chartMaxBar = chartW - chartRoomR
)

// chart is one breakdown: the SVG's bars and the table's rows.
type chart struct {
	ID, Title, Desc string
	Unit            string // what is counted, for the table's heading
	Height          int
	Bars            []chartBar
	Rows            []chartRow
	More            int // rows in the table but not in the chart
	Provision       bool
	Shares          bool // the table has a share column
}

type chartBar struct {
	Label, Value         string
	LabelY, BarY, BarW   int
	ValueX, ValueY, BarH int
}

type chartRow struct {
	Label, Provision, Share string
	URL                     string
	N                       int
}

// newChart lays out up to limit bars (0: all) from counts.
func newChart(id, title, unit string, rep stats.Report, counts []stats.Count, limit int, shares bool) chart {
	c := chart{ID: id, Title: title, Unit: unit, Shares: shares && rep.Total > 0}
	for _, n := range counts {
		row := chartRow{Label: n.Label, N: n.N}
		if shares && rep.Total > 0 {
			row.Share = stats.Percent(rep.Share(n.N))
		}
		c.Rows = append(c.Rows, row)
	}
	c.layout(rep.Period, limit)
	return c
}

// findingsChart charts the commonest findings with their provisions.
func findingsChart(rep stats.Report) chart {
	c := chart{ID: "findings", Title: "Commonest findings", Unit: "Requests", Provision: true, Shares: rep.Total > 0}
	for _, f := range rep.Findings {
		c.Rows = append(c.Rows, chartRow{Label: words.Finding(f.Code), Provision: f.Law, URL: f.URL(), N: f.N, Share: stats.Percent(rep.Share(f.N))})
	}
	c.layout(rep.Period, 0)
	return c
}

func (c *chart) layout(p stats.Period, limit int) {
	rows := c.Rows
	if limit > 0 && len(rows) > limit {
		c.More = len(rows) - limit
		rows = rows[:limit]
	}
	top := 0
	for _, r := range rows {
		top = max(top, r.N)
	}
	var alt []string
	for i, r := range rows {
		y := chartTop + i*chartRowH
		w := 0
		if top > 0 {
			w = r.N * chartMaxBar / top
		}
		if r.N > 0 && w < 2 {
			w = 2
		}
		c.Bars = append(c.Bars, chartBar{
			Label: r.Label, Value: fmt.Sprint(r.N),
			LabelY: y + chartLabelY, BarY: y + chartBarY, BarW: w, BarH: chartBarH,
			ValueX: w + 6, ValueY: y + chartBarY + chartBarH - 2,
		})
		alt = append(alt, fmt.Sprintf("%s: %d", r.Label, r.N))
	}
	c.Height = chartTop*2 + len(rows)*chartRowH
	if len(rows) == 0 {
		c.Height = chartRowH
	}
	c.Desc = fmt.Sprintf("Bar chart of %s, %s. ", strings.ToLower(c.Title), p.Label())
	if len(alt) == 0 {
		c.Desc += "There is nothing to show."
	} else {
		c.Desc += strings.Join(alt, "; ") + "."
	}
	if c.More > 0 {
		c.Desc += fmt.Sprintf(" %d more are in the table.", c.More)
	}
}
