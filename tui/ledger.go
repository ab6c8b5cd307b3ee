package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
)

// renderLedger: who invests and who saves, when, by agency, with the
// prevention penalty in one line.
func (m *Model) renderLedger(w, h int) string {
	st := m.ctx.styles
	p, r := m.st.Place, m.st.Result
	y := horizon(r)
	lines := []string{st.Bold.Render(m.penaltyLine())}
	lines = append(lines, st.Muted.Render(fmt.Sprintf("Over %d–%d: given up less received, cashable savings, net; net a year", p.BaseYear, p.BaseYear+y)))
	nameW := min(max(w/4, 12), 30)
	quiet := 0
	for _, l := range r.Ledger {
		a := p.AgencyIndex(l.Agency)
		if l.Invested == 0 && l.TotalSavings == 0 && isZeroLedger(l) {
			quiet++
			continue
		}
		name := l.Agency
		if a >= 0 {
			name = p.Agencies[a].Name
		}
		name = st.Agency(a).Render(padRight(ansi.Truncate(name, nameW, "…"), nameW))
		inv := ""
		switch {
		case l.Invested >= 0.5:
			inv = "invests " + model.FormatMoney(l.Invested)
		case l.Invested <= -0.5:
			inv = "receives " + model.FormatMoney(-l.Invested)
		}
		sav := ""
		switch {
		case l.TotalSavings >= 0.5:
			sav = "saves " + model.FormatMoney(l.TotalSavings)
		case l.TotalSavings <= -0.5:
			sav = "pays " + model.FormatMoney(-l.TotalSavings) + " more"
		}
		cum := last(l.Cumulative)
		netS := signedMoney(cum)
		if cum >= 0 {
			netS = st.Better.Render(netS)
		} else {
			netS = st.Worse.Render(netS)
		}
		pay := ""
		switch {
		case l.NeverPaysBack:
			pay = st.Worse.Render("never pays back")
		case l.PaybackYear > 0:
			pay = st.Better.Render(fmt.Sprintf("pays back %d", l.PaybackYear))
		}
		line := fmt.Sprintf("%s %-17s %-17s net %s", name, inv, sav, padRight(netS, 8))
		if !m.ctx.projector {
			line += " " + sparkline(l.Net)
		}
		lines = append(lines, line+" "+pay)
	}
	if quiet > 0 {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("%d %s neither invest nor save yet.", quiet, plural(quiet, "agency", "agencies"))))
	}
	if pl := r.Place; pl.Invested != 0 || pl.TotalSavings != 0 {
		lines = append(lines, fmt.Sprintf("Whole place: cashable savings %s, net %s over the period (NPV %s)",
			signedMoney(pl.TotalSavings), signedMoney(last(pl.Cumulative)), signedMoney(pl.NPV)))
	}
	return strings.Join(lines, "\n")
}

func isZeroLedger(l model.AgencyLedger) bool {
	for _, v := range l.Net {
		if math.Abs(v) >= 0.5 {
			return false
		}
	}
	return true
}

// penaltyLine names the prevention penalty: who saves, by when, and who
// invests, when they are different agencies.
func (m *Model) penaltyLine() string {
	p, r := m.st.Place, m.st.Result
	if len(m.st.Scenario.Moves) == 0 {
		return "No money moved yet: this shows who invests, who saves, and when."
	}
	inv, sav, loser := -1, -1, -1
	for i, l := range r.Ledger {
		if l.TotalSavings < -0.5 && (loser < 0 || l.TotalSavings < r.Ledger[loser].TotalSavings) {
			loser = i
		}
		if l.Invested > 0.5 && (inv < 0 || l.Invested > r.Ledger[inv].Invested) {
			inv = i
		}
		if l.TotalSavings > 0.5 && (sav < 0 || l.TotalSavings > r.Ledger[sav].TotalSavings) {
			sav = i
		}
	}
	name := func(i int) string {
		if a := p.AgencyIndex(r.Ledger[i].Agency); a >= 0 {
			return p.Agencies[a].Name
		}
		return r.Ledger[i].Agency
	}
	end := p.BaseYear + horizon(r)
	switch {
	case inv >= 0 && sav >= 0 && inv != sav:
		return fmt.Sprintf("Prevention penalty: %s saves %s by %d; %s invests %s.",
			name(sav), model.FormatMoney(r.Ledger[sav].TotalSavings), end, name(inv), model.FormatMoney(r.Ledger[inv].Invested))
	case inv >= 0 && sav >= 0:
		return fmt.Sprintf("%s invests %s and saves %s by %d.", name(inv), model.FormatMoney(r.Ledger[inv].Invested), model.FormatMoney(r.Ledger[sav].TotalSavings), end)
	case inv >= 0:
		return fmt.Sprintf("%s invests %s; no agency saves cash by %d.", name(inv), model.FormatMoney(r.Ledger[inv].Invested), end)
	case sav >= 0:
		return fmt.Sprintf("%s saves %s by %d.", name(sav), model.FormatMoney(r.Ledger[sav].TotalSavings), end)
	case loser >= 0:
		return fmt.Sprintf("No agency saves: %s pays %s more by %d.", name(loser), model.FormatMoney(-r.Ledger[loser].TotalSavings), end)
	}
	return "Money moved within agencies: no agency invests or saves on balance."
}
