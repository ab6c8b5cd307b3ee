package plan

import (
	"slices"
	"sort"
	"time"

	"totalplace/model"
	"totalplace/report"
	"totalplace/sessions"
)

// Priorities are the community's priorities: each vote (a participant's,
// or a community panel's entered by the facilitator), the combined
// weights, and the plan's priority-weighted score against carrying on as
// now (which scores 0).
type Priorities struct {
	Hidden   bool       `json:"hidden"`
	Votes    []Vote     `json:"votes"`
	Combined []Weight   `json:"combined"`
	Score    float64    `json:"score"`
	ByOut    []Weighted `json:"by_outcome"`
	Method   string     `json:"method"`
}

// Vote is one set of points across the outcomes (10 in all).
type Vote struct {
	Seq    uint64    `json:"seq"`
	By     string    `json:"by"`
	Name   string    `json:"name"`
	Panel  string    `json:"panel"`
	Points []Points  `json:"points"`
	Time   time.Time `json:"time"`
}

// Points are one vote's points on one outcome.
type Points struct {
	Outcome string `json:"outcome"`
	Points  int    `json:"points"`
}

// Weight is an outcome's combined weight (the weights sum to 1).
type Weight struct {
	Outcome string  `json:"outcome"`
	Name    string  `json:"name"`
	Weight  float64 `json:"weight"`
}

// Weighted is one outcome's part of the score: its change at the horizon
// as a percentage of where it starts, signed so better is positive, and
// that times its weight.
type Weighted struct {
	Outcome      string  `json:"outcome"`
	Weight       float64 `json:"weight"`
	Change       float64 `json:"change_percent"`
	Contribution float64 `json:"contribution"`
}

// scoreMethod says how the score is made, for every format to show.
const scoreMethod = "Each outcome's change by the horizon as a percentage of its level now, positive when better, times its combined weight, summed " +
	"(an outcome that starts at zero has no percentage and is left out). Carrying on as now scores 0. Each vote's points count as shares of its 10, and the votes are averaged."

func prioritiesOf(st *sessions.State, res *model.Result, outs []Outcome) Priorities {
	pr := Priorities{Hidden: prioritiesHidden(st), Votes: []Vote{}, Combined: []Weight{}, ByOut: []Weighted{}, Method: scoreMethod}
	votes := votesOf(st)
	ps := participantsOf(st)
	for _, v := range votes {
		v.Name = nameOf(ps, v.By)
		pr.Votes = append(pr.Votes, v)
	}
	w := combinedPriorities(st, votes)
	if len(w) == 0 {
		return pr
	}
	// The score is report.PriorityScore's, as the workshop showed it.
	score, parts := report.PriorityScore(st.Place, res, w)
	pr.Score = score
	for _, o := range outs {
		pr.Combined = append(pr.Combined, Weight{Outcome: o.ID, Name: o.Name, Weight: ratio(w[o.ID])})
		for _, x := range parts {
			if x.Outcome == o.ID {
				pr.ByOut = append(pr.ByOut, Weighted{Outcome: o.ID, Weight: ratio(x.Weight), Change: value(x.Improvement), Contribution: value(x.Weight * x.Improvement)})
			}
		}
	}
	pr.Score = value(pr.Score)
	return pr
}

// combinePoints is the simplest honest combination: each vote's points as
// shares of its total, averaged over the votes, so every voter counts the
// same however they spread their points.
func combinePoints(votes []Vote) map[string]float64 {
	w := map[string]float64{}
	n := 0
	for _, v := range votes {
		total := 0
		for _, p := range v.Points {
			total += p.Points
		}
		if total <= 0 {
			continue
		}
		n++
		for _, p := range v.Points {
			w[p.Outcome] += float64(p.Points) / float64(total)
		}
	}
	if n == 0 {
		return nil
	}
	for k := range w {
		w[k] /= float64(n)
	}
	return w
}

// Asks are the moves the place cannot make because the money is set
// nationally, recorded as asks of the centre, totalled by department.
type Asks struct {
	Asks         []Ask        `json:"asks"`
	ByDepartment []Department `json:"by_department"`
	Total        float64      `json:"total"`
	Note         string       `json:"note"`
}

// Ask is one ask: the move, who asked and why, why the place cannot make
// it today, and what it would do to the outcomes if it were allowed.
type Ask struct {
	Seq            uint64       `json:"seq"`
	By             string       `json:"by"`
	Name           string       `json:"name"`
	Time           time.Time    `json:"time"`
	From           string       `json:"from"`
	FromName       string       `json:"from_name"`
	To             string       `json:"to"`
	ToName         string       `json:"to_name"`
	Amount         float64      `json:"amount"`
	StartYear      int          `json:"start_year"`
	Department     string       `json:"department"`
	DepartmentName string       `json:"department_name"`
	Blocked        string       `json:"blocked"` // why it cannot be made today
	Why            string       `json:"why"`
	AsIfAllowed    []AskOutcome `json:"as_if_allowed"`
	move           model.Move   // as recorded, targeting and all
}

// AskOutcome is an outcome's change at the horizon if the ask were
// allowed, on top of the plan's allocation. Not allowed today.
type AskOutcome struct {
	Outcome   string  `json:"outcome"`
	Change    float64 `json:"change"`
	Direction string  `json:"direction"`
}

// Department is the asks of one department (the agency whose nationally
// set money they would free), totalled.
type Department struct {
	Agency string  `json:"agency"`
	Name   string  `json:"name"`
	Asks   int     `json:"asks"`
	Amount float64 `json:"amount"` // £ a year
}

const asksNote = "Not allowed today: each ask's outcomes are computed as if the centre granted the flexibility (the fixed part and floor of the service it comes from released, a transfer's rate set locally), on top of the plan's allocation."

func asksOf(st *sessions.State, a allocation) Asks {
	p := st.Place
	out := Asks{Asks: []Ask{}, ByDepartment: []Department{}, Note: asksNote}
	ps := participantsOf(st)
	for _, x := range asksIn(st) {
		x.Name = nameOf(ps, x.By)
		x.FromName, x.ToName = siloName(p, x.From), siloName(p, x.To)
		x.Department = report.AskDepartment(p, x.move)
		x.DepartmentName = report.AgencyName(p, x.Department)
		x.Blocked = blockedBecause(p, x.From, x.To)
		x.AsIfAllowed = asIfAllowed(p, a, x.move)
		x.Amount = money(x.Amount)
		out.Asks = append(out.Asks, x)
		out.Total += x.Amount
		k := slices.IndexFunc(out.ByDepartment, func(d Department) bool { return d.Agency == x.Department })
		if k < 0 {
			out.ByDepartment = append(out.ByDepartment, Department{Agency: x.Department, Name: x.DepartmentName})
			k = len(out.ByDepartment) - 1
		}
		out.ByDepartment[k].Asks++
		out.ByDepartment[k].Amount += x.Amount
	}
	sort.SliceStable(out.ByDepartment, func(i, j int) bool { return out.ByDepartment[i].Amount > out.ByDepartment[j].Amount })
	return out
}

// blockedBecause says why the place cannot make a move locally.
func blockedBecause(p *model.Place, from, to string) string {
	if i := p.SiloIndex(to); i >= 0 && p.Silos[i].Type.IsTransfer() {
		return p.Silos[i].Name + " is a transfer payment set nationally: no money can be moved into it locally"
	}
	if i := p.SiloIndex(from); i >= 0 {
		s := p.Silos[i]
		why := s.FixedReason
		if why == "" {
			why = "fixed"
		}
		return s.Name + ": " + model.FormatMoney(s.Locked()) + " a year is " + why
	}
	return "the money is set nationally"
}

// asIfAllowed is each outcome's change at the horizon if the ask were
// allowed on top of the plan, from report.AsIfAllowed (the fixed part and
// floor of the source released, a transfer topped up). Empty when even so
// the model refuses it.
func asIfAllowed(p *model.Place, a allocation, mv model.Move) []AskOutcome {
	out := []AskOutcome{}
	r, err := report.AsIfAllowed(p, a.scenario, mv)
	if err != nil {
		return out
	}
	for i := range r.Outcomes {
		d := r.Outcomes[i].Change() - a.result.Outcomes[i].Change()
		out = append(out, AskOutcome{Outcome: r.Outcomes[i].ID, Change: value(d), Direction: direction(value(d), p.Outcomes[i].HigherIsBetter)})
	}
	return out
}

// SignOff is each partner's sign-off of the plan (their latest), and who
// has not yet signed.
type SignOff struct {
	Agreed    int         `json:"agreed"`
	NotAgreed int         `json:"not_agreed"`
	Records   []Signature `json:"records"`
	// Awaiting are the facilitator and partners with no sign-off.
	Awaiting []string `json:"awaiting"`
}

// Signature is one participant's sign-off.
type Signature struct {
	Seq     uint64    `json:"seq"`
	Who     string    `json:"who"`
	Name    string    `json:"name"`
	Agency  string    `json:"agency"`
	Agreed  bool      `json:"agreed"`
	Comment string    `json:"comment"`
	Time    time.Time `json:"time"`
	// ChangedSince says the allocation changed after this sign-off: it
	// was given to another plan.
	ChangedSince bool `json:"changed_since"`
}

func signOffOf(st *sessions.State, ps []Participant) SignOff {
	so := SignOff{Records: []Signature{}, Awaiting: []string{}}
	signed := map[string]bool{}
	for _, s := range signOffsIn(st) {
		s.Name = nameOf(ps, s.Who)
		s.ChangedSince = st.ChangedSince(s.Seq)
		if k := slices.IndexFunc(ps, func(q Participant) bool { return q.ID == s.Who }); k >= 0 {
			s.Agency = ps[k].AgencyName
		}
		if s.Agreed {
			so.Agreed++
		} else {
			so.NotAgreed++
		}
		signed[s.Who] = true
		so.Records = append(so.Records, s)
	}
	for _, q := range ps {
		if !q.Removed && q.Role != string(sessions.RoleObserver) && !signed[q.ID] {
			so.Awaiting = append(so.Awaiting, nameOf(ps, q.ID))
		}
	}
	return so
}
