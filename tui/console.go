package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"totalplace/sessions"
)

// The facilitator's console, on the status line: F opens it, then one key
// moves the meeting to a stage (1 Count, 2 Collaborate, 3 Plan), freezes
// or reopens moves (z) or switches consent (c); esc closes it. Rewinding
// is in History (r on the chosen move). The session checks each command:
// the console only offers them.

// newsOf is what a participant is told when someone else changed how the
// meeting runs since old: the stage, a freeze, consent or a rewind.
func (m *Model) newsOf(old, st *sessions.State) string {
	if old == nil {
		return ""
	}
	news := ""
	for _, ev := range st.History[min(len(old.History), len(st.History)):] {
		if ev.Who == m.who {
			continue
		}
		by := m.participantName(ev.Who)
		switch ev.Kind {
		case sessions.KindStage:
			news = by + " moved the workshop to " + stageNames[sessions.Stage(ev.Name)] + "."
			switch sessions.Stage(ev.Name) {
			case sessions.StageCount:
				news += " Look at the map of spend: moves open at Collaborate."
			case sessions.StagePlan:
				news += " Moves are frozen while reasons are agreed."
			}
		case sessions.KindFreeze:
			news = by + " froze moves."
			if ev.Name == "off" {
				news = by + " reopened moves."
			}
		case sessions.KindConsent:
			news = by + " switched consent off: partners move any agency's money."
			if ev.Name == "on" {
				news = by + " switched consent on: another agency's money moves only when it agrees."
			}
		case sessions.KindRewind:
			news = fmt.Sprintf("%s rewound the allocation to just after move %d.", by, moveNumber(st.History, ev.Target))
		}
	}
	return news
}

var stageNames = map[sessions.Stage]string{
	sessions.StageCount:       "Count",
	sessions.StageCollaborate: "Collaborate",
	sessions.StagePlan:        "Plan",
}

// stageLine is the meeting's state in words: "Plan · moves frozen · consent on".
func (m *Model) stageLine() string {
	parts := []string{"stage " + stageNames[m.st.Stage]}
	if m.st.Frozen {
		parts = append(parts, "moves frozen")
	} else {
		parts = append(parts, "moves open")
	}
	if m.st.Consent {
		parts = append(parts, "consent on")
	} else {
		parts = append(parts, "consent off (free mode)")
	}
	return strings.Join(parts, " · ")
}

// consolePrompt is the console on the status line.
func (m *Model) consolePrompt() string {
	return "Console: " + m.stageLine() + " — 1 Count · 2 Collaborate · 3 Plan · z freeze/reopen moves · c consent on/off · k remove someone · h show/hide priorities · R reasons required/optional · P a panel's priorities · X the plan · esc close"
}

// openConsole opens the console for a facilitator; anyone else is told why not.
func (m *Model) openConsole() {
	if m.refuses(sessions.KindStage) {
		return
	}
	m.console = true
	m.setStatus("", false)
}

// consoleKey handles a key while the console is open.
func (m *Model) consoleKey(msg tea.KeyPressMsg) tea.Cmd {
	m.console = false
	switch s := msg.String(); {
	case s == "1", s == "2", s == "3":
		stage := sessions.Stages[s[0]-'1']
		what := "The workshop is at " + stageNames[stage] + "."
		switch stage {
		case sessions.StageCount:
			what += " Partners look at the map of spend; moves open at Collaborate."
		case sessions.StagePlan:
			what += " Moves are frozen (z reopens them); agree and record the reasons."
		}
		return m.do(sessions.SetStage{Stage: stage}, what)
	case s == "z":
		if m.st.Frozen {
			return m.do(sessions.Freeze{On: false}, "Moves are open again.")
		}
		return m.do(sessions.Freeze{On: true}, "Moves are frozen: partners can look, not move.")
	case s == "c":
		if m.st.Consent {
			return m.do(sessions.SetConsent{On: false}, "Consent is off: partners move any agency's money directly.")
		}
		return m.do(sessions.SetConsent{On: true}, "Consent is on: moving another agency's money needs its agreement.")
	case s == "k":
		var names []string
		for _, p := range m.st.Participants {
			if p.ID != m.who {
				names = append(names, m.participantName(p.ID))
			}
		}
		m.startInput(inputRemove, "one of: "+strings.Join(names, ", "), "")
	case s == "h":
		if m.st.PrioritiesHidden {
			return m.do(sessions.ShowPriorities{Shown: true}, "Everyone sees the community priorities now (panel 9).")
		}
		return m.do(sessions.ShowPriorities{Shown: false}, "The priorities are hidden from partners until you show them.")
	case s == "R":
		if m.st.ReasonsRequired {
			return m.do(sessions.RequireReasons{On: false}, "Reasons are optional again.")
		}
		return m.do(sessions.RequireReasons{On: true}, "In the Plan stage every move and agreement now needs a reason.")
	case s == "P":
		m.startInput(inputPanelName, "e.g. Residents' panel", "")
	case s == "X":
		return m.exportPlan()
	case key.Matches(msg, m.com.keys.Cancel):
		m.setStatus("", false)
	default:
		m.console = true // any other key: the console stays
	}
	return nil
}

// rewindTo asks, then rewinds the allocation to just after move seq.
func (m *Model) rewindTo(seq uint64) tea.Cmd {
	if m.refuses(sessions.KindRewind) {
		return nil
	}
	if seq == 0 {
		m.setStatus("No moves yet to rewind to.", false)
		return nil
	}
	if m.rewindAsk != seq {
		m.rewindAsk = seq
		m.setStatus(fmt.Sprintf("Rewind the allocation to just after move %d? Every later event stays in the history. r again to rewind, any other key to keep it.", moveNumber(m.st.History, seq)), true)
		return nil
	}
	m.rewindAsk = 0
	return m.do(sessions.Rewind{Seq: seq}, fmt.Sprintf("Rewound to just after move %d.", moveNumber(m.st.History, seq)))
}

// removeNamed removes the participant with that name (or ID).
func (m *Model) removeNamed(name string) tea.Cmd {
	for _, p := range m.st.Participants {
		// As the prompt lists them: a guest's name says "(guest)".
		if strings.EqualFold(p.Name, name) || strings.EqualFold(m.participantName(p.ID), name) || p.ID == name {
			return m.do(sessions.Remove{ID: p.ID}, "Removed "+m.participantName(p.ID)+": their commands are refused, and their open proposals withdrawn, until they join again.")
		}
	}
	var names []string
	for _, p := range m.st.Participants {
		if p.ID != m.who {
			names = append(names, m.participantName(p.ID))
		}
	}
	m.setStatus(fmt.Sprintf("✗ Nobody called %q is here (%s).", name, strings.Join(names, ", ")), true)
	return nil
}
