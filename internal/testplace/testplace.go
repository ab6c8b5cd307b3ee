// Package testplace builds a county-sized place in code for the TUI's tests
// and benchmarks, so they run without place files.
package testplace

import (
	"fmt"
	"math"
	"math/rand"

	"totalplace/model"
)

func cited(v float64) model.Param {
	return model.Param{Value: v, Low: v, High: v, Source: "test"}
}

func ranged(lo, v, hi float64) model.Param {
	return model.Param{Value: v, Low: lo, High: hi, Source: "test"}
}

// New returns "Testshire": six agencies, sixteen silos (some fixed, one
// with a floor, one wholly an entitlement, one whose budget is assumed),
// four outcomes (one with an assumed baseline), spillovers that land
// savings on other agencies years later, a pool, and n neighbourhoods.
func New(n int) *model.Place {
	p := &model.Place{
		ID: "testshire", Name: "Testshire", Kind: "county", Region: "Midlands", Illustrative: true,
		Description:  "A made-up county for tests: budgets are round numbers, effects are assumptions.",
		Population:   cited(580000),
		PriceYear:    "2017-18",
		BaseYear:     2026,
		HorizonYears: 10,
		DiscountRate: cited(0.035),
		Sources: []model.Source{{ID: "test", Title: "Testshire budget book 2025-26", URL: "https://example.org/testshire/budget",
			What: "The county's published budget, with partners' figures."}},
		Agencies: []model.Agency{
			{ID: "dwp", Name: "DWP", Level: "national", Kind: "welfare"},
			{ID: "nhs", Name: "NHS", Level: "local", Kind: "nhs"},
			{ID: "county", Name: "County council", Level: "local", Kind: "local-authority"},
			{ID: "districts", Name: "District councils", Level: "local", Kind: "local-authority"},
			{ID: "police", Name: "Police", Level: "local", Kind: "police"},
			{ID: "schools", Name: "Schools", Level: "national", Kind: "education"},
		},
	}
	silo := func(id, name, agency string, budget, fixed float64, reason string, prevention bool) model.Silo {
		return model.Silo{ID: id, Name: name, Agency: agency, Type: "service", Budget: cited(budget), Fixed: cited(fixed), FixedReason: reason,
			Distribution: "need", Prevention: prevention}
	}
	p.Silos = []model.Silo{
		silo("pension", "State pension", "dwp", 954e6, 954e6, "entitlement", false),
		silo("benefits", "Working-age benefits", "dwp", 610e6, 520e6, "entitlement", false),
		silo("employment", "Employment support", "dwp", 40e6, 10e6, "contract", true),
		silo("acute", "Acute hospital care", "nhs", 720e6, 560e6, "ring-fenced grant", false),
		silo("primary", "Primary care", "nhs", 180e6, 120e6, "contract", false),
		silo("mental", "Mental health", "nhs", 110e6, 60e6, "ring-fenced grant", true),
		silo("asc", "Adult social care", "county", 260e6, 0, "", false),
		silo("childrens", "Children's services", "county", 150e6, 0, "", false),
		silo("publichealth", "Public health", "county", 32e6, 20e6, "ring-fenced grant", true),
		silo("earlyhelp", "Early help", "county", 12e6, 0, "", true),
		silo("housing", "Housing", "districts", 48e6, 0, "", false),
		silo("leisure", "Leisure and culture", "districts", 22e6, 0, "", true),
		silo("policing", "Neighbourhood policing", "police", 120e6, 90e6, "ring-fenced grant", false),
		silo("youth", "Youth justice", "police", 8e6, 0, "", true),
		silo("school", "Schools", "schools", 520e6, 500e6, "ring-fenced grant", false),
		silo("send", "Special needs support", "schools", 70e6, 40e6, "ring-fenced grant", false),
	}
	// Pensions and benefits are transfer payments: money cannot move into them.
	p.Silos[0].Type, p.Silos[1].Type = "transfer", "transfer"
	p.Silos[6].Floor = cited(200e6)
	p.Silos[8].Budget.Note = "ring-fenced grant allocation"
	p.Silos[9].Budget = model.Param{Value: 12e6, Low: 12e6, High: 12e6,
		Assumption: "The budget book has no early help line; a tenth of children's services is assumed", Note: "10% of £120m"}
	inf := math.Inf(1)
	out := func(id, name, unit string, hib bool, base, d1, d10 float64) model.Outcome {
		return model.Outcome{ID: id, Name: name, Unit: unit, HigherIsBetter: hib, RateBase: base2(unit), Cohort: "total",
			Baseline: model.Baseline{D1: cited(d1), D10: cited(d10), Shape: "linear"}, Min: -inf, Max: inf}
	}
	p.Outcomes = []model.Outcome{
		out("le", "Healthy life expectancy", "years", true, 0, 58, 70),
		out("neet", "Young people NEET", "%", false, 0, 9, 2),
		out("emergency", "Emergency admissions", "per 1,000", false, 0, 120, 60),
		out("employment", "Employment rate", "%", true, 0, 62, 82),
	}
	p.Outcomes[2].RateBase = "per_1000"
	p.Outcomes[1].Baseline.D1 = model.Param{Value: 9, Low: 9, High: 9, Assumption: "No NEET rate by decile: assumed"}
	p.Pools = []model.Pool{{
		ID: "neet", Name: "One service for NEET young people", Silos: []string{"employment", "earlyhelp", "youth"},
		CohortSpend: cited(8e6), AdminCost: cited(4e5), Saving: ranged(1.25e6, 2.5e6, 2.5e6),
		YearsToFull: model.Param{Value: 3, Low: 3, High: 3, Assumption: "Three years to merge teams"},
	}}
	eff := func(silo, outcome string, perM, maxE float64, targeting string) model.Effect {
		return model.Effect{Silo: silo, Outcome: outcome, PerMillion: ranged(perM*0.5, perM, perM*1.5), MaxEffect: cited(maxE),
			YearsToFull: cited(3), Targeting: targeting, NeedDomain: model.DomainIMD}
	}
	p.Effects = []model.Effect{
		eff("publichealth", "le", 0.02, 2, "need"),
		eff("mental", "le", 0.005, 1, "need"),
		eff("acute", "le", 0.001, 1, "per_head"),
		eff("earlyhelp", "neet", -0.08, 3, "need"),
		eff("youth", "neet", -0.05, 2, "need"),
		eff("childrens", "neet", -0.01, 2, "need"),
		eff("asc", "emergency", -0.2, 20, "per_head"),
		eff("primary", "emergency", -0.15, 15, "per_head"),
		eff("acute", "emergency", -0.02, 5, "per_head"),
		eff("employment", "employment", 0.05, 4, "need"),
		eff("earlyhelp", "employment", 0.01, 1, "need"),
	}
	p.Spillovers = []model.Spillover{
		{Outcome: "neet", Agency: "dwp", CostPerCase: ranged(3000, 5000, 7000), LagYears: cited(2), Cashable: cited(0.6)},
		{Outcome: "emergency", Agency: "nhs", CostPerCase: ranged(1500, 2500, 3500), LagYears: cited(1), Cashable: cited(0.3)},
		{Outcome: "employment", Agency: "dwp", CostPerCase: ranged(-9000, -7000, -5000), LagYears: cited(1), Cashable: cited(1)},
	}
	rng := rand.New(rand.NewSource(7))
	for i := range n {
		var nb model.Neighbourhood
		nb.Code = fmt.Sprintf("E0100%04d", i)
		nb.Name = fmt.Sprintf("Testshire %03d", i)
		nb.Population = 580000 / float64(n)
		nb.Children, nb.Age16to59, nb.Age60Plus = nb.Population*0.18, nb.Population*0.57, nb.Population*0.25
		nb.WorkingAge = nb.Age16to59
		nb.IMDRank = 1 + rng.Intn(32844)
		d := 1 + (nb.IMDRank-1)*10/32844
		for k := range nb.Deciles {
			nb.Deciles[k] = d
		}
		p.Neighbourhoods = append(p.Neighbourhoods, nb)
	}
	for d := 1; d <= 10; d++ {
		p.Need.ByDecile[d-1] = model.Param{Value: 2 - float64(d-1)/9, Assumption: "test"}
	}
	p.Index()
	return p
}

func base2(unit string) string {
	if unit == "%" {
		return "percent"
	}
	return "none"
}
