package tui

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
)

// boardOrder groups silos by agency, in the place file's agency order.
func boardOrder(p *model.Place) []int {
	order := make([]int, 0, len(p.Silos))
	seen := make([]bool, len(p.Silos))
	for _, a := range p.Agencies {
		for i, s := range p.Silos {
			if s.Agency == a.ID {
				order = append(order, i)
				seen[i] = true
			}
		}
	}
	for i := range p.Silos {
		if !seen[i] {
			order = append(order, i)
		}
	}
	return order
}

// imdOrder lists neighbourhoods most deprived first.
func imdOrder(p *model.Place) []int {
	o := make([]int, len(p.Neighbourhoods))
	for i := range o {
		o[i] = i
	}
	sort.SliceStable(o, func(a, b int) bool {
		return p.Neighbourhoods[o[a]].IMDRank < p.Neighbourhoods[o[b]].IMDRank
	})
	return o
}

// boardRow is an agency heading (silo -1) or a silo.
type boardRow struct {
	agency int
	silo   int
	pos    int // position in Model.order, for silo rows
}

func (m *Model) boardRows() []boardRow {
	p := m.st.Place
	rows := make([]boardRow, 0, len(m.order)+len(p.Agencies))
	last := -2
	for pos, i := range m.order {
		a := p.AgencyIndex(p.Silos[i].Agency)
		if a != last {
			rows = append(rows, boardRow{agency: a, silo: -1, pos: -1})
			last = a
		}
		rows = append(rows, boardRow{agency: a, silo: i, pos: pos})
	}
	return rows
}

// ensureVisible scrolls the board so the cursor's row (and, when it fits,
// its agency heading) is on screen.
func (m *Model) ensureVisible() {
	if m.st == nil {
		return
	}
	vis := m.boardVisibleRows()
	if vis <= 0 {
		return
	}
	rows := m.boardRows()
	r := 0
	for k, row := range rows {
		if row.pos == m.cursor {
			r = k
		}
	}
	top := r
	if r > 0 && rows[r-1].silo < 0 {
		top = r - 1
	}
	if top < m.offset {
		m.offset = top
	}
	if r >= m.offset+vis {
		m.offset = r - vis + 1
	}
	m.offset = max(0, min(m.offset, len(rows)-vis))
}

func (m *Model) boardVisibleRows() int {
	return m.ctx.layout().boardH - 1 // one line of column legend
}

// horizon is the last simulated year's index.
func horizon(r *model.Result) int { return len(r.Years) - 1 }

func allocated(r *model.Result, i int) float64 {
	if r == nil || i >= len(r.Silos) || len(r.Silos[i].Allocated) == 0 {
		return 0
	}
	a := r.Silos[i].Allocated
	return a[len(a)-1]
}

// renderHeader is the headline: place, total, per head, local-authority
// share, share that can move.
func (m *Model) renderHeader(w int) string {
	st := m.ctx.styles
	p, r := m.st.Place, m.st.Result
	total := p.TotalSpend()
	var la, movable float64
	for i, s := range p.Silos {
		if a := p.AgencyIndex(s.Agency); a >= 0 && p.Agencies[a].Kind == "local-authority" {
			la += allocated(r, i)
		}
		movable += max(s.Movable(), 0)
	}
	title := st.Title.Render("Total Place · " + p.Name)
	if p.Kind != "" {
		title += st.Subtitle.Render(" (" + p.Kind + ")")
	}
	if p.Illustrative {
		title += "  " + st.Illustrative.Render("ILLUSTRATIVE figures")
	}
	if !m.ctx.projector && w >= wideWidth {
		title += st.Subtitle.Render(fmt.Sprintf("  · £ a year at %s prices · %d–%d", p.PriceYear, p.BaseYear, p.BaseYear+p.HorizonYears-1))
	}
	parts := []string{st.Bold.Render(model.FormatMoney(total)) + " a year"}
	if pop := p.Population.Value; pop > 0 {
		parts = append(parts, st.Bold.Render(model.FormatMoney(total/pop))+" a head")
	}
	if total > 0 {
		parts = append(parts,
			st.Bold.Render(pct(la/total))+laLabel(w),
			st.Bold.Render(pct(movable/total))+" can move")
	}
	if n := len(m.st.Scenario.Moves); n > 0 {
		parts = append(parts, st.Bold.Render(fmt.Sprint(n))+plural(n, " move", " moves"))
	}
	if m.busy > 0 {
		parts = append(parts, "recalculating…")
	}
	return strings.Join(fit(title+"\n"+strings.Join(parts, " · "), w, 2), "\n")
}

func laLabel(w int) string {
	if w < 100 {
		return " local authorities"
	}
	return " through local authorities"
}

func pct(f float64) string {
	if f > 0 && f < 0.01 {
		return "<1%"
	}
	return fmt.Sprintf("%.0f%%", f*100)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// renderBoard draws every silo as a bar grouped by agency.
func (m *Model) renderBoard(w, h int) string {
	c := m.ctx
	st := c.styles
	p, r := m.st.Place, m.st.Result
	y := horizon(r)
	total := p.TotalSpend()
	proj := c.projector

	nameW := min(max(w*36/100, 14), 36)
	amtW, chgW, pctW := 7, 7, 4
	if proj {
		pctW = 0
	}
	barW := w - 2 - nameW - 1 - 1 - amtW - 1 - chgW
	if pctW > 0 {
		barW -= pctW + 1
	}
	if barW < 6 {
		barW, pctW = barW+pctW+1, 0
	}
	var maxVal float64
	for i, s := range p.Silos {
		maxVal = max(maxVal, s.Budget.Value, allocated(r, i))
	}

	// The pending move, keyboard or mouse, shown on the two rows it touches.
	pendFrom, pendTo, pendAmt := -1, -1, 0.0
	switch {
	case m.drag != nil:
		pendFrom, pendAmt = m.drag.from, m.dragAmount()
		if m.drag.over != m.drag.from {
			pendTo = m.drag.over
		}
	case m.mv.stage != stageIdle:
		pendFrom, pendTo = m.mv.from, m.mv.to
		if m.mv.stage >= stageAmount {
			pendAmt = m.mv.amount
		}
	}

	var b strings.Builder
	legend := fmt.Sprintf("Spend by %d, £ a year  %s can move %s fixed %s has a fixed part %s prevention",
		p.BaseYear+y, glyphMovable, glyphFixed, glyphLock, glyphPrev)
	if proj {
		legend = fmt.Sprintf("Spend by %d   %s can move  %s fixed", p.BaseYear+y, glyphMovable, glyphFixed)
	}
	b.WriteString(st.Muted.Render(legend))

	rows := m.boardRows()
	vis := h - 1
	end := min(len(rows), m.offset+vis)
	for k := m.offset; k < end; k++ {
		row := rows[k]
		b.WriteByte('\n')
		if row.silo < 0 {
			b.WriteString(m.agencyLine(row.agency, w, total))
			continue
		}
		i := row.silo
		s := p.Silos[i]
		alloc := allocated(r, i)
		as := st.Agency(row.agency)

		marker := "  "
		if row.pos == m.cursor {
			marker = "▸ "
		}
		name := s.Name
		suffix := ""
		if s.Prevention {
			suffix += glyphPrev
		}
		if s.Locked() > 0 {
			suffix += glyphLock
		}
		if suffix != "" {
			name = ansi.Truncate(name, nameW-ansi.StringWidth(suffix)-1, "…") + " " + suffix
		}
		name = padRight(ansi.Truncate(name, nameW, "…"), nameW)
		switch {
		case i == pendFrom:
			name = st.Source.Render(name)
		case i == pendTo:
			name = st.Target.Render(name)
		case row.pos == m.cursor:
			name = st.Selected.Render(name)
		}

		// Bar: the fixed part first in a light shade, then what can move.
		cells := 0
		if maxVal > 0 {
			cells = int(math.Round(alloc / maxVal * float64(barW)))
		}
		if alloc > 0 && cells == 0 {
			cells = 1
		}
		fixedCells := 0
		if maxVal > 0 {
			fixedCells = min(int(math.Round(min(s.Locked(), alloc)/maxVal*float64(barW))), cells)
		}
		bar := st.Fixed.Render(strings.Repeat(glyphFixed, fixedCells)) +
			as.Render(strings.Repeat(glyphMovable, cells-fixedCells)) +
			strings.Repeat(" ", barW-cells)

		chg := alloc - s.Budget.Value
		chgS := ""
		switch {
		case i == pendFrom && pendAmt > 0:
			chgS = st.StatusMove.Render(fmt.Sprintf("%*s", chgW, signedMoney(-pendAmt)))
		case i == pendTo && pendAmt > 0:
			chgS = st.StatusMove.Render(fmt.Sprintf("%*s", chgW, "+"+model.FormatMoney(pendAmt)))
		case math.Abs(chg) >= 0.5:
			// Bold, not green or red: less money is not worse in itself.
			chgS = st.Bold.Render(fmt.Sprintf("%*s", chgW, signedMoney(chg)))
		default:
			chgS = strings.Repeat(" ", chgW)
		}
		line := marker + name + " " + bar + " " + fmt.Sprintf("%*s", amtW, model.FormatMoney(alloc)) + " " + chgS
		if pctW > 0 && total > 0 {
			line += " " + st.Muted.Render(fmt.Sprintf("%*s", pctW, pct(alloc/total)))
		}
		b.WriteString(line)
	}
	return b.String()
}

func (m *Model) agencyLine(a, w int, total float64) string {
	p, r := m.st.Place, m.st.Result
	st := m.ctx.styles
	if a < 0 {
		return st.Header.Render("Other")
	}
	ag := p.Agencies[a]
	var sum, locked float64
	for i, s := range p.Silos {
		if s.Agency == ag.ID {
			sum += allocated(r, i)
			locked += s.Locked()
		}
	}
	head := st.Agency(a).Bold(true).Render("■ " + ag.Name)
	info := fmt.Sprintf("  %s", model.FormatMoney(sum))
	if total > 0 {
		info += " · " + pct(sum/total)
	}
	if sum > 0 && !m.ctx.projector {
		info += " · " + pct(min(locked/sum, 1)) + " fixed"
	}
	return head + st.Muted.Render(info)
}

// signedMoney always carries a sign, so direction never depends on colour.
func signedMoney(v float64) string {
	if v >= 0 {
		return "+" + model.FormatMoney(v)
	}
	return "−" + model.FormatMoney(-v)
}
