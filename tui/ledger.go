package tui

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
)

// ledgerFlows is what the scenario's moves do to each agency, £ over the
// horizon: moved between two of its own silos (within), and the £ a year
// it gives to other agencies (out) and to prevention silos of other
// agencies (prevention). Read from the few moves of the scenario: cheap
// enough for View.
//
// outYear is what it gives to other agencies a year at the horizon, and
// firstYear and lastYear the years its moves out start: when they differ,
// the yearly figure holds only from the last of them.
type ledgerFlows struct {
	within, out, outYear, prevention map[string]float64
	firstYear, lastYear              map[string]int
}

func flows(p *model.Place, sc model.Scenario, years int) ledgerFlows {
	f := ledgerFlows{within: map[string]float64{}, out: map[string]float64{}, outYear: map[string]float64{}, prevention: map[string]float64{},
		firstYear: map[string]int{}, lastYear: map[string]int{}}
	for _, mv := range sc.Moves {
		fi, ti := p.SiloIndex(mv.From), p.SiloIndex(mv.To)
		if fi < 0 || ti < 0 {
			continue
		}
		n, start := years, max(mv.Year, p.BaseYear)
		if mv.Year > p.BaseYear {
			n = max(years-(mv.Year-p.BaseYear), 0)
		}
		from, to := p.Silos[fi], p.Silos[ti]
		if from.Agency == to.Agency {
			f.within[from.Agency] += mv.Amount * float64(n)
			continue
		}
		f.out[from.Agency] += mv.Amount * float64(n)
		if n > 0 {
			a := from.Agency
			f.outYear[a] += mv.Amount
			if y, ok := f.firstYear[a]; !ok || start < y {
				f.firstYear[a] = start
			}
			f.lastYear[a] = max(f.lastYear[a], start)
		}
		if to.Prevention {
			f.prevention[from.Agency] += mv.Amount * float64(n)
		}
	}
	return f
}

// periodText names the horizon the ledger's totals cover:
// "over 10 years, 2026–2035".
func periodText(p *model.Place, r *model.Result) string {
	n := len(r.Years)
	return fmt.Sprintf("over %d %s, %d–%d", n, plural(n, "year", "years"), p.BaseYear, p.BaseYear+horizon(r))
}

// renderLedger: who invests and who saves, when, by agency: the headline
// first, then the agencies with the largest net first, then the whole
// place, what the columns mean and the place's net year by year. An
// agency's investment is what it gives up (money moved out of its silos);
// what it receives is spent on the services it was moved to, so it is
// shown but is not a gain; net is cashable savings less what it gave up
// (the engine's AgencyLedger). A move between two silos of one agency is
// shown as moving money within its budget.
func (m *Model) renderLedger(w, h int) string {
	st := m.ctx.styles
	p, r := m.st.Place, m.st.Result
	fl := flows(p, m.st.Scenario, len(r.Years))
	lines := wrapIndent(st.Bold.Render(m.penaltyLine()), w, 0)
	if m.preview != nil && m.previewMove != nil {
		// The move under way, before it is made: its headline, marked.
		sc := model.Scenario{Moves: append(slices.Clip(m.st.Scenario.Moves), *m.previewMove), Pools: m.st.Scenario.Pools}
		lines = append(lines, wrapIndent(st.StatusMove.Render(sentence(previewMark)+" · "+penaltyOf(p, m.preview, sc)), w, 0)...)
	}

	const colW = 9
	spark := !m.ctx.projector && w >= 100
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
	lines = append(lines, st.Header.Render(fmt.Sprintf("By agency, %s", periodText(p, r))), st.Header.Render(head))
	quiet := 0
	money := func(v float64) string {
		if v < 0.5 && v > -0.5 {
			return st.dash()
		}
		return st.money(v)
	}
	// Biggest first: the agencies with the largest net, either way, then
	// the largest savings, so the main savers and investors are never
	// below the fold.
	rows := make([]int, 0, len(r.Ledger))
	for i, l := range r.Ledger {
		if l.Invested < 0.5 && l.TotalReceived < 0.5 && l.TotalSavings < 0.5 && l.TotalSavings > -0.5 && isZeroLedger(l) {
			quiet++
			continue
		}
		rows = append(rows, i)
	}
	sort.SliceStable(rows, func(a, b int) bool {
		la, lb := r.Ledger[rows[a]], r.Ledger[rows[b]]
		na, nb := math.Abs(last(la.Cumulative)), math.Abs(last(lb.Cumulative))
		if math.Abs(na-nb) >= 0.5 {
			return na > nb
		}
		return la.TotalSavings > lb.TotalSavings
	})
	for _, i := range rows {
		l := r.Ledger[i]
		a := p.AgencyIndex(l.Agency)
		name := st.Agency(a).Render(padRight(ansi.Truncate(agencyName(p, l.Agency), nameW, "…"), nameW))
		if ownLine {
			lines = append(lines, st.Agency(a).Bold(true).Render(ansi.Truncate(agencyName(p, l.Agency), w, "…")))
			name = padRight("", nameW)
		}
		within := fl.within[l.Agency]
		cum := last(l.Cumulative)
		netS := fmt.Sprintf("%*s", colW, st.signedMoney(cum))
		switch {
		case cum < 0.5 && cum > -0.5:
			netS = fmt.Sprintf("%*s", colW, st.dash())
		case cum >= 0:
			netS = st.Better.Render(netS)
		default:
			netS = st.Worse.Render(netS)
		}
		saves := money(l.TotalSavings)
		if l.TotalSavings <= -0.5 {
			saves = st.signedMoney(l.TotalSavings) // costs more: say so with the sign
		}
		line := fmt.Sprintf("%s %*s %*s %*s %s", name, colW, money(l.Invested-within), colW, money(l.TotalReceived-within), colW, saves, netS)
		if spark {
			line += " " + st.sparkline(l.Net)
		}
		var notes []string
		if within >= 0.5 {
			notes = append(notes, "moves "+model.FormatMoney(within)+" within its budget")
		}
		switch {
		case l.Invested < 0.5 && l.TotalSavings <= -0.5:
			// Invested nothing: a knock-on cost, not an investment to pay back.
			notes = append(notes, st.Worse.Render("costs "+model.FormatMoney(-l.TotalSavings)+" more"))
		case l.Invested-within < 0.5:
			// Only moved money between its own silos: no outlay to pay back.
		case l.NeverPaysBack:
			// Ten years is all the model looks at: not "never".
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
		lines = append(lines, st.Muted.Render(fmt.Sprintf("%d %s neither give, get nor save yet.", quiet, plural(quiet, "agency does", "agencies"))))
	}
	if pl := r.Place; pl.Invested != 0 || pl.TotalSavings != 0 {
		lines = append(lines, wrapIndent(fmt.Sprintf("Whole place, %s: %s moved, cashable savings %s, net %s (NPV %s).",
			periodText(p, r), money(pl.Invested), st.dashMoney(pl.TotalSavings), st.dashMoney(last(pl.Cumulative)), st.dashMoney(pl.NPV)), w, 0)...)
		lines = append(lines, wrapIndent(st.Muted.Render("Net = cashable savings − money moved. Money moved still buys services where it lands, so a negative net is not money lost."), w, 0)...)
	}
	legend := fmt.Sprintf("Totals are %s; moves are "+st.currency()+" a year. Gives up: moved out of its silos to another agency's, its investment. "+
		"Gets: moved in, to spend on those services. Saves: cashable savings it makes as outcomes change; a − means it costs more.", periodText(p, r))
	if spark {
		legend += " The line after the net is the net year by year: " + st.sparkLegend() + "."
	}
	lines = append(lines, wrapIndent(st.Muted.Render(legend), w, 0)...)
	if pl := r.Place; len(r.Years) > 0 && (pl.Invested != 0 || pl.TotalSavings != 0) {
		// Year by year for the whole place: uses the height a tall screen has.
		lines = append(lines, "", st.Header.Render("Whole place, year by year"),
			st.Header.Render(fmt.Sprintf("%4s %*s %*s %*s", "", colW, "moved", colW, "saves", colW, "net")))
		save := pl.SavingsCashable[model.Central]
		for y, yr := range r.Years {
			if y >= len(pl.GaveUp) || y >= len(pl.Net) || y >= len(save) {
				break
			}
			lines = append(lines, fmt.Sprintf("%4d %*s %*s %*s", yr, colW, money(pl.GaveUp[y]), colW, st.dashMoney(save[y]), colW, st.dashMoney(pl.Net[y])))
		}
	}
	return strings.Join(lines, "\n")
}

func isZeroLedger(l model.AgencyLedger) bool {
	for _, v := range l.Net {
		if v >= 0.5 || v <= -0.5 {
			return false
		}
	}
	return true
}

// agencyName is the agency's short label: ledger rows and the penalty line
// are read at a glance.
func agencyName(p *model.Place, id string) string {
	if a := p.AgencyIndex(id); a >= 0 {
		return p.Agencies[a].Label()
	}
	return id
}

// yearly says what agency a gives to others a year: "£10m a year", "£10m
// a year from 2028" when its moves all start then, and "£15m a year by
// 2035" (the horizon year's figure) when they start in different years.
func (f ledgerFlows) yearly(p *model.Place, r *model.Result, a string) string {
	s := model.FormatMoney(f.outYear[a]) + " a year"
	switch first, lastY := f.firstYear[a], f.lastYear[a]; {
	case first != lastY:
		s += fmt.Sprintf(" by %d", p.BaseYear+horizon(r))
	case first > p.BaseYear:
		s += fmt.Sprintf(" from %d", first)
	}
	return s
}

// penaltyLine is the ledger's headline: who gives up money, who saves cash
// and who pays more, over the horizon. It is called the prevention penalty
// only when money moved into a prevention silo of another agency and an
// agency other than the one that paid saves, e.g. "Prevention penalty,
// over 10 years, 2026–2035: NHS invests £100m (£10m a year); DWP saves
// £12m, County council £3.1m."
func (m *Model) penaltyLine() string {
	return penaltyOf(m.st.Place, m.st.Result, m.st.Scenario)
}

// penaltyOf is the ledger headline of scenario sc, whose result is r.
func penaltyOf(p *model.Place, r *model.Result, sc model.Scenario) string {
	if len(sc.Moves) == 0 && len(sc.Pools) == 0 {
		return "No money moved yet: this shows who invests, who saves, and when."
	}
	fl := flows(p, sc, len(r.Years))
	var inv, wit, sav, cost []int
	for i, l := range r.Ledger {
		if fl.out[l.Agency] >= 0.5 {
			inv = append(inv, i)
		}
		if fl.within[l.Agency] >= 0.5 {
			wit = append(wit, i)
		}
		switch {
		case l.TotalSavings >= 0.5:
			sav = append(sav, i)
		case l.TotalSavings <= -0.5:
			cost = append(cost, i)
		}
	}
	ag := func(i int) string { return r.Ledger[i].Agency }
	sort.SliceStable(inv, func(a, b int) bool { return fl.out[ag(inv[a])] > fl.out[ag(inv[b])] })
	sort.SliceStable(wit, func(a, b int) bool { return fl.within[ag(wit[a])] > fl.within[ag(wit[b])] })
	sort.SliceStable(sav, func(a, b int) bool { return r.Ledger[sav[a]].TotalSavings > r.Ledger[sav[b]].TotalSavings })
	sort.SliceStable(cost, func(a, b int) bool { return r.Ledger[cost[a]].TotalSavings < r.Ledger[cost[b]].TotalSavings })
	name := func(i int) string { return agencyName(p, ag(i)) }
	// list names the first agencies with their amounts: "A £1m, B £2m and 2 more".
	list := func(ix []int, verb string, v func(int) string) string {
		const most = 3
		var parts []string
		for k, i := range ix[:min(len(ix), most)] {
			s := name(i) + " "
			if k == 0 && verb != "" {
				s += verb + " "
			}
			parts = append(parts, s+v(i))
		}
		s := strings.Join(parts, ", ")
		if n := len(ix) - most; n > 0 {
			s += fmt.Sprintf(" and %d more", n)
		}
		return s
	}

	// The penalty: one agency pays into prevention, another saves.
	penalty := false
	for _, s := range sav {
		for _, i := range inv {
			penalty = penalty || (fl.prevention[ag(i)] >= 0.5 && ag(s) != ag(i))
		}
	}
	verb := "gives up"
	if penalty {
		verb = "invests"
	}
	var clauses []string
	if len(inv) > 0 {
		clauses = append(clauses, list(inv, verb, func(i int) string {
			return fmt.Sprintf("%s (%s)", model.FormatMoney(fl.out[ag(i)]), fl.yearly(p, r, ag(i)))
		}))
	}
	if len(wit) > 0 {
		clauses = append(clauses, list(wit, "moves", func(i int) string { return model.FormatMoney(fl.within[ag(i)]) })+" within "+
			plural(len(wit), "its budget", "their budgets"))
	}
	switch {
	case len(sav) > 0:
		clauses = append(clauses, list(sav, "saves", func(i int) string { return model.FormatMoney(r.Ledger[i].TotalSavings) }))
	case len(inv)+len(wit) > 0:
		clauses = append(clauses, "no agency saves cash")
	}
	if len(cost) > 0 {
		clauses = append(clauses, list(cost, "costs", func(i int) string { return model.FormatMoney(-r.Ledger[i].TotalSavings) })+" more")
	}
	if len(clauses) == 0 {
		return "No agency invests or saves yet."
	}
	lead := sentence(periodText(p, r))
	if penalty {
		lead = "Prevention penalty, " + periodText(p, r)
	}
	return lead + ": " + strings.Join(clauses, "; ") + "."
}
