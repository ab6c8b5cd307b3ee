package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"totalplace/model"
)

// renderPlace: what the place is, whether spend reaches need, and why the
// fixed parts are fixed.
func (m *Model) renderPlace(w, h int) string {
	st := m.ctx.styles
	p, r := m.st.Place, m.st.Result
	var lines []string
	if p.Description != "" {
		lines = append(lines, strings.Split(lipgloss.NewStyle().Width(w).Render(p.Description), "\n")...)
	}
	if p.Illustrative {
		lines = append(lines, st.Illustrative.Render("Illustrative: figures are derived or assumed, not a local count."))
	}
	lines = append(lines, fmt.Sprintf("%d neighbourhoods · %d silos · %d agencies · %d sources · prices %s",
		len(p.Neighbourhoods), len(p.Silos), len(p.Agencies), len(p.Sources), p.PriceYear))
	if r != nil && len(p.Neighbourhoods) > 0 {
		lines = append(lines, "", st.Header.Render("Need against spend, by local fifth"))
		for i, f := range r.NeedSpend {
			label := fmt.Sprintf("fifth %d", i+1)
			switch i {
			case 0:
				label = "most deprived"
			case 4:
				label = "least deprived"
			}
			lines = append(lines, fmt.Sprintf("  %-15s need %s · spend %s → %s", label, pct(f.NeedShare), pct(f.SpendBaseline), pct(f.SpendScenario)))
		}
	}
	var fixed []string
	for _, s := range p.Silos {
		if s.Locked() > 0 {
			why := s.FixedReason
			if s.Floor.Value > s.Fixed.Value {
				why = "statutory floor"
			}
			if why == "" {
				why = "fixed"
			}
			fixed = append(fixed, fmt.Sprintf("  %s %s: %s of %s, %s", glyphLock, s.Name, model.FormatMoney(s.Locked()), model.FormatMoney(s.Budget.Value), why))
		}
	}
	if len(fixed) > 0 {
		lines = append(lines, "", st.Header.Render("What cannot move, and why"))
		lines = append(lines, fixed...)
	}
	return strings.Join(lines, "\n")
}
