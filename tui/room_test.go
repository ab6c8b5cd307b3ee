package tui

import (
	"fmt"
	"math/rand"
	"testing"

	tea "charm.land/bubbletea/v2"

	"totalplace/model"
	"totalplace/sessions"
)

// Screens that share a room draw exactly what each would draw alone: a
// part keyed without one of its inputs would show one screen's cursor,
// panel or preview on another's. Several screens of one workshop take
// random keys (and one makes moves), and after each step every screen's
// frame is compared with the same screen drawn from an empty room.
func TestSharedRoomDrawsWhatEachScreenWouldAlone(t *testing.T) {
	sess := newSession(t)
	hub := sessions.NewHub(sess)
	room := NewRoom()
	sizes := [][2]int{{120, 40}, {120, 40}, {80, 24}, {160, 50}, {120, 40}}
	var screens []*Model
	for i, size := range sizes {
		seat, err := hub.Seat(sessions.Participant{ID: fmt.Sprint("p", i), Name: fmt.Sprint("Partner ", i)})
		if err != nil {
			t.Fatal(err)
		}
		m := NewSeated(seat, Options{Room: room, Projector: i == 4, ASCII: i == 3})
		t.Cleanup(m.Close)
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		screens = append(screens, m)
	}
	keys := []tea.KeyPressMsg{
		{Code: tea.KeyUp}, {Code: tea.KeyDown}, {Code: tea.KeyDown}, {Code: tea.KeyPgDown},
		{Code: tea.KeyTab}, {Code: tea.KeyLeft}, {Code: tea.KeyRight}, {Code: tea.KeyEscape},
		{Code: 'J', Text: "J"}, {Code: 'K', Text: "K"},
		{Code: '1', Text: "1"}, {Code: '2', Text: "2"}, {Code: '3', Text: "3"}, {Code: '4', Text: "4"},
		{Code: '5', Text: "5"}, {Code: '6', Text: "6"}, {Code: '7', Text: "7"}, {Code: '8', Text: "8"},
		{Code: tea.KeyEnter}, {Code: tea.KeyEnter}, {Code: ']', Text: "]"}, {Code: ']', Text: "]"}, {Code: 't', Text: "t"},
	}
	rng := rand.New(rand.NewSource(9))
	moves := []model.Move{
		{From: "asc", To: "earlyhelp", Amount: 2e6},
		{From: "policing", To: "youth", Amount: 1e6, Year: 2028},
		{From: "acute", To: "mental", Amount: 3e6, Target: model.Targeting{MostDeprivedFifth: true}},
	}
	previews, moving, doing := 0, 0, 0
	for step := 0; step < 300; step++ {
		if step%60 == 30 {
			mv := moves[(step/60)%len(moves)]
			if err := sess.Do("p0", sessions.MoveMoney{Move: mv, Why: "step"}); err != nil {
				t.Fatal(err)
			}
			for _, m := range screens {
				m.Update(stateChangedMsg{})
			}
		}
		m := screens[rng.Intn(len(screens))]
		k := keys[rng.Intn(len(keys))]
		if k.Code == tea.KeyEnter && m.mv.stage == stageWhy {
			k = tea.KeyPressMsg{Code: tea.KeyEscape} // moves are made above, in order
		}
		m.Update(k)
		for _, s := range screens {
			// Who is in the middle of what, as the hub tells every screen.
			s.Update(presenceMsg{})
			// The status line often shows something else first, so the
			// frames below would not tell a stale roster.
			shared := s.othersDoing()
			if shared != "" {
				doing++
			}
			own := s.room
			s.room, s.doing = NewRoom(), doingMemo{}
			alone := s.othersDoing()
			s.room, s.doing = own, doingMemo{}
			if shared != alone {
				t.Fatalf("step %d: in the shared room a screen is told %q, alone %q", step, shared, alone)
			}
		}
		if m.pv.want != nil && !m.pv.running {
			// The preview a move under way shows, as the program would deliver it.
			if cmd := m.runPreview(); cmd != nil {
				m.Update(cmd())
			}
		}
		for i, s := range screens {
			if s.preview != nil {
				previews++
			}
			if s.moving() {
				moving++
			}
			shared := s.View().Content
			own := s.room
			s.room = NewRoom()
			alone := s.View().Content
			s.room = own
			if shared != alone {
				t.Fatalf("step %d: screen %d draws differently in the shared room:\n--- shared\n%s\n--- alone\n%s", step, i, shared, alone)
			}
		}
	}
	if previews == 0 || moving == 0 || doing == 0 {
		t.Fatalf("the walk never had a move under way (%d), a preview on screen (%d) or another's move told (%d)", moving, previews, doing)
	}
}
