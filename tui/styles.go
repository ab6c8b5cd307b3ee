package tui

import (
	"fmt"
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
)

// Okabe-Ito: a palette that stays distinguishable with the common forms of
// colour blindness. Agencies take these in file order.
var okabeIto = []color.Color{
	lipgloss.Color("#E69F00"), // orange
	lipgloss.Color("#56B4E9"), // sky blue
	lipgloss.Color("#009E73"), // bluish green
	lipgloss.Color("#F0E442"), // yellow
	lipgloss.Color("#0072B2"), // blue
	lipgloss.Color("#D55E00"), // vermillion
	lipgloss.Color("#CC79A7"), // reddish purple
}

// palette is the colours of one background. On a light background the
// Okabe-Ito yellow and sky blue wash out, so darker tones of the same
// hues stand in for them (gh-dash picks its theme the same way, from the
// colour the terminal reports).
type palette struct {
	better, worse, muted, accent, warn color.Color
	agencies                           []color.Color
}

var (
	darkPalette = palette{
		better: lipgloss.Color("#009E73"), worse: lipgloss.Color("#D55E00"), muted: lipgloss.Color("#8A8A8A"),
		accent: lipgloss.Color("#56B4E9"), warn: lipgloss.Color("#F0E442"), agencies: okabeIto,
	}
	lightPalette = palette{
		better: lipgloss.Color("#007A59"), worse: lipgloss.Color("#B34E00"), muted: lipgloss.Color("#6E6E6E"),
		accent: lipgloss.Color("#0072B2"), warn: lipgloss.Color("#8A6D00"),
		agencies: []color.Color{
			lipgloss.Color("#B87A00"), // orange, deeper
			lipgloss.Color("#2B7FB8"), // sky blue, deeper
			lipgloss.Color("#007A59"), // bluish green, deeper
			lipgloss.Color("#8A7E00"), // yellow, as a dark gold
			lipgloss.Color("#0072B2"), // blue
			lipgloss.Color("#B34E00"), // vermillion, deeper
			lipgloss.Color("#A8508A"), // reddish purple, deeper
		},
	}
)

// Glyphs carry every meaning on their own, so nothing depends on colour
// (NO_COLOR, monochrome projectors, colour-blind viewers).
const (
	glyphMovable = "█"
	glyphFixed   = "▒"
	glyphLock    = "⊠"
	glyphPrev    = "◆" // preventative service
	arrowUp      = "▲"
	arrowDown    = "▼"
	arrowFlat    = "■"
)

// Sparkline cells around a zero line at half height: a rise grows up from
// it, a fall down from it, in steps of the series' largest change.
var (
	sparkZero = '─'
	sparkUp   = []rune("▅▆▇█")
	sparkDown = []rune("▃▂▁")
)

// Styles is the one theme; styles(projector) builds the normal or the
// high-contrast projector variant.
type Styles struct {
	Projector bool
	// ASCII draws in ASCII only, for a terminal whose locale is not UTF-8:
	// the methods below choose the forms of figures and marks laid out in
	// columns; asciiLines turns the rest of each line into ASCII.
	ASCII bool

	Title, Subtitle, Illustrative lipgloss.Style
	Header, Muted, Bold           lipgloss.Style
	Selected, Source, Target      lipgloss.Style
	Better, Worse, Neutral        lipgloss.Style
	Fixed, Assumed                lipgloss.Style
	TabActive, TabInactive        lipgloss.Style
	Panel                         lipgloss.Style
	StatusInfo, StatusErr         lipgloss.Style
	StatusMove                    lipgloss.Style
	HelpBox                       lipgloss.Style
	HelpKey, HelpDesc             lipgloss.Style
	agency                        []lipgloss.Style
}

func newStyles(projector, ascii, light bool) *Styles {
	s := &Styles{Projector: projector, ASCII: ascii}
	pal := darkPalette
	if light {
		pal = lightPalette
	}
	colBetter, colWorse, colMuted, colAccent := pal.better, pal.worse, pal.muted, pal.accent
	b := lipgloss.NewStyle()
	s.Title = b.Bold(true)
	s.Subtitle = b.Foreground(colMuted)
	s.Illustrative = b.Bold(true).Foreground(pal.warn)
	s.Header = b.Bold(true)
	s.Muted = b.Foreground(colMuted)
	s.Bold = b.Bold(true)
	s.Selected = b.Reverse(true).Bold(true)
	s.Source = b.Reverse(true).Bold(true).Foreground(colAccent)
	s.Target = b.Underline(true).Bold(true)
	s.Better = b.Foreground(colBetter).Bold(true)
	s.Worse = b.Foreground(colWorse).Bold(true)
	s.Neutral = b
	s.Fixed = b.Foreground(colMuted)
	s.Assumed = b.Foreground(colMuted)
	s.TabActive = b.Reverse(true).Bold(true).Padding(0, 1)
	s.TabInactive = b.Foreground(colMuted)
	s.Panel = b
	s.StatusInfo = b
	s.StatusErr = b.Bold(true).Foreground(colWorse)
	s.StatusMove = b.Bold(true).Foreground(colAccent)
	s.HelpBox = b.Border(lipgloss.RoundedBorder()).Padding(0, 2)
	s.HelpKey = b.Bold(true)
	s.HelpDesc = b.Foreground(colMuted)
	if ascii {
		s.HelpBox = s.HelpBox.Border(lipgloss.ASCIIBorder())
	}
	if projector {
		// High contrast: no grey fine print, everything bold.
		s.Subtitle = b.Bold(true)
		s.Muted = b.Bold(true)
		s.Fixed = b.Bold(true)
		s.Assumed = b.Bold(true)
		s.TabInactive = b.Bold(true)
		s.HelpDesc = b.Bold(true)
		s.StatusInfo = b.Bold(true)
	}
	for _, c := range pal.agencies {
		st := b.Foreground(c)
		if projector {
			st = st.Bold(true)
		}
		s.agency = append(s.agency, st)
	}
	return s
}

// Agency is the style of the i-th agency of the place.
func (s *Styles) Agency(i int) lipgloss.Style {
	if i < 0 {
		return s.Neutral
	}
	return s.agency[i%len(s.agency)]
}

// text is prose in this screen's characters: as it is, or in ASCII its
// clearer forms ("->", "left/right", "GBP"), before it is wrapped.
func (s *Styles) text(t string) string {
	if s.ASCII {
		return asciiLine(t, true, true)
	}
	return t
}

// money writes an amount: "£5m", or in ASCII "5m" (the headings say GBP).
func (s *Styles) money(v float64) string {
	t := model.FormatMoney(v)
	if s.ASCII {
		t = strings.Replace(t, "£", "", 1)
	}
	return t
}

// signedMoney always carries a sign, so direction never depends on colour.
func (s *Styles) signedMoney(v float64) string {
	if v >= 0 {
		return "+" + s.money(v)
	}
	return s.minus() + s.money(-v)
}

// dashMoney is a signed amount, or a dash for one that rounds to nothing
// (never "+£0").
func (s *Styles) dashMoney(v float64) string {
	if v < 0.5 && v > -0.5 {
		return s.dash()
	}
	return s.signedMoney(v)
}

// currency names the unit on its own: "£", or "GBP" in ASCII.
func (s *Styles) currency() string {
	if s.ASCII {
		return "GBP"
	}
	return "£"
}

func (s *Styles) minus() string {
	if s.ASCII {
		return "-"
	}
	return "−"
}

// dash stands for nothing in a column of figures.
func (s *Styles) dash() string {
	if s.ASCII {
		return "-"
	}
	return "–"
}

// to is the arrow from a figure before to one after: "→", "->" in ASCII.
func (s *Styles) to() string {
	if s.ASCII {
		return "->"
	}
	return "→"
}

// agencyMark starts an agency's row.
func (s *Styles) agencyMark() string {
	if s.ASCII {
		return "= " // not "#": that is a bar that can move
	}
	return "■ "
}

// sparkline is the package's sparkline in this screen's glyphs: in ASCII
// "-" no change, "^" up and "v" down, without the steps.
func (s *Styles) sparkline(v []float64) string {
	if s.ASCII {
		return sparkWith('-', []rune("^"), []rune("v"), v)
	}
	return sparkline(v)
}

// sparkLegend explains the sparklines' cells and scale.
func (s *Styles) sparkLegend() string {
	if s.ASCII {
		return "- no change | ^ up | v down, year by year"
	}
	return sparkLegend()
}

// yearsAxis labels a sparkline's years once, in w cells: "2026…2035",
// "2026-2035" in ASCII.
func (s *Styles) yearsAxis(years []int, w int) string {
	if len(years) == 0 {
		return ""
	}
	sep := "…"
	if s.ASCII {
		sep = "-"
	}
	a, b := years[0], years[len(years)-1]
	t := fmt.Sprintf("%d%s%d", a, sep, b)
	if ansi.StringWidth(t) > w {
		t = fmt.Sprintf("'%02d%s'%02d", a%100, sep, b%100)
	}
	return padRight(t, w)
}
