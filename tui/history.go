package tui

import (
	"fmt"
	"slices"
	"strings"

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
		if h[i].Kind == sessions.KindMove {
			out = append(out, h[i].Seq)
		}
	}
	return out
}

// chosenMove is the Seq of the move chosen in History (the newest unless
// another was chosen), or 0 when there are none.
func (m *Model) chosenMove() uint64 {
	seqs := m.moveSeqs()
	if len(seqs) == 0 {
		return 0
	}
	for _, s := range seqs {
		if s == m.histSel {
			return s
		}
	}
	return seqs[0]
}

// stepHistory chooses the next older (d > 0) or newer move.
func (m *Model) stepHistory(d int) {
	seqs := m.moveSeqs()
	if len(seqs) == 0 {
		return
	}
	cur := m.chosenMove()
	for i, s := range seqs {
		if s == cur {
			m.histSel = seqs[(i+d+len(seqs))%len(seqs)]
			return
		}
	}
}

// editWhy opens the text field on the chosen move's reason.
func (m *Model) editWhy() tea.Cmd {
	seq := m.chosenMove()
	if seq == 0 {
		m.setStatus("No moves yet: a move's reason can be added once it is made.", false)
		return nil
	}
	m.histSel, m.whySeq = seq, seq
	m.startInput(inputRationale, "why was this move made? (enter saves, esc leaves it)", m.st.History[seq-1].Why)
	return nil
}

// moveNumber is the move made by event seq counted in the order moves
// were made, from 1 (the event's Seq also counts joins, pools and the
// rest), or 0 if seq is not a move.
func moveNumber(h []sessions.Event, seq uint64) int {
	n := 0
	for i := range h {
		if h[i].Kind == sessions.KindMove {
			n++
			if h[i].Seq == seq {
				return n
			}
		}
	}
	return 0
}

// poolStates says, for each pool event of history h, whether it pooled
// (true) or unpooled its pool, replaying the events that change pools in
// order: a pool event toggles, saving a scenario keeps its pools, and
// switching to one brings them back.
func poolStates(h []sessions.Event) map[uint64]bool {
	out := map[uint64]bool{}
	var on []string
	saved := map[string][]string{}
	for i := range h {
		e := &h[i]
		switch e.Kind {
		case sessions.KindPool:
			if k := slices.Index(on, e.Name); k >= 0 {
				on = slices.Delete(slices.Clone(on), k, k+1)
			} else {
				on = append(slices.Clip(on), e.Name)
				out[e.Seq] = true
			}
		case sessions.KindSave:
			saved[e.Name] = on
		case sessions.KindSwitch:
			if ps, ok := saved[e.Name]; ok {
				on = ps
			}
		}
	}
	return out
}

// renderHistory: who did what, when and why, newest first, every event
// (the panel scrolls). ← → choose a
// move; w adds or changes its why.
func (m *Model) renderHistory(w, h int) string {
	st := m.ctx.styles
	p := m.st.Place
	hist := m.st.History
	lines := []string{st.Muted.Render(st.text(fmt.Sprintf("%d events, newest first · ← → choose a move · w reason", len(hist))))}
	bySeq := make(map[uint64]*sessions.Event, len(hist))
	for i := range hist {
		bySeq[hist[i].Seq] = &hist[i]
	}
	who := m.participantName
	// Moves are numbered 1, 2, 3 in the order they were made.
	num := make(map[uint64]int)
	for i := range hist {
		if hist[i].Kind == sessions.KindMove {
			num[hist[i].Seq] = len(num) + 1
		}
	}
	pooled := poolStates(hist)
	target := func(seq uint64) string {
		if e, ok := bySeq[seq]; ok && e.Move != nil {
			return fmt.Sprintf("move %d: %s", num[seq], moveText(p, *e.Move))
		}
		return fmt.Sprintf("move %d", num[seq])
	}
	chosen := m.chosenMove()
	var entries [][]string // newest first
	at := 0                // entry of the chosen move
	for i := len(hist) - 1; i >= 0; i-- {
		e := &hist[i]
		var what string
		switch e.Kind {
		case sessions.KindStart:
			what = "started the session on " + e.Place
		case sessions.KindJoin:
			what = "joined"
			if e.Participant != nil && e.Participant.Agency != "" {
				what += " for " + e.Participant.Agency
			}
		case sessions.KindMove:
			what = "made " + target(e.Seq)
			// The session keeps a move's current reason on the move itself.
			if e.Why != "" {
				what += st.Muted.Render(" — “" + e.Why + "”")
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
			if pooled[e.Seq] {
				what = "pooled “" + name + "”"
			}
		case sessions.KindWhy:
			what = fmt.Sprintf("added a reason to move %d: “%s”", num[e.Target], e.Why)
			if e.Why == "" {
				what = fmt.Sprintf("cleared the reason for move %d", num[e.Target])
			}
		default:
			what = e.Kind
		}
		mark := "  "
		if e.Kind == sessions.KindMove && e.Seq == chosen {
			mark = "▸ "
		}
		if mark != "  " {
			at = len(entries)
		}
		// Wrap rather than cut: the reason is often the point.
		entry := strings.Split(lipgloss.NewStyle().Width(max(w-2, 10)).Render(st.Muted.Render(e.Time.Format("15:04"))+" "+st.Bold.Render(who(e.Who))+" "+what), "\n")
		for k := range entry {
			if k == 0 {
				entry[k] = mark + entry[k]
			} else {
				entry[k] = "  " + entry[k]
			}
		}
		entries = append(entries, entry)
	}
	// All of it: the panel scrolls, and follows the chosen move (histLine).
	for k, e := range entries {
		if k == at {
			m.histLine = len(lines)
		}
		lines = append(lines, e...)
	}
	return strings.Join(lines, "\n")
}
