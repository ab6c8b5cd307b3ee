package tui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
	"totalplace/report"
)

// Projector mode is for the back of a room: a block-font headline, one
// thick bar per agency, the prevention penalty and a short outcomes
// summary, all bold. The cursor still moves over silos: the agency it is
// in opens into a compact list of its silos (so does the agency a move
// comes from). A mouse drag freezes which agencies are open from press to
// release, so no row moves under the pointer: a drop on a closed agency
// goes to its one silo that can take the money, or asks which.

// expanded reports which agencies show their silos, indexed by agency+1
// (slot 0 for silos that name no agency).
func (m *Model) expanded() []bool {
	p := m.st.Place
	if m.drag != nil && len(m.drag.open) == len(p.Agencies)+1 {
		return m.drag.open // frozen from press to release
	}
	open := make([]bool, len(p.Agencies)+1)
	mark := func(silo int) {
		if silo >= 0 && silo < len(p.Silos) {
			open[p.AgencyIndex(p.Silos[silo].Agency)+1] = true
		}
	}
	mark(m.siloAt(m.cursor))
	if m.mv.stage != stageIdle {
		mark(m.mv.from)
	}
	return open
}

// projectorRows: each agency, two lines tall when every agency and the
// largest one's silos fit that way, and the silos of open agencies.
func (m *Model) projectorRows() []boardRow {
	p := m.st.Place
	open := m.expanded()
	groups, most, run, last := 0, 0, 0, -2
	for _, i := range m.order {
		a := p.AgencyIndex(p.Silos[i].Agency)
		if a != last {
			groups, run, last = groups+1, 0, a
		}
		run++
		most = max(most, run)
	}
	// Thicker bars when the room is there: a projector's far wall reads a
	// three-line bar better, and an empty half screen helps nobody.
	agencyH := 1
	switch room := m.com.layout().boardH - 1; {
	case 3*groups+most <= room:
		agencyH = 3
	case 2*groups+most <= room:
		agencyH = 2
	}
	rows := make([]boardRow, 0, groups+most*2)
	last = -2
	for pos, i := range m.order {
		a := p.AgencyIndex(p.Silos[i].Agency)
		if a != last {
			rows = append(rows, boardRow{agency: a, silo: -1, pos: -1, h: agencyH})
			last = a
		}
		if open[a+1] {
			rows = append(rows, boardRow{agency: a, silo: i, pos: pos, h: 1})
		}
	}
	return rows
}

// agencySilos lists the silos of agency a in board order.
func (m *Model) agencySilos(a int) []int {
	p := m.st.Place
	var out []int
	for _, i := range m.order {
		if p.AgencyIndex(p.Silos[i].Agency) == a {
			out = append(out, i)
		}
	}
	return out
}

func (m *Model) renderProjector(f frame) string {
	c := m.com
	st := c.styles
	l := f.l
	var b strings.Builder
	for _, line := range fit(m.ascii(m.renderBigHeader(c.width, l.bigScale), c.width, false), c.width, l.headerH) {
		b.WriteString(line)
		b.WriteByte('\n')
	}
	var body []string
	switch {
	case m.showHlp:
		body = fit(m.ascii(m.renderHelp(c.width, l.bodyH), c.width, false), c.width, l.bodyH)
	case l.wide:
		body = joinColumns(m.ascii(m.renderProjectorBoard(&f.board), l.boardW, false), l.boardW, m.ascii(st.Bold.Render("┃"), 1, false)+" ",
			m.ascii(m.renderProjectorSide(l.panelW-1, l.panelH), l.panelW-1, true), l.panelW-1, l.bodyH)
	default:
		body = append(fit(m.ascii(m.renderProjectorBoard(&f.board), l.boardW, false), l.boardW, l.boardH),
			fit(m.ascii(m.renderProjectorSide(l.panelW, l.panelH), l.panelW, true), l.panelW, l.panelH)...)
	}
	for _, line := range body {
		b.WriteString(line)
		b.WriteByte('\n')
	}
	b.WriteString(m.ascii(m.renderStatus(c.width), c.width, true))
	b.WriteByte('\n')
	b.WriteString(m.ascii(m.renderKeyLine(c.width), c.width, true))
	return b.String()
}

// headlineFigure is one number of the block-font headline.
type headlineFigure struct{ big, label string }

// renderBigHeader: the place, then the total, the share that can move and
// the moves made in the block font, each labelled beneath. Figures that do
// not fit the width are left off from the end.
func (m *Model) renderBigHeader(w, scale int) string {
	st := m.com.styles
	p := m.st.Place
	title := m.titleLine(w)
	if m.busy > 0 {
		title += st.Bold.Render("  recalculating…")
	}
	total := p.TotalSpend()
	figs := []headlineFigure{{model.FormatMoney(total), "a year in total"}}
	if st.ASCII {
		figs[0] = headlineFigure{st.money(total), "GBP a year in total"}
	}
	// In ASCII the figures are drawn with "#" (bigASCII), or where there
	// is no room for that as plain text on the font's last row.
	bigW := func(text string) int {
		switch {
		case !st.ASCII:
			return bigWidth(text, scale)
		case bigASCIIWidth(text, scale) > 0:
			return bigASCIIWidth(text, scale)
		}
		return ansi.StringWidth(text)
	}
	if total > 0 {
		figs = append(figs, headlineFigure{pct(movableTotal(p) / total), "can move"})
	}
	n := len(m.st.Scenario.Moves)
	figs = append(figs, headlineFigure{fmt.Sprint(n), report.Plural(n, "move made", "moves made")})
	if k := len(m.st.Scenario.Pools); k > 0 {
		figs = append(figs, headlineFigure{fmt.Sprint(k), report.Plural(k, "pool", "pools")})
	}

	gap := 4 * scale
	width := func(k int) int {
		t := 0
		for i, f := range figs[:k] {
			if i > 0 {
				t += gap
			}
			t += max(bigW(f.big), ansi.StringWidth(f.label))
		}
		return t
	}
	k := len(figs)
	for k > 1 && width(k) > w {
		k--
	}
	rows := bigRows(scale)
	lines := make([]string, rows+1)
	for i, f := range figs[:k] {
		glyphs := bigText(f.big, scale)
		if st.ASCII {
			if glyphs = bigASCII(f.big, scale); glyphs == nil {
				glyphs = make([]string, rows)
				glyphs[rows-1] = f.big
			}
		}
		cw := max(bigW(f.big), ansi.StringWidth(f.label))
		for r := range rows {
			if i > 0 {
				lines[r] += strings.Repeat(" ", gap)
			}
			lines[r] += st.Bold.Render(padRight(glyphs[r], cw))
		}
		if i > 0 {
			lines[rows] += strings.Repeat(" ", gap)
		}
		lines[rows] += st.Bold.Render(padRight(f.label, cw))
	}
	return title + "\n" + strings.Join(lines, "\n")
}

// projectorCols: name, bar and figures for an agency row of width w.
func projectorCols(w int) (nameW, barW int) {
	nameW = min(max(w*34/100, 12), 40)
	barW = max(w-2-nameW-1-1-8-1-8, 4)
	return nameW, barW
}

// renderProjectorBoard draws agencies as thick bars and open agencies'
// silos as a compact list, at the places g gives.
func (m *Model) renderProjectorBoard(g *boardGeom) string {
	st := m.com.styles
	p, r := m.st.Place, m.st.Result
	pd := m.pending()
	nameW, barW := projectorCols(g.w)

	// Agency totals, fixed parts and changes (with the pending move).
	n := len(p.Agencies) + 1
	sum, locked, chg := make([]float64, n), make([]float64, n), make([]float64, n)
	pendAg := make([]bool, n)
	for i, s := range p.Silos {
		a := p.AgencyIndex(s.Agency) + 1
		al := allocated(r, i)
		sum[a] += al
		locked[a] += min(s.Locked(), al)
		chg[a] += al - s.Budget.Value
		if pd.amount > 0 && i == pd.from {
			chg[a] -= pd.amount
			pendAg[a] = true
		}
		if pd.amount > 0 && i == pd.to {
			chg[a] += pd.amount
			pendAg[a] = true
		}
	}
	var maxSum float64
	for _, v := range sum {
		maxSum = max(maxSum, v)
	}

	// Every mark the rows can show is in the legend; rows scrolled out of
	// view above or below are counted, so no agency vanishes unannounced.
	var b strings.Builder
	above, below := hiddenAgencies(g)
	var more []string
	if above > 0 {
		more = append(more, fmt.Sprintf("↑ %d above", above))
	}
	if below > 0 {
		more = append(more, fmt.Sprintf("↓ %d below", below))
	}
	legend := boardLegend(st, p.BaseYear+horizon(r), g.w)
	if len(more) > 0 {
		ind := "  " + strings.Join(more, " ")
		legend = boardLegend(st, p.BaseYear+horizon(r), max(g.w-ansi.StringWidth(ind), 10))
		legend = ansi.Truncate(legend, max(g.w-ansi.StringWidth(ind), 10), "…") + ind
	}
	b.WriteString(st.Bold.Render(legend))
	for _, row := range g.shown() {
		b.WriteByte('\n')
		if row.silo >= 0 {
			b.WriteString(m.projectorSiloLine(row, pd, g.w))
			continue
		}
		a := row.agency + 1
		name := "Other"
		as := st.Bold
		if row.agency >= 0 {
			name = p.Agencies[row.agency].Label()
			as = st.Agency(row.agency).Bold(true)
		}
		cells := 0
		if maxSum > 0 {
			cells = min(int(math.Round(sum[a]/maxSum*float64(barW))), barW)
		}
		if sum[a] > 0 && cells == 0 {
			cells = 1
		}
		fixed := 0
		if maxSum > 0 {
			fixed = min(int(math.Round(locked[a]/maxSum*float64(barW))), cells)
		}
		bar := st.Fixed.Render(strings.Repeat(glyphFixed, fixed)) + as.Render(strings.Repeat(glyphMovable, cells-fixed)) +
			strings.Repeat(" ", barW-cells)
		chgS := strings.Repeat(" ", 8)
		switch {
		case pendAg[a] && math.Abs(chg[a]) >= 0.5:
			chgS = st.StatusMove.Render(fmt.Sprintf("%8s", st.signedMoney(chg[a])))
		case math.Abs(chg[a]) >= 0.5:
			chgS = st.Bold.Render(fmt.Sprintf("%8s", st.signedMoney(chg[a])))
		}
		// Two lines tall: the name wraps onto the second, and the fixed
		// share goes under the amount.
		names := []string{ansi.Truncate(st.agencyMark()+name, nameW, "…")}
		if row.h > 1 {
			names = strings.Split(lipgloss.NewStyle().Width(nameW-2).Render(name), "\n")
			for i := range names {
				names[i] = strings.TrimRight(names[i], " ") // lipgloss pads to the width
			}
			names[0] = st.agencyMark() + names[0]
			if len(names) > 1 {
				names[1] = "  " + names[1]
				if len(names) > 2 {
					names[1] = ansi.Truncate(names[1]+" "+strings.Join(names[2:], " "), nameW, "…")
				}
			}
		}
		b.WriteString("  " + as.Render(padRight(names[0], nameW)) + " " + bar + " " +
			st.Bold.Render(fmt.Sprintf("%8s", st.money(sum[a]))) + " " + chgS)
		if row.h > 1 {
			second, sub := "", ""
			if len(names) > 1 {
				second = names[1]
			}
			if sum[a] > 0 {
				sub = pct(min(locked[a]/sum[a], 1)) + " fixed"
			}
			b.WriteString("\n  " + as.Render(padRight(second, nameW)) + " " + bar + " " + st.Bold.Render(fmt.Sprintf("%17s", sub)))
			for range row.h - 2 {
				b.WriteString("\n  " + padRight("", nameW) + " " + bar)
			}
		}
	}
	return b.String()
}

// projectorSiloLine is one silo of an open agency: indented name and marks,
// amount and change; the cursor marker starts the line as on the board.
func (m *Model) projectorSiloLine(row boardRow, pd pending, w int) string {
	st := m.com.styles
	p, r := m.st.Place, m.st.Result
	s := p.Silos[row.silo]
	alloc := allocated(r, row.silo)
	marker := "  "
	if row.pos == m.cursor {
		marker = "▸ "
	}
	// Name, a bar on the board's silo scale, amount and change.
	nameW := max(min((w-2-2-1-8-markW-1-8)*55/100, 40), 10)
	barW := max(w-2-2-nameW-1-1-8-markW-1-8, 1)
	var maxVal float64
	for i, ps := range p.Silos {
		maxVal = max(maxVal, ps.Budget.Value, allocated(r, i))
	}
	name := siloNameCell(s, nameW, marksNeed(p))
	switch {
	case row.silo == pd.from:
		name = st.Source.Render(name)
	case row.silo == pd.to:
		name = st.Target.Render(name)
	case row.pos == m.cursor:
		name = st.Selected.Render(name)
	default:
		name = st.Bold.Render(name)
	}
	as := st.Bold
	if a := p.AgencyIndex(s.Agency); a >= 0 {
		as = st.Agency(a).Bold(true)
	}
	return marker + "  " + name + " " + siloBar(st, as, s, alloc, maxVal, barW) + " " + st.Bold.Render(fmt.Sprintf("%8s", st.money(alloc))) +
		assumedMark(st, s.Budget) + " " + m.changeCell(row.silo, pd, alloc-s.Budget.Value, 8)
}

// renderProjectorSide is beside (wide) or below (narrow) the board: the
// prevention penalty and outcomes, or the panel chosen with 2-8.
func (m *Model) renderProjectorSide(w, h int) string {
	st := m.com.styles
	if m.st.Result == nil {
		return "Calculating…"
	}
	if m.panel != panelOutcomes {
		return st.TabActive.Render(fmt.Sprintf("%d %s", m.panel+1, panelNames[m.panel])) + st.Bold.Render("  (1 for the summary)") +
			"\n" + strings.Join(m.renderPanel(w, h-1), "\n")
	}
	penalty := strings.Split(lipgloss.NewStyle().Width(w).Render(st.Bold.Render(m.penaltyLine())), "\n")
	lines := append([]string(nil), penalty...)

	p, r := m.st.Place, m.st.Result
	type change struct {
		o model.Outcome
		d float64
	}
	var changed []change
	unchanged := 0
	for _, o := range p.Outcomes {
		k := outcomeIndex(r, o.ID)
		if k < 0 {
			continue
		}
		d := r.Outcomes[k].Change()
		if isZeroShown(d) {
			unchanged++
			continue
		}
		changed = append(changed, change{o, d})
	}
	if len(m.st.Scenario.Moves) == 0 && len(m.st.Scenario.Pools) == 0 {
		return strings.Join(lines, "\n")
	}
	if len(lines)+1 < h {
		lines = append(lines, "")
	}
	rest := func(k int) string {
		if k == 0 {
			return ""
		}
		return st.Bold.Render(fmt.Sprintf("%s %d %s no change", arrowFlat, k, report.Plural(k, "outcome", "outcomes")))
	}
	// Big arrows, as big as every changed outcome allows.
	arrowScale := 0
	for s := 2; s >= 1 && arrowScale == 0; s-- {
		if (bigRows(s)+1)*len(changed)+len(lines)+1 <= h && w >= 40 {
			arrowScale = s
		}
	}
	big := arrowScale > 0
	for _, c := range changed {
		arrow := arrowUp
		if c.d < 0 {
			arrow = arrowDown
		}
		good := (c.d > 0) == c.o.HigherIsBetter
		s, word := st.Better, "better"
		if !good {
			s, word = st.Worse, "worse"
		}
		// The figure before the name, so a long name is what gives way.
		key := s.Render(word) + "  " + st.Bold.Render(signedNum(c.d)+outcomeUnit(c.o))
		name := st.Bold.Render(c.o.Name)
		if !big {
			lines = append(lines, s.Render(arrow)+" "+key+"  "+name)
			continue
		}
		// Beside the arrow: the name, then the figure on its middle row.
		g := bigText(arrow, arrowScale)
		for i, row := range g {
			line := s.Render(row)
			switch i {
			case len(g)/2 - 1:
				line += "  " + name
			case len(g) / 2:
				line += "  " + key
			}
			lines = append(lines, line)
		}
		lines = append(lines, "")
	}
	if unchanged > 0 {
		lines = append(lines, rest(unchanged))
	}
	return strings.Join(lines, "\n")
}

// hiddenAgencies counts the agencies scrolled out of the board above and
// below the rows shown.
func hiddenAgencies(g *boardGeom) (above, below int) {
	for k, row := range g.rows {
		if row.silo >= 0 {
			continue
		}
		switch {
		case k < g.first:
			above++
		case k >= g.first+len(g.ys):
			below++
		}
	}
	return above, below
}
