package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
	"totalplace/sessions"
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

// TestPreviewRunningTotals: the change column shows earlier moves and the
// pending one together; an amount over what can move is never drawn.
func TestPreviewRunningTotals(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Acute hospital care")
	tt.do(sessions.MoveMoney{Move: model.Move{From: "acute", To: "primary", Amount: 10e6}})
	tt.waitText("1 move")
	tt.startMove("Acute hospital care", "Public health", "5")
	s := tt.waitText("Move £5m a year from Acute hospital care to Public health")
	if got := lineWith(s, "Acute hospital care"); !strings.Contains(got, "−£15m") {
		t.Errorf("source row should show −£10m made and −£5m pending together: %q", got)
	}
	if got := lineWith(s, "Public health"); !strings.Contains(got, "+£5m") {
		t.Errorf("target row: %q", got)
	}
	if got := lineWith(s, "Primary care"); !strings.Contains(got, "+£10m") {
		t.Errorf("untouched row: %q", got)
	}
	tt.key(tea.KeyEscape)
	tt.waitText("Move cancelled.")

	tt.startMove("Public health", "Early help", "500")
	s = tt.waitText("over: Public health can give")
	for _, name := range []string{"Public health", "Early help"} {
		if got := lineWith(s, name); strings.Contains(got, "£500m") {
			t.Errorf("an impossible allocation is previewed on %s: %q", name, got)
		}
	}
}

// TestYearLimitsSaySo: y past the last year and Y before the first say
// which years a move can start in.
func TestYearLimitsSaySo(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("Children's services")
	tt.startMove("Children's services", "Early help", "")
	tt.waitText("(£150m can move)")
	tt.key('Y')
	tt.waitText("Moves can start from 2026 to 2035.")
	tt.key(tea.KeyRight)
	tt.waitFor("the note to go", func(s string) bool { return !strings.Contains(s, "Moves can start") })
	for range 9 {
		tt.key('y')
	}
	tt.waitText("from 2035")
	tt.key('y')
	tt.waitText("Moves can start from 2026 to 2035.")
}

// TestAmountLineReads: the typed amount reads as money, the hint never
// wraps, and the reason's line keeps the destination.
func TestAmountLineReads(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("Children's services")
	tt.startMove("Children's services", "Early help", "10")
	s := tt.waitText("Move £10m a year from Children's services to Early help")
	if strings.Contains(s, "10 = £10m") {
		t.Errorf("typed echo:\n%s", s)
	}
	line := lineWith(s, "Move £10m a year")
	if strings.Contains(line, "type 5") && !strings.Contains(line, "£5m") {
		t.Errorf("the hint wrapped: %q", line)
	}
	tt.key(tea.KeyEnter)
	s = tt.waitText("why")
	if !strings.Contains(lineWith(s, "why"), "to Early help") {
		t.Errorf("reason line lacks the destination:\n%s", s)
	}
	if strings.Contains(s, "not yet moved ·\n") || strings.Contains(s, "not yet moved ·  ") {
		t.Errorf("dangling preview:\n%s", s)
	}
}

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

// sampleSession is a session on a bundled place.
func sampleSession(t *testing.T, id string) *sessions.Session {
	t.Helper()
	p, err := sampleplaces.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sessions.Create(t.TempDir(), id, p, sessions.Participant{ID: "you", Name: "You"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
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
		l := m.ctx.layout()
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
