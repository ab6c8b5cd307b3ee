package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
)

// renderOutcomes: each outcome, baseline → scenario at the horizon, its
// direction in words, a sparkline over the years and the low–high range.
func (m *Model) renderOutcomes(w, h int) string {
	st := m.ctx.styles
	p, r := m.st.Place, m.st.Result
	y := horizon(r)
	var lines []string
	lines = append(lines, st.Muted.Render(fmt.Sprintf("Outcomes by %d: now → with these moves · A baseline assumed, not cited", p.BaseYear+y)))
	// A narrower panel still has room for the sparkline once long names
	// take a line of their own.
	showSpark := (w >= 70 || (w >= 56 && 1+2*len(p.Outcomes) <= h)) && !m.ctx.projector
	showRange := w >= 100 && !m.ctx.projector
	// Columns after the name: values, change and verdict take 42 cells.
	nameW := w - 42
	if showSpark {
		nameW -= 2 + len(r.Years)
	}
	if showRange {
		nameW -= 20
	}
	nameW = min(max(nameW, 14), 34)
	// Long names get a line of their own when the panel has the height.
	longest := 0
	for _, o := range p.Outcomes {
		longest = max(longest, ansi.StringWidth(outcomeLabel(o))+2)
	}
	twoLine := longest > nameW && 1+2*len(p.Outcomes) <= h
	if twoLine {
		nameW = 2
	}
	spacer := m.ctx.projector && 1+2*len(p.Outcomes) <= h
	for _, o := range p.Outcomes {
		k := outcomeIndex(r, o.ID)
		if k < 0 {
			continue
		}
		or := &r.Outcomes[k]
		now, then := or.Baseline, last(or.Place[model.Central])
		d := then - or.Baseline
		// The assumption mark goes after the name, so it survives truncation.
		mark := ""
		if baselineAssumed(o.Baseline) {
			mark = " " + st.Assumed.Render("A")
		}
		label := outcomeLabel(o)
		name := padRight(ansi.Truncate(label, nameW-ansi.StringWidth(mark), "…")+mark, nameW)
		if twoLine {
			lines = append(lines, st.Bold.Render(ansi.Truncate(label, w-ansi.StringWidth(mark), "…"))+mark)
			name = strings.Repeat(" ", nameW)
		}
		line := fmt.Sprintf("%s %8s → %-8s %8s %s", name, withUnit(num(now), unitMark(o.Unit)), withUnit(num(then), unitMark(o.Unit)),
			signedNum(d), padRight(verdict(st, d, o.HigherIsBetter), 10))
		if showSpark {
			line += "  " + sparkline(or.Place[model.Central])
		}
		if showRange {
			lo, hi := last(or.Place[model.Low]), last(or.Place[model.High])
			line += st.Muted.Render(fmt.Sprintf("  range %s–%s", num(min(lo, hi)), num(max(lo, hi))))
		}
		if spacer && len(lines) > 1 {
			lines = append(lines, "")
		}
		lines = append(lines, line)
	}
	if n := len(r.Warnings); n > 0 && !m.ctx.projector {
		lines = append(lines, st.Worse.Render(fmt.Sprintf("! %d %s left a plausible range: %s", n, plural(n, "value", "values"), r.Warnings[0])))
	}
	return strings.Join(lines, "\n")
}

// unitMark is the unit shown after a number in a narrow column: only %
// (other units are in the outcome's name).
func unitMark(u string) string {
	if u == "%" {
		return "%"
	}
	return ""
}

func outcomeLabel(o model.Outcome) string {
	if o.Unit != "" && o.Unit != "%" {
		return o.Name + " (" + o.Unit + ")"
	}
	return o.Name
}
