package tui

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"totalplace/model"
	"totalplace/sessions"
)

func TestPoolToggle(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	tt.key('8')
	s := tt.waitText("▸ ○ not pooled  One service for NEET young people", "£400k of £8m", "source: Testshire budget book",
		"full saving after 3 years · assumed: Three years to merge teams", "x pool/unpool")
	if !strings.Contains(s, "range £1.2m–£2.5m") {
		t.Errorf("saving range missing:\n%s", s)
	}
	tt.key('x')
	tt.waitText("Pooled “One service for NEET young people”.", "● pooled", "frees £")
	if p := tt.sess.State().Scenario.Pools; !slices.Equal(p, []string{"neet"}) {
		t.Errorf("session pools = %v", p)
	}
	tt.key('x')
	tt.waitText("Unpooled “One service for NEET young people”.", "○ not pooled")
	if p := tt.sess.State().Scenario.Pools; len(p) != 0 {
		t.Errorf("session pools after unpooling = %v", p)
	}
}

func TestRationaleEditInHistory(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	tt.do(sessions.MoveMoney{Move: model.Move{From: "housing", To: "leisure", Amount: 2e6}, Why: "first idea"})
	tt.do(sessions.MoveMoney{Move: model.Move{From: "childrens", To: "earlyhelp", Amount: 5e6}})
	tt.key('6')
	tt.waitText("▸ ", "made move 2: £5m a year from Children's services to Early help", "“first") // wraps
	tt.key(tea.KeyRight)                                                                          // the older move
	tt.waitFor("older move chosen", func(s string) bool { return strings.Contains(lineWith(s, "made move 1: £2m"), "│▸ ") })
	tt.key('w')
	tt.waitText("Reason for move 1: first idea")
	tt.key('u', tea.ModCtrl) // clear before the cursor
	tt.typeText("libraries keep people well")
	tt.key(tea.KeyEnter)
	tt.waitText("Added a reason to move 1.", "“libraries keep people well”")
	st := tt.sess.State()
	if got := st.History[1].Why; got != "libraries keep people well" {
		t.Errorf("move #2 why = %q", got)
	}
	if got := st.History[2].Why; got != "" {
		t.Errorf("move #3 why changed: %q", got)
	}
}

// TestTextLimitsSaid: the field takes what the session takes, counts as
// the text nears the limit, says when a paste was cut, and a refusal
// leaves the text in the field.
func TestTextLimitsSaid(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("State pension")
	// A move's reason: 500 characters, not 200.
	tt.startMove("Adult social care", "Early help", "2")
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.tm.Send(tea.PasteMsg{Content: strings.Repeat("r", 5000)})
	tt.waitText("500/500 full", "Pasted text cut: 500 of its 5000 characters went in, as a reason holds at most 500.")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £2m a year")
	if h := tt.sess.State().History; h[len(h)-1].Why != strings.Repeat("r", 500) {
		t.Errorf("reason of %d characters saved, want 500", len(h[len(h)-1].Why))
	}

	// A scenario's name: 80. The count shows from 60.
	tt.key('s')
	tt.waitText("Save scenario as:")
	tt.typeText(strings.Repeat("n", 59))
	tt.waitText(strings.Repeat("n", 20))
	if s := tt.screen(); strings.Contains(s, "/80") {
		t.Errorf("a count long before the limit:\n%s", s)
	}
	tt.typeText("n")
	tt.waitText("60/80")
	tt.typeText(strings.Repeat("n", 25))
	tt.waitText("80/80 full", "Full: a scenario's name holds at most 80 characters.")

	// Refused (the session has closed): the field opens again, the text kept.
	tt.sess.Close()
	tt.key(tea.KeyEnter)
	s := tt.waitText("✗ Session is closed", "The text is kept")
	if !strings.Contains(lineWith(s, "Save scenario as:"), "nnnnnnnn") {
		t.Errorf("the name left the field:\n%s", s)
	}
}

// The pools panel says what an integrated service saves beside what
// admin costs today, and whether each pool is pooled in words.
func TestPoolWordingAndMarker(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("State pension")
	tt.key('8')
	s := tt.waitText("▸ ○ not pooled  One service for NEET young people")
	txt := panelSideText(s)
	if !strings.Contains(txt, "an integrated service saves about £2.5m a year once in place (admin today: £400k of £8m)") {
		t.Errorf("saving wording:\n%s", txt)
	}
	if strings.Contains(txt, "of which admin") || strings.Contains(txt, "pooling frees") {
		t.Errorf("old wording still shown:\n%s", txt)
	}
	// The title fits on one line at 120 columns.
	if title := lineWith(s, "Pools:"); !strings.Contains(title, "x pool/unpool") {
		t.Errorf("title cut or wrapped: %q", title)
	}
	tt.key('x')
	s = tt.waitText("▸ ● pooled  One service for NEET young people", "frees £")
	if strings.Contains(s, "POOLED") {
		t.Errorf("shouting marker:\n%s", s)
	}
}

// History says which way each pool toggle went and numbers moves 1, 2, 3
// in the order made; a move's why is its reason.
func TestHistoryPoolsAndMoveNumbers(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	tt.do(sessions.TogglePool{Pool: "neet"})
	tt.do(sessions.MoveMoney{Move: model.Move{From: "housing", To: "leisure", Amount: 2e6}})
	tt.do(sessions.TogglePool{Pool: "neet"})
	tt.do(sessions.MoveMoney{Move: model.Move{From: "childrens", To: "earlyhelp", Amount: 5e6}})
	tt.do(sessions.SaveScenario{Name: "pooled"}) // saved unpooled
	tt.do(sessions.TogglePool{Pool: "neet"})
	tt.do(sessions.SwitchScenario{Name: "pooled"})
	tt.do(sessions.TogglePool{Pool: "neet"}) // pools again after the switch
	tt.key('6')
	re := regexp.MustCompile(`(unpooled|pooled) “One service`)
	// The screen follows the session: wait for the last of the events.
	s := tt.waitFor("every pool event", func(s string) bool { return len(re.FindAllString(panelSideText(s), -1)) == 4 })
	txt := panelSideText(s)
	if !strings.Contains(txt, "made move 2: £5m a year from Children's services to Early help") {
		t.Errorf("second move not numbered 2:\n%s", txt)
	}
	if strings.Contains(txt, "pooled or unpooled") || strings.Contains(txt, "#") {
		t.Errorf("history still vague or numbered by event:\n%s", txt)
	}
	// Newest first: pooled (after the switch), pooled, unpooled, pooled.
	var got []string
	for _, m := range re.FindAllStringSubmatch(txt, -1) {
		got = append(got, m[1])
	}
	if want := []string{"pooled", "pooled", "unpooled", "pooled"}; !slices.Equal(got, want) {
		t.Errorf("pool events = %v, want %v:\n%s", got, want, txt)
	}
	if !strings.Contains(txt, "made move 1: £2m a year from Housing to Leisure and culture") {
		t.Errorf("first move not numbered 1:\n%s", txt)
	}
	// The reason for the chosen (older) move.
	tt.key(tea.KeyRight)
	tt.key('w')
	tt.waitText("Reason for move 1:")
	tt.typeText("libraries keep people well")
	tt.key(tea.KeyEnter)
	s = tt.waitText("Added a reason to move 1.", "added a reason to move 1: “libraries")
	if strings.Contains(s, "a why") || strings.Contains(s, "Why of") {
		t.Errorf("still says why:\n%s", s)
	}
}

// Undo takes back moves only: after a pool toggle, u says so.
func TestUndoAfterPoolToggle(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	if k := lineWith(tt.screen(), "? help"); !strings.Contains(k, "u undo last move") {
		t.Errorf("key line: %q", k)
	}
	tt.do(sessions.MoveMoney{Move: model.Move{From: "childrens", To: "earlyhelp", Amount: 5e6}})
	tt.key('8')
	tt.key('x')
	tt.waitText("Pooled “One service for NEET young people”.")
	tt.key('u')
	tt.waitText("Undid £5m a year from Children's services to Early help (pools are switched back with x in panel 8).")
	if st := tt.sess.State(); len(st.Scenario.Moves) != 0 || !slices.Equal(st.Scenario.Pools, []string{"neet"}) {
		t.Errorf("after u: moves %v, pools %v", st.Scenario.Moves, st.Scenario.Pools)
	}
	// Nothing left to undo: the pool is still not undone, and u says how.
	tt.key('u')
	tt.waitText("Nothing to undo: u takes back moves only (pools are switched back with x in panel 8).")
}
