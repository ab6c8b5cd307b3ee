package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
)

// previewMark labels figures of a move not yet made.
const previewMark = "preview: not yet moved"

// outcomesResult is the result the outcomes panel and the ledger line
// show, and whether it is a preview of a move under way rather than the
// moves made.
func (m *Model) outcomesResult() (*model.Result, bool) {
	if m.preview != nil && m.previewMove != nil {
		return m.preview, true
	}
	return m.st.Result, false
}

// renderOutcomes: each outcome, baseline → scenario at the horizon, the
// change with the decimals it needs, its direction in words, a sparkline
// of the change from now over the years and the low–high range.
func (m *Model) renderOutcomes(w, h int) string {
	r, preview := m.outcomesResult()
	return m.renderOutcomesOf(r, preview, w, h)
}

func (m *Model) renderOutcomesOf(r *model.Result, preview bool, w, h int) string {
	st := m.ctx.styles
	p := m.st.Place
	y := horizon(r)
	var lines []string
	if preview {
		lines = append(lines, st.StatusMove.Render(fmt.Sprintf("%s: outcomes by %d if this move is made", sentence(strings.Replace(previewMark, ":", ",", 1)), p.BaseYear+y)))
	} else {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("Outcomes by %d: now → with these moves · A baseline assumed, not cited", p.BaseYear+y)))
	}
	// A narrower panel still has room for the sparkline once long names
	// take a line of their own.
	showSpark := (w >= 70 || (w >= 56 && 1+2*len(p.Outcomes) <= h)) && !m.ctx.projector
	showRange := w >= 100 && !m.ctx.projector
	// Columns after the name: values, change and verdict take 42 cells.
	const valW, verdictW = 8, 11
	fixedW := 1 + valW + 3 + valW + 1 + valW + 1 + verdictW
	nameW := w - fixedW
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
	extra := 1 // the years under the sparklines, or the range note
	twoLine := longest > nameW && 1+2*len(p.Outcomes)+extra <= h
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
		dg := changeDigits(max(math.Abs(now), math.Abs(then)), d)
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
		u := unitMark(o.Unit)
		line := fmt.Sprintf("%s %*s → %-*s %*s %s", name, valW, withUnit(numAt(now, dg), u), valW, withUnit(numAt(then, dg), u),
			valW, signedAt(d, dg), padRight(verdictAt(st, d, dg, o.HigherIsBetter), verdictW))
		if showSpark {
			line += "  " + sparkChange(or.Place[model.Central], or.Baseline)
		}
		if showRange {
			lo, hi := last(or.Place[model.Low]), last(or.Place[model.High])
			line += st.Muted.Render(fmt.Sprintf("  range %s–%s", numAt(min(lo, hi), dg), numAt(max(lo, hi), dg)))
		}
		if spacer && len(lines) > 1 {
			lines = append(lines, "")
		}
		lines = append(lines, line)
	}
	if showSpark {
		// The years, once, under the sparkline column.
		axis := strings.TrimRight(padRight("", nameW+fixedW+2)+yearsAxis(r.Years, len(r.Years)), " ")
		if note := "  change from now, year by year"; ansi.StringWidth(axis+note) <= w {
			axis += note
		} else {
			axis = strings.TrimRight(padRight("change from now:", nameW+fixedW+2)+yearsAxis(r.Years, len(r.Years)), " ")
		}
		lines = append(lines, st.Muted.Render(axis))
	}
	if showRange {
		lines = append(lines, wrapIndent(st.Muted.Render(fmt.Sprintf("range: the outcome by %d at the low and high ends of the evidence for every effect and unit cost.", p.BaseYear+y)), w, 0)...)
	}
	if n := len(r.Warnings); n > 0 && !m.ctx.projector {
		lines = append(lines, wrapIndent(st.Worse.Render(fmt.Sprintf("! %d %s left a plausible range: %s", n, plural(n, "value", "values"), r.Warnings[0])), w, 0)...)
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
