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

// togglePool pools or unpools pool sel's silos.
func (m *Model) togglePool(sel int) tea.Cmd {
	p := m.st.Place
	if sel < 0 || sel >= len(p.Pools) {
		m.setStatus("This place has no pooled budgets to try.", false)
		return nil
	}
	pl := p.Pools[sel]
	what := "Pooled “" + pl.Name + "”."
	if slices.Contains(m.st.Scenario.Pools, pl.ID) {
		what = "Unpooled “" + pl.Name + "”."
	}
	return m.do(sessions.TogglePool{Pool: pl.ID}, what)
}

// poolUndoNote tells someone who pressed u after switching a pool that
// undo takes back moves only.
const poolUndoNote = "pools are switched back with x in panel 8"

// undoStatus is what u says it did, "Undid £5m a year from … to …", and,
// after a pool toggle, that the pool is not what it takes back.
func (m *Model) undoStatus() string {
	s := m.undoText()
	if m.st.LastChange == sessions.KindPool {
		s = strings.TrimSuffix(s, ".") + " (" + poolUndoNote + ")."
	}
	return s
}

// nothingToUndo is what u says with no move to take back: after any pool
// toggle, how pools are switched back.
func (m *Model) nothingToUndo() string {
	if m.st.PoolToggles > 0 {
		return "Nothing to undo: u takes back moves only (" + poolUndoNote + ")."
	}
	return "Nothing to undo."
}

// poolMark is a pool's state in words and a mark, not colour alone:
// "● pooled" or "○ not pooled".
func poolMark(st *Styles, active bool) string {
	if active {
		return st.Better.Render("● pooled")
	}
	return "○ not pooled"
}

// renderPools lists the place's pooled budgets: whether each is pooled in
// the current scenario, then for the chosen one its silos, what an
// integrated service would save once in place (beside what administration
// costs today, which is not the same thing), on whose evidence and how
// soon.
func (m *Model) renderPools(sel, w, h int) string {
	st := m.com.styles
	p, r := m.st.Place, m.st.Result
	lines := wrapIndent(st.Muted.Render(st.text("Pools: one service per cohort · ← → choose · x pool/unpool")), w, 0)
	if len(p.Pools) == 0 {
		return strings.Join(append(lines, "", "This place file defines no pools."), "\n")
	}
	for i, pl := range p.Pools {
		active := slices.Contains(m.st.Scenario.Pools, pl.ID)
		mark, name := "  ", st.Bold.Render(pl.Name)
		if i == sel {
			mark, name = "▸ ", st.Selected.Render(pl.Name)
		}
		// The state first, so a long name is what gives way.
		lines = append(lines, "", ansi.Truncate(mark+poolMark(st, active)+"  "+name, w, "…"))
		if i != sel && len(p.Pools) > 1 {
			continue // only the chosen pool in full, so it fits
		}
		var silos []string
		for _, id := range pl.Silos {
			silos = append(silos, siloLabel(p, id))
		}
		lines = append(lines, wrapIndent("silos: "+strings.Join(silos, ", "), w, 4)...)
		saves := fmt.Sprintf("an integrated service saves about %s a year once in place (admin today: %s of %s)",
			model.FormatMoney(pl.Saving.Value), model.FormatMoney(pl.AdminCost.Value), model.FormatMoney(pl.CohortSpend.Value))
		if pl.Saving.Low != pl.Saving.High {
			saves += fmt.Sprintf("; range %s–%s", model.FormatMoney(pl.Saving.Low), model.FormatMoney(pl.Saving.High))
		}
		src := provenance(p, pl.Saving)
		lines = append(lines, wrapIndent(saves+" "+st.Muted.Render("· "+src), w, 4)...)
		// Today's figures on their own evidence, when it is other evidence.
		if c, a := provenance(p, pl.CohortSpend), provenance(p, pl.AdminCost); c != src || a != src {
			lines = append(lines, wrapIndent(st.Muted.Render("spend today "+c+"; admin "+a), w, 4)...)
		}
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
