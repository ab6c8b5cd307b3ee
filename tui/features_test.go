package tui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"totalplace/model"
	"totalplace/sessions"
)

// startMove picks from and to by keyboard and types an amount, leaving the
// move at the amount step.
func (tt *term) startMove(from, to, amount string) {
	tt.t.Helper()
	tt.selectSilo(from)
	tt.key(tea.KeyEnter)
	tt.waitText("Move from " + from + " to")
	tt.selectSilo(to)
	tt.key(tea.KeyEnter)
	tt.waitText("(", "can move)")
	tt.typeText(amount)
}

// keyboardMove makes a whole move by keyboard: source, target, amount,
// no reason, confirmed.
func (tt *term) keyboardMove(from, to, amount string) {
	tt.t.Helper()
	tt.startMove(from, to, amount)
	tt.key(tea.KeyEnter)
	tt.key(tea.KeyEnter)
}

func (tt *term) do(cmd sessions.Command) {
	tt.t.Helper()
	if err := tt.sess.Do("you", cmd); err != nil {
		tt.t.Fatal(err)
	}
}

func TestProvenanceShown(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	s := tt.waitText("Early help", "A assumed")
	// On the board: the assumed budget is marked after its amount, the cited one is not.
	if got := lineWith(s, "Early help"); !strings.Contains(got, "£12m A") {
		t.Errorf("assumed budget not marked: %q", got)
	}
	if got := lineWith(s, "Public health"); strings.Contains(got, " A ") {
		t.Errorf("cited budget marked as assumed: %q", got)
	}
	// The outcome whose baseline is assumed is marked too.
	if got := lineWith(s, "Young people NEET"); !strings.Contains(strings.SplitN(got, "│", 2)[1], "Young people NEET A ") {
		t.Errorf("assumed baseline not marked: %q", got)
	}

	tt.key('7')
	tt.selectSilo("Early help")
	s = tt.waitText("Silo: Early help", "Budget £12m a year  A assumed",
		"assumed: The budget book has no early help line; a tenth of children's", // wraps
		"how: 10% of £120m", "◆ prevention", "Can move all of it")
	if got := outcomeRow(s, "Young people NEET −0.08"); !strings.Contains(got, "(−0.04 to −0.12)") || !strings.Contains(got, "at most −3") {
		t.Errorf("effect of early help on NEET: %q", got)
	}
	if !strings.Contains(s, "What County council saves when outcomes improve") && strings.Contains(s, "Young people NEET:") {
		t.Errorf("spillovers listed under the wrong heading:\n%s", s)
	}

	tt.selectSilo("Public health")
	s = tt.waitText("Silo: Public health", "Budget £32m a year", "source: Testshire budget book 2025-26",
		"how: ring-fenced grant allocation", "Fixed £20m: ring-fenced grant", "Can move £12m of £32m",
		"Healthy life expectancy +0.02 years (+0.01 to +0.03)")
	if strings.Contains(lineWith(s, "Budget £32m a year"), "assumed") {
		t.Errorf("cited budget shown as assumed: %q", lineWith(s, "Budget £32m"))
	}
}

func TestLedgerWording(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("Primary care")
	tt.startMove("Primary care", "Early help", "10m")
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £10m a year from Primary care to Early help.")
	tt.key('3')

	// The NHS gives up £10m a year for ten years; DWP saves through fewer
	// NEET young people and more people in work.
	r := tt.sess.State().Result
	var dwp model.AgencyLedger
	for _, l := range r.Ledger {
		if l.Agency == "dwp" {
			dwp = l
		}
	}
	want := fmt.Sprintf("Prevention penalty, over 10 years, 2026–2035: NHS invests £100m (£10m a year); DWP saves %s", model.FormatMoney(dwp.TotalSavings))
	s := tt.waitFor(want, func(s string) bool { return strings.Contains(panelSideText(s), want) })
	if strings.Contains(s, "less received") {
		t.Errorf("the old legend is back:\n%s", s)
	}
	nhs := lineWith(s, "NHS   ")
	if f := strings.Fields(strings.SplitN(nhs, "│", 2)[1]); len(f) < 5 || f[1] != "£100m" || f[2] != "–" {
		t.Errorf("NHS row should give up £100m and get nothing: %q", nhs)
	}
	county := lineWith(s, "County council   ")
	if f := strings.Fields(strings.SplitN(county, "│", 2)[1]); len(f) < 6 || f[2] != "–" || f[3] != "£100m" {
		t.Errorf("the county gets £100m to spend and gives up nothing: %q", county)
	}
}

func TestProjectorGolden(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			tt := startTerm(t, sz.w, sz.h, Options{Projector: true})
			tt.waitText("a year in total")
			tt.do(sessions.MoveMoney{Move: model.Move{From: "primary", To: "earlyhelp", Amount: 10e6}})
			s := tt.waitText("Prevention penalty", "move made")
			lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
			if len(lines) != sz.h {
				t.Errorf("screen has %d rows, want %d", len(lines), sz.h)
			}
			for _, want := range []string{"■ NHS", "a year in total", "can move", "better", "? help"} {
				if !strings.Contains(s, want) {
					t.Errorf("projector screen lacks %q", want)
				}
			}
			// Big digits: the total's block-font rows sit above its label.
			if !strings.Contains(lines[1], "█") && !strings.Contains(lines[1], "▀") && !strings.Contains(lines[1], "▄") {
				t.Errorf("no block-font headline: %q", lines[1])
			}
			golden.RequireEqual(t, s)
		})
	}
}

func TestProjectorKeyboardMove(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{Projector: true})
	tt.waitText("a year in total")
	tt.startMove("Housing", "Leisure and culture", "4m")
	tt.waitText("Move £4m a year from Housing to Leisure and culture")
	tt.key(tea.KeyEnter)
	tt.waitText("why:")
	tt.key(tea.KeyEnter)
	s := tt.waitText("Moved £4m a year from Housing to Leisure and culture.")
	if got := lineWith(s, "Leisure and culture"); !strings.Contains(got, "+£4m") {
		t.Errorf("target row after the move: %q", got)
	}
	if m := tt.sess.State().Scenario.Moves; len(m) != 1 || !reflect.DeepEqual(m[0], model.Move{From: "housing", To: "leisure", Amount: 4e6}) {
		t.Errorf("session moves = %+v", m)
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
