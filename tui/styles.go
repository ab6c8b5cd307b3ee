package tui

import (
	"image/color"

	"charm.land/lipgloss/v2"
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

var (
	colBetter = lipgloss.Color("#009E73")
	colWorse  = lipgloss.Color("#D55E00")
	colMuted  = lipgloss.Color("#8A8A8A")
	colAccent = lipgloss.Color("#56B4E9")
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

func newStyles(projector bool) *Styles {
	s := &Styles{Projector: projector}
	b := lipgloss.NewStyle()
	s.Title = b.Bold(true)
	s.Subtitle = b.Foreground(colMuted)
	s.Illustrative = b.Bold(true).Foreground(lipgloss.Color("#F0E442"))
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
	for _, c := range okabeIto {
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
