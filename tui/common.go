package tui

// common is what every part of a screen needs, held in one place (after
// soft-serve's common struct and gh-dash's program context): the look
// (projector, ASCII, a light or dark background) with the styles it makes,
// the keys, and the window's size. Layout, per frame, is in layout.go.
type common struct {
	width, height int
	projector     bool
	ascii         bool // Options.ASCII
	// light is set when the terminal says its background is light; dark is
	// assumed until it answers (most terminals, and every projector theme).
	light  bool
	styles *Styles
	keys   *KeyMap
	// nameNeed is the board column that holds the longest silo name with
	// its marks, so wide screens can give names the room they need.
	nameNeed int
	// statusExtra is how many lines the status takes beyond its one: a
	// long reason or a move's prompt and preview wrap rather than being
	// cut. Model.fitStatus sets it after every message.
	statusExtra int
}

func newCommon(opts Options) *common {
	return &common{
		width:     opts.Width,
		height:    opts.Height,
		projector: opts.Projector,
		ascii:     opts.ASCII,
		styles:    newStyles(opts.Projector, opts.ASCII, false),
		keys:      newKeyMap(),
	}
}

func (c *common) setProjector(on bool) {
	c.projector = on
	c.styles = newStyles(on, c.ascii, c.light)
}

// setLight switches the palette for a light (or dark) background.
func (c *common) setLight(on bool) {
	c.light = on
	c.styles = newStyles(c.projector, c.ascii, on)
}
