package model

import (
	"math"
	"math/rand"
	"testing"
)

// TestReviewInvariantsTargetedNeighbourhoods extends TestInvariants to
// neighbourhood-list targeting (with and without the most deprived fifth),
// need-weighted effects, and the fifth means, gap and SII that must agree
// with the neighbourhood grid.
func TestReviewInvariantsTargetedNeighbourhoods(t *testing.T) {
	p := tinyPlace()
	// Unequal populations and cohorts so weights matter.
	for i := range p.Neighbourhoods {
		nb := &p.Neighbourhoods[i]
		nb.Population = float64(800 + 300*i)
		nb.Children = float64(100 + 70*((i*3)%5))
		nb.Age16to59 = nb.Population * 0.6
		nb.WorkingAge = nb.Population * 0.55
	}
	p.Outcomes[0].Cohort = "children"
	p.Effects[0].Targeting = "need"
	p.Index()
	e := NewEngine(p)
	r := e.NewResult()
	rng := rand.New(rand.NewSource(11))
	movable := []string{"acute", "prevention", "other"}
	codes := []string{"A", "B", "C", "D", "E"}
	years := len(r.Years)
	for trial := 0; trial < 400; trial++ {
		var s Scenario
		for i := rng.Intn(5); i >= 0; i-- {
			from, to := movable[rng.Intn(3)], movable[rng.Intn(3)]
			if from == to {
				continue
			}
			m := Move{From: from, To: to, Amount: float64(1+rng.Intn(30)) * 1e5, Year: 2026 + rng.Intn(6)}
			switch rng.Intn(4) {
			case 0:
				m.Target = Targeting{MostDeprivedFifth: true}
			case 1:
				m.Target = Targeting{Neighbourhoods: []string{codes[rng.Intn(5)], codes[rng.Intn(5)]}}
			case 2:
				m.Target = Targeting{MostDeprivedFifth: true, Neighbourhoods: []string{codes[rng.Intn(5)]}}
			}
			s.Moves = append(s.Moves, m)
		}
		if err := e.RunInto(s, r); err != nil {
			continue
		}
		for o, or := range r.Outcomes {
			op := &e.outcomes[o]
			for y := 0; y < years; y++ {
				change := or.Place[Central][y] - or.Baseline
				var byMove, grid float64
				for _, m := range or.ByMove {
					byMove += m[y]
				}
				var fs, fc [5]float64
				for n := range p.Neighbourhoods {
					v := or.Neighbourhood[n*years+y]
					grid += v * op.cohort[n]
					fs[e.fifth[n]] += v * op.cohort[n]
					fc[e.fifth[n]] += op.cohort[n]
				}
				near(t, "by move", byMove, change, 1e-9)
				near(t, "grid mean", grid/op.cohortTotal, or.Place[Central][y], 1e-9)
				for q := range fs {
					near(t, "fifth mean", fs[q]/fc[q], or.Fifths[q][y], 1e-9)
				}
				near(t, "gap", or.Gap[Central][y], op.orient*(or.Fifths[4][y]-or.Fifths[0][y]), 1e-9)
				var sii float64
				for n := range p.Neighbourhoods {
					sii += op.siiCoef[n] * or.Neighbourhood[n*years+y]
				}
				near(t, "sii", or.SII[Central][y], op.orient*sii, 1e-9)
			}
		}
		var share float64
		for _, f := range r.NeedSpend {
			share += f.SpendScenario
		}
		near(t, "spend shares", share, 1, 1e-9)
		if t.Failed() {
			t.Fatalf("scenario %+v", s)
		}
	}
}

// TestReviewNeverPaysBackNeedsAnInvestment: result.go documents
// NeverPaysBack as "invested and not paid back within the horizon", but
// closeLedger sets it for any agency whose cumulative net ends negative, so
// an agency that gives up nothing and only bears knock-on costs (DWP when
// prevention is cut) is shown "never pays back" in the ledger panel and
// "not by YEAR" in the report.
func TestReviewNeverPaysBackNeedsAnInvestment(t *testing.T) {
	r := run(t, tinyPlace(), Scenario{Moves: []Move{{From: "prevention", To: "acute", Amount: 2e6}}})
	dwp := r.Ledger[2]
	if dwp.Invested != 0 {
		t.Fatalf("DWP invested %v; the test expects none", dwp.Invested)
	}
	if last := dwp.Cumulative[len(dwp.Cumulative)-1]; last >= 0 {
		t.Fatalf("DWP cumulative %v; the test expects knock-on costs", last)
	}
	if dwp.NeverPaysBack {
		t.Errorf("DWP invested nothing (it only bears costs of %s), yet NeverPaysBack is set", FormatMoney(dwp.TotalSavings))
	}
}

// TestReviewZeroNeedWeightsKeepPlaceAndGridTogether: need weights of 0 are
// accepted (ruleNonNeg), and when every neighbourhood's need weight is 0 a
// need-targeted effect's weights cannot be normalised, so the place mean
// moves while no neighbourhood, fifth or gap does: the neighbourhood values
// no longer aggregate to the place mean.
func TestReviewZeroNeedWeightsKeepPlaceAndGridTogether(t *testing.T) {
	p := tinyPlace()
	for d := range p.Need.ByDecile {
		p.Need.ByDecile[d] = Param{Value: 0, Assumption: "test"}
	}
	r := run(t, p, Scenario{Moves: []Move{{From: "other", To: "acute", Amount: 5e6}}})
	le := r.Outcomes[1] // acute → life expectancy, targeted by need
	years := len(r.Years)
	var grid float64
	for n := range p.Neighbourhoods {
		grid += le.Neighbourhood[n*years+years-1] * p.Neighbourhoods[n].Population
	}
	grid /= 5000
	if math.Abs(grid-le.Place[Central][years-1]) > 1e-9 {
		t.Errorf("place mean %v but neighbourhoods average %v (change %v lands nowhere)", le.Place[Central][years-1], grid, le.Change())
	}
}
