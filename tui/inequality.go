package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
)

// Shades for the neighbourhood strip: gains in rising density, losses as
// crosses, so the strip reads without colour.
var (
	gainGlyphs = []string{"░", "▒", "▓", "█"}
	lossGlyph  = "x"
	noneGlyph  = "·"
)

// renderGap: per outcome, the gap between the most and least deprived
// fifths and the slope index, before → after; then a strip of
// neighbourhoods, most deprived first, showing where gains land.
func (m *Model) renderGap(sel, w, h int) string {
	st := m.com.styles
	p, r := m.st.Place, m.st.Result
	y := horizon(r)
	// Wrapped, not cut: a narrow panel (the side panel at 120 columns)
	// keeps every word of the heading and the legend.
	lines := wrapIndent(st.Muted.Render(st.text(fmt.Sprintf("Gap between most and least deprived fifths, by %d (← → choose outcome)", p.BaseYear+y))), w, 0)
	// Each outcome's figures get the decimals its change needs, so a
	// narrower or wider gap never shows as two equal numbers.
	type row struct {
		outcome        int
		name, gap, sii string
	}
	var rows []row
	gapW, siiW := 0, 0
	for i, o := range p.Outcomes {
		k := outcomeIndex(r, o.ID)
		if k < 0 {
			continue
		}
		or := &r.Outcomes[k]
		g0, g1 := or.GapBaseline, last(or.Gap[model.Central])
		dg := agreeDigits(g0, g1, changeDigits(max(math.Abs(g0), math.Abs(g1)), g1-g0))
		gap := fmt.Sprintf("gap %s %s %s, %s %s", numAt(g0, dg), st.to(), numAt(g1, dg), signedAt(g1-g0, dg), gapVerdict(st, g0, g1, dg))
		s0, s1 := or.SIIBaseline, last(or.SII[model.Central])
		sdg := changeDigits(max(math.Abs(s0), math.Abs(s1)), s1-s0)
		sii := fmt.Sprintf("slope index %s %s %s", numAt(s0, sdg), st.to(), numAt(s1, sdg))
		rows = append(rows, row{i, o.Name, gap, sii})
		gapW, siiW = max(gapW, ansi.StringWidth(gap)), max(siiW, ansi.StringWidth(sii))
	}
	// The slope index beside the gap when both fit, else on a line of its
	// own under it, the names given what the gap leaves them; the
	// projector leaves the slope index to the screen.
	nameW := min(max(w/4, 14), 28)
	room := w - (2 + 1 + gapW + 2 + siiW) // for names beside both
	beside := room >= 12
	if beside {
		nameW = min(nameW, room)
	} else {
		nameW = min(max(w-2-1-gapW, 14), 28)
	}
	for _, rw := range rows {
		name := padRight(ansi.Truncate(rw.name, nameW, "…"), nameW)
		mark := "  "
		if rw.outcome == sel {
			mark = "▸ "
			name = st.Bold.Render(name)
		}
		switch {
		case m.com.projector:
			lines = append(lines, mark+name+" "+rw.gap)
		case beside:
			// One column for the slope index, whatever the gap's width.
			lines = append(lines, mark+name+" "+padRight(rw.gap, gapW)+"  "+st.Muted.Render(rw.sii))
		default:
			lines = append(lines, mark+name+" "+rw.gap, padRight("", 2+nameW+1)+st.Muted.Render(rw.sii))
		}
	}
	if o := sel; o < len(p.Outcomes) && len(p.Neighbourhoods) > 0 {
		if k := outcomeIndex(r, p.Outcomes[o].ID); k >= 0 {
			lines = append(lines, "")
			lines = append(lines, wrapIndent(st.Bold.Render("Where "+p.Outcomes[o].Name+" changes, by neighbourhood:"), w, 0)...)
			lines = append(lines, m.strip(&r.Outcomes[k], p.Outcomes[o].HigherIsBetter, w-2, len(r.Years)))
			lines = append(lines, st.Muted.Render(padRight("most deprived", w-2-ansi.StringWidth("least deprived"))+"least deprived"))
			lines = append(lines, wrapIndent(st.Muted.Render(fmt.Sprintf("Each cell is a group of neighbourhoods: %s small gain  %s  %s  %s large gain  %s loss  %s no change",
				gainGlyphs[0], gainGlyphs[1], gainGlyphs[2], gainGlyphs[3], lossGlyph, noneGlyph)), w, 0)...)
		}
	}
	return strings.Join(lines, "\n")
}

// gapVerdict says whether the gap narrowed, with the same decimals (dg)
// the figures use, so "no change" is the only verdict for equal figures.
func gapVerdict(st *Styles, g0, g1 float64, dg int) string {
	d := math.Abs(g1) - math.Abs(g0)
	switch {
	case isZeroAt(d, dg) || isZeroAt(g1-g0, dg):
		return st.Neutral.Render(noChange)
	case d < 0:
		return st.Better.Render(arrowDown + " narrower")
	}
	return st.Worse.Render(arrowUp + " wider")
}

// strip buckets neighbourhoods (most deprived first) into w cells, each
// shaded by the mean improvement at the horizon.
func (m *Model) strip(or *model.OutcomeResult, higherIsBetter bool, w, years int) string {
	st := m.com.styles
	n := len(m.st.Model.ByDeprivation())
	if w <= 0 || n == 0 || len(or.Neighbourhood) < n*years {
		return ""
	}
	cells := min(w, n)
	gains := make([]float64, cells)
	sign := 1.0
	if !higherIsBetter {
		sign = -1
	}
	var maxAbs float64
	for c := range cells {
		a, b := c*n/cells, (c+1)*n/cells
		var sum float64
		for _, nb := range m.st.Model.ByDeprivation()[a:b] {
			sum += (or.Neighbourhood[nb*years+years-1] - or.NeighbourhoodBaseline[nb]) * sign
		}
		gains[c] = sum / float64(b-a)
		maxAbs = max(maxAbs, math.Abs(gains[c]))
	}
	var b strings.Builder
	for _, g := range gains {
		switch {
		case maxAbs == 0 || math.Abs(g) < maxAbs*1e-6:
			b.WriteString(st.Muted.Render(noneGlyph))
		case g > 0:
			lvl := min(int(g/maxAbs*float64(len(gainGlyphs))), len(gainGlyphs)-1)
			b.WriteString(st.Better.Render(gainGlyphs[lvl]))
		default:
			b.WriteString(st.Worse.Render(lossGlyph))
		}
	}
	return b.String()
}
