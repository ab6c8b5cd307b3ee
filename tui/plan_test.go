package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"totalplace/model"
	"totalplace/sessions"
)

// The Plan panel, as one participant uses it: priorities spread with the
// arrows (saved only once all ten points are given), a gain-share typed
// (a mistake said, the text kept to put right), an ask of the centre from
// a fixed silo, and sign-off only in the Plan stage.
func TestPlanPanel(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	tt.key('9')
	tt.waitText("Community priorities", "None yet: v spreads your 10 points")

	tt.key('v')
	tt.waitText("Your priorities · 0 of 10 points given", "▸ Healthy life expectancy")
	for range 6 {
		tt.key(tea.KeyRight)
	}
	tt.key(tea.KeyEnter)
	tt.waitText("4 points left to give")
	tt.key(tea.KeyDown)
	for range 5 { // one more than is left: the tenth point is the last
		tt.key(tea.KeyRight)
	}
	tt.waitText("10 of 10 points given")
	tt.key(tea.KeyEnter)
	tt.waitText("Your priorities are saved.", "Weighted by these, the moves leave outcomes no better or worse than")
	if v := tt.sess.State().Priorities; len(v) != 1 || v[0].Points["le"] != 6 || v[0].Points["neet"] != 4 {
		t.Fatalf("priorities %+v", v)
	}

	tt.key('b')
	tt.waitText("Gain-share:")
	tt.typeText("police county 150% 5")
	tt.key(tea.KeyEnter)
	tt.waitText("The share \"150%\": expected a percentage above 0 and at most 100")
	for range len("150% 5") {
		tt.key(tea.KeyBackspace)
	}
	tt.typeText("50% 5 youth work cuts crime")
	tt.key(tea.KeyEnter)
	tt.waitText("Recorded the gain-share: Police returns 50% of the cashable savings from County council's moves, for 5 years.", "“youth work cuts crime”")

	// With money moved from the council to youth justice, the ledger shows
	// the agreement's effect and what would make the council whole.
	tt.do(sessions.MoveMoney{Move: model.Move{From: "childrens", To: "youth", Amount: 5e6}})
	tt.waitText("The agreements move no money by 2035", "County council is £50m out of pocket by 2035", "its moves save others £")

	// e ends the chosen agreement on a second press; another key keeps it.
	tt.key('e')
	tt.waitText("e again ends it, any other key keeps it")
	tt.key(tea.KeyDown)
	tt.waitText("The gain-share stands.")
	if len(tt.sess.State().GainShares) != 1 {
		t.Fatal("one press of e ended the agreement")
	}

	// Sign-off waits for the Plan stage.
	tt.key('m')
	tt.waitText("The plan is signed off in the Plan stage")
	tt.do(sessions.SetStage{Stage: sessions.StagePlan})
	tt.waitText("Plan, frozen")
	tt.key('m')
	tt.waitText("Sign the plan off:")
	tt.typeText("y with the board's blessing")
	tt.key(tea.KeyEnter)
	tt.waitText("✓ agreed", "with the board's blessing")

	// An ask: the state pension is an entitlement; A asks the centre.
	tt.selectSilo("State pension")
	tt.key(tea.KeyEnter)
	tt.waitText("press A to ask the centre to free it")
	tt.key('A')
	tt.waitText("Ask the centre to free money in State pension for")
	tt.selectSilo("Early help")
	tt.key(tea.KeyEnter)
	tt.typeText("3")
	tt.waitText("Ask the centre for £3m a year from State pension to Early help", "Not allowed today")
	tt.key(tea.KeyEnter)
	tt.typeText("pay for early help")
	tt.key(tea.KeyEnter)
	s := tt.waitText("Recorded an ask of the centre", "DWP: 1 ask, £3m a year")
	if !strings.Contains(s, "£3m a year from State pension to Early help") {
		t.Errorf("the ask is not listed:\n%s", s)
	}
	if a := tt.sess.State().Asks; len(a) != 1 || a[0].Move.Amount != 3e6 || a[0].Why != "pay for early help" {
		t.Errorf("asks %+v", a)
	}
	if len(tt.sess.State().Scenario.Moves) != 1 { // the council's, made above
		t.Error("an ask moved money")
	}
}

// The console's X writes the plan where the app keeps it, as a board
// paper and a page to print; a screen on another machine is told the
// command that fetches it instead.
func TestConsoleWritesThePlan(t *testing.T) {
	dir := t.TempDir()
	tt := startTerm(t, 160, 50, Options{PlanDir: dir})
	tt.waitText("State pension")
	tt.keyboardMove("Children's services", "Early help", "10m")
	tt.waitText("Moved £10m")
	tt.key('F')
	tt.waitText("X the plan")
	tt.key('X')
	tt.waitText("Wrote the plan:")
	id := tt.sess.ID()
	md, err := os.ReadFile(filepath.Join(dir, id+"-plan.md"))
	if err != nil || !strings.HasPrefix(string(md), "# Local Public Service Plan: Testshire") {
		t.Fatalf("the board paper: %v\n%.200s", err, md)
	}
	if html, err := os.ReadFile(filepath.Join(dir, id+"-plan.html")); err != nil || !strings.Contains(string(html), "<!DOCTYPE html>") {
		t.Fatalf("the page: %v", err)
	}

	remote := startTerm(t, 160, 50, Options{PlanHint: "ssh -p 23234 host export bako-tuli-mera-sofi --format html > plan.html"})
	remote.waitText("State pension")
	remote.key('F')
	remote.key('X')
	remote.waitText("Get the plan in your own terminal: ssh -p 23234 host export bako-tuli-mera-sofi")
}

// At 80x24 the priorities editor has fewer rows than outcomes: the list
// scrolls so that the outcome given points is always the one shown marked.
func TestPrioritiesEditorScrollsAt80x24(t *testing.T) {
	tt := startTermOn(t, sampleSession(t, "worcestershire"), 80, 24, Options{})
	tt.waitText("State pension")
	tt.key('9')
	tt.waitText("Community priorities")
	tt.key('v')
	tt.waitText("Your priorities · 0 of 10 points given")
	outs := tt.sess.State().Place.Outcomes
	for range len(outs) - 1 {
		tt.key(tea.KeyDown)
	}
	lastName := truncName(outs[len(outs)-1].Name, 28)
	s := tt.waitFor("the last outcome marked", func(s string) bool {
		return strings.Contains(s, "▸ "+lastName)
	})
	tt.key(tea.KeyRight)
	tt.waitText("1 of 10 points given")
	if !strings.Contains(s, "more") {
		t.Errorf("no “more” line, though the list scrolled:\n%s", s)
	}
	for range len(outs) - 1 {
		tt.key(tea.KeyUp)
	}
	tt.waitFor("the first outcome marked", func(s string) bool {
		return strings.Contains(s, "▸ "+truncName(outs[0].Name, 28))
	})
}
