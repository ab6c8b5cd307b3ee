package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
)

// renderWhy: for the chosen outcome, which moves (and which silos) caused
// its change at the horizon, as bars.
func (m *Model) renderWhy(sel, w, h int) string {
	st := m.com.styles
	p, r := m.st.Place, m.st.Result
	if len(p.Outcomes) == 0 {
		return "This place has no outcomes."
	}
	o := p.Outcomes[sel]
	k := outcomeIndex(r, o.ID)
	if k < 0 {
		return ""
	}
	or := &r.Outcomes[k]
	y := horizon(r)
	d := or.Change()
	lines := []string{
		st.Bold.Render(fmt.Sprintf("Why %s changes by %d: %s %s", o.Name, p.BaseYear+y, withUnit(signedNum(d), unitMark(o.Unit)), verdict(st, d, o.HigherIsBetter))),
		st.Muted.Render(st.text("← → choose outcome")),
	}
	if !m.com.projector {
		// The range, here too: the outcomes panel drops it when narrow.
		now, then := or.Baseline, last(or.Place[model.Central])
		dg := agreeDigits(now, then, changeDigits(max(math.Abs(now), math.Abs(then)), d))
		u := unitMark(o.Unit)
		line := fmt.Sprintf("now %s %s %s", withUnit(numAt(now, dg), u), st.to(), withUnit(numAt(then, dg), u))
		if span := rangeText(or, dg, u); span != "" {
			line += "; low–high " + span + " (each effect at its worse and better end for this scenario)"
		}
		lines = append(lines[:1], append(wrapIndent(line, w, 0), lines[1:]...)...)
	}
	type item struct {
		label string
		v     float64
	}
	var moves, silos []item
	for i, mv := range m.st.Scenario.Moves {
		if i < len(or.ByMove) && len(or.ByMove[i]) > y {
			moves = append(moves, item{fmt.Sprintf("%s %s %s %s", st.money(mv.Amount), siloLabel(p, mv.From), st.to(), siloLabel(p, mv.To)), or.ByMove[i][y]})
		}
	}
	for i := range or.BySilo {
		if len(or.BySilo[i]) > y && math.Abs(or.BySilo[i][y]) > 1e-12 && i < len(p.Silos) {
			silos = append(silos, item{p.Silos[i].Name, or.BySilo[i][y]})
		}
	}
	if len(moves) == 0 {
		lines = append(lines, "", "No moves yet: move money and this shows what each move did.")
		return strings.Join(lines, "\n")
	}
	var maxAbs float64
	for _, it := range append(moves, silos...) {
		maxAbs = max(maxAbs, math.Abs(it.v))
	}
	labelW := min(max(w/2, 16), 50)
	barW := max(w-labelW-22, 4)
	row := func(it item) string {
		s := st.Better
		if (it.v > 0) != o.HigherIsBetter {
			s = st.Worse
		}
		if isZeroShown(it.v) {
			s = st.Neutral
		}
		return fmt.Sprintf("%s %9s %s", padRight(ansi.Truncate(it.label, labelW, "…"), labelW), withUnit(signedNum(it.v), unitMark(o.Unit)), hbar(it.v, maxAbs, barW, s))
	}
	lines = append(lines, st.Header.Render("By move"))
	for _, it := range moves {
		lines = append(lines, row(it))
	}
	if len(silos) > 0 && !m.com.projector {
		lines = append(lines, st.Header.Render("By silo"))
		for _, it := range silos {
			lines = append(lines, row(it))
		}
	}
	return strings.Join(lines, "\n")
}
