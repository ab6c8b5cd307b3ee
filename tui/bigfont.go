package tui

import "strings"

// A block font for the projector's headline. Terminals cannot change font
// size, so numbers are drawn as 5-pixel-high bitmaps, two pixel rows to a
// text row with half blocks; scale s makes each pixel s×s, so the text is
// bigRows(s) rows high (3 at scale 1).
var bigGlyphs = map[rune][]string{
	'0': {"###", "#.#", "#.#", "#.#", "###"},
	'1': {".#.", "##.", ".#.", ".#.", "###"},
	'2': {"###", "..#", "###", "#..", "###"},
	'3': {"###", "..#", "###", "..#", "###"},
	'4': {"#.#", "#.#", "###", "..#", "..#"},
	'5': {"###", "#..", "###", "..#", "###"},
	'6': {"###", "#..", "###", "#.#", "###"},
	'7': {"###", "..#", "..#", "..#", "..#"},
	'8': {"###", "#.#", "###", "#.#", "###"},
	'9': {"###", "#.#", "###", "..#", "###"},
	'.': {".", ".", ".", ".", "#"},
	',': {".", ".", ".", "#", "#"},
	'%': {"#.#", "..#", ".#.", "#..", "#.#"},
	'£': {".##", "#..", "###", "#..", "###"},
	'm': {".....", ".....", "##.#.", "#.#.#", "#.#.#"},
	'b': {"#..", "#..", "###", "#.#", "###"},
	'n': {"...", "...", "###", "#.#", "#.#"},
	'k': {"#..", "#.#", "##.", "#.#", "#.#"},
	'+': {"...", ".#.", "###", ".#.", "..."},
	'-': {"...", "...", "###", "...", "..."},
	'−': {"...", "...", "###", "...", "..."},
	'<': {"...", "..#", ".#.", "..#", "..."},
	' ': {"..", "..", "..", "..", ".."},
	'▲': {".....", "..#..", ".###.", "#####", "....."},
	'▼': {".....", "#####", ".###.", "..#..", "....."},
	'■': {"...", "###", "###", "###", "..."},
}

const bigPixelRows = 5

// bigRows is the text rows the block font takes at scale s.
func bigRows(s int) int { return (bigPixelRows*s + 1) / 2 }

// bigWidth is the cells text takes in the block font at scale s.
func bigWidth(text string, s int) int {
	w := 0
	for i, r := range []rune(text) {
		if i > 0 {
			w += s // one pixel between glyphs
		}
		if g, ok := bigGlyphs[r]; ok {
			w += len(g[0]) * s
		}
	}
	return w
}

// bigText draws text in the block font at scale s, one string per row.
// Runes the font lacks are skipped.
func bigText(text string, s int) []string {
	s = max(s, 1)
	w := bigWidth(text, s)
	// Pixel grid, one extra row so the last half-block row has a partner.
	px := make([][]bool, bigPixelRows*s+1)
	for y := range px {
		px[y] = make([]bool, w)
	}
	eachBigPixel(text, s, s, func(x, y int) { px[y][x] = true })
	rows := make([]string, bigRows(s))
	var b strings.Builder
	for ty := range rows {
		b.Reset()
		top, bot := px[2*ty], px[2*ty+1]
		for x := range w {
			switch {
			case top[x] && bot[x]:
				b.WriteString("█")
			case top[x]:
				b.WriteString("▀")
			case bot[x]:
				b.WriteString("▄")
			default:
				b.WriteByte(' ')
			}
		}
		rows[ty] = b.String()
	}
	return rows
}

// bigASCII draws text in the block font with "#" for every pixel, for an
// ASCII screen (half blocks have no ASCII form), in the bigRows(s) rows
// the font takes at scale s: a pixel is a row tall and two cells wide, so
// about square. At scale 1 there is no room for that: it returns nil.
func bigASCII(text string, s int) []string {
	rows := bigRows(s)
	ph := rows / bigPixelRows
	if ph < 1 {
		return nil
	}
	pw := 2 * ph
	w := bigWidth(text, pw)
	out := make([][]byte, rows)
	for y := range out {
		out[y] = []byte(strings.Repeat(" ", w))
	}
	top := rows - bigPixelRows*ph // blank rows above, so the figure sits on its label
	eachBigPixel(text, pw, ph, func(x, y int) { out[top+y][x] = '#' })
	lines := make([]string, rows)
	for y := range out {
		lines[y] = string(out[y])
	}
	return lines
}

// bigASCIIWidth is the cells bigASCII takes, 0 when it draws nothing.
func bigASCIIWidth(text string, s int) int {
	if ph := bigRows(s) / bigPixelRows; ph >= 1 {
		return bigWidth(text, 2*ph)
	}
	return 0
}

// eachBigPixel calls set for every cell of text drawn in the block font
// with each glyph pixel sx cells wide and sy high, glyphs one pixel apart.
func eachBigPixel(text string, sx, sy int, set func(x, y int)) {
	x := 0
	for i, r := range []rune(text) {
		g, ok := bigGlyphs[r]
		if !ok {
			continue
		}
		if i > 0 {
			x += sx
		}
		for gy, row := range g {
			for gx, c := range row {
				if c != '#' {
					continue
				}
				for dy := range sy {
					for dx := range sx {
						set(x+gx*sx+dx, gy*sy+dy)
					}
				}
			}
		}
		x += len(g[0]) * sx
	}
}
