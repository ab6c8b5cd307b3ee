package testplace

import (
	"fmt"
	"math"
	"math/rand"

	"totalplace/model"
)

// synthetic is a figure of the England-sized place, marked as made up.
func synthetic(v float64) model.Param {
	return model.Param{Value: v, Low: v * 0.5, High: v * 1.5, Assumption: "synthetic benchmark place"}
}

// England builds a place the size of England: 32,844 neighbourhoods,
// 25 silos, 10 outcomes, 10 years, each outcome driven by five silos.
func England() *model.Place {
	rng := rand.New(rand.NewSource(1))
	p := &model.Place{ID: "england", Name: "England-sized", BaseYear: 2026, HorizonYears: 10, DiscountRate: synthetic(0.035)}
	for a := 0; a < 5; a++ {
		p.Agencies = append(p.Agencies, model.Agency{ID: fmt.Sprint("a", a), Name: fmt.Sprint("Agency ", a), Kind: "other"})
	}
	for s := 0; s < 25; s++ {
		p.Silos = append(p.Silos, model.Silo{ID: fmt.Sprint("s", s), Name: fmt.Sprint("Silo ", s), Agency: fmt.Sprint("a", s%5),
			Budget: synthetic(1e9 + float64(s)*1e8), Fixed: synthetic(5e8), FixedReason: "ring-fenced grant", Distribution: "need"})
	}
	for n := 0; n < 32844; n++ {
		var nb model.Neighbourhood
		nb.Code = fmt.Sprintf("E%08d", n)
		nb.Population = float64(1000 + rng.Intn(2000))
		nb.Children, nb.Age16to59, nb.Age60Plus, nb.WorkingAge = nb.Population*0.2, nb.Population*0.6, nb.Population*0.2, nb.Population*0.6
		nb.IMDRank = n + 1
		for d := range nb.Deciles {
			nb.Deciles[d] = 1 + rng.Intn(10)
		}
		p.Neighbourhoods = append(p.Neighbourhoods, nb)
	}
	for d := 0; d < 10; d++ {
		p.Need.ByDecile[d] = synthetic(2 - float64(d)/9)
	}
	for o := 0; o < 10; o++ {
		p.Outcomes = append(p.Outcomes, model.Outcome{ID: fmt.Sprint("o", o), Name: fmt.Sprint("Outcome ", o), RateBase: "percent", Cohort: "working_age",
			Baseline: model.Baseline{D1: synthetic(20), D10: synthetic(5), Shape: "geometric"}, Min: math.Inf(-1), Max: math.Inf(1)})
		for k := 0; k < 5; k++ {
			p.Effects = append(p.Effects, model.Effect{Silo: fmt.Sprint("s", (o*5+k*3)%25), Outcome: fmt.Sprint("o", o),
				PerMillion: synthetic(-0.001), MaxEffect: synthetic(2), YearsToFull: synthetic(3), Targeting: "need"})
		}
		p.Spillovers = append(p.Spillovers, model.Spillover{Outcome: fmt.Sprint("o", o), Agency: fmt.Sprint("a", o%5), CostPerCase: synthetic(4000), LagYears: synthetic(2), Cashable: synthetic(0.5)})
	}
	p.Index()
	return p
}
