package tui

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"totalplace/model"
)

// cursorSilo is the silo the board's cursor marker is on, or "".
func cursorSilo(screen string, p *model.Place) string {
	for _, line := range strings.Split(screen, "\n") {
		rest, ok := strings.CutPrefix(line, "▸ ")
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, " ") // projector mode indents silos under their agency
		for _, s := range p.Silos {
			if strings.HasPrefix(rest, s.Name+" ") {
				return s.Name
			}
		}
	}
	return ""
}

// selectSilo moves the board cursor to the named silo one key at a time,
// waiting for each step to show, so no key is in flight when it stops.
func (tt *term) selectSilo(name string) {
	tt.t.Helper()
	p := tt.sess.State().Place
	first := p.Silos[tt.m.order[0]].Name
	tt.key(tea.KeyHome)
	cur := tt.waitFor("cursor at the top", func(s string) bool { return cursorSilo(s, p) == first })
	for range len(p.Silos) {
		at := cursorSilo(cur, p)
		if at == name {
			return
		}
		tt.key(tea.KeyDown)
		cur = tt.waitFor("cursor to move", func(s string) bool { return cursorSilo(s, p) != at && cursorSilo(s, p) != "" })
	}
	tt.t.Fatalf("could not select %q:\n%s", name, cur)
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

func TestKeyboardMoveEndToEnd(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Adult social care")
	tt.selectSilo("Adult social care")
	tt.key(tea.KeyEnter)
	tt.waitText("Move from Adult social care to")
	tt.selectSilo("Public health")
	tt.key(tea.KeyEnter)
	tt.waitText("Move £1m a year from Adult social care to Public health")
	tt.key(']')
	tt.key(tea.KeyRight, tea.ModShift)
	tt.key(tea.KeyRight)
	tt.key(tea.KeyLeft)
	tt.key(tea.KeyRight)
	tt.waitText("Move £22m a year from Adult social care to Public health")
	// The pending move shows on both rows before it is sent.
	s := tt.screen()
	if !strings.Contains(lineWith(s, "Adult social care"), "−£22m") || !strings.Contains(lineWith(s, "Public health"), "+£22m") {
		t.Fatalf("pending move not on the board:\n%s", s)
	}
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.typeText("falls prevention")
	tt.waitText("falls prevention")
	tt.key(tea.KeyEnter)
	s = tt.waitText("Moved £22m a year from Adult social care to Public health.", "1 move")
	if got := lineWith(s, "Adult social care"); !strings.Contains(got, "£238m") || !strings.Contains(got, "−£22m") {
		t.Errorf("source row after the move: %q", got)
	}
	if got := lineWith(s, "Public health"); !strings.Contains(got, "£54m") || !strings.Contains(got, "+£22m") {
		t.Errorf("target row after the move: %q", got)
	}
	st := tt.sess.State()
	if len(st.Scenario.Moves) != 1 || !reflect.DeepEqual(st.Scenario.Moves[0], model.Move{From: "asc", To: "publichealth", Amount: 22e6}) {
		t.Errorf("session scenario = %+v", st.Scenario.Moves)
	}
	// Outcomes recalculated: healthy life expectancy rises, in words and arrow.
	if got := outcomeRow(s, "Healthy life"); !strings.Contains(got, "▲ better") {
		t.Errorf("outcome line: %q", got)
	}
	// The reason reaches the history.
	tt.key('6')
	tt.waitText("made move 1: £22m a year from Adult social care to Public health", "“falls") // the reason wraps
}

func TestTypedAmountAndCancel(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.selectSilo("Working-age benefits")
	tt.key(tea.KeyEnter)
	tt.key(tea.KeyEscape)
	tt.waitText("Move cancelled.")
	tt.key(tea.KeyEnter)
	tt.selectSilo("Employment support")
	tt.key(tea.KeyEnter)
	tt.typeText("2.5m")
	tt.waitText("Move £2.5m a year from Working-age benefits to Employment support")
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £2.5m a year from Working-age benefits to Employment support.")
}

func TestRefusedMoveShowsReasonAndChangesNothing(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	before := tt.sess.State()
	// Nothing can move out of the pension: refused at once, before any
	// target or amount is chosen.
	tt.selectSilo("State pension")
	tt.key(tea.KeyEnter)
	s := tt.waitText("State pension is an entitlement: £0 of £954m can move")
	after := tt.sess.State()
	if len(after.Scenario.Moves) != 0 || after.Version != before.Version {
		t.Errorf("a refused move changed the session: version %d → %d, moves %v", before.Version, after.Version, after.Scenario.Moves)
	}
	if strings.Contains(s, "1 move") || strings.Contains(lineWith(s, "Early help"), "+£") {
		t.Errorf("board changed after a refusal:\n%s", s)
	}
}

// drag sends a press, motions and a release as a terminal would.
func (tt *term) drag(x0, y0, x1, y1 int) {
	tt.tm.Send(tea.MouseClickMsg{X: x0, Y: y0, Button: tea.MouseLeft})
	steps := 4
	for i := 1; i <= steps; i++ {
		tt.tm.Send(tea.MouseMotionMsg{X: x0 + (x1-x0)*i/steps, Y: y0 + (y1-y0)*i/steps, Button: tea.MouseLeft})
	}
}

func TestMouseDragMovesMoney(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	s := tt.waitText("Children's services", "Early help")
	x0, y0, ok := findOnScreen(s, "Children's services")
	x1, y1, ok2 := findOnScreen(s, "Early help")
	if !ok || !ok2 {
		t.Fatal("rows not on screen")
	}
	// Children's services can move all £150m; a 20-column drag across a
	// board of boardW columns is worth 20/boardW × £150m.
	c := newContext(Options{Width: 160, Height: 50})
	c.nameNeed = min(nameNeed(tt.sess.State().Place), maxNameW)
	amt := math.Round(20/float64(c.layout().boardW)*150) * 1e6
	want := model.FormatMoney(amt)
	tt.drag(x0+2, y0, x1+22, y1)
	s = tt.waitText("Moving " + want + " from Children's services to Early help · release on a silo to move")
	if !strings.Contains(lineWith(s, "Children's services"), "−"+want) || !strings.Contains(lineWith(s, "Early help"), "+"+want) {
		t.Errorf("live drag not shown on the rows:\n%s", s)
	}
	tt.tm.Send(tea.MouseReleaseMsg{X: x1 + 22, Y: y1, Button: tea.MouseLeft})
	s = tt.waitText("Moved " + want + " a year from Children's services to Early help.")
	if got := lineWith(s, "Early help"); !strings.Contains(got, model.FormatMoney(12e6+amt)) || !strings.Contains(got, "+"+want) {
		t.Errorf("target row after drop: %q", got)
	}
	if m := tt.sess.State().Scenario.Moves; len(m) != 1 || m[0].From != "childrens" || m[0].To != "earlyhelp" || m[0].Amount != amt {
		t.Errorf("session moves = %+v", m)
	}

	// Released away from the silos: nothing is sent.
	x0, y0, _ = findOnScreen(s, "Housing")
	tt.drag(x0, y0, x0+30, 1)
	tt.tm.Send(tea.MouseReleaseMsg{X: x0 + 30, Y: 1, Button: tea.MouseLeft})
	tt.waitText("Drag cancelled: released away from the silos.")
	if n := len(tt.sess.State().Scenario.Moves); n != 1 {
		t.Errorf("cancelled drag sent a move: %d moves", n)
	}
}

func TestUndoRedo(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Leisure and culture")
	tt.keyboardMove("Housing", "Leisure and culture", "4m")
	tt.waitText("Moved £4m a year from Housing to Leisure and culture.")
	tt.key('u')
	s := tt.waitText("Undid £4m a year from Housing to Leisure and culture.")
	if got := lineWith(s, "Leisure and culture"); strings.Contains(got, "+£4m") || !strings.Contains(got, "£22m") {
		t.Errorf("after undo: %q", got)
	}
	tt.key('U')
	s = tt.waitText("Redid £4m a year from Housing to Leisure and culture.")
	if got := lineWith(s, "Leisure and culture"); !strings.Contains(got, "+£4m") || !strings.Contains(got, "£26m") {
		t.Errorf("after redo: %q", got)
	}
	tt.key('u')
	tt.waitText("Undid £4m")
	tt.key('r', tea.ModCtrl)
	tt.waitFor("ctrl+r redo", func(s string) bool { return strings.Contains(lineWith(s, "Leisure and culture"), "+£4m") })
}

func TestScenarioSaveAndCompare(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Early help")
	tt.key('s')
	tt.waitText("Save scenario as:")
	tt.typeText("status quo")
	tt.key(tea.KeyEnter)
	tt.waitText("Saved “status quo”.", "status quo")

	tt.keyboardMove("Children's services", "Early help", "10m")
	tt.waitText("Moved £10m a year")
	tt.key('s')
	tt.typeText("early help")
	tt.key(tea.KeyEnter)
	tt.waitText("Saved “early help”.")
	// Pin the first, choose the second: compare side by side.
	tt.key(tea.KeyLeft)
	tt.key('c')
	tt.waitText("[pinned]")
	tt.key(tea.KeyRight)
	s := tt.waitFor("comparison", func(s string) bool {
		h := lineWith(s, "Compare")
		return strings.Contains(h, "current (on screen)") && strings.Contains(h, "pinned: status quo")
	})
	if got := lineWith(s, "moves "); !strings.Contains(got, "0") || !strings.Contains(got, "1") {
		t.Errorf("moves row: %q", got)
	}
	if got := lineWith(s, "Young people NEET"); !strings.Contains(got, "±0") || !strings.Contains(got, "▼ better") {
		t.Errorf("compare NEET row (status quo no change, early help better): %q", got)
	}
	// Switch back to the saved status quo.
	tt.key(tea.KeyLeft)
	tt.key('o')
	s = tt.waitText("Switched to “status quo”")
	if strings.Contains(lineWith(s, "Early help"), "+£10m") {
		t.Errorf("switch did not restore the board: %q", lineWith(s, "Early help"))
	}
}

func TestResizeAndTooSmall(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("2 Gap 3 Who pays")
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

func TestProjectorMode(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	s := tt.waitText("█ can move ▒ fixed · ⊠ all fixed ◧ part fixed")
	if !strings.Contains(lineWith(s, "State pension"), "25%") {
		t.Fatalf("normal board shows shares: %q", lineWith(s, "State pension"))
	}
	tt.key('p')
	s = tt.waitText("█ can move ▒ fixed", "a year in total", "can move", "moves made")
	if strings.Contains(s, "range ") || strings.Contains(s, "prices") || strings.Contains(s, "1 Outcomes") {
		t.Errorf("projector mode still shows fine print or tabs:\n%s", s)
	}
	// One row per agency; only the cursor's agency lists its silos.
	for _, want := range []string{"■ DWP", "■ NHS", "■ County council", "■ Police", "■ Schools", "State pension"} {
		if !strings.Contains(s, want) {
			t.Errorf("projector board lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "Acute hospital care") {
		t.Errorf("a closed agency lists its silos:\n%s", s)
	}
	tt.key('p')
	tt.waitText("· ⊠ all fixed ◧ part fixed")
}

var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// colourCodes counts SGR parameters that set a colour.
func colourCodes(out []byte) int {
	n := 0
	for _, m := range sgr.FindAllSubmatch(out, -1) {
		for _, p := range strings.FieldsFunc(string(m[1]), func(r rune) bool { return r == ';' || r == ':' }) {
			switch {
			case p == "38" || p == "48" || p == "58",
				len(p) == 2 && (p[0] == '3' || p[0] == '4') && p[1] <= '7',
				len(p) == 2 && p[0] == '9' && p[1] <= '7',
				len(p) == 3 && p[0] == '1' && p[1] == '0' && p[2] <= '7':
				n++
			}
		}
	}
	return n
}

func TestNoColor(t *testing.T) {
	// Control: with colour, the agencies are coloured.
	col := startTerm(t, 160, 50, Options{})
	col.waitText("State pension")
	if colourCodes(col.rawOutput()) == 0 {
		t.Fatal("no colour escapes even with a colour terminal: the NO_COLOR check below would prove nothing")
	}

	tt := startTerm(t, 160, 50, Options{}, colorprofile.Ascii)
	tt.waitText("State pension")
	tt.keyboardMove("Adult social care", "Public health", "22m")
	s := tt.waitText("Moved £22m")
	if n := colourCodes(tt.rawOutput()); n != 0 {
		t.Errorf("NO_COLOR output has %d colour codes", n)
	}
	// Meaning survives without colour: signs, arrows, words, glyphs.
	for _, want := range []string{"−£22m", "+£22m", "▲ better", "▲ worse", glyphFixed, glyphMovable, glyphLock} {
		if !strings.Contains(s, want) {
			t.Errorf("NO_COLOR screen lacks %q", want)
		}
	}
}

func TestHelpOverlayAndQuitConfirm(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.key('?')
	tt.waitText("totalplace: keys", "undo", "projector mode", "Press any key to close.")
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

func TestPanelsRender(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	tt.keyboardMove("Children's services", "Early help", "10m")
	tt.waitText("Moved £10m")
	tt.key('2')
	tt.waitText("Gap between most and least deprived fifths", "most deprived", "least deprived")
	tt.key('3')
	tt.waitText("saves £", "net")
	tt.key('4')
	tt.key(tea.KeyRight) // NEET, the outcome early help moves
	s := tt.waitText("Why Young people NEET changes by 2035", "By move", "£10m Children's services → Early help")
	if !strings.Contains(lineWith(s, "£10m Children's services → Early help"), "█") {
		t.Errorf("why bar missing: %q", lineWith(s, "£10m Children"))
	}
	tt.key('7')
	tt.waitText("What cannot move, and why", "State pension: £954m of £954m, entitlement")
	tt.key(tea.KeyTab)
	tt.waitText("Pools: one service per cohort", "One service for NEET young people")
	tt.key(tea.KeyTab)
	tt.waitText("Outcomes by 2035")
}
