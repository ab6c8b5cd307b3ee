// Package report says what a result means, in the words the CLI, the
// workshop screen and the plan export share: the headline shares, who
// invests and who saves, and when money moved into prevention pays off in
// another agency's budget (the prevention penalty). It reads the model's
// results; it decides no rule and runs no engine.
package report

import (
	"fmt"

	"totalplace/model"
)

// Headline is a place's public spend at a glance under an allocation.
type Headline struct {
	Total      float64 // £ a year, unchanged by any move
	Population float64 // 0 when the place gives none
	// LocalAuthority is what flows through local authorities, £ a year at
	// the horizon of the allocation: moves between agencies change it.
	LocalAuthority float64
	Movable        float64 // what can move locally, £ a year, before any move
	Moves, Pools   int     // moves in effect and pools switched on
}

// HeadlineOf is the headline of allocation sc, whose result is r (nil
// for no moves: budgets as they are).
func HeadlineOf(p *model.Place, sc model.Scenario, r *model.Result) Headline {
	h := Headline{Total: p.TotalSpend(), Population: p.Population.Value, Moves: len(sc.Moves), Pools: len(sc.Pools)}
	for i, s := range p.Silos {
		if a := p.AgencyIndex(s.Agency); a >= 0 && p.Agencies[a].Kind.IsLocalAuthority() {
			h.LocalAuthority += allocatedAtHorizon(p, r, i)
		}
		h.Movable += max(s.Movable(), 0)
	}
	return h
}

// PerHead is the total per person, 0 when the population is unknown.
func (h Headline) PerHead() float64 {
	if h.Population <= 0 {
		return 0
	}
	return h.Total / h.Population
}

// LocalShare is the share of the total through local authorities.
func (h Headline) LocalShare() float64 { return share(h.LocalAuthority, h.Total) }

// MovableShare is the share of the total that can move locally.
func (h Headline) MovableShare() float64 { return share(h.Movable, h.Total) }

func share(part, total float64) float64 {
	if total <= 0 {
		return 0
	}
	return part / total
}

// allocatedAtHorizon is silo i's £ a year in the last year of r, or its
// budget when there is no result.
func allocatedAtHorizon(p *model.Place, r *model.Result, i int) float64 {
	if r == nil || i >= len(r.Silos) || len(r.Silos[i].Allocated) == 0 {
		return p.Silos[i].Budget.Value
	}
	a := r.Silos[i].Allocated
	return a[len(a)-1]
}

// Period names the horizon a result's totals cover: "over 10 years,
// 2026–2035".
func Period(p *model.Place, r *model.Result) string {
	n := len(r.Years)
	return fmt.Sprintf("over %d %s, %d–%d", n, Plural(n, "year", "years"), p.BaseYear, p.BaseYear+n-1)
}

// AgencyName is an agency's short label, for lines read at a glance.
func AgencyName(p *model.Place, id string) string {
	if a := p.AgencyIndex(id); a >= 0 {
		return p.Agencies[a].Label()
	}
	return id
}

// Plural picks the word for n.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
