package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"totalplace/internal/testplace"
	"totalplace/model"
	"totalplace/sessions"
)

// panelSideText is the side panel's text at a wide size (right of the
// separator), its wrapped lines joined and spaces collapsed, so a sentence
// can be found whatever the width.
func panelSideText(screen string) string {
	var parts []string
	for _, line := range strings.Split(screen, "\n") {
		if _, right, ok := strings.Cut(line, "│"); ok {
			parts = append(parts, right)
		}
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// flat is the whole screen with spaces collapsed.
func flat(screen string) string { return strings.Join(strings.Fields(screen), " ") }

func (tt *term) move(from, to string, amount float64) {
	tt.t.Helper()
	tt.do(sessions.MoveMoney{Move: model.Move{From: from, To: to, Amount: amount}})
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

func TestPanelsScrollAt80x24(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.key('7')
	s := tt.waitText("Silo: Working-age benefits", "↓ more")
	if strings.Contains(s, "A made-up county for tests") {
		t.Fatalf("the whole place panel fits at 80x24? test is moot:\n%s", s)
	}
	// Scroll to the end: the last section shows, with "↑ more" and no "↓ more".
	for range 20 {
		tt.key(tea.KeyDown, tea.ModShift)
	}
	s = tt.waitText("A made-up county for tests", "↑ more")
	if strings.Contains(s, "↓ more") {
		t.Errorf("still more below at the end:\n%s", s)
	}
	// Need against spend and what cannot move come before the description.
	tt.key('7')
	for range 20 {
		tt.key(tea.KeyUp, tea.ModShift)
	}
	tt.waitText("Silo: Working-age benefits")

	// Who pays: biggest first, and the last row can be reached.
	tt.move("primary", "earlyhelp", 10e6)
	tt.do(sessions.TogglePool{Pool: tt.sess.State().Place.Pools[0].ID})
	tt.key('3')
	s = tt.waitText("By agency", "↓ more")
	r := tt.sess.State().Result
	last := r.Years[len(r.Years)-1]
	if strings.Contains(s, "Whole place, year by year") {
		t.Fatalf("the ledger fits at 80x24? test is moot:\n%s", s)
	}
	for range 30 {
		tt.key('J')
	}
	s = tt.waitFor("the end of the ledger", func(s string) bool { return !strings.Contains(s, "↓ more") })
	if !strings.Contains(s, "↑ more") || !regexp.MustCompile(`(?m)^\s*`+regexp.QuoteMeta(fmt.Sprint(last))+`\s`).MatchString(s) || strings.Contains(s, "↓ more") {
		t.Errorf("the ledger's last row (%d) is not shown at the end:\n%s", last, s)
	}
}

func TestLedgerWordingByKindOfMove(t *testing.T) {
	t.Run("into prevention", func(t *testing.T) {
		tt := startTerm(t, 160, 50, Options{})
		tt.waitText("Early help")
		tt.move("primary", "earlyhelp", 10e6)
		tt.key('3')
		s := panelSideText(tt.waitFor("the moved ledger", func(s string) bool {
			return strings.Contains(s, "By agency") && !strings.Contains(s, "No money moved yet")
		}))
		if !strings.Contains(s, "Prevention penalty, over 10 years, 2026–2035: NHS invests £100m (£10m a year); DWP saves") {
			t.Errorf("penalty headline: %s", s)
		}
		if strings.Contains(s, "net net") || !strings.Contains(s, "Money moved still buys services") {
			t.Errorf("header or net explanation: %s", s)
		}
	})
	t.Run("out of prevention", func(t *testing.T) {
		tt := startTerm(t, 160, 50, Options{})
		tt.waitText("Early help")
		tt.move("publichealth", "acute", 5e6)
		tt.key('3')
		s := panelSideText(tt.waitFor("the moved ledger", func(s string) bool {
			return strings.Contains(s, "By agency") && !strings.Contains(s, "No money moved yet")
		}))
		if strings.Contains(s, "Prevention penalty") || !strings.Contains(s, "Over 10 years, 2026–2035: County council gives up £50m (£5m a year)") {
			t.Errorf("money out of prevention is no prevention penalty: %s", s)
		}
	})
	t.Run("within one agency", func(t *testing.T) {
		tt := startTerm(t, 160, 50, Options{})
		tt.waitText("Early help")
		tt.move("asc", "earlyhelp", 5e6)
		tt.key('3')
		s := tt.waitFor("the moved ledger", func(s string) bool {
			return strings.Contains(s, "By agency") && !strings.Contains(s, "No money moved yet")
		})
		p := panelSideText(s)
		if !strings.Contains(p, "County council moves £50m within its budget") || strings.Contains(p, "Prevention penalty") {
			t.Errorf("a move within one agency: %s", p)
		}
		county := lineWith(s, "County council  ")
		if f := strings.Fields(strings.SplitN(county, "│", 2)[1]); len(f) < 6 || f[2] != "–" || f[3] != "–" {
			t.Errorf("county row should neither give up nor get: %q", county)
		}
		// No one invested: nobody "never pays back"; knock-on costs say so.
		r := tt.sess.State().Result
		for _, l := range r.Ledger {
			line := lineWith(s, agencyName(tt.sess.State().Place, l.Agency)+"  ")
			if strings.Contains(line, "never pays back") {
				t.Errorf("%s moved nothing out and never pays back: %q", l.Agency, line)
			}
			if l.Invested < 0.5 && l.TotalSavings <= -0.5 && !strings.Contains(p, "costs "+model.FormatMoney(-l.TotalSavings)+" more") {
				t.Errorf("%s's knock-on cost not said: %s", l.Agency, p)
			}
		}
	})
}

func TestGapDigitsAgreeWithVerdict(t *testing.T) {
	// Unit: a change that rounds away at the value's usual digits gets more.
	if dg := changeDigits(13.4, -0.02); numAt(13.43, dg) == numAt(13.41, dg) {
		t.Errorf("changeDigits(13.4, −0.02) = %d still shows equal numbers", dg)
	}
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Early help")
	tt.move("publichealth", "earlyhelp", 1e6)
	tt.key('2')
	s := tt.waitText("Gap between")
	re := regexp.MustCompile(`gap (\S+) → (\S+), (\S+) (▼ narrower|▲ wider|■ no change)`)
	n := 0
	for _, line := range strings.Split(s, "\n") {
		m := re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n++
		if m[4] != noChange && (m[1] == m[2] || m[3] == "±0") {
			t.Errorf("equal figures with a verdict: %q", line)
		}
		if m[4] == noChange && m[1] != m[2] {
			t.Errorf("different figures with no change: %q", line)
		}
	}
	if n == 0 {
		t.Fatalf("no gap rows:\n%s", s)
	}
	if strings.Contains(s, "■ same") {
		t.Errorf("two wordings for no change")
	}
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

func TestTabClickSwitchesPanel(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {160, 50}} {
		tt := startTerm(t, sz.w, sz.h, Options{})
		s := tt.waitText("Scenarios", "State pension")
		x, y, ok := findOnScreen(s, "Scenarios")
		if !ok {
			t.Fatalf("no Scenarios tab:\n%s", s)
		}
		tt.tm.Send(tea.MouseClickMsg{X: x + 1, Y: y, Button: tea.MouseLeft})
		tt.tm.Send(tea.MouseReleaseMsg{X: x + 1, Y: y, Button: tea.MouseLeft})
		tt.waitText("s save · ← → choose")
	}
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
