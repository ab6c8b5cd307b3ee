package tui

import (
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"totalplace/model"
	"totalplace/sessions"
)

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

func TestTargetedMoveFromLaterYear(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Children's services")
	tt.startMove("Children's services", "Early help", "3m")
	tt.key('t')
	tt.key('y')
	tt.key('y')
	tt.key('y')
	tt.key('Y')
	tt.waitText("Move £3m a year from 2028, targeted at the most deprived fifth: Children's services → Early help")
	tt.key('t')
	tt.waitFor("targeting off", func(s string) bool {
		return strings.Contains(s, "£3m a year from 2028: Children's services") && !strings.Contains(s, "targeted")
	})
	tt.key('t')
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £3m a year from 2028, targeted at the most deprived fifth: Children's services → Early help.")
	want := model.Move{From: "childrens", To: "earlyhelp", Amount: 3e6, Year: 2028, Target: model.Targeting{MostDeprivedFifth: true}}
	if m := tt.sess.State().Scenario.Moves; len(m) != 1 || !reflect.DeepEqual(m[0], want) {
		t.Errorf("session moves = %+v, want %+v", m, want)
	}
	// The year stops at the horizon.
	tt.startMove("Housing", "Leisure and culture", "1m")
	for range 15 {
		tt.key('y')
	}
	tt.waitText("£1m a year from 2035: Housing")
}

// TestPasteAmount: a paste at the amount step is typed text.
func TestPasteAmount(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("State pension")
	tt.startMove("Adult social care", "Early help", "")
	tt.tm.Send(tea.PasteMsg{Content: "£7.5m\n"})
	tt.waitText("Move £7.5m a year from Adult social care to Early help")
	tt.tm.Send(tea.PasteMsg{Content: strings.Repeat("9", 40)})
	tt.waitText("too long for an amount")
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £7.5m a year")
	if mv := tt.sess.State().Scenario.Moves; len(mv) != 1 || mv[0].Amount != 7.5e6 {
		t.Errorf("moves %+v", mv)
	}
}

// TestClickDuringKeyboardMove: a click never drops a keyboard move. At the
// target step a click on a silo picks it, as enter would; later, a click
// or a drag says the move is under way and keeps it.
func TestClickDuringKeyboardMove(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	s := tt.waitText("Public health")
	tt.selectSilo("Adult social care")
	tt.key(tea.KeyEnter)
	tt.waitText("Move from Adult social care to")
	// A click away from the silos: the move stays, and the prompt says so.
	tt.tm.Send(tea.MouseClickMsg{X: 2, Y: 0, Button: tea.MouseLeft})
	tt.waitText("Move from Adult social care to", "A move is under way: click the silo the money goes to")
	// A click on a silo picks it.
	x, y, _ := findOnScreen(s, "Public health")
	tt.tm.Send(tea.MouseClickMsg{X: x + 2, Y: y, Button: tea.MouseLeft})
	tt.tm.Send(tea.MouseReleaseMsg{X: x + 2, Y: y, Button: tea.MouseLeft})
	tt.waitText("Move £1m a year from Adult social care to Public health")
	tt.typeText("4")
	tt.waitText("Move £4m a year from Adult social care to Public health")
	// At the amount step a drag from another silo moves nothing and keeps the move.
	x0, y0, _ := findOnScreen(s, "Children's services")
	x1, y1, _ := findOnScreen(s, "Early help")
	tt.drag(x0+2, y0, x1+22, y1)
	tt.tm.Send(tea.MouseReleaseMsg{X: x1 + 22, Y: y1, Button: tea.MouseLeft})
	s = tt.waitText("Move £4m a year from Adult social care to Public health", "A move is under way: enter goes on with it, esc cancels it.")
	if n := len(tt.sess.State().Scenario.Moves); n != 0 {
		t.Fatalf("the drag moved money: %d moves", n)
	}
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.tm.Send(tea.MouseClickMsg{X: x0 + 2, Y: y0, Button: tea.MouseLeft})
	tt.waitText("why:", "A move is under way: type its reason")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £4m a year from Adult social care to Public health.")
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

func TestRefusalStartsWithCapital(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Public health")
	// The engine's refusal, as the session returns it for a move it refuses.
	r, err := tt.sess.State().Place, error(nil)
	_, err = model.NewEngine(r).Run(model.Scenario{Moves: []model.Move{{From: "publichealth", To: "acute", Amount: 50e6}}})
	if err == nil {
		t.Fatal("the engine accepted a move of more than can move")
	}
	tt.m.busy++ // as if sent: the answer takes one back
	tt.tm.Send(doneMsg{err: err})
	s := tt.waitText("✗ ")
	if !strings.Contains(s, "✗ Public health can give") {
		t.Errorf("refusal not a sentence: %q", lineWith(s, "✗"))
	}
}

// TestReviewUndoRightAfterAMoveUndoesThatMove: every session command is
// sent as its own tea.Cmd (Model.do), and Bubble Tea runs each Cmd on its own
// goroutine (Program.handleCommands: `go func() { msg := cmd(); ... }()`),
// so two commands sent one after the other reach the session in either
// order. A drop (or enter) followed quickly by `u` can therefore undo the
// move made before it and leave the new one in effect; a move and a second
// move that depends on it can arrive reversed and be refused. This test runs
// the two Cmds in the order the scheduler may pick (the Undo first: the Move
// waits on an fsync and an engine run).
// Expected: commands from one screen reach the session in the order they
// were given (one worker goroutine per Model draining a FIFO, or Undo/Redo
// naming the move they act on, so a stale one is refused).
func TestReviewUndoRightAfterAMoveUndoesThatMove(t *testing.T) {
	sess := newSession(t)
	if err := sess.Do("you", sessions.MoveMoney{Move: model.Move{From: "asc", To: "earlyhelp", Amount: 2e6}}); err != nil {
		t.Fatal(err)
	}
	m := New(sess, "you", Options{Width: 120, Height: 40}).(*Model)
	defer m.Close()
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	p := sess.State().Place
	from, to := p.SiloIndex("childrens"), p.SiloIndex("youth")

	moveCmd := m.sendMoveOf(from, to, 3e6, "") // the drop of a drag
	_, undoCmd := m.Update(tea.KeyPressMsg{Code: 'u', Text: "u"})
	if moveCmd == nil || undoCmd == nil {
		t.Fatal("expected two commands")
	}
	// One order Bubble Tea allows: the Undo's goroutine wins.
	undoMsg := undoCmd()
	moveMsg := moveCmd()
	m.Update(undoMsg)
	m.Update(moveMsg)

	st := sess.State()
	for _, mv := range st.Scenario.Moves {
		if mv.From == "childrens" && mv.To == "youth" {
			t.Errorf("the user moved £3m and pressed u, but that move is in effect and the earlier one was undone instead: moves %+v", st.Scenario.Moves)
		}
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

// The board row is the name and two spaces: the outcomes panel may name
// the silo in a warning too.
func TestUndoRedo(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Leisure and culture")
	tt.keyboardMove("Housing", "Leisure and culture", "4m")
	tt.waitText("Moved £4m a year from Housing to Leisure and culture.")
	tt.key('u')
	s := tt.waitText("Undid £4m a year from Housing to Leisure and culture.")
	if got := lineWith(s, "Leisure and culture  "); strings.Contains(got, "+£4m") || !strings.Contains(got, "£22m") {
		t.Errorf("after undo: %q", got)
	}
	tt.key('U')
	s = tt.waitText("Redid £4m a year from Housing to Leisure and culture.")
	if got := lineWith(s, "Leisure and culture  "); !strings.Contains(got, "+£4m") || !strings.Contains(got, "£26m") {
		t.Errorf("after redo: %q", got)
	}
	tt.key('u')
	tt.waitText("Undid £4m")
	tt.key('r', tea.ModCtrl)
	tt.waitFor("ctrl+r redo", func(s string) bool { return strings.Contains(lineWith(s, "Leisure and culture  "), "+£4m") })
}

// A typed amount is settled by t, y or Y: digits typed after them start a
// new amount instead of running on from the old one.
func TestTypedAmountEndsAtTargetOrYear(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("Total Place")
	tt.key(tea.KeyEnter)
	tt.key(tea.KeyDown)
	tt.key(tea.KeyEnter)
	tt.typeText("2")
	tt.tm.Type("y")
	tt.typeText("3")
	s := tt.waitText("Move £3m a year from 2027")
	if strings.Contains(s, "£23m") {
		t.Fatalf("digits after y ran on from the typed amount:\n%s", s)
	}
}
