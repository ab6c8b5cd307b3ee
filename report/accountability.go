package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"totalplace/model"
)

// PriorityPart is one outcome's part in a priority-weighted score.
type PriorityPart struct {
	Outcome string
	Weight  float64 // its share of the priorities, 0–1
	// Improvement is the outcome's change at the horizon against carrying
	// on as now, as a percentage of where it starts, positive when better.
	Improvement float64
}

// PriorityScore weighs each outcome's improvement on carrying on as now
// by the workshop's priorities: the weighted mean of the outcomes'
// percentage improvements, so outcomes in different units (years, rates
// per 1,000) can be added. An outcome that starts at zero has no
// percentage and is left out, and says so by its absence from parts.
func PriorityScore(p *model.Place, r *model.Result, weights map[string]float64) (score float64, parts []PriorityPart) {
	if r == nil {
		return 0, nil
	}
	for i := range r.Outcomes {
		o := &r.Outcomes[i]
		w := weights[o.ID]
		k := p.OutcomeIndex(o.ID)
		if w <= 0 || k < 0 || o.Baseline == 0 {
			continue
		}
		imp := o.Change() / math.Abs(o.Baseline) * 100
		if !p.Outcomes[k].HigherIsBetter {
			imp = -imp
		}
		parts = append(parts, PriorityPart{Outcome: o.ID, Weight: w, Improvement: imp})
		score += w * imp
	}
	slices.SortStableFunc(parts, func(a, b PriorityPart) int { return cmp.Compare(b.Weight, a.Weight) })
	return score, parts
}

// AskDepartment is the national department an ask of the centre is
// addressed to: whoever sets the money that may not move. Taking from a
// fixed part asks its agency; topping up a transfer asks the agency that
// sets its rate.
func AskDepartment(p *model.Place, ask model.Move) string {
	if i := p.SiloIndex(ask.To); i >= 0 && p.Silos[i].Type.IsTransfer() {
		return p.Silos[i].Agency
	}
	if i := p.SiloIndex(ask.From); i >= 0 {
		return p.Silos[i].Agency
	}
	return ""
}

// AskTotal is what a place asks of one department.
type AskTotal struct {
	Agency string
	Asks   int
	Amount float64 // £ a year, summed over the asks
}

// AsksByDepartment totals asks of the centre by the department they are
// addressed to, largest first: the reform at the centre the place needs.
func AsksByDepartment(p *model.Place, asks []model.Move) []AskTotal {
	var out []AskTotal
	for _, a := range asks {
		d := AskDepartment(p, a)
		i := slices.IndexFunc(out, func(t AskTotal) bool { return t.Agency == d })
		if i < 0 {
			out = append(out, AskTotal{Agency: d})
			i = len(out) - 1
		}
		out[i].Asks++
		out[i].Amount += a.Amount
	}
	slices.SortStableFunc(out, func(a, b AskTotal) int { return cmp.Compare(b.Amount, a.Amount) })
	return out
}

// AsIfAllowed runs the allocation sc with the ask's move added, on a copy
// of the place in which the centre has granted the flexibility: the source
// silo's fixed part and floor are released and a transfer may be topped
// up. What it shows is not allowed today, and a caller must say so.
func AsIfAllowed(p *model.Place, sc model.Scenario, ask model.Move) (*model.Result, error) {
	from, to := p.SiloIndex(ask.From), p.SiloIndex(ask.To)
	if from < 0 || to < 0 {
		return nil, fmt.Errorf("an ask from %q to %q: both must be silos of %s", ask.From, ask.To, p.Name)
	}
	q := *p
	q.Silos = slices.Clone(p.Silos)
	q.Silos[from].Fixed, q.Silos[from].Floor = model.Param{Assumption: "released by the centre, as asked"}, model.Param{}
	if q.Silos[to].Type.IsTransfer() {
		q.Silos[to].Type = model.SiloService // its rate set locally, as asked
	}
	// q shares p's indices: no silo moved.
	moves := append(slices.Clip(sc.Moves), ask)
	return model.Prepare(&q).NewEngine().Run(model.Scenario{Moves: moves, Pools: sc.Pools})
}
