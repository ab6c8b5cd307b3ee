package tui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"totalplace/model"
	"totalplace/sessions"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
)

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

func TestProjectorMode(t *testing.T) {
	tt := startTerm(t, 160, 50, Options{})
	s := tt.waitText("█ can move ▒ fixed · ⊠ all fixed ◧ part fixed")
	if !strings.Contains(lineWith(s, "State pension"), "25%") {
		t.Fatalf("normal board shows shares: %q", lineWith(s, "State pension"))
	}
	tt.key('p')
	s = tt.waitText("█ can move ▒ fixed", "a year in total", "can move", "moves made")
	if strings.Contains(s, "range ") || strings.Contains(s, "prices") || strings.Contains(s, "1 Outcomes") {
		t.Errorf("projector mode still shows fine print or tabs:\n%s", s)
	}
	// One row per agency; only the cursor's agency lists its silos.
	for _, want := range []string{"■ DWP", "■ NHS", "■ County council", "■ Police", "■ Schools", "State pension"} {
		if !strings.Contains(s, want) {
			t.Errorf("projector board lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "Acute hospital care") {
		t.Errorf("a closed agency lists its silos:\n%s", s)
	}
	tt.key('p')
	tt.waitText("· ⊠ all fixed ◧ part fixed")
}
