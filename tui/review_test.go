package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"totalplace/model"
	"totalplace/sessions"
)

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
