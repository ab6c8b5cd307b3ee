package tui

import (
	"regexp"
	"strings"
	"testing"

	"totalplace/sessions"

	tea "charm.land/bubbletea/v2"
)

// TestSaveAsksBeforeReplacing: saving under a saved scenario's name asks
// first; esc goes back to the name as typed, enter replaces.
func TestSaveAsksBeforeReplacing(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.key('s')
	tt.waitText("Save scenario as:")
	tt.typeText("Plan A")
	tt.key(tea.KeyEnter)
	tt.waitText("Saved “Plan A”.")
	tt.move("asc", "earlyhelp", 2e6)
	tt.waitText("1 move")

	tt.key('s')
	tt.waitText("Save scenario as:")
	tt.typeText("Plan  A ") // the session folds spaces: the same name
	tt.key(tea.KeyEnter)
	s := tt.waitText("“Plan A” exists: replace it?", "esc keeps typing")
	if !strings.Contains(lineWith(s, "Save scenario as:"), "Plan  A") {
		t.Errorf("the name typed left the field:\n%s", s)
	}
	if st := tt.sess.State(); len(st.Scenarios) != 1 || len(st.Scenarios[0].Scenario.Moves) != 0 {
		t.Fatalf("saved before asking: %+v", st.Scenarios)
	}
	// esc: back to typing, the name kept; a letter typed goes into it.
	tt.key(tea.KeyEscape)
	tt.waitFor("the question gone", func(s string) bool { return !strings.Contains(s, "exists: replace it?") })
	tt.key(tea.KeyEnter)
	tt.waitText("“Plan A” exists: replace it?")
	tt.key(tea.KeyEnter)
	tt.waitText("Saved “Plan A”, replacing the one saved before.")
	if st := tt.sess.State(); len(st.Scenarios) != 1 || len(st.Scenarios[0].Scenario.Moves) != 1 {
		t.Fatalf("not replaced: %+v", st.Scenarios)
	}

	// Typing on after the question saves under the new name, unasked.
	tt.key('s')
	tt.waitText("Save scenario as:")
	tt.typeText("Plan A")
	tt.key(tea.KeyEnter)
	tt.waitText("exists: replace it?")
	tt.typeText("2")
	tt.waitText("Plan A2")
	tt.key(tea.KeyEnter)
	tt.waitText("Saved “Plan A2”.")
	if n := len(tt.sess.State().Scenarios); n != 2 {
		t.Errorf("%d scenarios saved, want 2", n)
	}
}

// Scenarios that differ only by a pool read differently; who saved one
// and when is labelled; the switch prompt does not miscount.
func TestScenarioPoolsAndSavedBy(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("State pension")
	tt.move("asc", "earlyhelp", 5e6)
	tt.move("childrens", "earlyhelp", 3e6)
	tt.do(sessions.SaveScenario{Name: "plain"})
	tt.do(sessions.TogglePool{Pool: "neet"})
	tt.do(sessions.SaveScenario{Name: "with pool"})
	tt.key('5')
	s := tt.waitText("with pool", "2 moves · 1 pool (now on screen)")
	if l := lineWith(s, "plain"); !regexp.MustCompile(`plain +2 moves · saved by You at \d\d:\d\d`).MatchString(l) {
		t.Errorf("plain row: %q", l)
	}
	if l := lineWith(s, "with pool "); !regexp.MustCompile(`with pool +2 moves · 1 pool · saved by You at \d\d:\d\d`).MatchString(l) {
		t.Errorf("with pool row: %q", l)
	}
	// A third move: two of the three are saved, so no count is given.
	tt.move("childrens", "earlyhelp", 1e6)
	tt.waitText("3 moves · 1 pool (now on screen)")
	tt.key('o')
	s = tt.waitText("The allocation on screen is not saved as a scenario")
	if strings.Contains(s, "moves are not saved") {
		t.Errorf("miscounted prompt:\n%s", s)
	}
	tt.key(tea.KeyEscape)
	tt.waitText("Not switched")
}

func TestSwitchWithUnsavedMovesAsksFirst(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Early help")
	tt.move("asc", "earlyhelp", 5e6)
	tt.do(sessions.SaveScenario{Name: "saved one"})
	tt.move("childrens", "earlyhelp", 3e6)
	tt.key('5')
	tt.waitText("saved one", "· 2 moves")

	// esc keeps the moves.
	tt.key('o')
	tt.waitText("The allocation on screen is not saved as a scenario: save it first? (s save · o switch anyway · esc cancel)")
	tt.key(tea.KeyEscape)
	tt.waitText("Not switched")
	if n := len(tt.sess.State().Scenario.Moves); n != 2 {
		t.Fatalf("esc changed the moves: %d in effect, want 2", n)
	}

	// s saves the moves first, then switches.
	tt.key('o')
	tt.waitText("The allocation on screen is not saved")
	tt.key('s')
	tt.waitText("Save scenario as:")
	tt.typeText("mine")
	tt.key(tea.KeyEnter)
	tt.waitText("Switched to “saved one”")
	st := tt.sess.State()
	if len(st.Scenarios) != 2 || st.Scenarios[1].Name != "mine" || len(st.Scenarios[1].Scenario.Moves) != 2 {
		t.Fatalf("the moves were not saved before the switch: %+v", st.Scenarios)
	}
	if n := len(st.Scenario.Moves); n != 1 {
		t.Fatalf("not switched: %d moves in effect, want 1", n)
	}

	// Saved allocations switch without asking; o at the prompt switches anyway.
	tt.key('o') // "mine", chosen once saved
	tt.waitFor("switch to mine", func(string) bool { return len(tt.sess.State().Scenario.Moves) == 2 })
	tt.move("childrens", "earlyhelp", 1e6)
	tt.waitText("· 3 moves") // the screen has the new state before o is pressed
	tt.key(tea.KeyLeft)      // choose "saved one"
	tt.key('o')
	tt.waitText("The allocation on screen is not saved")
	tt.key('o')
	tt.waitFor("switched anyway", func(string) bool { return len(tt.sess.State().Scenario.Moves) == 1 })
}

func TestCompareLabelsAndPinStatus(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Early help")
	tt.do(sessions.SaveScenario{Name: "base"})
	tt.move("asc", "earlyhelp", 5e6)
	tt.key('5')
	s := tt.waitText("Compare")
	if h := lineWith(s, "Compare"); !strings.Contains(h, "current (on screen)") || !strings.Contains(h, "chosen: base") {
		t.Errorf("compare header: %q", h)
	}
	tt.key('c')
	s = tt.waitText("Pinned “base”")
	if h := lineWith(s, "Compare"); !strings.Contains(h, "current (on screen)") || !strings.Contains(h, "pinned: base") {
		t.Errorf("compare header once pinned: %q", h)
	}
	tt.key('c')
	tt.waitText("Unpinned “base”")
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
