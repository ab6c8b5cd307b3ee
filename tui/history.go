package tui

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"totalplace/sessions"
)

// moveSeqs lists the Seq of every move event, newest first: the moves
// History can choose between.
func (m *Model) moveSeqs() []uint64 {
	var out []uint64
	h := m.st.History
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].IsMove() {
			out = append(out, h[i].Seq)
		}
	}
	return out
}

// editWhy opens the text field on move seq's reason (History's w).
func (m *Model) editWhy(seq uint64) tea.Cmd {
	if seq == 0 {
		m.setStatus("No moves yet: a move's reason can be added once it is made.", false)
		return nil
	}
	m.whySeq = seq
	m.startInput(inputRationale, "why was this move made? (enter saves, esc leaves it)", m.st.History[seq-1].Why)
	return nil
}

// eventAt is the event with sequence number seq, or nil.
func eventAt(h []sessions.Event, seq uint64) *sessions.Event { return sessions.EventAt(h, seq) }

// proposer is who made proposal seq.
func proposer(h []sessions.Event, seq uint64) string {
	if e := eventAt(h, seq); e != nil {
		return e.Who
	}
	return "someone"
}

// moveNumber is the number the session gave move event seq, 0 when it is
// not a move.
func moveNumber(h []sessions.Event, seq uint64) int {
	if e := eventAt(h, seq); e != nil {
		return e.MoveNumber
	}
	return 0
}

// renderHistory: who did what, when and why, newest first, every event
// (the panel scrolls). ← → choose a
// move; w adds or changes its why.
func (m *Model) renderHistory(chosen uint64, w, h int) (string, int) {
	st := m.com.styles
	hist := m.st.History
	lines := []string{st.Muted.Render(st.text(fmt.Sprintf("%d events, newest first · ← → choose a move · w reason", len(hist))))}
	if here := m.hereLine(time.Now()); here != "" {
		// Wrapped, not cut: the names at the end matter as much.
		lines = append(wrapIndent(st.Bold.Render(here), w, 2), lines...)
	}
	var entries [][]string // newest first
	at := 0                // entry of the chosen move
	for i := len(hist) - 1; i >= 0; i-- {
		e := &hist[i]
		// Each event is worded and wrapped once for the room and kept
		// across states, so a new event costs one entry, not the history.
		body := m.historyEntry(hist, e, w)
		entry := make([]string, len(body))
		mark := "  "
		if e.IsMove() && e.Seq == chosen {
			mark = "▸ "
		}
		if mark != "  " {
			at = len(entries)
		}
		for k, l := range body {
			if k == 0 {
				entry[k] = mark + l
			} else {
				entry[k] = "  " + l
			}
		}
		entries = append(entries, entry)
	}
	// All of it: the panel scrolls, and follows the chosen move (focus).
	focus := -1
	for k, e := range entries {
		if k == at {
			focus = len(lines)
		}
		lines = append(lines, e...)
	}
	return strings.Join(lines, "\n"), focus
}

// historyKey names one event's wrapped lines: everything that words it
// besides the event itself, which never changes but for its reason.
type historyKey struct {
	look
	seq        uint64
	w          int
	why        string
	who, other string // the names of who did it and whose proposal it answers
}

// historyEntry is event e worded and wrapped to w-2 cells, from the room's
// entries when another screen (or an earlier state) made it.
func (m *Model) historyEntry(hist []sessions.Event, e *sessions.Event, w int) []string {
	who := m.participantName
	key := historyKey{look: look{m.com.projector, m.com.ascii, m.com.light}, seq: e.Seq, w: w, why: e.Why, who: who(e.Who)}
	if e.Kind == sessions.KindAgree || e.Kind == sessions.KindDecline {
		key.other = who(proposer(hist, e.Target))
	}
	return m.room.entry(key, func() []string {
		st := m.com.styles
		p := m.st.Place
		target := func(seq uint64) string {
			if e := eventAt(hist, seq); e != nil && e.Move != nil {
				return fmt.Sprintf("move %d: %s", e.MoveNumber, moveText(p, *e.Move))
			}
			return fmt.Sprintf("move %d", moveNumber(hist, seq))
		}
		var what string
		switch e.Kind {
		case sessions.KindStart:
			what = "started the session on " + e.Place
		case sessions.KindJoin:
			what = "joined"
			if e.Participant != nil && e.Participant.Role == sessions.RoleObserver {
				what += " as an observer"
			}
			if e.Participant != nil && e.Participant.Agency != "" {
				what += " for " + agencyName(p, e.Participant.Agency)
			}
		case sessions.KindMove, sessions.KindAgree:
			what = "made " + target(e.Seq)
			if e.Kind == sessions.KindAgree {
				what = fmt.Sprintf("agreed to %s's proposal: %s", who(proposer(hist, e.Target)), target(e.Seq))
			}
			// The session keeps a move's current reason on the move itself.
			if e.Why != "" {
				what += st.Muted.Render(" — “" + e.Why + "”")
			}
		case sessions.KindPropose:
			what = "proposed " + moveText(p, *e.Move)
			if i := p.SiloIndex(e.Move.From); i >= 0 {
				what += ", which needs " + agencyName(p, p.Silos[i].Agency) + "'s agreement"
			}
		case sessions.KindDecline:
			what = fmt.Sprintf("declined %s's proposal", who(proposer(hist, e.Target)))
			if e.Why != "" {
				what += st.Muted.Render(" — “" + e.Why + "”")
			}
		case sessions.KindStage:
			what = "moved the workshop to " + stageNames[sessions.Stage(e.Name)]
		case sessions.KindFreeze:
			what = "froze moves"
			if e.Name == "off" {
				what = "reopened moves"
			}
		case sessions.KindRewind:
			what = fmt.Sprintf("rewound the allocation to just after move %d", moveNumber(hist, e.Target))
		case sessions.KindRemove:
			name := e.Name
			if e.Participant != nil {
				name = cmp.Or(e.Participant.Name, e.Participant.ID)
			}
			what = "removed " + name + " from the workshop"
		case sessions.KindConsent:
			what = "switched consent off: partners move any agency's money"
			if e.Name == "on" {
				what = "switched consent on: moving another agency's money needs its agreement"
			}
		case sessions.KindUndo:
			what = "undid " + target(e.Target)
		case sessions.KindRedo:
			what = "redid " + target(e.Target)
		case sessions.KindSave:
			what = "saved scenario “" + e.Name + "”"
		case sessions.KindSwitch:
			what = "switched to scenario “" + e.Name + "”"
		case sessions.KindPool:
			name := e.Name
			if k := p.PoolIndex(e.Name); k >= 0 {
				name = p.Pools[k].Name
			}
			what = "unpooled “" + name + "”"
			if e.Pooled {
				what = "pooled “" + name + "”"
			}
		case sessions.KindWhy:
			what = fmt.Sprintf("added a reason to move %d: “%s”", moveNumber(hist, e.Target), e.Why)
			if e.Why == "" {
				what = fmt.Sprintf("cleared the reason for move %d", moveNumber(hist, e.Target))
			}
		case sessions.KindPriorities:
			what = "gave their priorities"
			if e.Name != "" {
				what = "entered the priorities of " + e.Name
			}
		case sessions.KindShowPriorities:
			what = "showed everyone the priorities"
			if e.Name == "hidden" {
				what = "hid the priorities"
			}
		case sessions.KindGainShare:
			if e.GainShare != nil {
				what = "recorded a gain-share: " + gainShareText(p, *e.GainShare)
			}
			if e.Why != "" {
				what += st.Muted.Render(" — “" + e.Why + "”")
			}
		case sessions.KindEndGainShare:
			what = fmt.Sprintf("ended the gain-share of event %d", e.Target)
			if g := eventAt(hist, e.Target); g != nil && g.GainShare != nil {
				what = "ended the gain-share: " + gainShareText(p, *g.GainShare)
			}
		case sessions.KindAsk:
			what = "asked the centre to free " + moveText(p, *e.Move)
			if e.Why != "" {
				what += st.Muted.Render(" — “" + e.Why + "”")
			}
		case sessions.KindSignOff:
			what = "signed the plan off: " + e.Name
			if e.Why != "" {
				what += st.Muted.Render(" — “" + e.Why + "”")
			}
		case sessions.KindReasons:
			what = "made reasons " + e.Name + " in the Plan stage"
		default:
			what = e.Kind
		}
		// Wrap rather than cut: the reason is often the point.
		return strings.Split(lipgloss.NewStyle().Width(max(w-2, 10)).Render(st.Muted.Render(e.Time.Format("15:04"))+" "+st.Bold.Render(who(e.Who))+" "+what), "\n")
	})
}
