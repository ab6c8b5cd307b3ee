package tui

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"totalplace/model"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestProjectorDragLandsOnDrawnAgency: pressing on an agency's bar must
// not redraw the board under the pointer; the drop lands on the agency
// drawn where it is released. County council has several services that
// can receive: the move goes on by keyboard with the amount kept.
func TestProjectorDragLandsOnDrawnAgency(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{Projector: true})
	s := tt.waitText("■ NHS", "■ County council", "Working-age benefits")
	xn, yn, _ := findOnScreen(s, "■ NHS")
	_, yc, _ := findOnScreen(s, "■ County council")
	tt.tm.Send(tea.MouseClickMsg{X: xn + 2, Y: yn, Button: tea.MouseLeft})
	tt.tm.Send(tea.MouseMotionMsg{X: xn + 30, Y: yc, Button: tea.MouseLeft})
	s = tt.waitText("to County council (choose the service next)", "Acute hospital care (NHS's most movable)")
	if _, y, _ := findOnScreen(s, "■ County council"); y != yc {
		t.Fatalf("the board moved under the pointer: County council from row %d to %d:\n%s", yc, y, s)
	}
	if strings.Contains(s, "Adult social care") || strings.Contains(s, "Primary care") {
		t.Fatalf("an agency opened mid-drag:\n%s", s)
	}
	tt.tm.Send(tea.MouseReleaseMsg{X: xn + 30, Y: yc, Button: tea.MouseLeft})
	s = tt.waitText("Choose which of County council's services receives £", "Adult social care")
	if n := len(tt.sess.State().Scenario.Moves); n != 0 {
		t.Fatalf("a move was made before its target was chosen: %d", n)
	}
	tt.key(tea.KeyEnter) // the first service that can receive
	tt.waitText("Move £", "from Acute hospital care to Adult social care")
	tt.key(tea.KeyEnter)
	tt.waitText("why")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £")
	m := tt.sess.State().Scenario.Moves
	if len(m) != 1 || m[0].From != "acute" || m[0].To != "asc" || m[0].Amount < 1e6 {
		t.Fatalf("moves = %+v", m)
	}
}

// TestProjectorDropOnAgencyWithOneReceiver: DWP's only service that can
// take money is employment support: a drop on DWP's row goes there.
func TestProjectorDropOnAgencyWithOneReceiver(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{Projector: true})
	tt.waitText("■ NHS", "■ DWP")
	tt.selectSilo("Youth justice") // DWP closes
	s := tt.waitFor("DWP closed", func(s string) bool { return !strings.Contains(s, "Working-age benefits") })
	xn, yn, _ := findOnScreen(s, "■ NHS")
	_, yd, _ := findOnScreen(s, "■ DWP")
	tt.tm.Send(tea.MouseClickMsg{X: xn + 2, Y: yn, Button: tea.MouseLeft})
	tt.tm.Send(tea.MouseMotionMsg{X: xn + 20, Y: yd, Button: tea.MouseLeft})
	tt.waitText("to Employment support · release on a silo to move")
	tt.tm.Send(tea.MouseReleaseMsg{X: xn + 20, Y: yd, Button: tea.MouseLeft})
	tt.waitText("Moved £")
	if m := tt.sess.State().Scenario.Moves; len(m) != 1 || m[0].From != "acute" || m[0].To != "employment" {
		t.Fatalf("moves = %+v", m)
	}
}

// TestReleaseOverTransferChangesNothing: a drop on a transfer payment
// cancels, says why, and leaves no half-made move.
func TestReleaseOverTransferChangesNothing(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	s := tt.waitText("Children's services", "Working-age benefits")
	x0, y0, _ := findOnScreen(s, "Children's services")
	x1, y1, _ := findOnScreen(s, "Working-age benefits")
	tt.drag(x0+2, y0, x1+30, y1)
	tt.waitText("Working-age benefits cannot receive · release on a silo to move · release elsewhere or esc to cancel")
	tt.tm.Send(tea.MouseReleaseMsg{X: x1 + 30, Y: y1, Button: tea.MouseLeft})
	s = tt.waitText("Working-age benefits is a transfer payment set nationally: money cannot be moved into it locally. Nothing moved.")
	if strings.Contains(s, "Move from") || !strings.Contains(s, "enter move from") {
		t.Errorf("a half-made move was left behind:\n%s", s)
	}
	if n := len(tt.sess.State().Scenario.Moves); n != 0 {
		t.Fatalf("moves = %d", n)
	}
	// The keyboard's target step says it in one sentence, no double colon.
	tt.selectSilo("Children's services")
	tt.key(tea.KeyEnter)
	tt.waitText("Move from Children's services to")
	tt.selectSilo("Working-age benefits")
	s = tt.waitText("money cannot be moved into it locally. Choose another silo.")
	if strings.Contains(s, "locally: choose") {
		t.Errorf("double colon:\n%s", s)
	}
}

// TestDragAutoScrollRate: the board scrolls only after the pointer has
// rested at its edge, then a row at a time, slowly; the status names the
// silo under the pointer after each scroll. Driven by a fake clock and
// scroll messages, not sleeps.
func TestDragAutoScrollRate(t *testing.T) {
	m := New(newSession(t), "you", Options{Width: 80, Height: 24}).(*Model)
	defer m.Close()
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	m.now = func() time.Time { return now }
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	screen := ansi.Strip(m.render())
	x0, y0, ok := findOnScreen(screen, "Employment support")
	if !ok {
		t.Fatalf("no employment support:\n%s", screen)
	}
	m.Update(tea.MouseClickMsg{X: x0 + 2, Y: y0, Button: tea.MouseLeft})
	f := m.frame()
	g := f.board
	bottom := g.ys[len(g.ys)-1]
	m.Update(tea.MouseMotionMsg{X: x0 + 20, Y: bottom, Button: tea.MouseLeft})
	if m.drag.edge != 1 {
		t.Fatalf("not at the bottom edge: %+v", m.drag)
	}
	at := func(d time.Duration) int {
		now = now.Add(d)
		m.Update(dragScrollMsg{})
		return m.offset
	}
	off := m.offset
	if got := at(200 * time.Millisecond); got != off {
		t.Fatalf("scrolled before the pointer rested 300ms: %d → %d", off, got)
	}
	if got := at(120 * time.Millisecond); got != off+1 {
		t.Fatalf("no scroll after resting 320ms: %d → %d", off, got)
	}
	checkStatus := func() {
		t.Helper()
		d := m.drag
		if want := m.siloAtPoint(d.x, d.y); d.over != want {
			t.Fatalf("over = %d, the pointer is on %d", d.over, want)
		}
		if d.over >= 0 && !strings.Contains(m.dragStatus(), m.siloName(d.over)) {
			t.Errorf("status does not name %s: %q", m.siloName(d.over), m.dragStatus())
		}
	}
	checkStatus()
	if got := at(200 * time.Millisecond); got != off+1 {
		t.Fatalf("scrolled again after 200ms: %d", got)
	}
	if got := at(160 * time.Millisecond); got != off+2 {
		t.Fatalf("no second scroll after 360ms: %d", got)
	}
	checkStatus()
	// Three seconds at the edge: at most nine rows, never the whole board.
	for range 30 {
		at(100 * time.Millisecond)
	}
	if moved := m.offset - off; moved > 2+9 {
		t.Errorf("scrolled %d rows in 3.7s", moved)
	}
	// Moving off the edge stops it; coming back waits again.
	m.Update(tea.MouseMotionMsg{X: x0 + 20, Y: g.ys[1], Button: tea.MouseLeft})
	before := m.offset
	if at(time.Second) != before {
		t.Errorf("scrolled with the pointer off the edge")
	}
}

func TestMouseDragNarrow(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	s := tt.waitText("Acute hospital care", "Primary care", "1 Outcomes")
	x0, y0, _ := findOnScreen(s, "Acute hospital care")
	x1, y1, _ := findOnScreen(s, "Primary care")
	// Acute care can move £160m; the board is 80 columns wide, so a
	// 20-column drag is worth 20/80 × £160m = £40m.
	tt.drag(x0, y0, x1+20, y1)
	tt.waitText("Moving £40m from Acute hospital care to Primary care · release on a silo to move")
	tt.tm.Send(tea.MouseReleaseMsg{X: x1 + 20, Y: y1, Button: tea.MouseLeft})
	tt.waitText("Moved £40m a year from Acute hospital care to Primary care.")
	if m := tt.sess.State().Scenario.Moves; len(m) != 1 || !reflect.DeepEqual(m[0], model.Move{From: "acute", To: "primary", Amount: 40e6}) {
		t.Errorf("session moves = %+v", m)
	}
	// A click on a tab below the board switches panel.
	s = tt.screen()
	xt, yt, _ := findOnScreen(s, "3 Who pays")
	tt.tm.Send(tea.MouseClickMsg{X: xt + 2, Y: yt, Button: tea.MouseLeft})
	tt.waitText("gives up")
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

func TestTabClickSwitchesPanel(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {160, 50}} {
		tt := startTerm(t, sz.w, sz.h, Options{})
		s := tt.waitText("5 Sc", "State pension") // the tab, however short its name
		x, y, ok := findOnScreen(s, "5 Sc")
		if !ok {
			t.Fatalf("no Scenarios tab:\n%s", s)
		}
		tt.tm.Send(tea.MouseClickMsg{X: x + 2, Y: y, Button: tea.MouseLeft})
		tt.tm.Send(tea.MouseReleaseMsg{X: x + 2, Y: y, Button: tea.MouseLeft})
		tt.waitText("s save · ← → choose")
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
	c := newCommon(Options{Width: 160, Height: 50})
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
