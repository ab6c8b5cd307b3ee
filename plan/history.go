package plan

import (
	"fmt"
	"strings"

	"totalplace/model"
	"totalplace/report"
	"totalplace/sessions"
)

// historyOf is every journal event in words, oldest first: the plan's
// appendix, so a reader can check how the plan was reached.
func historyOf(st *sessions.State) []HistoryItem {
	p, h := st.Place, st.History
	ps := participantsOf(st)
	who := func(id string) string { return nameOf(ps, id) }
	moveText := func(m *model.Move) string {
		if m == nil {
			return "a move"
		}
		s := fmt.Sprintf("%s a year from %s to %s from %d", model.FormatMoney(m.Amount), siloName(p, m.From), siloName(p, m.To), startYear(p, *m))
		if !m.Target.IsZero() {
			s += ", " + m.Target.String()
		}
		return s
	}
	target := func(seq uint64) string {
		if e := sessions.EventAt(h, seq); e != nil && e.Move != nil {
			return fmt.Sprintf("move %d (%s)", e.MoveNumber, moveText(e.Move))
		}
		return fmt.Sprintf("event %d", seq)
	}
	quote := func(why string) string {
		if why == "" {
			return ""
		}
		return " — “" + why + "”"
	}
	out := make([]HistoryItem, 0, len(h))
	for i := range h {
		e := &h[i]
		var what string
		switch e.Kind {
		case sessions.KindStart:
			what = "started the workshop on " + p.Name
		case sessions.KindJoin:
			what = "joined"
			if e.Participant != nil {
				what += " as " + string(e.Participant.Role)
				if e.Participant.Agency != "" {
					what += " for " + report.AgencyName(p, e.Participant.Agency)
				}
			}
		case sessions.KindMove:
			what = fmt.Sprintf("made move %d: %s", e.MoveNumber, moveText(e.Move)) + quote(e.Why)
		case sessions.KindPropose:
			what = "proposed " + moveText(e.Move)
			if a := siloAgency(p, e.Move.From); a != "" {
				what += ", which needs " + report.AgencyName(p, a) + "'s agreement"
			}
			what += quote(e.Why)
		case sessions.KindAgree:
			by := ""
			if pr := sessions.EventAt(h, e.Target); pr != nil {
				by = who(pr.Who) + "'s "
			}
			what = fmt.Sprintf("agreed to %sproposal, made as move %d: %s", by, e.MoveNumber, moveText(e.Move)) + quote(e.Why)
		case sessions.KindDecline:
			by := ""
			if pr := sessions.EventAt(h, e.Target); pr != nil {
				by = who(pr.Who) + "'s "
			}
			what = "declined " + by + "proposal of " + moveText(eventMove(h, e.Target)) + quote(e.Why)
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
			what = "gave the reason for " + target(e.Target) + quote(e.Why)
		case sessions.KindConsent:
			what = "switched consent " + e.Name
		case sessions.KindStage:
			what = "moved the workshop to the " + e.Name + " stage"
		case sessions.KindFreeze:
			what = "froze moves"
			if e.Name == "off" {
				what = "reopened moves"
			}
		case sessions.KindRewind:
			what = "rewound the allocation to just after " + target(e.Target)
		case sessions.KindRemove:
			what = "removed " + who(e.Name) + " from the workshop"
		case sessions.KindPlace:
			what = "found the place's file at " + e.Place
		case sessions.KindPriorities:
			var pts []string
			for _, o := range p.Outcomes {
				if n := e.Points[o.ID]; n != 0 {
					pts = append(pts, fmt.Sprintf("%s %d", o.Name, n))
				}
			}
			what = "gave priority points: " + strings.Join(pts, ", ")
			if e.Name != "" {
				what = "entered the community panel “" + e.Name + "”'s priority points: " + strings.Join(pts, ", ")
			}
		case sessions.KindShowPriorities:
			what = "showed the priorities to everyone"
			if e.Name == "hidden" {
				what = "hid the priorities"
			}
		case sessions.KindGainShare:
			if g := e.GainShare; g != nil {
				what = fmt.Sprintf("agreed that %s returns %s of its cashable savings from %s's moves for %s", report.AgencyName(p, g.Saver),
					percentText(g.Share), report.AgencyName(p, g.Investor), plural(g.Years, "year", "years")) + quote(e.Why)
			}
		case sessions.KindEndGainShare:
			what = fmt.Sprintf("ended the gain-share agreement of event %d", e.Target)
		case sessions.KindAsk:
			what = "asked the centre to allow " + moveText(e.Move) + quote(e.Why)
		case sessions.KindSignOff:
			what = "signed off the plan: " + e.Name + quote(e.Why)
		case sessions.KindReasons:
			what = "made reasons " + e.Name + " for moves in the Plan stage"
		default:
			what = describeOther(st, e)
		}
		out = append(out, HistoryItem{Seq: e.Seq, Time: e.Time, Who: e.Who, Name: who(e.Who), Kind: e.Kind, Text: what})
	}
	return out
}

func eventMove(h []sessions.Event, seq uint64) *model.Move {
	if e := sessions.EventAt(h, seq); e != nil {
		return e.Move
	}
	return nil
}

// describeOther words an event kind this file does not know, so the
// appendix never drops one.
func describeOther(st *sessions.State, e *sessions.Event) string {
	s := e.Kind
	if e.Name != "" {
		s += " " + e.Name
	}
	if e.Why != "" {
		s += " — “" + e.Why + "”"
	}
	return s
}
