package tui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"totalplace/model"
	"totalplace/sessions"
)

// Presence: who else has the workshop open, and what they are in the
// middle of. Live only (the hub keeps it, the journal never sees it).

// presenceMsg says who is here changed.
type presenceMsg struct{}

// waitForPresence turns the hub's presence notifications into messages.
func (m *Model) waitForPresence() tea.Cmd {
	sub, done := m.psub, m.done
	return func() tea.Msg {
		select {
		case _, ok := <-sub:
			if !ok {
				return nil
			}
			return presenceMsg{}
		case <-done:
			return nil
		}
	}
}

// readPresence takes the hub's roster.
func (m *Model) readPresence() {
	m.here, m.hereVersion = m.seat.Hub().Presence()
}

// tellDoing tells the room what this participant is in the middle of: a
// move being set up or dragged, or nothing.
func (m *Model) tellDoing() {
	doing := ""
	if pd := m.pending(); pd.from >= 0 && pd.to >= 0 && pd.amount > 0 {
		p := m.st.Place
		doing = "moving " + fmt.Sprintf("%s from %s to %s", model.FormatMoney(pd.amount), p.Silos[pd.from].Name, p.Silos[pd.to].Name)
	} else if pd.from >= 0 {
		doing = "choosing where to move money from " + m.st.Place.Silos[pd.from].Name
	}
	m.seat.Doing(doing)
}

// othersDoing is what the others here are in the middle of, for the
// status line: "Cat is moving £3m from Police to Youth services…".
func (m *Model) othersDoing() string {
	if d := m.doing; d.set && d.version == m.hereVersion && d.st == m.st {
		return d.s
	}
	var parts []string
	for _, d := range m.doers() {
		if d.id != m.who {
			parts = append(parts, d.text)
		}
	}
	s := strings.Join(parts, " · ")
	m.doing = doingMemo{set: true, version: m.hereVersion, st: m.st, s: s}
	return s
}

// doingMemo is othersDoing for one roster and state, asked two or three
// times a message.
type doingMemo struct {
	set     bool
	version uint64
	st      *sessions.State
	s       string
}

// doer is someone here in the middle of something, as the status line
// says it.
type doer struct{ id, text string }

// doers is who here is in the middle of something, found once a roster
// and state for the whole room: every screen of a room of 200 looking
// through everyone here for every move was 5% of the server's CPU
// (BenchmarkParticipants/200), mostly reading their rosters from memory.
// Screens with the same roster version have the same roster.
func (m *Model) doers() []doer {
	return m.room.doersFor(m.hereVersion, m.st, func() []doer {
		var ds []doer
		for i := range m.here {
			if p := &m.here[i]; p.Doing != "" {
				ds = append(ds, doer{p.ID, m.participantName(p.ID) + " is " + p.Doing + "…"})
			}
		}
		return ds
	})
}

// hereLine names who is here: "Here: Fran (facilitator), Cat (county),
// Nia (icb, idle)". Empty in solo use.
func (m *Model) hereLine(now time.Time) string {
	if len(m.here) < 2 {
		return ""
	}
	var names []string
	for _, p := range m.here {
		var about []string
		switch {
		case p.Role == sessions.RoleFacilitator:
			about = append(about, "facilitator")
		case p.Role == sessions.RoleObserver:
			about = append(about, "observer")
		case p.Agency != "":
			about = append(about, agencyName(m.st.Place, p.Agency))
		}
		if p.Idle(now) {
			about = append(about, "idle")
		}
		// "Cat, County council" rather than brackets: agency names have
		// their own ("Police (PCC)").
		names = append(names, strings.Join(append([]string{m.participantName(p.ID)}, about...), ", "))
	}
	return fmt.Sprintf("Here now (%d): %s", len(m.here), strings.Join(names, " · "))
}

// tellLead publishes a facilitator's panel and chosen silo for screens
// that follow (the session's seat ignores anyone else's).
func (m *Model) tellLead() {
	silo := ""
	if i := m.siloAt(m.cursor); i >= 0 {
		silo = m.st.Place.Silos[i].ID
	}
	m.seat.SetLead(int(m.panel), silo)
}

// follow shows what the facilitator's screen shows, when following.
func (m *Model) follow() {
	if !m.following {
		return
	}
	l := m.seat.Hub().Lead()
	if l.By == "" || l.By == m.who {
		return
	}
	if l.Panel >= 0 && l.Panel < int(panelCount) {
		m.panel = panel(l.Panel)
	}
	if i := m.st.Place.SiloIndex(l.Silo); i >= 0 {
		m.cursorTo(i)
	}
}
