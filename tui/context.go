package tui

// context is what every panel needs, held in one place (after soft-serve's
// common struct and gh-dash's program context).
type context struct {
	width, height int
	projector     bool
	styles        *Styles
	keys          *KeyMap
}

func newContext(opts Options) *context {
	return &context{
		width:     opts.Width,
		height:    opts.Height,
		projector: opts.Projector,
		styles:    newStyles(opts.Projector),
		keys:      newKeyMap(),
	}
}

func (c *context) setProjector(on bool) {
	c.projector = on
	c.styles = newStyles(on)
}

// Minimum size the layout is designed for.
const (
	minWidth  = 80
	minHeight = 24
	// wideWidth and up puts the panel beside the board rather than below.
	wideWidth = 120
)

// layout is where each part of the screen goes for the current size.
type layout struct {
	tooSmall        bool
	wide            bool
	headerH         int
	boardW, boardH  int
	panelW, panelH  int // panel content, below its tab bar
	panelX, panelY  int // top-left of the tab bar
	footerH         int
	boardX, boardY  int
	bodyH, sepWidth int
}

func (c *context) layout() layout {
	w, h := c.width, c.height
	l := layout{headerH: 2, footerH: 2}
	if w < minWidth || h < minHeight {
		l.tooSmall = true
		return l
	}
	l.bodyH = h - l.headerH - l.footerH
	l.boardY = l.headerH
	if w >= wideWidth {
		l.wide = true
		l.sepWidth = 1
		l.boardW = w * 52 / 100
		if l.boardW > 120 {
			l.boardW = 120
		}
		l.boardH = l.bodyH
		l.panelX = l.boardW + l.sepWidth
		l.panelY = l.headerH
		l.panelW = w - l.panelX
		l.panelH = l.bodyH - 1
		return l
	}
	l.boardW = w
	l.boardH = l.bodyH / 2
	if c.projector {
		l.boardH = l.bodyH * 3 / 5
	}
	l.panelX = 0
	l.panelY = l.headerH + l.boardH
	l.panelW = w
	l.panelH = l.bodyH - l.boardH - 1
	return l
}
