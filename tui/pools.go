package tui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
	"totalplace/sessions"
)

// togglePool pools or unpools the chosen pool's silos.
func (m *Model) togglePool() tea.Cmd {
	p := m.st.Place
	if m.poolSel < 0 || m.poolSel >= len(p.Pools) {
		m.setStatus("This place has no pooled budgets to try.", false)
		return nil
	}
	pl := p.Pools[m.poolSel]
	what := "Pooled “" + pl.Name + "”."
	if slices.Contains(m.st.Scenario.Pools, pl.ID) {
		what = "Unpooled “" + pl.Name + "”."
	}
	return m.do(sessions.TogglePool{Pool: pl.ID}, what)
}

// renderPools lists the place's pooled budgets: what the cohort costs, how
// much is administration, what pooling would free and on whose evidence,
// and whether each is pooled in the current scenario.
func (m *Model) renderPools(w, h int) string {
	st := m.ctx.styles
	p, r := m.st.Place, m.st.Result
	lines := []string{st.Muted.Render("Pooled budgets: one service for one cohort frees administration · ← → choose · x pool/unpool")}
	if len(p.Pools) == 0 {
		return strings.Join(append(lines, "", "This place file defines no pools."), "\n")
	}
	for i, pl := range p.Pools {
		active := slices.Contains(m.st.Scenario.Pools, pl.ID)
		state := "○ not pooled"
		if active {
			state = st.Better.Render("● POOLED")
		}
		mark, name := "  ", st.Bold.Render(pl.Name)
		if i == m.poolSel {
			mark, name = "▸ ", st.Selected.Render(pl.Name)
		}
		lines = append(lines, "", ansi.Truncate(mark+name+"  "+state, w, "…"))
		if i != m.poolSel && len(p.Pools) > 1 {
			continue // only the chosen pool in full, so it fits
		}
		var silos []string
		for _, id := range pl.Silos {
			silos = append(silos, siloLabel(p, id))
		}
		lines = append(lines, wrapIndent("silos: "+strings.Join(silos, ", "), w, 4)...)
		figure := func(label string, v model.Param, extra string) {
			lines = append(lines, wrapIndent(fmt.Sprintf("%s %s%s %s", label, model.FormatMoney(v.Value), extra, st.Muted.Render("· "+provenance(p, v))), w, 4)...)
		}
		figure("cohort spend", pl.CohortSpend, " a year")
		figure("of which admin", pl.AdminCost, " a year")
		saving := ""
		if pl.Saving.Low != pl.Saving.High {
			saving = fmt.Sprintf(" a year (%s–%s)", model.FormatMoney(pl.Saving.Low), model.FormatMoney(pl.Saving.High))
		} else {
			saving = " a year"
		}
		figure("pooling frees", pl.Saving, saving)
		lines = append(lines, wrapIndent(fmt.Sprintf("full saving %s %s", afterYears(pl.YearsToFull.Value), st.Muted.Render("· "+provenance(p, pl.YearsToFull))), w, 4)...)
		if r != nil && i < len(r.Pools) && r.Pools[i].Active {
			var total float64
			for _, v := range r.Pools[i].Saving {
				total += v
			}
			lines = append(lines, "    "+st.Better.Render(fmt.Sprintf("frees %s over %d–%d in this scenario", model.FormatMoney(total), p.BaseYear, p.BaseYear+horizon(r))))
		}
	}
	return strings.Join(lines, "\n")
}

func yearsText(v float64) string {
	if v == 1 {
		return "1 year"
	}
	return fmt.Sprintf("%g years", v)
}
