package tui

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"totalplace/model"
	"totalplace/sessions"
)

// The ledger's yearly figure holds only from the last start year when an
// agency's moves start in different years, and ten years cannot say
// "never".
func TestLedgerYearlyFigureStaggered(t *testing.T) {
	tt := startTerm(t, 160, 60, Options{})
	tt.waitText("State pension")
	tt.do(sessions.MoveMoney{Move: model.Move{From: "acute", To: "earlyhelp", Amount: 10e6, Year: 2028}})
	tt.do(sessions.MoveMoney{Move: model.Move{From: "acute", To: "publichealth", Amount: 5e6}})
	tt.key('3')
	s := tt.waitText("2 moves", "gives up")
	txt := panelSideText(s)
	// 8 years of £10m and 10 of £5m; £15m a year only from 2028.
	if !strings.Contains(txt, "NHS invests £130m (£15m a year by 2035)") && !strings.Contains(txt, "NHS gives up £130m (£15m a year by 2035)") {
		t.Errorf("headline yearly figure wrong:\n%s", txt)
	}
	if !strings.Contains(txt, "not paid back by 2035") || strings.Contains(txt, "never pays back") {
		t.Errorf("want “not paid back by 2035”, not “never pays back”:\n%s", txt)
	}
}

// One move starting after the base year says from when; the years before
// it show "–", never "+£0".
func TestLedgerLateStartNoPlusZero(t *testing.T) {
	tt := startTerm(t, 160, 70, Options{})
	tt.waitText("State pension")
	tt.do(sessions.MoveMoney{Move: model.Move{From: "acute", To: "earlyhelp", Amount: 10e6, Year: 2028}})
	tt.key('3')
	s := tt.waitText("1 move", "Whole place, year by year", "2035")
	if txt := panelSideText(s); !strings.Contains(txt, "£80m (£10m a year from 2028)") {
		t.Errorf("late start not said:\n%s", txt)
	}
	if regexp.MustCompile(`\+£0(\s|$)`).MatchString(s) {
		t.Errorf("“+£0” shown where “–” is meant:\n%s", s)
	}
	_, row, _ := strings.Cut(lineWith(s, "2026      "), "│")
	if f := strings.Fields(row); !slices.Equal(f, []string{"2026", "–", "–", "–"}) {
		t.Errorf("2026 row = %q, want 2026 – – –", row)
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

var rangeRe = regexp.MustCompile(`\d+\.\d+–\d+\.\d+`)

// The low–high range is shown at 120 columns, and at 80 in the Why panel.
func TestOutcomeRangeAt120And80(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("State pension")
	tt.move("acute", "earlyhelp", 20e6)
	tt.key('1')
	s := tt.waitText("1 move", "low–high")
	if !rangeRe.MatchString(outcomeRow(s, "Healthy life expectancy")) {
		t.Errorf("no range at 120 columns:\n%s", s)
	}
	tt.resize(80, 24)
	tt.key('4')
	s = tt.waitText("Why Healthy life expectancy changes")
	if l := lineWith(s, "low–high"); !rangeRe.MatchString(l) {
		t.Errorf("no range in the Why panel at 80 columns:\n%s", s)
	}
}

// The gap panel's before, after and change agree as printed.
func TestGapFiguresAgree(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	tt.move("acute", "earlyhelp", 20e6)
	tt.move("policing", "youth", 7e6)
	tt.key('2')
	s := tt.waitText("2 moves", "gap ")
	re := regexp.MustCompile(`gap (−?[\d.]+)%? → (−?[\d.]+)%?, ([+−±][\d.]+)`)
	n := 0
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		n++
		num := func(x string) float64 {
			v, err := strconv.ParseFloat(strings.NewReplacer("−", "-", "±", "", "+", "").Replace(x), 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		dg := 0
		if _, frac, ok := strings.Cut(m[3], "."); ok {
			dg = len(frac)
		}
		if got := strconv.FormatFloat(num(m[2])-num(m[1]), 'f', dg, 64); got != strconv.FormatFloat(num(m[3]), 'f', dg, 64) {
			t.Errorf("%q: %s − %s = %s, shown %s", m[0], m[2], m[1], got, m[3])
		}
	}
	if n == 0 {
		t.Fatalf("no gap figures:\n%s", s)
	}
}

func TestAgreeDigits(t *testing.T) {
	if d := agreeDigits(13.44, 12.56, 1); d != 2 {
		t.Errorf("agreeDigits(13.44, 12.56, 1) = %d, want 2", d)
	}
	if d := agreeDigits(13.4, 12.6, 1); d != 1 {
		t.Errorf("agreeDigits(13.4, 12.6, 1) = %d, want 1", d)
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

// TestShortTabNames: where the full tab names do not fit, short ones do
// before the tabs fall back to bare numbers.
func TestShortTabNames(t *testing.T) {
	tt := startTerm(t, 120, 40, Options{})
	tt.waitText("1 Outcomes", "3 Pays", "6 Hist", "8 Pools")
}
