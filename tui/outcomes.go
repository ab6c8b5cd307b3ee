package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
	"totalplace/report"
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
	st := m.com.styles
	p := m.st.Place
	y := horizon(r)
	// The heading wraps rather than lose what A means on a narrow panel.
	var lines []string
	if preview {
		lines = wrapIndent(st.StatusMove.Render(st.text(fmt.Sprintf("%s: outcomes by %d if this move is made", sentence(strings.Replace(previewMark, ":", ",", 1)), p.BaseYear+y))), w, 0)
	} else {
		lines = wrapIndent(st.Muted.Render(st.text(fmt.Sprintf("Outcomes by %d: now → with these moves · A baseline assumed, not cited", p.BaseYear+y))), w, 0)
	}
	head := len(lines)
	// Every figure first, so the columns are as wide as their widest
	// figure and the low–high range has room from 80 columns up.
	type row struct {
		o                            model.Outcome
		or                           *model.OutcomeResult
		now, then, ch, verdict, span string
		shortSpan                    string // the range a decimal shorter, when room is tight
	}
	var rows []row
	valW, chW, verdictW, spanW := 0, 0, 0, 0
	for _, o := range p.Outcomes {
		k := outcomeIndex(r, o.ID)
		if k < 0 {
			continue
		}
		or := &r.Outcomes[k]
		now, then := or.Baseline, last(or.Place[model.Central])
		d := then - or.Baseline
		dg := agreeDigits(now, then, changeDigits(max(math.Abs(now), math.Abs(then)), d))
		u := unitMark(o.Unit)
		rw := row{o: o, or: or, now: withUnit(numAt(now, dg), u), then: withUnit(numAt(then, dg), u), ch: signedAt(d, dg),
			verdict: verdictAt(st, d, dg, o.HigherIsBetter), span: rangeText(or, dg, u), shortSpan: rangeText(or, max(dg-1, 0), u)}
		rows = append(rows, rw)
		valW = max(valW, ansi.StringWidth(rw.now), ansi.StringWidth(rw.then))
		chW = max(chW, ansi.StringWidth(rw.ch))
		verdictW = max(verdictW, ansi.StringWidth(rw.verdict))
		spanW = max(spanW, ansi.StringWidth(rw.span))
	}
	// A narrower panel still has room for the sparkline once long names
	// take a line of their own.
	showSpark := (w >= 70 || (w >= 56 && head+2*len(p.Outcomes) <= h)) && !m.com.projector
	fixedW := 1 + valW + 3 + valW + 1 + chW + 1 + verdictW
	sparkW := 0
	if showSpark {
		sparkW = 2 + len(r.Years)
	}
	const rangeHead = "low–high"
	rangeW := 2 + max(spanW, ansi.StringWidth(rangeHead))
	// Long names get a line of their own when the panel has the height.
	longest := 0
	for _, o := range p.Outcomes {
		longest = max(longest, ansi.StringWidth(outcomeLabel(o))+2)
	}
	const extra = 1 // the years under the sparklines and the range
	ownLines := head+2*len(p.Outcomes)+extra <= h
	avail := w - fixedW - sparkW
	// The range goes beside the names, or beside the figures when the
	// names take their own lines.
	// Not while every outcome is certain (no move yet): an empty column.
	showRange := !m.com.projector && spanW > 0 && (avail-rangeW >= 14 || (ownLines && avail-rangeW >= 2))
	if !showRange && !m.com.projector && spanW > 0 {
		// A decimal fewer in the range before giving it up: it says how
		// sure a figure is.
		shortW := 0
		for _, rw := range rows {
			shortW = max(shortW, ansi.StringWidth(rw.shortSpan))
		}
		if w := 2 + max(shortW, ansi.StringWidth(rangeHead)); avail-w >= 14 || (ownLines && avail-w >= 2) {
			for i := range rows {
				rows[i].span = rows[i].shortSpan
			}
			spanW, rangeW, showRange = shortW, w, true
		}
	}
	nameW := avail
	if showRange {
		nameW -= rangeW
	}
	nameW = min(max(nameW, 14), 34)
	twoLine := longest > nameW && ownLines
	if twoLine {
		nameW = 2
	}
	spacer := m.com.projector && head+2*len(p.Outcomes) <= h
	for _, rw := range rows {
		o, or := rw.o, rw.or
		// The assumption mark goes after the name, so it survives truncation.
		mark := ""
		if baselineAssumed(o.Baseline) {
			mark = " " + st.Assumed.Render("A")
		}
		label := outcomeLabel(o)
		name := padRight(ansi.Truncate(label, nameW-ansi.StringWidth(mark), "…")+mark, nameW)
		if twoLine {
			// Wrapped: the end of a long name is often its unit.
			lines = append(lines, wrapIndent(st.Bold.Render(label)+mark, w, 0)...)
			name = strings.Repeat(" ", nameW)
		}
		line := fmt.Sprintf("%s %*s %s %-*s %*s %s", name, valW, rw.now, st.to(), valW, rw.then, chW, rw.ch, padRight(rw.verdict, verdictW))
		if showSpark {
			line += "  " + st.sparkChange(or.Place[model.Central], or.Baseline)
		}
		if showRange {
			line += "  " + st.Muted.Render(rw.span)
		}
		if spacer && len(lines) > head {
			lines = append(lines, "")
		}
		lines = append(lines, line)
	}
	if showSpark || showRange {
		// The years, once, under the sparkline column, and what the range is.
		axis := padRight("", nameW+fixedW)
		if showSpark {
			axis += "  " + st.yearsAxis(r.Years, len(r.Years))
		}
		if showRange {
			axis += "  " + rangeHead
		}
		axis = strings.TrimRight(axis, " ")
		if note := "  change from now, year by year"; showSpark && !showRange && ansi.StringWidth(axis+note) <= w {
			axis += note
		} else if label := "change from now:"; showSpark && ansi.StringWidth(label) < nameW+fixedW {
			axis = label + axis[len(label):]
		}
		lines = append(lines, st.Muted.Render(axis))
	}
	if showSpark {
		// How to read the sparklines, when there is a line for it.
		legend := wrapIndent(st.Muted.Render("Sparklines: "+st.sparkLegend()), w, 0)
		if short := wrapIndent(st.Muted.Render(st.sparkLegend()), w, 0); len(short) < len(legend) {
			legend = short
		}
		if len(lines)+len(legend) <= h {
			lines = append(lines, legend...)
		}
	}
	if showRange {
		note := wrapIndent(st.Muted.Render(fmt.Sprintf("low–high: the outcome by %d with each effect at the end of its evidence that is worse or better for this scenario, so opposing effects widen the range; not a probability interval.", p.BaseYear+y)), w, 0)
		if len(lines)+len(note) <= h {
			lines = append(lines, note...)
		}
	}
	if n := len(r.Warnings); n > 0 && !m.com.projector {
		lines = append(lines, wrapIndent(st.Worse.Render(fmt.Sprintf("! %d %s left a plausible range: %s", n, report.Plural(n, "value", "values"), r.Warnings[0])), w, 0)...)
	}
	if !m.com.projector {
		for _, a := range r.Alerts {
			lines = append(lines, wrapIndent(st.Worse.Render("! "+a.Text(p, r.Years)), w, 0)...)
		}
	}
	return strings.Join(lines, "\n")
}

// rangeText is an outcome's low–high range at the horizon with dg
// decimals, compact: "64.5–64.8", "66.5–66.8%"; "" when both ends print
// the same as the central figure, as with no moves.
func rangeText(or *model.OutcomeResult, dg int, unit string) string {
	lo, hi := last(or.Place[model.Low]), last(or.Place[model.High])
	lo, hi = min(lo, hi), max(lo, hi)
	a, b := numAt(lo, dg), numAt(hi, dg)
	switch {
	case a != b:
		return withUnit(a+"–"+b, unit)
	case a != numAt(last(or.Place[model.Central]), dg):
		return withUnit(a, unit)
	}
	return ""
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
