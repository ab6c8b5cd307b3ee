package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
	"totalplace/report"
	"totalplace/sessions"
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

// firstMovable is the board position of the first silo money can move
// from, so a newcomer's first enter starts a move rather than a refusal;
// 0 when none can.
func (m *Model) firstMovable() int {
	// A partner starts on their own agency's money: enter then moves it
	// rather than proposing to move someone else's.
	if p, ok := m.st.Participant(m.who); ok && p.Role == sessions.RolePartner && p.Agency != "" {
		for pos, i := range m.order {
			if m.st.Place.Silos[i].Agency == p.Agency && m.cannotGive(i) == "" {
				return pos
			}
		}
	}
	for pos, i := range m.order {
		if m.cannotGive(i) == "" {
			return pos
		}
	}
	return 0
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
// headerKey names a headline as screens share it.
type headerKey struct {
	w    int
	busy bool
	here int    // people here, when more than one
	join string // the join hint this screen shows
}

// renderHeader is the headline, shared by every screen of the room at w.
func (m *Model) renderHeader(w int) string {
	return m.part(headerKey{w: w, busy: m.busy > 0, here: m.hereCount(), join: m.joinHint}, func() any { return m.ascii(m.drawHeader(w), w, true) }).(string)
}

func (m *Model) drawHeader(w int) string {
	st := m.com.styles
	p := m.st.Place
	hl := report.HeadlineOf(p, m.st.Scenario, m.st.Result)
	total := hl.Total
	title := m.titleLine(w)
	if w >= wideWidth {
		title += st.Subtitle.Render(fmt.Sprintf("  · %s a year at %s prices · %d–%d", st.currency(), p.PriceYear, p.BaseYear, p.BaseYear+p.HorizonYears-1))
	}
	parts := []string{st.Bold.Render(st.money(total)) + " a year"}
	if m.st.Stage != sessions.StageCollaborate || m.st.Frozen || !m.st.Consent {
		// Where the meeting is matters to everyone looking at the board:
		// it comes first, before any figure that gives way.
		stage := stageNames[m.st.Stage]
		if m.st.Frozen {
			stage += ", frozen"
		}
		if !m.st.Consent {
			stage += ", consent off" // anyone's money moves without its agency's agreement
		}
		parts = append([]string{st.StatusMove.Render(stage)}, parts...)
	}
	if st.ASCII {
		parts[0] = "GBP " + parts[0] // the figures that follow are bare
	}
	head, share := -1, -1 // parts that give way, in this order, when the line is too long
	if hl.PerHead() > 0 {
		head = len(parts)
		parts = append(parts, st.Bold.Render(perHead(hl.PerHead()))+" a head")
	}
	if total > 0 {
		share = len(parts)
		parts = append(parts,
			st.Bold.Render(pct(hl.LocalShare()))+laLabel(w),
			st.Bold.Render(pct(hl.MovableShare()))+" can move")
	}
	// Moves and pools both change the allocation: count both.
	if n := len(m.st.Scenario.Moves); n > 0 {
		parts = append(parts, st.Bold.Render(fmt.Sprint(n))+report.Plural(n, " move", " moves"))
	}
	if n := len(m.st.Scenario.Pools); n > 0 {
		parts = append(parts, st.Bold.Render(fmt.Sprint(n))+report.Plural(n, " pool", " pools"))
	}
	if n := m.hereCount(); n > 1 {
		parts = append(parts, st.Bold.Render(fmt.Sprint(n))+" here")
	}
	if m.busy > 0 {
		parts = append(parts, "recalculating…")
	}
	// What the session has done, and who is here, matter more than the
	// per-head figure (panel 7 has it too), then the local-authority share.
	for _, k := range []int{head, share} {
		if k >= 0 && ansi.StringWidth(strings.Join(slices.DeleteFunc(slices.Clone(parts), func(s string) bool { return s == "" }), " · ")) > w {
			parts[k] = ""
		}
	}
	parts = slices.DeleteFunc(parts, func(s string) bool { return s == "" })
	return strings.Join(fit(title+"\n"+strings.Join(parts, " · "), w, 2), "\n")
}

// hereCount is how many people have the workshop open, 0 in solo use.
func (m *Model) hereCount() int {
	if len(m.here) < 2 {
		return 0
	}
	return len(m.here)
}

// titleLine names the place once: a name that already says
// "(illustrative)" loses it, since the badge says so.
func (m *Model) titleLine(w int) string {
	st := m.com.styles
	p := m.st.Place
	name := p.Name
	if p.Illustrative {
		if i := strings.Index(strings.ToLower(name), "(illustrative)"); i >= 0 {
			name = strings.TrimSpace(name[:i] + name[i+len("(illustrative)"):])
		}
	}
	join := ""
	if m.joinHint != "" {
		// The screen a facilitator projects tells the room how to join,
		// before anything else on the line.
		join = st.StatusMove.Render(m.joinHint) + "  "
	}
	// Shorter forms when the line is narrow: the kind goes first, then
	// "Total Place", so the join hint and the word ILLUSTRATIVE stay.
	var title string
	for _, short := range []int{0, 1, 2, 3} {
		title = "Total Place · " + name
		if short >= 2 {
			title = name
		}
		if short == 3 && m.joinHint != "" {
			// The command itself says what it is for.
			join = st.StatusMove.Render(strings.TrimPrefix(m.joinHint, "Join: ")) + "  "
		}
		title = st.Title.Render(title)
		if p.Kind != "" && short == 0 {
			title += st.Subtitle.Render(", " + kindLabel(p.Kind))
		}
		if p.Illustrative {
			label := "ILLUSTRATIVE figures"
			if short > 0 {
				label = "ILLUSTRATIVE"
			}
			title += "  " + st.Illustrative.Render(label)
		}
		if ansi.StringWidth(join+title) <= w {
			break
		}
	}
	return join + title
}

// movableTotal is what can move across the place, £ a year.
func movableTotal(p *model.Place) float64 {
	var t float64
	for _, s := range p.Silos {
		t += max(s.Movable(), 0)
	}
	return t
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

// pending is the move under way, keyboard or mouse, shown on the rows it
// touches before it is sent.
type pending struct {
	from, to int
	amount   float64
}

func (m *Model) pending() pending {
	pd := pending{from: -1, to: -1}
	switch {
	case m.drag != nil:
		pd.from, pd.amount = m.drag.from, m.dragAmount()
		if m.drag.over != m.drag.from && m.dragProblem() == "" {
			pd.to = m.drag.over
		}
	case m.mv.stage != stageIdle:
		pd.from, pd.to = m.mv.from, m.mv.to
		// An amount that cannot move is never drawn as if it could: the
		// prompt says what is over, the rows keep their figures.
		if m.mv.stage >= stageAmount && (m.mv.stage != stageAmount || m.amountProblem() == "") {
			pd.amount = m.mv.amount
		}
	}
	return pd
}

// Fixed marks after a silo's name. A silo where nothing can move and one
// where only part is fixed need telling apart at a glance, before anyone
// tries to move money out of them.
const (
	glyphAllFixed  = glyphLock // nothing can move
	glyphPartFixed = "◧"       // some can move, the rest is fixed
)

// siloMarks are the glyphs after a silo's name: prevention, fixed part.
func siloMarks(s model.Silo) string {
	m := ""
	if s.Prevention {
		m += glyphPrev
	}
	return m + fixedMark(s)
}

// fixedMark is ⊠ for a silo that is all fixed, ◧ for one partly fixed.
func fixedMark(s model.Silo) string {
	switch {
	case s.Locked() > 0 && s.Movable() < 0.5:
		return glyphAllFixed
	case s.Locked() > 0:
		return glyphPartFixed
	}
	return ""
}

// marksNeed is the column the marks take: the widest any silo has.
func marksNeed(p *model.Place) int {
	n := 0
	for _, s := range p.Silos {
		n = max(n, ansi.StringWidth(siloMarks(s)))
	}
	return n
}

// siloNameCell is a silo's name in w cells, its marks in a column of mw
// cells at the end, so they line up down the board whatever the name.
func siloNameCell(s model.Silo, w, mw int) string {
	if mw == 0 || w < mw+4 {
		name := s.Name
		if mk := siloMarks(s); mk != "" {
			name = ansi.Truncate(name, max(w-ansi.StringWidth(mk)-1, 1), "…") + " " + mk
		}
		return padRight(ansi.Truncate(name, w, "…"), w)
	}
	nw := w - mw - 1
	return padRight(ansi.Truncate(s.Name, nw, "…"), nw) + " " + padRight(siloMarks(s), mw)
}

// boardLegend is the legend line that fits w cells: the longest that fits,
// every variant still naming each mark exactly.
func boardLegend(st *Styles, year, w int) string {
	marks := fmt.Sprintf("%s can move %s fixed · %s all fixed %s part fixed · %s prevention A assumed",
		glyphMovable, glyphFixed, glyphAllFixed, glyphPartFixed, glyphPrev)
	for _, s := range []string{
		fmt.Sprintf("Spend by %d, %s a year  %s", year, st.currency(), marks),
		fmt.Sprintf("Spend by %d  %s", year, marks),
		fmt.Sprintf("By %d %s", year, marks),
		fmt.Sprintf("%s fixed (%s all, %s part) %s can move %s prevention A assumed",
			glyphFixed, glyphAllFixed, glyphPartFixed, glyphMovable, glyphPrev),
		fmt.Sprintf("%s fixed (%s all, %s part) %s movable %s prevention A assumed",
			glyphFixed, glyphAllFixed, glyphPartFixed, glyphMovable, glyphPrev),
	} {
		if ansi.StringWidth(s) <= w {
			return s
		}
	}
	return fmt.Sprintf("%s fixed(%s all %s part) %s movable %s prevention A assumed",
		glyphFixed, glyphAllFixed, glyphPartFixed, glyphMovable, glyphPrev)
}

// nameNeed is the name column that fits every silo name with the marks'
// column after it.
func nameNeed(p *model.Place) int {
	n := 14
	for _, s := range p.Silos {
		n = max(n, ansi.StringWidth(s.Name))
	}
	if mw := marksNeed(p); mw > 0 {
		n += 1 + mw
	}
	return n
}

// boardColumns splits a board of width w: names get what they need while the
// bar keeps minBarW (beyond maxNameW, only while the bar keeps wideBarW);
// the share column comes last. On a narrow screen names give way at 40%
// of the width, so the bars stay readable.
func boardColumns(w, need int, wide bool) (nameW, barW, pctW int) {
	if need > maxNameW && w-boardFixedCols-pctCols-need < wideBarW {
		need = maxNameW
	}
	if !wide {
		need = min(need, max(w*40/100, 14))
	}
	nameW = min(need, max(w-boardFixedCols-minBarW, 14))
	barW = w - boardFixedCols - nameW
	if barW-pctCols >= minBarW {
		pctW, barW = 4, barW-pctCols
	}
	return nameW, max(barW, 1), pctW
}

// boardCols is how a board w cells wide lays out its rows.
type boardCols struct {
	w, nameW, barW, pctW, marksW int
	maxVal, total                float64
}

func (m *Model) boardColsFor(w int) boardCols {
	c := m.com
	p, r := m.st.Place, m.st.Result
	bc := boardCols{w: w, total: p.TotalSpend(), marksW: marksNeed(p)}
	bc.nameW, bc.barW, bc.pctW = boardColumns(w, c.nameNeed, c.width >= wideWidth)
	for i, s := range p.Silos {
		bc.maxVal = max(bc.maxVal, s.Budget.Value, allocated(r, i))
	}
	return bc
}

// boardKey names the board lines every screen at one size shares.
type boardKey struct {
	w          int
	wideScreen bool
}

// cursorRowKey names one board row drawn with the cursor on it.
type cursorRowKey struct {
	w          int
	wideScreen bool
	row        int
}

// boardLines is the board's legend (index 0) and a line for each of
// boardRows (index 1+k), each exactly w cells, without the cursor.
// Screens showing one state at one width share them, and draw only the
// cursor's row (shared too) and the rows of a move they have under way.
func (m *Model) boardLines(w int) []string {
	key := boardKey{w: w, wideScreen: m.com.width >= wideWidth}
	return m.part(key, func() any {
		bc := m.boardColsFor(w)
		rows := m.boardRows()
		lines := make([]string, 0, len(rows)+1)
		lines = append(lines, m.ascii(padRight(ansi.Truncate(m.com.styles.Muted.Render(boardLegend(m.com.styles, m.st.Place.BaseYear+horizon(m.st.Result), w)), w, "…"), w), w, false))
		for _, row := range rows {
			lines = append(lines, m.ascii(m.boardRowLine(row, bc, false, pending{from: -1, to: -1}), w, false))
		}
		return lines
	}).([]string)
}

// renderBoard draws the rows g shows, one line each, from the shared
// lines except the rows a move under way touches.
func (m *Model) renderBoard(g *boardGeom) []string {
	plain := m.boardLines(g.w)
	pd := m.pending()
	lines := make([]string, 0, len(g.ys)+1)
	lines = append(lines, plain[0])
	for j, row := range g.shown() {
		k := 1 + g.first + j
		switch {
		case row.silo >= 0 && (row.silo == pd.from || row.silo == pd.to):
			lines = append(lines, m.ascii(m.boardRowLine(row, m.boardColsFor(g.w), row.pos == m.cursor, pd), g.w, false))
		case row.silo >= 0 && row.pos == m.cursor:
			key := cursorRowKey{w: g.w, wideScreen: m.com.width >= wideWidth, row: k}
			lines = append(lines, m.part(key, func() any {
				return m.ascii(m.boardRowLine(row, m.boardColsFor(g.w), true, pending{from: -1, to: -1}), g.w, false)
			}).(string))
		default:
			lines = append(lines, plain[k])
		}
	}
	return lines
}

// boardRowLine draws one board row exactly bc.w cells wide: an agency's
// line, or a silo's bar with the cursor on it or not, and the pending
// move's marks when pd touches it.
func (m *Model) boardRowLine(row boardRow, bc boardCols, cursor bool, pd pending) string {
	st := m.com.styles
	if row.silo < 0 {
		return padRight(ansi.Truncate(m.agencyLine(row.agency, bc.w, bc.total), bc.w, "…"), bc.w)
	}
	p, r := m.st.Place, m.st.Result
	i := row.silo
	s := p.Silos[i]
	alloc := allocated(r, i)
	as := st.Agency(row.agency)
	marker := "  "
	if cursor {
		marker = "▸ "
	}
	name := siloNameCell(s, bc.nameW, bc.marksW)
	switch {
	case i == pd.from:
		name = st.Source.Render(name)
	case i == pd.to:
		name = st.Target.Render(name)
	case cursor:
		name = st.Selected.Render(name)
	}
	line := marker + name + " " + siloBar(st, as, s, alloc, bc.maxVal, bc.barW) + " " +
		fmt.Sprintf("%*s", amtW, st.money(alloc)) + assumedMark(st, s.Budget) + " " +
		m.changeCell(i, pd, alloc-s.Budget.Value, chgW)
	if bc.pctW > 0 && bc.total > 0 {
		line += " " + st.Muted.Render(fmt.Sprintf("%*s", bc.pctW, pct(alloc/bc.total)))
	}
	return padRight(ansi.Truncate(line, bc.w, "…"), bc.w)
}

// siloBar draws the fixed part first in a light shade, then what can move.
func siloBar(st *Styles, as lipgloss.Style, s model.Silo, alloc, maxVal float64, barW int) string {
	cells := 0
	if maxVal > 0 {
		cells = min(int(math.Round(alloc/maxVal*float64(barW))), barW)
	}
	if alloc > 0 && cells == 0 {
		cells = 1
	}
	fixedCells := fixedCellsOf(cells, min(s.Locked(), alloc), alloc)
	return st.Fixed.Render(strings.Repeat(glyphFixed, fixedCells)) +
		as.Render(strings.Repeat(glyphMovable, cells-fixedCells)) +
		strings.Repeat(" ", barW-cells)
}

// fixedCellsOf splits a bar of cells between its fixed and movable parts
// by their shares of alloc. Rounding never draws a movable cell for a silo
// with nothing movable, nor a fixed one for a silo with nothing fixed; a
// bar of two cells or more that is partly fixed shows both parts, and a
// one-cell bar shows the larger (its mark after the name tells the rest).
func fixedCellsOf(cells int, locked, alloc float64) int {
	switch {
	case cells <= 0:
		return 0
	case alloc-locked < 0.5:
		return cells
	case locked < 0.5:
		return 0
	}
	f := int(math.Round(float64(cells) * locked / alloc))
	if cells >= 2 {
		f = min(max(f, 1), cells-1)
	}
	return f
}

// assumedMark is the markW-cell column after an amount: " A" when the
// figure is an assumption rather than cited.
func assumedMark(st *Styles, p model.Param) string {
	if p.IsAssumption() {
		return " " + st.Assumed.Render("A")
	}
	return "  "
}

// changeCell is a silo's change in w cells. For the two silos of the
// pending move it is the running total, the moves made so far and the
// pending one together, drawn in the move's colour as a preview.
func (m *Model) changeCell(i int, pd pending, chg float64, w int) string {
	st := m.com.styles
	switch {
	case i == pd.from && pd.amount > 0:
		return previewCell(st, st.signedMoney(chg-pd.amount), w)
	case i == pd.to && pd.amount > 0:
		return previewCell(st, st.signedMoney(chg+pd.amount), w)
	case math.Abs(chg) >= 0.5:
		// Bold, not green or red: less money is not worse in itself.
		return st.Bold.Render(fmt.Sprintf("%*s", w, st.signedMoney(chg)))
	}
	return strings.Repeat(" ", w)
}

// previewCell right-aligns a previewed figure in w cells, underlined in
// the move's colour (the pending source and target names are marked the
// same way), so it never reads as a move already made.
func previewCell(st *Styles, v string, w int) string {
	return strings.Repeat(" ", max(w-ansi.StringWidth(v), 0)) + st.StatusMove.Underline(true).Render(v)
}

func (m *Model) agencyLine(a, w int, total float64) string {
	p, r := m.st.Place, m.st.Result
	st := m.com.styles
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
	info := fmt.Sprintf("  %s", st.money(sum))
	if total > 0 {
		info += " · " + pct(sum/total)
	}
	if sum > 0 {
		info += " · " + pct(min(locked/sum, 1)) + " fixed"
	}
	// The figures matter more than the end of a long agency name: a short
	// name, when the place gives one, reads better than a cut one.
	room := max(w-ansi.StringWidth(info), 12)
	full := st.agencyMark() + ag.Name
	if ansi.StringWidth(full) > room && ag.Short != "" {
		full = st.agencyMark() + ag.Short
	}
	name := ansi.Truncate(full, room, "…")
	return st.Agency(a).Bold(true).Render(name) + st.Muted.Render(info)
}
