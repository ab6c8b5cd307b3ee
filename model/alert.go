package model

import (
	"fmt"
	"math"
	"strings"
)

// Text words an alert for the place whose result it belongs to.
func (a Alert) Text(p *Place, years []int) string {
	year := 0
	if a.Year >= 0 && a.Year < len(years) {
		year = years[a.Year]
	}
	switch a.Kind {
	case AlertFastChange:
		s := &p.Silos[a.Silo]
		verb := "grows"
		if a.Value < 0 {
			verb = "shrinks"
		}
		limit := p.Appraisal.filled().YearlyChangeWarning.Value
		return fmt.Sprintf("%s %s by %s in %d, more than the %s a year a service is taken to absorb: the effect of so large a change is less certain than the range shows",
			s.Name, verb, percentOf(math.Abs(a.Value)), year, percentOf(limit))
	case AlertGapReversed:
		o := &p.Outcomes[a.Outcome]
		return fmt.Sprintf("%s: the gap turns round by %d (to %s): the most deprived fifth now fares better than the least deprived, which targeting this strongly is unlikely to achieve",
			o.Name, year, formatGap(a.Value))
	case AlertPastBest:
		o := &p.Outcomes[a.Outcome]
		now := "so moving more does less"
		if a.Worse {
			now = "and at this amount it leaves it worse than now"
		}
		return fmt.Sprintf("%s: moving money from %s to %s does most for it at about %s a year; past that, the harm of the cut grows faster than the gain, %s",
			o.Name, lowerFirst(p.Silos[a.Silo].Name), lowerFirst(p.Silos[a.To].Name), FormatMoney(a.Value), now)
	case AlertRankChange:
		o := &p.Outcomes[a.Outcome]
		return fmt.Sprintf("%s: the fifths change order by %d: the %s and the %s fifths change places",
			o.Name, year, fifthName(a.Move), fifthName(a.To))
	}
	return ""
}

// fifthName names fifth q (0 the most deprived) in words.
func fifthName(q int) string {
	switch q {
	case 0:
		return "most deprived"
	case 4:
		return "least deprived"
	}
	return []string{"", "second most deprived", "middle", "second least deprived"}[q]
}

// percentOf writes a share as a percentage to one decimal place, without
// a trailing ".0", below 100%: 10.3% is not "10%", so it never reads as
// under a 10% limit.
func percentOf(share float64) string {
	if share >= 1 {
		return fmt.Sprintf("%.0f%%", share*100) // "167%": a decimal adds nothing there
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", share*100), ".0") + "%"
}

func formatGap(v float64) string {
	return fmt.Sprintf("%+.3g", v)
}

// AllWarnings is every warning a result carries, in words: values that
// left a plausible range, then the alerts.
func (r *Result) AllWarnings(p *Place) []string {
	out := make([]string, 0, len(r.Warnings)+len(r.Alerts))
	out = append(out, r.Warnings...)
	for _, a := range r.Alerts {
		out = append(out, a.Text(p, r.Years))
	}
	return out
}
