package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
	"totalplace/report"
)

// renderLedger: who invests and who saves, when, by agency: the headline
// first, then the agencies with the largest net first, then the whole
// place, what the columns mean and the place's net year by year. An
// agency's investment is what it gives up (money moved out of its silos);
// what it receives is spent on the services it was moved to, so it is
// shown but is not a gain; net is cashable savings less what it gave up
// (the engine's AgencyLedger). A move between two silos of one agency is
// shown as moving money within its budget.
func (m *Model) renderLedger(w, h int) string {
	st := m.com.styles
	p, r := m.st.Place, m.st.Result
	lines := wrapIndent(st.Bold.Render(m.penaltyLine()), w, 0)
	if m.preview != nil && m.previewMove != nil {
		// The move under way, before it is made: its headline, marked.
		sc := model.Scenario{Moves: append(slices.Clip(m.st.Scenario.Moves), *m.previewMove), Pools: m.st.Scenario.Pools}
		lines = append(lines, wrapIndent(st.StatusMove.Render(sentence(previewMark)+" · "+report.Penalty(p, m.preview, sc)), w, 0)...)
	}

	const colW = 9
	spark := !m.com.projector && w >= 100
	nameW := min(w-4*(colW+1)-16, 34)
	if spark {
		nameW = min(nameW-len(r.Years)-1, 34)
	}
	// Too narrow for names beside the figures: each name takes a line.
	ownLine := nameW < 16
	if ownLine {
		nameW = 2
	}
	head := padRight("", nameW) + fmt.Sprintf(" %*s %*s %*s %*s", colW, "gives up", colW, "gets", colW, "saves", colW, "net")
	if spark {
		head += " " + st.yearsAxis(r.Years, len(r.Years))
	}
	lines = append(lines, st.Header.Render(fmt.Sprintf("By agency, %s", report.Period(p, r))), st.Header.Render(head))
	quiet := 0
	money := func(v float64) string {
		if v < 0.5 && v > -0.5 {
			return st.dash()
		}
		return st.money(v)
	}
	// Biggest first (report.Ledger's order): the main savers and investors
	// are never below the fold.
	for _, l := range report.Ledger(p, m.st.Scenario, r) {
		if !l.Active() {
			quiet++
			continue
		}
		a := p.AgencyIndex(l.Agency)
		name := st.Agency(a).Render(padRight(ansi.Truncate(agencyName(p, l.Agency), nameW, "…"), nameW))
		if ownLine {
			lines = append(lines, st.Agency(a).Bold(true).Render(ansi.Truncate(agencyName(p, l.Agency), w, "…")))
			name = padRight("", nameW)
		}
		within := l.Within
		cum := l.Net
		netS := fmt.Sprintf("%*s", colW, st.signedMoney(cum))
		switch {
		case cum < 0.5 && cum > -0.5:
			netS = fmt.Sprintf("%*s", colW, st.dash())
		case cum >= 0:
			netS = st.Better.Render(netS)
		default:
			netS = st.Worse.Render(netS)
		}
		saves := money(l.Saves)
		if l.Saves <= -0.5 {
			saves = st.signedMoney(l.Saves) // costs more: say so with the sign
		}
		line := fmt.Sprintf("%s %*s %*s %*s %s", name, colW, money(l.GivesUp), colW, money(l.Gets), colW, saves, netS)
		if spark {
			line += " " + st.sparkline(r.Ledger[p.AgencyIndex(l.Agency)].Net)
		}
		var notes []string
		if within >= 0.5 {
			notes = append(notes, "moves "+model.FormatMoney(within)+" within its budget")
		}
		// Non-cashable savings: capacity freed (or used up), not cash.
		switch {
		case l.NonCash >= 0.5:
			notes = append(notes, "frees "+model.FormatMoney(l.NonCash)+" of capacity")
		case l.NonCash <= -0.5:
			notes = append(notes, "uses "+model.FormatMoney(-l.NonCash)+" more capacity")
		}
		switch {
		case l.Invests < 0.5 && l.Saves <= -0.5:
			// Invested nothing: a knock-on cost, not an investment to pay back.
			notes = append(notes, st.Worse.Render("costs "+model.FormatMoney(-l.Saves)+" more"))
		case l.Invests < 0.5:
			// Moved money only within its budget, or got back what it gave:
			// no outlay to pay back.
		case l.NeverPaysBack:
			// On course to pay back, later than the horizon: ten years is
			// all the model looks at, so not "never".
			notes = append(notes, st.Worse.Render(fmt.Sprintf("not paid back by %d", p.BaseYear+horizon(r))))
		case l.PaybackYear > 0:
			notes = append(notes, st.Better.Render(fmt.Sprintf("pays back %d", l.PaybackYear)))
		}
		if len(notes) > 0 {
			note := strings.Join(notes, st.Muted.Render(" · "))
			if ansi.StringWidth(line)+1+ansi.StringWidth(note) <= w {
				line += " " + note
			} else {
				line += "\n" + padRight("", min(nameW, 4)) + " " + note
			}
		}
		lines = append(lines, line)
	}
	if quiet > 0 {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("%d %s neither give, get nor save yet.", quiet, report.Plural(quiet, "agency does", "agencies"))))
	}
	test := report.InvestToSave(r)
	if test.Active() {
		// The place's line is the invest-to-save test: cashable savings
		// less set-up, which the agencies' lines reconcile to.
		payback := report.Payback(test.PaybackYear, test.NeverPaysBack, p.BaseYear+horizon(r))
		lines = append(lines, wrapIndent(test.Words(report.Period(p, r), st.money, st.dashMoney, payback), w, 0)...)
		if sv := report.Social(p, r); sv.QALYs >= 0.05 || sv.QALYs <= -0.05 {
			lines = append(lines, wrapIndent(fmt.Sprintf("Social value beside it: %+.1f QALYs (%+.1f to %+.1f), worth %s at %s a QALY, health discounted at %.1f%%. "+report.SocialNote,
				sv.QALYs, sv.QALYsLow, sv.QALYsHigh, st.dashMoney(sv.NPV), st.money(sv.PerQALY), sv.HealthRate*100), w, 0)...)
		}
		for _, c := range report.CasesOf(p, r) {
			o := p.Outcomes[p.OutcomeIndex(c.Outcome)]
			line := fmt.Sprintf("%s: %s cases avoided (%s to %s)", o.Name, signedCount(c.Avoided), signedCount(c.Low), signedCount(c.High))
			if c.High <= -0.5 { // every end has more cases: say so without minus signs
				line = fmt.Sprintf("%s: %s more cases (%s to %s)", o.Name, signedCount(-c.Avoided), signedCount(-c.High), signedCount(-c.Low))
			}
			if c.HasCost {
				line += ", " + st.money(c.CostPerCase) + " a case"
			}
			lines = append(lines, wrapIndent(st.Muted.Render(line+"."), w, 0)...)
		}
		lines = append(lines, wrapIndent(st.Muted.Render(report.RangeNote), w, 0)...)
	}
	legend := fmt.Sprintf("Totals are %s; moves are "+st.currency()+" a year. ", report.Period(p, r)) +
		report.LedgerNote("gives", "gets", "saves", "net") + " Capacity freed is non-cashable saving."
	if spark {
		legend += " The line after the net is the net year by year: " + st.sparkLegend() + "."
	}
	lines = append(lines, wrapIndent(st.Muted.Render(legend), w, 0)...)
	if pl := r.Place; len(r.Years) > 0 && test.Active() {
		// Year by year for the whole place: uses the height a tall screen has.
		lines = append(lines, "", st.Header.Render("Whole place, year by year"),
			st.Header.Render(fmt.Sprintf("%4s %*s %*s %*s", "", colW, "saves", colW, "set-up", colW, "net")))
		save := pl.SavingsCashable[model.Central]
		for y, yr := range r.Years {
			if y >= len(pl.SetUp) || y >= len(pl.Net) || y >= len(save) {
				break
			}
			// The place's net is savings less set-up: money moved between
			// its agencies stays in it.
			lines = append(lines, fmt.Sprintf("%4d %*s %*s %*s", yr, colW, st.dashMoney(save[y]), colW, money(pl.SetUp[y]), colW, st.dashMoney(pl.Net[y])))
		}
	}
	return strings.Join(lines, "\n")
}

// agencyName is the agency's short label.
func agencyName(p *model.Place, id string) string { return report.AgencyName(p, id) }

// penaltyLine is the ledger's headline: who gives up money, who saves cash
// and who pays more, over the horizon. It is called the prevention penalty
// only when money moved into a prevention silo of another agency and an
// agency other than the one that paid saves, e.g. "Prevention penalty,
// over 10 years, 2026–2035: NHS invests £100m (£10m a year); DWP saves
// £12m, County council £3.1m."
func (m *Model) penaltyLine() string {
	return report.Penalty(m.st.Place, m.st.Result, m.st.Scenario)
}

// signedCount is a count of cases with its sign, grouped in thousands.
func signedCount(v float64) string {
	s := model.GroupThousands(fmt.Sprintf("%.0f", math.Abs(v)))
	if v <= -0.5 {
		return "−" + s
	}
	return s
}
