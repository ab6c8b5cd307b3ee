package tui

import (
	"fmt"
	"image/color"
	"regexp"
	"strings"
	"testing"

	"totalplace/internal/testplace"
	"totalplace/model"
	"totalplace/sessions"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
)

func TestFitPairKeepsBothEnds(t *testing.T) {
	a, b := fitPair("Council education services (SEND support and transport)", "Local roads and public transport", 38)
	if ansi.StringWidth(a)+ansi.StringWidth(b) > 38 || !strings.HasPrefix(b, "Local roads") || !strings.HasPrefix(a, "Council education") {
		t.Errorf("fitPair = %q, %q", a, b)
	}
	if a, b := fitPair("Housing", "Leisure", 30); a != "Housing" || b != "Leisure" {
		t.Errorf("short names cut: %q %q", a, b)
	}
}

// TestMarksAligned: the ⊠ ◧ ◆ marks sit in one column, whatever the name.
func TestMarksAligned(t *testing.T) {
	for _, c := range []struct {
		w, h int
		proj bool
	}{{80, 24, false}, {160, 50, false}, {160, 50, true}} {
		tt := startTerm(t, c.w, c.h, Options{Projector: c.proj})
		s := tt.waitText("State pension", "Working-age benefits", "Employment support")
		col := -1
		for _, name := range []string{"State pension", "Working-age benefits", "Employment support"} {
			line := []rune(lineWith(s, name))
			k := -1
			for i, r := range line {
				if strings.ContainsRune(glyphAllFixed+glyphPartFixed+glyphPrev, r) {
					k = i
					break
				}
			}
			if k < 0 {
				t.Fatalf("%dx%d: no mark on %q", c.w, c.h, string(line))
			}
			if col >= 0 && k != col {
				t.Errorf("%dx%d projector=%v: marks not aligned: %q at %d, want %d", c.w, c.h, c.proj, name, k, col)
			}
			col = k
		}
	}
}

// TestBoardLegendAndNamesFit: the legend fits the board at 120 columns,
// and at 240 whole names fit.
func TestBoardLegendAndNamesFit(t *testing.T) {
	sess := sampleSession(t, "worcestershire")
	p := sess.State().Place
	for _, w := range []int{120, 160, 240} {
		m := New(sess, "you", Options{Width: w, Height: 60}).(*Model)
		m.Update(tea.WindowSizeMsg{Width: w, Height: 60})
		screen := ansi.Strip(m.render())
		l := m.com.layout()
		legend := string([]rune(strings.Split(screen, "\n")[l.boardY])[:l.boardW])
		if strings.Contains(legend, "…") || !strings.Contains(legend, glyphPrev+" prevention") || !strings.Contains(legend, "A assumed") {
			t.Errorf("%d: legend cut: %q", w, legend)
		}
		if w == 240 {
			for _, s := range p.Silos {
				if !strings.Contains(screen, s.Name) {
					t.Errorf("240: %q is cut", s.Name)
				}
			}
		}
		m.Close()
	}
}

// TestHeadlineCountsPools: a pool changes the allocation as a move does,
// so the headline counts both.
func TestHeadlineCountsPools(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.do(sessions.TogglePool{Pool: "neet"})
	s := tt.waitText("1 pool")
	if head := strings.Split(s, "\n")[1]; strings.Contains(head, "moves") || !strings.Contains(head, "can move · 1 pool") {
		t.Errorf("a pool alone: headline %q", head)
	}
	tt.do(sessions.MoveMoney{Move: model.Move{From: "asc", To: "earlyhelp", Amount: 2e6}})
	s = tt.waitText("1 move · 1 pool")
	if head := strings.Split(s, "\n")[1]; !strings.Contains(head, "£3.86bn a year") || !strings.Contains(head, "can move · 1 move · 1 pool") {
		t.Errorf("headline at 80 columns: %q", head)
	}

	pj := startTerm(t, 120, 40, Options{Projector: true})
	pj.waitText("a year in total")
	pj.do(sessions.TogglePool{Pool: "neet"})
	s = pj.waitText("moves made", "pool")
	if labels := lineWith(s, "moves made"); !strings.Contains(labels, "pool") {
		t.Errorf("the projector's headline does not count the pool: %q", labels)
	}
}

// TestCursorStartsOnMovableSilo: the board opens on the first silo that
// can give money, so a first enter starts a move (the state pension,
// first on the board, is all entitlement).
func TestCursorStartsOnMovableSilo(t *testing.T) {
	for _, opts := range []Options{{}, {Projector: true}} {
		tt := startTerm(t, 80, 24, opts)
		p := tt.sess.State().Place
		s := tt.waitText("State pension")
		if got := cursorSilo(s, p); got != "Working-age benefits" {
			t.Errorf("projector %v: cursor starts on %q, want Working-age benefits:\n%s", opts.Projector, got, s)
		}
		tt.key(tea.KeyEnter)
		tt.waitText("Move from Working-age benefits to")
	}
}

// TestPanelsFitAt120x40: the side panel at 120 columns is narrow; what
// the gap panel and the outcomes heading say wraps or moves to a line of
// its own rather than being cut, and the projector keeps each outcome's
// figure whatever the length of its name.
func TestPanelsFitAt120x40(t *testing.T) {
	// Long outcome names, as the sample places have.
	sess := newSessionWith(t, func(p *model.Place) {
		p.Outcomes[0].Name = "Healthy life expectancy at birth, males and females together"
		p.Outcomes[2].Name = "Emergency admissions to hospital of residents of any age"
	})
	// Less adult social care, more early help: admissions rise, NEET falls.
	if err := sess.Do("you", sessions.MoveMoney{Move: model.Move{From: "asc", To: "earlyhelp", Amount: 20e6}}); err != nil {
		t.Fatal(err)
	}
	t.Run("outcomes", func(t *testing.T) {
		tt := startTermOn(t, sess, 120, 40, Options{})
		s := tt.waitText("1 move", "▼ better")
		if !strings.Contains(flat(panelSideText(s)), "A baseline assumed, not cited") {
			t.Errorf("the outcomes heading lost what A means:\n%s", panelSideText(s))
		}
		golden.RequireEqual(t, s)
	})
	t.Run("gap", func(t *testing.T) {
		tt := startTermOn(t, sess, 120, 40, Options{})
		tt.waitText("1 move")
		tt.key('2')
		s := tt.waitText("slope index")
		panel := flat(panelSideText(s))
		for _, want := range []string{"x loss", "· no change", "large gain", "(← → choose outcome)"} {
			if !strings.Contains(panel, want) {
				t.Errorf("the gap panel lost %q:\n%s", want, panelSideText(s))
			}
		}
		if n := strings.Count(panel, "slope index"); n != len(sess.State().Place.Outcomes) {
			t.Errorf("%d slope indices for %d outcomes:\n%s", n, len(sess.State().Place.Outcomes), panelSideText(s))
		}
		golden.RequireEqual(t, s)
	})
	t.Run("projector", func(t *testing.T) {
		tt := startTermOn(t, sess, 120, 40, Options{Projector: true})
		s := tt.waitText("a year in total", "worse")
		r := sess.State().Result
		for _, o := range sess.State().Place.Outcomes {
			d := r.Outcomes[outcomeIndex(r, o.ID)].Change()
			if isZeroShown(d) {
				continue
			}
			if want := signedNum(d) + outcomeUnit(o); !strings.Contains(s, want) {
				t.Errorf("projector lost %s's figure %q:\n%s", o.Name, want, s)
			}
		}
		golden.RequireEqual(t, s)
	})
}

// TestWideScreenUsesItsWidth: past what the side panel uses, a wide
// screen gives the board longer bars rather than an empty half.
func TestWideScreenUsesItsWidth(t *testing.T) {
	tt := startTerm(t, 300, 80, Options{})
	s := tt.waitText("State pension", "1 Outcomes")
	pension := lineWith(s, "State pension")
	if n := strings.Count(barOf(pension), glyphFixed); n < 100 {
		t.Errorf("the largest silo's bar is %d cells on a 300-column screen:\n%s", n, pension)
	}
	// The panel is as wide as it can use, no wider.
	if board, _, ok := strings.Cut(pension, "│"); !ok || len([]rune(board)) < 300-120-1 {
		t.Errorf("the board is %d of 300 columns:\n%s", len([]rune(board)), pension)
	}
}

func TestMarksForFixedSilos(t *testing.T) {
	for _, w := range []int{80, 160} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			tt := startTerm(t, w, 50, Options{})
			s := tt.waitText("State pension", "Working-age benefits")
			legend := lineWith(s, "all fixed")
			for _, want := range []string{glyphAllFixed + " all fixed", glyphPartFixed + " part fixed", glyphFixed + " fixed", glyphMovable + " can move"} {
				if !strings.Contains(legend, want) {
					t.Errorf("legend lacks %q: %q", want, legend)
				}
			}
			// Wholly fixed: the all-fixed mark and only fixed cells.
			pension := lineWith(s, "State pension")
			if !strings.Contains(pension, glyphAllFixed) || strings.Contains(pension, glyphPartFixed) || strings.Contains(barOf(pension), glyphMovable) {
				t.Errorf("state pension is wholly fixed: %q", pension)
			}
			// Partly fixed: the part-fixed mark and both kinds of cell.
			benefits := lineWith(s, "Working-age benefits")
			if bar := barOf(benefits); !strings.Contains(benefits, glyphPartFixed) || strings.Contains(benefits, glyphAllFixed) ||
				!strings.Contains(bar, glyphMovable) || !strings.Contains(bar, glyphFixed) {
				t.Errorf("working-age benefits is partly fixed: %q", benefits)
			}
			// Nothing fixed: no mark, no fixed cells.
			ch := lineWith(s, "Children's services")
			if strings.Contains(ch, glyphAllFixed) || strings.Contains(ch, glyphPartFixed) || strings.Contains(barOf(ch), glyphFixed) {
				t.Errorf("children's services has nothing fixed: %q", ch)
			}
		})
	}
}

// TestFixedCellsRounding: a small silo rounds to one cell; its cell must
// still say fixed or movable truly (JSA: £23.1m all fixed, drawn █).
func TestFixedCellsRounding(t *testing.T) {
	for _, c := range []struct {
		cells         int
		locked, alloc float64
		want          int
	}{
		{1, 23.1e6, 23.1e6, 1}, // wholly fixed, one cell: fixed
		{2, 23.1e6, 23.1e6, 2},
		{1, 0, 5e6, 0},        // nothing fixed: movable
		{3, 0.2e6, 50e6, 1},   // a sliver fixed still shows
		{3, 49.8e6, 50e6, 2},  // a sliver movable still shows
		{2, 38e6, 42.2e6, 1},  // prisons, 90% fixed, two cells: one of each
		{1, 38e6, 42.2e6, 1},  // one cell: the larger part
		{1, 4.2e6, 42.2e6, 0}, // one cell, mostly movable
	} {
		if got := fixedCellsOf(c.cells, c.locked, c.alloc); got != c.want {
			t.Errorf("fixedCellsOf(%d, %v, %v) = %d, want %d", c.cells, c.locked, c.alloc, got, c.want)
		}
	}
	for _, w := range []int{40, 80, 160} {
		if l := boardLegend(newStyles(false, false, false), 2035, w); w >= 80 && len([]rune(l)) > w {
			t.Errorf("legend at %d columns is %d wide: %q", w, len([]rune(l)), l)
		}
	}
}

func TestKeysIgnoredWhenTooSmall(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.startMove("Children's services", "Early help", "")
	tt.waitText("Move £1m a year from Children's services to Early help")
	tt.resize(60, 20)
	tt.waitText("needs a window of at least")
	for _, k := range []rune{tea.KeyRight, ']', tea.KeyEnter, 'u', 'p', '3'} {
		tt.key(k)
	}
	tt.resize(80, 24)
	s := tt.waitText("Move £1m a year from Children's services to Early help")
	if strings.Contains(s, "why:") || strings.Contains(s, "a year in total") {
		t.Errorf("keys acted behind the too-small screen:\n%s", s)
	}
}

// The help overlay names the board's marks and what undo takes back, and
// still fits 80×24.
func TestHelpMarksAt80x24(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.key('?')
	s := tt.waitText("totalplace: keys", "Press any key to close.")
	for _, want := range []string{"█ can move", "▒ fixed", "⊠ all fixed", "◧ part fixed", "◆ prevention", "A assumed", "undo/redo last move"} {
		if !strings.Contains(s, want) {
			t.Errorf("help lacks %q:\n%s", want, s)
		}
	}
	if !strings.Contains(s, "╰") || !strings.Contains(s, "╭") {
		t.Errorf("help box cut at 80×24:\n%s", s)
	}
}

// TestShortTabNames: where the full tab names do not fit, short ones do,
// then shorter ones, before the tabs fall back to bare numbers.
func TestShortTabNames(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("1 Outcomes", "3 Pays", "6 Hist", "8 Pools", "9 Plan")
	tt = startTerm(t, 120, 40, Options{})
	tt.waitText("1 Outcomes", "3 Pay", "6 Hst", "8 Pool", "9 Plan")
}

func TestKindAndPerHeadAndSoloStatus(t *testing.T) {
	p := testplace.New(40)
	p.Kind = "london borough"
	p.Population.Value = 431000 // £8,956 a head: not "£9k"
	sess, err := sessions.Create(t.TempDir(), "testshire", p, sessions.Participant{ID: "you", Name: "root"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sess.Close() })
	tt := startTermOn(t, sess, 80, 24, Options{})
	s := tt.waitText("Testshire, London borough")
	if !regexp.MustCompile(`£\d{1,3},\d{3} a head`).MatchString(s) {
		t.Errorf("per head not in whole pounds: %q", lineWith(s, "a head"))
	}
	if st := lineWith(s, "Select a silo"); strings.Contains(st, "root") {
		t.Errorf("solo status names the login: %q", st)
	}
	// x and w outside their panels say where they work.
	tt.key('x')
	tt.waitText("x pools or unpools the chosen pool in panel 8")
	tt.key('w')
	tt.waitText("w gives the chosen move a why in panel 6")
}

func TestLayoutSizes(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {160, 50}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			tt := startTerm(t, sz.w, sz.h, Options{})
			s := tt.waitText("Total Place · Testshire", "ILLUSTRATIVE", "State pension", "1 Outcomes", "Healthy life")
			lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
			if len(lines) != sz.h {
				t.Errorf("screen has %d rows, want %d", len(lines), sz.h)
			}
			for i, l := range lines {
				if n := len([]rune(l)); n > sz.w {
					t.Errorf("row %d is %d wide: %q", i, n, l)
				}
			}
			// The key line is the last row, the status line above it.
			if !strings.Contains(lines[sz.h-1], "? help") || !strings.Contains(lines[sz.h-1], "q quit") {
				t.Errorf("last row is not the key help: %q", lines[sz.h-1])
			}
			// Headline figures: total, per head, local-authority share, movable share.
			for _, want := range []string{"£3.86bn a year", "a head", "local authorities", "can move"} {
				if !strings.Contains(s, want) {
					t.Errorf("headline lacks %q", want)
				}
			}
			// Fixed part and movable part use different glyphs; fixed silos carry the lock mark.
			pension := lineWith(s, "State pension")
			if !strings.Contains(pension, glyphLock) || !strings.Contains(pension, glyphFixed) || strings.Contains(pension, glyphMovable) {
				t.Errorf("state pension (all entitlement) should be a fixed bar with a lock: %q", pension)
			}
			golden.RequireEqual(t, s)
		})
	}
}

func TestResizeAndTooSmall(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("2 Gap 3 Pays")
	tt.resize(60, 20)
	tt.waitText("needs a window of at least 80×24; this one is", "60×20")
	tt.resize(100, 30)
	s := tt.waitText("State pension", "Outcomes")
	// Narrow layout: panel below the board, not beside it.
	if strings.Contains(s, "│") {
		t.Errorf("100 columns should stack board and panel:\n%s", s)
	}
	tt.resize(200, 60)
	tt.waitFor("panel beside the board at 200 columns", func(s string) bool {
		return strings.Contains(lineWith(s, "State pension"), "│") && len(strings.Split(s, "\n")) > 60
	})
}

func TestHelpOverlayAndQuitConfirm(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.key('?')
	tt.waitText("totalplace: keys", "undo", "projector", "Press any key to close.")
	tt.key('x')
	tt.waitFor("help closed", func(s string) bool { return !strings.Contains(s, "totalplace: keys") })
	tt.selectSilo("Adult social care")
	tt.key(tea.KeyEnter)
	tt.waitText("Move from")
	tt.key('q')
	tt.waitText("A move is half-made: press q again to quit")
	tt.key(tea.KeyEscape) // keeps the move going
	tt.waitFor("confirmation dismissed", func(s string) bool {
		return !strings.Contains(s, "half-made") && strings.Contains(s, "Move from")
	})
}

// A terminal that says its background is light gets the light palette:
// the dark palette's yellow would vanish on white.
func TestLightBackgroundPalette(t *testing.T) {
	m := New(newSession(t), "you", Options{Width: 120, Height: 40}).(*Model)
	t.Cleanup(m.Close)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	dark := m.View().Content
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	light := m.View().Content
	if !m.com.light || dark == light {
		t.Fatal("a light background did not change the palette")
	}
	if strings.Contains(light, "240;228;66") || !strings.Contains(dark, "240;228;66") {
		t.Fatal("the dark palette's yellow (#F0E442) is drawn on the light background, or missing on the dark one")
	}
	m.Update(tea.BackgroundColorMsg{Color: color.Black})
	if m.com.light || m.View().Content != dark {
		t.Fatal("a dark background did not bring the dark palette back")
	}
}

// TestHeadlineKeepsMovesAndWhoIsHere: at 80 columns the per-head figure
// and the local-authority share give way before the count of moves and of
// people here (the headline used to be measured before "N here" was added,
// and cut "10 moves" to "10 move…").
func TestHeadlineKeepsMovesAndWhoIsHere(t *testing.T) {
	s := sampleSession(t, "worcestershire")
	for range 10 {
		if err := s.Do("you", sessions.MoveMoney{Move: model.Move{From: "nhs", To: "public_health", Amount: 1e5}}); err != nil {
			t.Fatal(err)
		}
	}
	m := New(s, "you", Options{Width: 80, Height: 24}).(*Model)
	t.Cleanup(m.Close)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for i := range 11 {
		m.here = append(m.here, sessions.Presence{Participant: sessions.Participant{ID: fmt.Sprint("p", i)}, Screens: 1})
	}
	for _, w := range []int{80, 100, 200} {
		line := ansi.Strip(strings.Split(m.drawHeader(w), "\n")[1])
		here := fmt.Sprint(m.hereCount(), " here")
		if !strings.Contains(line, "10 moves") || !strings.Contains(line, here) || ansi.StringWidth(line) > w {
			t.Errorf("at %d columns the headline is %q", w, line)
		}
		if w == 200 && !strings.Contains(line, "a head") {
			t.Errorf("at %d columns the per-head figure gave way needlessly: %q", w, line)
		}
	}
}

// A projected screen at 80 columns keeps both the join hint and the word
// ILLUSTRATIVE on its title line: the place's kind and "Total Place" give
// way first.
func TestTitleKeepsJoinHintAndIllustrative(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{JoinHint: "Join: ssh -t -p 23234 192.168.1.20 join bako-tuli-mera-sofi"})
	s := tt.waitText("Join: ssh -t -p 23234 192.168.1.20 join bako-tuli-mera-sofi")
	if first := strings.SplitN(s, "\n", 2)[0]; !strings.Contains(first, "ILLUSTRATIVE") || !strings.Contains(first, "Testshire") {
		t.Errorf("title line %q", first)
	}
}
