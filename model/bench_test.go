package model_test

import (
	"fmt"
	"testing"

	"totalplace/internal/testplace"
	"totalplace/model"
	sampleplaces "totalplace/sample-places"
)

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
	p := testplace.England()
	benchMove(b, p, model.Scenario{Moves: []model.Move{{From: "s3", To: "s0", Amount: 50e6}}})
}

func BenchmarkRecalculateEnglandTenMoves(b *testing.B) {
	p := testplace.England()
	var s model.Scenario
	for i := 0; i < 10; i++ {
		s.Moves = append(s.Moves, model.Move{From: fmt.Sprint("s", 2*i+1), To: fmt.Sprint("s", 2*i), Amount: 10e6, Year: 2026 + i%5})
	}
	benchMove(b, p, s)
}

func BenchmarkNewEngineEngland(b *testing.B) {
	p := testplace.England()
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

// BenchmarkEngineOverPreparedEngland is what one more engine (a preview's,
// a session's) costs once the place is prepared: scratch space only.
func BenchmarkEngineOverPreparedEngland(b *testing.B) {
	pr := model.Prepare(testplace.England())
	b.ReportAllocs()
	for b.Loop() {
		pr.NewEngine()
	}
}

// BenchmarkPreviewEngland is a preview's run on an England-sized place: a
// light result (no neighbourhood grid) of a workshop-sized scenario.
func BenchmarkPreviewEngland(b *testing.B) {
	p := testplace.England()
	e := model.Prepare(p).NewEngine()
	s := model.Scenario{Moves: []model.Move{{From: "s0", To: "s3", Amount: 5e6}, {From: "s1", To: "s6", Amount: 2e6, Year: 2028}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.RunLight(s); err != nil {
			b.Fatal(err)
		}
	}
}
