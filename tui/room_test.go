package tui

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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

// What someone else is in the middle of reaches a screen's status line
// even when that screen still shows an old message: a QA pass found
// partners never saw another's drag once they had seen any message.
func TestOthersDoingShowsPastOldNews(t *testing.T) {
	sess := newSession(t)
	hub := sessions.NewHub(sess)
	room := NewRoom()
	var screens []*Model
	for i := range 2 {
		seat, err := hub.Seat(sessions.Participant{ID: fmt.Sprint("p", i), Name: fmt.Sprint("Partner ", i)})
		if err != nil {
			t.Fatal(err)
		}
		m := NewSeated(seat, Options{Room: room})
		t.Cleanup(m.Close)
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		screens = append(screens, m)
	}
	watcher, mover := screens[0], screens[1]
	watcher.setStatus("Moves are open again.", false)
	mover.Update(tea.KeyPressMsg{Code: tea.KeyEnter}) // a move from the selected silo
	if mover.mv.stage == stageIdle {
		t.Fatal("the mover's screen started no move")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		watcher.Update(presenceMsg{})
		line := strings.Join(watcher.statusLines(120), " ")
		if strings.Contains(line, "is choosing where to move money") && strings.Contains(line, "Moves are open again.") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the watcher's status line never said what the other partner is doing: %q", line)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The key line offers only what the role may do: an observer on the Plan
// panel is not offered priorities or sign-off, the facilitator is.
func TestKeyLineOffersOnlyWhatTheRoleMayDo(t *testing.T) {
	sess := newSession(t)
	hub := sessions.NewHub(sess)
	room := NewRoom() // shared, as on a server: the key line is keyed by what the role may do
	seats := map[string]sessions.Participant{
		"fran": {ID: "fran", Name: "Fran", Role: sessions.RoleFacilitator},
		"olly": {ID: "olly", Name: "Olly", Role: sessions.RoleObserver},
		"pat":  {ID: "pat", Name: "Pat", Role: sessions.RolePartner, Agency: sess.State().Place.Agencies[1].ID},
	}
	screens := map[string]*Model{}
	for _, id := range []string{"fran", "olly", "pat"} {
		seat, err := hub.Seat(seats[id])
		if err != nil {
			t.Fatal(err)
		}
		m := NewSeated(seat, Options{Room: room})
		t.Cleanup(m.Close)
		screens[id] = m
	}
	// Everyone joined: every screen on one state, so the room's cache is
	// shared by the lines below.
	line := func(id string, panelKey rune) string {
		m := screens[id]
		m.Update(stateChangedMsg{})
		m.Update(tea.WindowSizeMsg{Width: 200, Height: 50})
		m.Update(tea.KeyPressMsg{Code: panelKey, Text: string(panelKey)})
		return ansi.Strip(m.View().Content)
	}
	if fac := line("fran", '9'); !strings.Contains(fac, "priorities") || !strings.Contains(fac, "gain-share") {
		t.Errorf("the facilitator is not offered priorities and gain-share:\n%s", fac)
	}
	if obs := line("olly", '9'); strings.Contains(obs, "v priorities") || strings.Contains(obs, "m sign off") {
		t.Errorf("an observer is offered what it may not do:\n%s", obs)
	}
	// A partner, not barred from moving as an observer is, shares the
	// facilitator's other circumstances: the line must still differ.
	if fac := line("fran", '6'); !strings.Contains(fac, "rewind") {
		t.Errorf("the facilitator is not offered rewind on History:\n%s", fac)
	}
	if par := line("pat", '6'); strings.Contains(par, "rewind") {
		t.Errorf("a partner is offered rewind:\n%s", par)
	}
}

// A proposal's context, shortened for a narrow status line, keeps its
// separator from the field's label ("… · Decline, because:").
func TestShortenedContextKeepsItsSeparator(t *testing.T) {
	sess := newSession(t)
	seat, err := sessions.NewHub(sess).Seat(sessions.Participant{ID: "cat", Name: "Cat"})
	if err != nil {
		t.Fatal(err)
	}
	m := NewSeated(seat, Options{})
	t.Cleanup(m.Close)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	line := ansi.Strip(m.inputLine("Nadia's proposal of £4m a year from NHS care commissioned locally (ICB) to Adult social care · ", "Decline, because: ", 80))
	if !strings.Contains(line, "… · Decline, because: ") || !strings.HasPrefix(line, "Nadia's proposal of") {
		t.Errorf("shortened prompt %q, want the context cut with its “ · ” kept before the label", line)
	}
}

// Presses the session drops as too fast stay said after the answers to the
// presses that went through, until the burst is over.
func TestDroppedPressesStaySaid(t *testing.T) {
	sess := newSession(t)
	seat, err := sessions.NewHub(sess).Seat(sessions.Participant{ID: "nadia", Name: "Nadia"})
	if err != nil {
		t.Fatal(err)
	}
	m := NewSeated(seat, Options{})
	t.Cleanup(m.Close)
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.busy = 3 // three presses sent
	m.Update(doneMsg{what: "Undid a move."})
	m.Update(doneMsg{err: sessions.ErrTooFast})
	m.Update(doneMsg{what: "Redid a move."})
	if !strings.Contains(m.status, "Redid a move.") || !strings.Contains(m.status, "1 press was not made: too many commands at once") {
		t.Errorf("status %q, want the last answer and the dropped press", m.status)
	}
	m.busy = 1
	m.Update(doneMsg{what: "Undid a move."})
	if strings.Contains(m.status, "not made") {
		t.Errorf("a new burst still says the old one's dropped presses: %q", m.status)
	}
}
