package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"totalplace/model"
	"totalplace/sessions"
)

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

// TestPreviewSaysCosts: a move that makes an agency pay more says so in
// the preview line, in words, as a saving would be.
func TestPreviewSaysCosts(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{}, colorprofile.Ascii)
	tt.waitText("State pension")
	// Less adult social care: more emergency admissions, which the NHS pays for.
	tt.startMove("Adult social care", "Housing", "20")
	s := tt.waitText("preview: not yet moved", "NHS costs £", "more by 2035")
	if line := lineWith(s, "preview: not yet moved"); strings.Contains(line, "NHS saves") {
		t.Errorf("a cost read as a saving: %q", line)
	}
}

func TestLivePreview(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	tt.waitText("State pension")
	tt.key('3') // not the outcomes panel: the prompt carries the outcomes
	tt.startMove("Children's services", "Early help", "10m")
	s := tt.waitText("preview: not yet moved", "Young people NEET −", "better")
	if len(tt.sess.State().Scenario.Moves) != 0 {
		t.Fatal("previewing made a move")
	}
	_ = s
	tt.key(tea.KeyEscape)
	tt.waitFor("preview gone after cancel", func(s string) bool {
		return !strings.Contains(strings.ToLower(s), "not yet moved")
	})
	tt.startMove("Children's services", "Early help", "10m")
	tt.waitText("preview: not yet moved")
	tt.key(tea.KeyEnter)
	tt.key(tea.KeyEnter)
	tt.waitText("Moved £10m a year")
	tt.waitFor("preview gone after confirm", func(s string) bool {
		return !strings.Contains(strings.ToLower(s), "not yet moved")
	})
	// While dragging, too.
	s = tt.screen()
	x0, y0, _ := findOnScreen(s, "Housing")
	x1, y1, _ := findOnScreen(s, "Leisure and culture")
	tt.drag(x0+2, y0, x1+20, y1)
	tt.waitText("release on a silo to move", "preview: not yet moved")
	tt.key(tea.KeyEscape)
	tt.waitFor("preview gone after esc", func(s string) bool {
		return !strings.Contains(strings.ToLower(s), "not yet moved")
	})
}

// TestScrollPanelDuringMove: at 80x24 most panels are taller than their
// space; shift+↓ and J must scroll the panel at the amount step, never type
// into the amount.
func TestScrollPanelDuringMove(t *testing.T) {
	tt := startTerm(t, 80, 24, Options{})
	tt.waitText("State pension")
	tt.typeText("7") // the place panel, the longest
	tt.startMove("Adult social care", "Early help", "")
	tt.typeText("3")
	before := tt.waitText("↓ more")
	tt.key(tea.KeyDown, tea.ModShift)
	after := tt.waitText("↑ more")
	tt.typeText("J")
	tt.key(tea.KeyUp, tea.ModShift)
	s := tt.waitText("Move £3m a year")
	if strings.Contains(s, "not an amount") || strings.Contains(after, "not an amount") {
		t.Errorf("a scroll key was typed into the amount:\n%s", s)
	}
	if before == after {
		t.Error("shift+↓ did not scroll the panel during a move")
	}
}
