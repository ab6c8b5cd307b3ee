package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
	"totalplace/report"
)

// allocationText counts a scenario's moves and pools: "2 moves", "2 moves
// · 1 pool", so two scenarios that differ only by a pool read differently.
func allocationText(sc model.Scenario) string {
	s := fmt.Sprintf("%d %s", len(sc.Moves), report.Plural(len(sc.Moves), "move", "moves"))
	if n := len(sc.Pools); n > 0 {
		s += fmt.Sprintf(" · %d %s", n, report.Plural(n, "pool", "pools"))
	}
	return s
}

// renderScenarios lists saved scenarios and compares two side by side: the
// pinned one (or the current moves) against the chosen one.
func (m *Model) renderScenarios(sel, pinned, w, h int) string {
	st := m.com.styles
	p := m.st.Place
	lines := wrapIndent(st.Muted.Render(st.text("s save · ← → choose · o switch to it · c pin it to compare with the current moves")), w, 0)
	// Names as wide as the longest, up to 20 cells, so "saved by" fits.
	nameW := len("current")
	for _, ns := range m.st.Scenarios {
		nameW = max(nameW, min(ansi.StringWidth(ns.Name), 20))
	}
	lines = append(lines, fmt.Sprintf("  %s %s (now on screen)", padRight("current", nameW), allocationText(m.st.Scenario)))
	for i, ns := range m.st.Scenarios {
		mark := "  "
		name := padRight(ansi.Truncate(ns.Name, nameW, "…"), nameW)
		if i == sel {
			mark = "▸ "
			name = st.Selected.Render(name)
		}
		pin := ""
		if i == pinned {
			pin = st.Bold.Render(" [pinned]")
		}
		lines = append(lines, fmt.Sprintf("%s%s %s · saved by %s at %s%s", mark, name, allocationText(ns.Scenario),
			m.participantName(ns.SavedBy), ns.SavedAt.Format("15:04"), pin))
	}
	if len(m.st.Scenarios) == 0 {
		lines = append(lines, "", "No saved scenarios: press s to save the current moves, then compare.")
		return strings.Join(lines, "\n")
	}
	// Compare is always the current allocation against one saved scenario:
	// the pinned one, or else the one chosen with ← →.
	aName, aRes := "current (on screen)", m.st.Result
	bi, how := sel, "chosen"
	if pinned >= 0 {
		bi, how = pinned, "pinned"
	}
	b := m.st.Scenarios[bi]
	if aRes == nil || b.Result == nil {
		return strings.Join(lines, "\n")
	}
	colW := max(min((w-24)/2, 24), 10)
	labelW := max(w-2*colW-2, 10)
	cell := func(s string) string { return padRight(ansi.Truncate(s, colW, "…"), colW) }
	lines = append(lines, "", st.Header.Render(padRight("Compare", labelW)+" "+cell(aName)+" "+cell(how+": "+b.Name)))
	lines = append(lines, padRight("moves and pools", labelW)+" "+cell(allocationText(m.st.Scenario))+" "+cell(allocationText(b.Scenario)))
	if m.st.Scenario.SameAllocation(b.Scenario) {
		lines = append(lines, st.Muted.Render("“"+b.Name+"” holds the same moves as the current allocation."))
	}
	for _, o := range p.Outcomes {
		ka, kb := outcomeIndex(aRes, o.ID), outcomeIndex(b.Result, o.ID)
		if ka < 0 || kb < 0 {
			continue
		}
		da, db := aRes.Outcomes[ka].Change(), b.Result.Outcomes[kb].Change()
		lines = append(lines, padRight(ansi.Truncate(o.Name, labelW, "…"), labelW)+" "+
			cell(signedNum(da)+" "+verdict(st, da, o.HigherIsBetter))+" "+cell(signedNum(db)+" "+verdict(st, db, o.HigherIsBetter)))
	}
	money := func(label string, f func(r *model.Result) string) {
		lines = append(lines, padRight(label, labelW)+" "+cell(f(aRes))+" "+cell(f(b.Result)))
	}
	money("invested", func(r *model.Result) string { return st.money(r.Place.NetInvested) })
	money("cashable savings", func(r *model.Result) string { return st.money(r.Place.TotalSavings) })
	money(fmt.Sprintf("net, %d years", len(aRes.Years)), func(r *model.Result) string { return st.dashMoney(last(r.Place.Cumulative)) })
	return strings.Join(lines, "\n")
}
