package finance

import (
	"github.com/mijnaccount/mijnaccount/billing"
)

// chart is a bar chart of monthly amounts, drawn as SVG by the template:
// no script, no external resources.
type chart struct {
	Width, Height int
	Bars          []bar
	MaxCents      int64
}

type bar struct {
	X, Y, W, H int
	Month      string // "2026-11"
	Label      string // "nov"
	Cents      int64
	Messages   int64
}

const (
	chartWidth  = 720
	chartHeight = 220
	chartBottom = 24 // room for the month labels
)

var monthLabels = [...]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// barChart scales the months to the drawing, oldest left.
func barChart(totals []billing.MonthTotal) chart {
	c := chart{Width: chartWidth, Height: chartHeight}
	if len(totals) == 0 {
		return c
	}
	var maxCents int64 = 1
	for _, t := range totals {
		maxCents = max(maxCents, t.AmountCents)
	}
	c.MaxCents = maxCents
	slot := chartWidth / len(totals)
	plot := chartHeight - chartBottom
	for i, t := range totals {
		h := int(t.AmountCents * int64(plot) / maxCents)
		label := t.Month
		if len(t.Month) == 7 {
			if m := int(t.Month[5]-'0')*10 + int(t.Month[6]-'0'); m >= 1 && m <= 12 {
				label = monthLabels[m-1]
			}
		}
		c.Bars = append(c.Bars, bar{X: i*slot + slot/6, Y: plot - h, W: slot * 2 / 3, H: h, Month: t.Month, Label: label,
			Cents: t.AmountCents, Messages: t.Messages})
	}
	return c
}
