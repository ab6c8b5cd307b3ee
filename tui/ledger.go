package tui

import (
	"fmt"
	"sort"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
)

// renderLedger: who invests and who saves, when, by agency, with the
// prevention penalty first. An agency's investment is what it gives up
// (money moved out of its silos); what it receives is spent on the
// services it was moved to, so it is shown but is not a gain; net is
// cashable savings less what it gave up (the engine's AgencyLedger).
func (m *Model) renderLedger(w, h int) string {
	st := m.ctx.styles
	p, r := m.st.Place, m.st.Result
	y := horizon(r)
	lines := strings.Split(lipgloss.NewStyle().Width(w).Render(st.Bold.Render(m.penaltyLine())), "\n")
	legend := fmt.Sprintf("Totals %d–%d. Gives up: moved out of its silos, its investment. Gets: moved in, to spend on those services. "+
		"Saves: cashable savings. Net = saves − gives up.", p.BaseYear, p.BaseYear+y)
	lines = append(lines, strings.Split(lipgloss.NewStyle().Width(w).Render(st.Muted.Render(legend)), "\n")...)

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
		head += " " + padRight("net a year", len(r.Years))
	}
	lines = append(lines, st.Header.Render(head))
	quiet := 0
	money := func(v float64) string {
		if v < 0.5 && v > -0.5 {
			return "–"
		}
		return model.FormatMoney(v)
	}
	for _, l := range r.Ledger {
		a := p.AgencyIndex(l.Agency)
		if l.Invested < 0.5 && l.TotalReceived < 0.5 && l.TotalSavings < 0.5 && l.TotalSavings > -0.5 && isZeroLedger(l) {
			quiet++
			continue
		}
		name := st.Agency(a).Render(padRight(ansi.Truncate(agencyName(p, l.Agency), nameW, "…"), nameW))
		if ownLine {
			lines = append(lines, st.Agency(a).Bold(true).Render(ansi.Truncate(agencyName(p, l.Agency), w, "…")))
			name = padRight("", nameW)
		}
		cum := last(l.Cumulative)
		netS := fmt.Sprintf("%*s", colW, signedMoney(cum))
		switch {
		case cum < 0.5 && cum > -0.5:
			netS = fmt.Sprintf("%*s", colW, "–")
		case cum >= 0:
			netS = st.Better.Render(netS)
		default:
			netS = st.Worse.Render(netS)
		}
		saves := money(l.TotalSavings)
		if l.TotalSavings <= -0.5 {
			saves = signedMoney(l.TotalSavings) // costs more: say so with the sign
		}
		line := fmt.Sprintf("%s %*s %*s %*s %s", name, colW, money(l.Invested), colW, money(l.TotalReceived), colW, saves, netS)
		if spark {
			line += " " + sparkline(l.Net)
		}
		switch {
		case l.NeverPaysBack:
			line += " " + st.Worse.Render("never pays back")
		case l.PaybackYear > 0:
			line += " " + st.Better.Render(fmt.Sprintf("pays back %d", l.PaybackYear))
		}
		lines = append(lines, line)
	}
	if quiet > 0 {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("%d %s neither give, get nor save yet.", quiet, plural(quiet, "agency does", "agencies"))))
	}
	if pl := r.Place; pl.Invested != 0 || pl.TotalSavings != 0 {
		lines = append(lines, strings.Split(lipgloss.NewStyle().Width(w).Render(fmt.Sprintf("Whole place: %s moved, cashable savings %s, net %s over the period (NPV %s)",
			model.FormatMoney(pl.Invested), signedMoney(pl.TotalSavings), signedMoney(last(pl.Cumulative)), signedMoney(pl.NPV))), "\n")...)
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

// penaltyLine names the prevention penalty plainly: who invests (gives
// money up) and who saves cash, by the last year, e.g. "Prevention
// penalty: NHS invests £100m; DWP saves £12m, NHS £3.1m, by 2035."
func (m *Model) penaltyLine() string {
	p, r := m.st.Place, m.st.Result
	if len(m.st.Scenario.Moves) == 0 && len(m.st.Scenario.Pools) == 0 {
		return "No money moved yet: this shows who invests, who saves, and when."
	}
	var inv, sav []int
	loser := -1
	for i, l := range r.Ledger {
		if l.Invested >= 0.5 {
			inv = append(inv, i)
		}
		if l.TotalSavings >= 0.5 {
			sav = append(sav, i)
		}
		if l.TotalSavings <= -0.5 && (loser < 0 || l.TotalSavings < r.Ledger[loser].TotalSavings) {
			loser = i
		}
	}
	sort.SliceStable(inv, func(a, b int) bool { return r.Ledger[inv[a]].Invested > r.Ledger[inv[b]].Invested })
	sort.SliceStable(sav, func(a, b int) bool { return r.Ledger[sav[a]].TotalSavings > r.Ledger[sav[b]].TotalSavings })
	name := func(i int) string { return agencyName(p, r.Ledger[i].Agency) }
	// list names the first agencies with their amounts: "A £1m, B £2m and 2 more".
	list := func(ix []int, verb string, v func(model.AgencyLedger) float64) string {
		const most = 3
		var parts []string
		for k, i := range ix[:min(len(ix), most)] {
			s := name(i) + " "
			if k == 0 {
				s += verb + " "
			}
			parts = append(parts, s+model.FormatMoney(v(r.Ledger[i])))
		}
		s := strings.Join(parts, ", ")
		if n := len(ix) - most; n > 0 {
			s += fmt.Sprintf(" and %d more", n)
		}
		return s
	}
	invested := func(l model.AgencyLedger) float64 { return l.Invested }
	saved := func(l model.AgencyLedger) float64 { return l.TotalSavings }
	end := p.BaseYear + horizon(r)

	// The penalty: an agency saves that did not invest.
	penalty := false
	for _, s := range sav {
		penalty = penalty || r.Ledger[s].Invested < 0.5
	}
	prefix := ""
	if penalty && len(inv) > 0 {
		prefix = "Prevention penalty: "
	}
	switch {
	case len(inv) > 0 && len(sav) > 0:
		return fmt.Sprintf("%s%s; %s, by %d.", prefix, list(inv, "invests", invested), list(sav, "saves", saved), end)
	case len(inv) > 0 && loser >= 0:
		return fmt.Sprintf("%s; no agency saves cash by %d, and %s pays %s more.", list(inv, "invests", invested), end, name(loser), model.FormatMoney(-r.Ledger[loser].TotalSavings))
	case len(inv) > 0:
		return fmt.Sprintf("%s; no agency saves cash by %d.", list(inv, "invests", invested), end)
	case len(sav) > 0:
		return fmt.Sprintf("%s, by %d.", list(sav, "saves", saved), end)
	case loser >= 0:
		return fmt.Sprintf("No agency saves: %s pays %s more by %d.", name(loser), model.FormatMoney(-r.Ledger[loser].TotalSavings), end)
	}
	return "No agency invests or saves yet."
}
