package plan

import (
	"slices"
	"strings"

	"totalplace/sessions"
)

// The session's accountability records (reasons required, priorities,
// gain-share agreements, asks of the centre, sign-off) are read here and
// only here, each by one function, so the rest of the plan does not
// depend on how the session keeps them.

func reasonsRequired(st *sessions.State) bool { return st.ReasonsRequired }

func prioritiesHidden(st *sessions.State) bool { return st.PrioritiesHidden }

// votesOf is every vote, in the order cast, each vote's points in the
// place's order of outcomes (never map order).
func votesOf(st *sessions.State) []Vote {
	var out []Vote
	for _, v := range st.Priorities {
		x := Vote{Seq: v.Seq, By: v.By, Panel: v.Panel, Time: v.Time, Points: []Points{}}
		for _, o := range st.Place.Outcomes {
			if n := v.Points[o.ID]; n != 0 {
				x.Points = append(x.Points, Points{Outcome: o.ID, Points: n})
			}
		}
		// Points on an outcome the place no longer has, by id, so none is lost.
		var extra []string
		for id := range v.Points {
			if st.Place.OutcomeIndex(id) < 0 {
				extra = append(extra, id)
			}
		}
		slices.Sort(extra)
		for _, id := range extra {
			x.Points = append(x.Points, Points{Outcome: id, Points: v.Points[id]})
		}
		out = append(out, x)
	}
	slices.SortStableFunc(out, func(a, b Vote) int { return int(a.Seq) - int(b.Seq) })
	return out
}

// combinedPriorities is the session's own combination, so the plan shows
// the weights the workshop saw.
func combinedPriorities(st *sessions.State, votes []Vote) map[string]float64 {
	if w := st.CombinedPriorities(); w != nil {
		return w
	}
	return combinePoints(votes)
}

func gainAgreementsOf(st *sessions.State) []gainAgreement {
	var out []gainAgreement
	for _, g := range st.GainShares {
		out = append(out, gainAgreement{Seq: g.Seq, By: g.By, Saver: g.Saver, Investor: g.Investor, Share: g.Share, Years: g.Years, Why: g.Why, Time: g.Time})
	}
	return out
}

func asksIn(st *sessions.State) []Ask {
	var out []Ask
	for _, a := range st.Asks {
		out = append(out, Ask{Seq: a.Seq, By: a.By, Time: a.Time, From: a.Move.From, To: a.Move.To, Amount: a.Move.Amount,
			StartYear: startYear(st.Place, a.Move), Why: a.Why, move: a.Move})
	}
	return out
}

// signOffsIn is each participant's latest sign-off, in the order made.
func signOffsIn(st *sessions.State) []Signature {
	var out []Signature
	for _, s := range st.SignOffs {
		out = append(out, Signature{Seq: s.Seq, Who: s.Who, Agreed: s.Agreed, Comment: strings.TrimSpace(s.Comment), Time: s.Time})
	}
	slices.SortStableFunc(out, func(a, b Signature) int { return int(a.Seq) - int(b.Seq) })
	return out
}
