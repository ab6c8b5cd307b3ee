package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"totalplace/model"
	"totalplace/sessions"
)

// renderHistory: who did what, when and why, newest first.
func (m *Model) renderHistory(w, h int) string {
	st := m.ctx.styles
	p := m.st.Place
	hist := m.st.History
	lines := []string{st.Muted.Render(fmt.Sprintf("%d events, newest first", len(hist)))}
	bySeq := make(map[uint64]*sessions.Event, len(hist))
	whys := map[uint64]string{}
	for i := range hist {
		e := &hist[i]
		bySeq[e.Seq] = e
		if e.Kind == "why" {
			whys[e.Target] = e.Why
		}
	}
	names := map[string]string{}
	for _, pt := range m.st.Participants {
		if pt.Name != "" {
			names[pt.ID] = pt.Name
		}
	}
	who := func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		return id
	}
	moveText := func(mv *model.Move) string {
		if mv == nil {
			return "a move"
		}
		s := fmt.Sprintf("%s from %s to %s", model.FormatMoney(mv.Amount), siloLabel(p, mv.From), siloLabel(p, mv.To))
		if mv.Year != 0 && mv.Year != p.BaseYear {
			s += fmt.Sprintf(" from %d", mv.Year)
		}
		return s
	}
	target := func(seq uint64) string {
		if e, ok := bySeq[seq]; ok {
			return moveText(e.Move)
		}
		return fmt.Sprintf("move #%d", seq)
	}
	for i := len(hist) - 1; i >= 0 && len(lines) < h; i-- {
		e := &hist[i]
		var what string
		switch e.Kind {
		case "start":
			what = "started the session on " + e.Place
		case "join":
			what = "joined"
			if e.Participant != nil && e.Participant.Agency != "" {
				what += " for " + e.Participant.Agency
			}
		case "move":
			what = "moved " + moveText(e.Move)
			why := e.Why
			if w, ok := whys[e.Seq]; ok {
				why = w
			}
			if why != "" {
				what += st.Muted.Render(" — “" + why + "”")
			}
		case "undo":
			what = "undid " + target(e.Target)
		case "redo":
			what = "redid " + target(e.Target)
		case "save":
			what = "saved scenario “" + e.Name + "”"
		case "switch":
			what = "switched to scenario “" + e.Name + "”"
		case "pool":
			what = "toggled pooled budget " + e.Name
		case "why":
			what = "explained " + target(e.Target) + ": “" + e.Why + "”"
		default:
			what = e.Kind
		}
		// Wrap rather than cut: the reason is often the point.
		entry := lipgloss.NewStyle().Width(w).Render(st.Muted.Render(e.Time.Format("15:04")) + " " + st.Bold.Render(who(e.Who)) + " " + what)
		lines = append(lines, strings.Split(entry, "\n")...)
	}
	return strings.Join(lines, "\n")
}
