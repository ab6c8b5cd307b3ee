package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"totalplace/model"
	"totalplace/sessions"
)

// barOf is the bar cells of a board row: its █ and ▒ runes, in order.
func barOf(line string) string {
	var b strings.Builder
	for _, r := range line {
		if string(r) == glyphMovable || string(r) == glyphFixed {
			b.WriteRune(r)
		}
	}
	return b.String()
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
		if l := boardLegend(newStyles(false, false), 2035, w); w >= 80 && len([]rune(l)) > w {
			t.Errorf("legend at %d columns is %d wide: %q", w, len([]rune(l)), l)
		}
	}
}

func TestCanMoveHintAfterEarlierMove(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	// Public health: £32m, £20m ring-fenced; £5m moved in makes £17m movable.
	tt.move("asc", "publichealth", 5e6)
	tt.waitText("1 move")
	tt.startMove("Public health", "Early help", "")
	tt.waitText("(£17m can move)")
	tt.typeText("18")
	tt.waitText("£1m over: Public health can give £17m")
	tt.key(tea.KeyEnter) // refused: stays at the amount step
	tt.key(tea.KeyBackspace)
	tt.key(tea.KeyBackspace)
	tt.typeText("17")
	s := tt.waitText("Move £17m a year from Public health to Early help")
	if strings.Contains(s, "over:") || strings.Contains(s, "why:") {
		t.Errorf("enter went on with too much, or the problem stayed:\n%s", s)
	}
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £17m a year from Public health to Early help.")
}

func TestRefusalsKeepTheMove(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	// Step 1: nothing can move out of the pension; the board stays.
	tt.selectSilo("State pension")
	tt.key(tea.KeyEnter)
	s := tt.waitText("State pension is an entitlement: £0 of £954m can move")
	if strings.Contains(s, "Move from State pension") {
		t.Fatalf("a move from the pension began:\n%s", s)
	}
	// Step 2: benefits are a transfer payment; enter keeps choosing.
	tt.selectSilo("Children's services")
	tt.key(tea.KeyEnter)
	tt.waitText("Move from Children's services to")
	tt.selectSilo("Working-age benefits")
	tt.waitText("Working-age benefits is a transfer payment set nationally", "into it locally")
	tt.key(tea.KeyEnter)
	tt.selectSilo("Early help")
	tt.key(tea.KeyEnter)
	tt.waitText("Move £1m a year from Children's services to Early help")
	// Step 3: too much, live.
	tt.typeText("154")
	tt.waitText("£4m over: Children's services can give £150m")
	tt.key(tea.KeyEnter)
	tt.key(tea.KeyBackspace)
	tt.key(tea.KeyBackspace)
	tt.typeText("20")
	tt.waitText("Move £120m a year")
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.typeText("early help")
	// Someone else moves money out meanwhile: the session refuses, and the
	// move comes back at the amount step with the reason and the why.
	tt.move("childrens", "youth", 100e6)
	tt.key(tea.KeyEnter)
	s = tt.waitText("Move £120m a year from Children's services to Early help", "can give")
	if len(tt.sess.State().Scenario.Moves) != 1 {
		t.Fatalf("the refused move was made: %+v", tt.sess.State().Scenario.Moves)
	}
	tt.key(tea.KeyBackspace)
	tt.key(tea.KeyBackspace)
	tt.key(tea.KeyBackspace)
	tt.typeText("50")
	tt.key(tea.KeyEnter)
	tt.waitText("why: early help")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £50m a year from Children's services to Early help.")
	if m := tt.sess.State().Scenario.Moves; len(m) != 2 || m[1].Amount != 50e6 || m[1].To != "earlyhelp" {
		t.Errorf("moves = %+v", m)
	}
	if why := tt.sess.State().History[len(tt.sess.State().History)-1].Why; why != "early help" {
		t.Errorf("the why was lost: %q", why)
	}
}

func TestDragPreviewCappedAndFixed(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	s := tt.waitText("State pension", "Early help")
	// A wholly fixed source says so at once and moves nothing.
	xp, yp, _ := findOnScreen(s, "State pension")
	xe, ye, _ := findOnScreen(s, "Early help")
	tt.drag(xp+2, yp, xe+40, ye)
	tt.waitText("State pension is an entitlement: £0 of £954m can move. Release to cancel.")
	tt.tm.Send(tea.MouseReleaseMsg{X: xe + 40, Y: ye, Button: tea.MouseLeft})
	tt.waitText("State pension is an entitlement: £0 of £954m can move. Nothing was moved.")
	if n := len(tt.sess.State().Scenario.Moves); n != 0 {
		t.Fatalf("a move was made from the pension: %d", n)
	}
	// Employment support can give £30m: a drag far past the board's
	// width stops there, never more.
	xs, ys, _ := findOnScreen(s, "Employment support")
	tt.drag(xs+2, ys, xs+150, ye)
	tt.waitText("Moving £30m (all it can give) from Employment support · release on a silo to move")
	tt.tm.Send(tea.MouseMotionMsg{X: xe + 20, Y: ye, Button: tea.MouseLeft})
	s = tt.waitText("from Employment support to Early help · release on a silo to move")
	if !strings.Contains(lineWith(s, "Employment support"), "−£") {
		t.Errorf("source row: %q", lineWith(s, "Employment support"))
	}
	// Over a transfer payment: it cannot receive.
	xb, yb, _ := findOnScreen(s, "Working-age benefits")
	tt.tm.Send(tea.MouseMotionMsg{X: xb + 60, Y: yb, Button: tea.MouseLeft})
	tt.waitText("Working-age benefits cannot receive · release on a silo")
	tt.tm.Send(tea.MouseMotionMsg{X: xe + 20, Y: ye, Button: tea.MouseLeft})
	tt.tm.Send(tea.MouseReleaseMsg{X: xe + 20, Y: ye, Button: tea.MouseLeft})
	tt.waitText("a year from Employment support to Early help.")
	if m := tt.sess.State().Scenario.Moves; len(m) != 1 || m[0].Amount > 30e6 {
		t.Errorf("moves = %+v", m)
	}
}

func TestDragAutoScrollsStackedBoard(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	s := tt.waitText("Employment support", "1 Outcomes")
	if strings.Contains(s, "Youth justice") {
		t.Fatalf("youth justice is already on screen: test is moot:\n%s", s)
	}
	x0, y0, _ := findOnScreen(s, "Employment support")
	_, yTabs, _ := findOnScreen(s, "1 Outcomes")
	// Rest the pointer below the board's last row: it scrolls.
	tt.tm.Send(tea.MouseClickMsg{X: x0 + 2, Y: y0, Button: tea.MouseLeft})
	tt.tm.Send(tea.MouseMotionMsg{X: x0 + 12, Y: yTabs - 1, Button: tea.MouseLeft})
	tt.tm.Send(tea.MouseMotionMsg{X: x0 + 20, Y: yTabs, Button: tea.MouseLeft})
	s = tt.waitText("Youth justice")
	x1, y1, _ := findOnScreen(s, "Youth justice")
	tt.tm.Send(tea.MouseMotionMsg{X: x1 + 20, Y: y1, Button: tea.MouseLeft})
	tt.waitText("to Youth justice · release on a silo to move")
	tt.tm.Send(tea.MouseReleaseMsg{X: x1 + 20, Y: y1, Button: tea.MouseLeft})
	tt.waitText("a year from Employment support to Youth justice.")
	if m := tt.sess.State().Scenario.Moves; len(m) != 1 || m[0].From != "employment" || m[0].To != "youth" {
		t.Errorf("moves = %+v", m)
	}
}

func TestTypedAmounts(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.startMove("Children's services", "Early help", "")
	tt.waitText("(£150m can move)")
	// Each refusal says what is wrong with the text, as the command line does.
	for _, c := range []struct{ typed, why string }{
		{"abc", "not an amount: expected a number"},
		{"-3", "not an amount: no + or − sign"},
		{"1e99", "not an amount: no exponents"},
		{"1,5", "not an amount: commas only group thousands"},
		{"12500", "type 12.5k"},
		{"0.0000001", "not an amount: less than £1"},
	} {
		tt.typeText(c.typed)
		tt.waitText("Move "+c.typed+"_ = ?", c.why)
		tt.key(tea.KeyEnter) // not confirmed
		for range c.typed {
			tt.key(tea.KeyBackspace)
		}
		tt.waitText("type an amount: 5 = £5m")
	}
	tt.typeText("5")
	tt.waitText("Move £5m a year from Children's services to Early help")
	tt.key(tea.KeyBackspace)
	tt.typeText("2.5m")
	tt.waitText("Move £2.5m a year")
	tt.key(tea.KeyBackspace)
	tt.key(tea.KeyBackspace)
	tt.key(tea.KeyBackspace)
	tt.key(tea.KeyBackspace)
	s := tt.waitText("type an amount: 5 = £5m")
	if strings.Contains(s, "£2.5m a year") {
		t.Errorf("deleting everything kept the old amount:\n%s", s)
	}
	tt.key(tea.KeyEnter)
	tt.typeText("7")
	tt.key(tea.KeyRight) // steps from the typed value
	tt.waitText("Move £8m a year from Children's services to Early help")
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £8m a year from Children's services to Early help.")
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

func TestLivePreview(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	tt.key('3') // not the outcomes panel: the prompt carries the outcomes
	tt.startMove("Children's services", "Early help", "10m")
	s := tt.waitText("preview: not yet moved", "Young people NEET −", "better")
	if len(tt.sess.State().Scenario.Moves) != 0 {
		t.Fatal("previewing made a move")
	}
	_ = s
	tt.key(tea.KeyEscape)
	tt.waitFor("preview gone after cancel", func(s string) bool {
		return !strings.Contains(strings.ToLower(s), "not yet moved")
	})
	tt.startMove("Children's services", "Early help", "10m")
	tt.waitText("preview: not yet moved")
	tt.key(tea.KeyEnter)
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £10m a year")
	tt.waitFor("preview gone after confirm", func(s string) bool {
		return !strings.Contains(strings.ToLower(s), "not yet moved")
	})
	// While dragging, too.
	s = tt.screen()
	x0, y0, _ := findOnScreen(s, "Housing")
	x1, y1, _ := findOnScreen(s, "Leisure and culture")
	tt.drag(x0+2, y0, x1+20, y1)
	tt.waitText("release on a silo to move", "preview: not yet moved")
	tt.key(tea.KeyEscape)
	tt.waitFor("preview gone after esc", func(s string) bool {
		return !strings.Contains(strings.ToLower(s), "not yet moved")
	})
}

func TestUndoRedoSayWhatAndInputKeys(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.do(sessions.MoveMoney{Move: model.Move{From: "primary", To: "publichealth", Amount: 10e6}})
	tt.waitText("1 move")
	tt.key('u')
	tt.waitText("Undid £10m a year from Primary care to Public health.")
	tt.key('U')
	tt.waitText("Redid £10m a year from Primary care to Public health.")
	tt.key('s')
	s := tt.waitText("Save scenario as:")
	last := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if k := last[len(last)-1]; !strings.Contains(k, "enter save") || !strings.Contains(k, "esc cancel") || strings.Contains(k, "undo") {
		t.Errorf("key line while naming a scenario: %q", k)
	}
}

// TestScrollPanelDuringMove: at 80x24 most panels are taller than their
// space; shift+↓ and J must scroll the panel at the amount step, never type
// into the amount.
func TestScrollPanelDuringMove(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.typeText("7") // the place panel, the longest
	tt.startMove("Adult social care", "Early help", "")
	tt.typeText("3")
	before := tt.waitText("↓ more")
	tt.key(tea.KeyDown, tea.ModShift)
	after := tt.waitText("↑ more")
	tt.typeText("J")
	tt.key(tea.KeyUp, tea.ModShift)
	s := tt.waitText("Move £3m a year")
	if strings.Contains(s, "not an amount") || strings.Contains(after, "not an amount") {
		t.Errorf("a scroll key was typed into the amount:\n%s", s)
	}
	if before == after {
		t.Error("shift+↓ did not scroll the panel during a move")
	}
}

// TestRefusalClearsWhenTheCursorMoves: a refusal names one silo; once the
// cursor moves on it would read as if it were about the next one.
func TestRefusalClearsWhenTheCursorMoves(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("State pension")
	tt.selectSilo("State pension")
	tt.key(tea.KeyEnter)
	tt.waitText("£0 of £954m can move")
	tt.key(tea.KeyDown)
	tt.waitFor("the refusal to clear", func(s string) bool { return !strings.Contains(s, "£0 of £954m can move") })
}
