package model_test

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"totalplace/model"
	sampleplaces "totalplace/sample-places"
)

func param(v float64) model.Param {
	return model.Param{Value: v, Low: v * 0.5, High: v * 1.5, Assumption: "synthetic benchmark place"}
}

// englandSized builds a place the size of England: 32,844 neighbourhoods,
// 25 silos, 10 outcomes, 10 years, each outcome driven by five silos.
func englandSized() *model.Place {
	rng := rand.New(rand.NewSource(1))
	p := &model.Place{ID: "england", Name: "England-sized", BaseYear: 2026, HorizonYears: 10, DiscountRate: param(0.035)}
	for a := 0; a < 5; a++ {
		p.Agencies = append(p.Agencies, model.Agency{ID: fmt.Sprint("a", a), Name: fmt.Sprint("Agency ", a), Kind: "other"})
	}
	for s := 0; s < 25; s++ {
		p.Silos = append(p.Silos, model.Silo{ID: fmt.Sprint("s", s), Name: fmt.Sprint("Silo ", s), Agency: fmt.Sprint("a", s%5),
			Budget: param(1e9 + float64(s)*1e8), Fixed: param(5e8), FixedReason: "ring-fenced grant", Distribution: "need"})
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
		p.Need.ByDecile[d] = param(2 - float64(d)/9)
	}
	for o := 0; o < 10; o++ {
		p.Outcomes = append(p.Outcomes, model.Outcome{ID: fmt.Sprint("o", o), Name: fmt.Sprint("Outcome ", o), RateBase: "percent", Cohort: "working_age",
			Baseline: model.Baseline{D1: param(20), D10: param(5), Shape: "geometric"}, Min: math.Inf(-1), Max: math.Inf(1)})
		for k := 0; k < 5; k++ {
			p.Effects = append(p.Effects, model.Effect{Silo: fmt.Sprint("s", (o*5+k*3)%25), Outcome: fmt.Sprint("o", o),
				PerMillion: param(-0.001), MaxEffect: param(2), YearsToFull: param(3), Targeting: "need"})
		}
		p.Spillovers = append(p.Spillovers, model.Spillover{Outcome: fmt.Sprint("o", o), Agency: fmt.Sprint("a", o%5), CostPerCase: param(4000), LagYears: param(2), Cashable: param(0.5)})
	}
	p.Index()
	return p
}

// benchMove measures one recalculation after a move, the cost a participant
// waits for, reusing the result as a session does.
func benchMove(b *testing.B, p *model.Place, s model.Scenario) {
	e := model.NewEngine(p)
	r := e.NewResult()
	if err := e.RunInto(s, r); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := e.RunInto(s, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRecalculateEngland(b *testing.B) {
	p := englandSized()
	benchMove(b, p, model.Scenario{Moves: []model.Move{{From: "s3", To: "s0", Amount: 50e6}}})
}

func BenchmarkRecalculateEnglandTenMoves(b *testing.B) {
	p := englandSized()
	var s model.Scenario
	for i := 0; i < 10; i++ {
		s.Moves = append(s.Moves, model.Move{From: fmt.Sprint("s", 2*i+1), To: fmt.Sprint("s", 2*i), Amount: 10e6, Year: 2026 + i%5})
	}
	benchMove(b, p, s)
}

func BenchmarkNewEngineEngland(b *testing.B) {
	p := englandSized()
	b.ReportAllocs()
	for b.Loop() {
		model.NewEngine(p)
	}
}

// BenchmarkRecalculateSample measures each embedded place after one move
// from the NHS into public health.
func BenchmarkRecalculateSample(b *testing.B) {
	for _, id := range sampleplaces.IDs() {
		b.Run(id, func(b *testing.B) {
			p, err := sampleplaces.Load(id)
			if err != nil {
				b.Fatal(err)
			}
			from, to := movableSilos(b, p)
			benchMove(b, p, model.Scenario{Moves: []model.Move{{From: from, To: to, Amount: 10e6}}})
		})
	}
}

// movableSilos picks the silo with most movable money as the source and the
// first preventative silo as the target.
func movableSilos(b *testing.B, p *model.Place) (from, to string) {
	best := -1.0
	for _, s := range p.Silos {
		if s.Movable() > best {
			best, from = s.Movable(), s.ID
		}
		if s.Prevention && to == "" {
			to = s.ID
		}
	}
	if to == "" || to == from {
		b.Fatalf("%s has no preventative silo to move into", p.ID)
	}
	return from, to
}
