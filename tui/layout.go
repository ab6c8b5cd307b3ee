package tui

// Minimum size the layout is designed for.
const (
	minWidth  = 80
	minHeight = 24
	// wideWidth and up puts the panel beside the board rather than below.
	wideWidth = 120
	// minPanelW is the narrowest side panel the wide layout gives up to
	// the board's names; panelShare is the share of a wide screen the
	// panel always gets, so its tables and sentences do not wrap.
	minPanelW  = 62
	panelShare = 46
	// maxNameW caps the board's name column unless the screen has room
	// for whole names: a few very long silo names should not squeeze the
	// bars; they end in "…" instead.
	maxNameW = 40
	// wideBarW is the bar the wide board aims for beside whole names.
	wideBarW = 32
	// maxPanelW is as wide as the side panel's tables and sentences use;
	// a wider screen gives the rest to the board's bars.
	maxPanelW = 120
)

// Board columns besides the name and the bar: marker, spaces, amount,
// assumption mark, change; pctCols is the optional share column.
const (
	boardFixedCols = 2 + 1 + 1 + amtW + markW + 1 + chgW
	pctCols        = 1 + 4
	minBarW        = 12
	amtW, chgW     = 7, 7
	markW          = 2
)

// layout is where each part of the screen goes for the current size.
type layout struct {
	tooSmall        bool
	wide            bool
	projector       bool
	headerH         int
	boardW, boardH  int
	panelW, panelH  int // panel content, below its tab bar (projector: no tab bar)
	panelX, panelY  int // top-left of the tab bar
	footerH         int
	boardX, boardY  int
	bodyH, sepWidth int
	bigScale        int // projector: size of the block-font headline
}

func (c *common) layout() layout {
	w, h := c.width, c.height
	l := layout{headerH: 2, footerH: 2 + c.statusExtra, projector: c.projector}
	if w < minWidth || h < minHeight {
		l.tooSmall = true
		return l
	}
	if c.projector {
		return c.projectorLayout(l)
	}
	l.bodyH = h - l.headerH - l.footerH
	l.boardY = l.headerH
	if w >= wideWidth {
		l.wide = true
		l.sepWidth = 1
		// The board takes what names need and a readable bar, names
		// beyond maxNameW only when the room is there; the panel gets
		// the rest, and never less than panelShare%.
		room := w - l.sepWidth - max(minPanelW, w*panelShare/100)
		need := boardFixedCols + c.nameNeed + wideBarW + pctCols
		if need > room {
			need = boardFixedCols + min(c.nameNeed, maxNameW) + wideBarW + pctCols
		}
		l.boardW = min(need, room)
		if panel := w - l.sepWidth - l.boardW; panel > maxPanelW {
			l.boardW += panel - maxPanelW // longer bars, not an empty half screen
		}
		l.boardH = l.bodyH
		l.panelX = l.boardW + l.sepWidth
		l.panelY = l.headerH
		l.panelW = w - l.panelX
		l.panelH = l.bodyH - 1
		return l
	}
	l.boardW = w
	// The panel below gives up the status's extra lines, so the board
	// never shifts under a pointer or cursor as a prompt grows.
	l.boardH = (l.bodyH + c.statusExtra) / 2
	l.panelX = 0
	l.panelY = l.headerH + l.boardH
	l.panelW = w
	l.panelH = l.bodyH - l.boardH - 1
	return l
}

// projectorLayout: a title row and a block-font headline, the agency board,
// and a summary beside it (wide) or below it (narrow). No tab bar.
func (c *common) projectorLayout(l layout) layout {
	w, h := c.width, c.height
	l.bigScale = 1
	switch {
	case w >= 200 && h >= 60:
		l.bigScale = 3
	case w >= 120 && h >= 40:
		l.bigScale = 2
	}
	l.headerH = 1 + bigRows(l.bigScale) + 1 // title, digits, labels
	l.bodyH = h - l.headerH - l.footerH
	l.boardY = l.headerH
	if w >= wideWidth {
		l.wide = true
		l.sepWidth = 1
		l.boardW = w * 55 / 100
		l.boardH = l.bodyH
		l.panelX = l.boardW + l.sepWidth
		l.panelY = l.headerH
		l.panelW = w - l.panelX
		l.panelH = l.bodyH
		return l
	}
	summary := min(max((l.bodyH+c.statusExtra)/4, 3), 8)
	l.boardW = w
	l.panelH = max(summary-c.statusExtra, 1) // gives up the status's extra lines first
	l.boardH = l.bodyH - l.panelH
	l.panelY = l.boardY + l.boardH
	l.panelW = w
	return l
}

// boardRow is one entry of the board: an agency (silo -1) or a silo.
type boardRow struct {
	agency int // index in Place.Agencies, -1 when the silo names none
	silo   int // index in Place.Silos, -1 for an agency row
	pos    int // position in Model.order, for silo rows
	h      int // screen lines it takes
}

// boardGeom is where each board row is on screen. Drawing and mouse
// hit-testing both read it, so what is drawn is what is hit.
type boardGeom struct {
	x, y, w, h int // the board's area; its first line is the legend
	rows       []boardRow
	first      int   // index in rows of the first row shown
	ys         []int // screen line of each row shown, from rows[first]
}

// shown is the rows drawn, in order.
func (g *boardGeom) shown() []boardRow { return g.rows[g.first : g.first+len(g.ys)] }

// at is the row drawn at screen cell (x, y).
func (g *boardGeom) at(x, y int) (boardRow, bool) {
	if x < g.x || x >= g.x+g.w {
		return boardRow{}, false
	}
	for k, y0 := range g.ys {
		r := g.rows[g.first+k]
		if y >= y0 && y < y0+r.h {
			return r, true
		}
	}
	return boardRow{}, false
}

// frame is the layout plus the board's geometry for the current state.
type frame struct {
	l     layout
	board boardGeom
}

// frame computes where everything goes; render and the mouse both call it.
func (m *Model) frame() frame {
	l := m.com.layout()
	f := frame{l: l}
	if l.tooSmall || m.showHlp {
		return f
	}
	rows := m.boardRows()
	if l.projector && !l.wide {
		// The summary below takes whatever the agencies leave.
		need := 1
		for _, r := range rows {
			need += r.h
		}
		if need < l.boardH {
			l.panelY -= l.boardH - need
			l.panelH += l.boardH - need
			l.boardH = need
			f.l = l
		}
	}
	g := boardGeom{x: l.boardX, y: l.boardY, w: l.boardW, h: l.boardH, rows: rows}
	g.first = min(max(m.offset, 0), max(len(g.rows)-1, 0))
	y, end := l.boardY+1, l.boardY+l.boardH
	for k := g.first; k < len(g.rows) && y+g.rows[k].h <= end; k++ {
		g.ys = append(g.ys, y)
		y += g.rows[k].h
	}
	f.board = g
	return f
}

// boardRows is the board's rows for the current mode.
func (m *Model) boardRows() []boardRow {
	if m.com.projector {
		return m.projectorRows()
	}
	if m.rows != nil {
		return m.rows // several times a frame on every screen: never rebuilt
	}
	p := m.st.Place
	rows := make([]boardRow, 0, len(m.order)+len(p.Agencies))
	last := -2
	for pos, i := range m.order {
		a := p.AgencyIndex(p.Silos[i].Agency)
		if a != last {
			rows = append(rows, boardRow{agency: a, silo: -1, pos: -1, h: 1})
			last = a
		}
		rows = append(rows, boardRow{agency: a, silo: i, pos: pos, h: 1})
	}
	m.rows = rows
	return rows
}

// ensureVisible scrolls the board so the cursor's row (and, when it fits,
// its agency's row) is on screen, without leaving blank lines at the end.
func (m *Model) ensureVisible() {
	if m.st == nil {
		return
	}
	avail := m.com.layout().boardH - 1 // one line of legend
	if avail <= 0 {
		return
	}
	rows := m.boardRows()
	r, top := 0, 0
	for k, row := range rows {
		if row.silo < 0 {
			top = k
		}
		if row.pos == m.cursor && row.silo >= 0 {
			r = k
			break
		}
	}
	span := func(a, b int) int {
		n := 0
		for _, row := range rows[a : b+1] {
			n += row.h
		}
		return n
	}
	if span(top, r) > avail {
		top = r
	}
	off := min(m.offset, top)
	for off < r && span(off, r) > avail {
		off++
	}
	for off > 0 && span(off-1, len(rows)-1) <= avail {
		off--
	}
	m.offset = max(off, 0)
}
