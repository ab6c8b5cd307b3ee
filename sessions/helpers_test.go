package sessions

import (
	"errors"
	"fmt"
	"math"
	"os"
	"testing"

	"totalplace/model"
)

func cited(v float64) model.Param {
	return model.Param{Value: v, Low: v * 0.5, High: v * 1.5, Source: "test"}
}

// smallPlace has five silos (one wholly fixed, one with a floor), eight
// neighbourhoods across the deciles, one outcome moved by prevention, and a pool.
func smallPlace() *model.Place {
	p := &model.Place{
		ID: "small", Name: "Small", Kind: "unitary", BaseYear: 2026, HorizonYears: 6,
		DiscountRate: cited(0.035),
		Sources:      []model.Source{{ID: "test", Title: "test"}},
		Agencies: []model.Agency{
			{ID: "nhs", Name: "NHS", Level: "local", Kind: "nhs"},
			{ID: "council", Name: "Council", Level: "local", Kind: "local-authority"},
			{ID: "dwp", Name: "DWP", Level: "national", Kind: "welfare"},
		},
		Silos: []model.Silo{
			{ID: "acute", Name: "Acute care", Agency: "nhs", Type: "service", Budget: cited(100e6), Fixed: cited(60e6), FixedReason: "ring-fenced grant", Distribution: "need"},
			{ID: "prevention", Name: "Prevention", Agency: "council", Type: "service", Budget: cited(10e6), Prevention: true, Distribution: "need"},
			{ID: "youth", Name: "Youth services", Agency: "council", Type: "service", Budget: cited(8e6), Distribution: "children"},
			{ID: "other", Name: "Other council services", Agency: "council", Type: "service", Budget: cited(30e6), Floor: cited(25e6), Distribution: "population"},
			{ID: "pension", Name: "State pension", Agency: "dwp", Type: "transfer", Budget: cited(50e6), Fixed: cited(50e6), FixedReason: "entitlement", Distribution: "age60_plus"},
		},
		Outcomes: []model.Outcome{
			{ID: "neet", Name: "NEET rate", Unit: "%", RateBase: "percent", Cohort: "age16_59",
				Baseline: model.Baseline{D1: cited(20), D10: cited(2), Shape: "linear"}, Min: math.Inf(-1), Max: math.Inf(1)},
		},
		Effects: []model.Effect{
			{Silo: "prevention", Outcome: "neet", PerMillion: cited(-0.5), MaxEffect: cited(5), YearsToFull: cited(2), Targeting: "need"},
			{Silo: "youth", Outcome: "neet", PerMillion: cited(-0.3), MaxEffect: cited(3), YearsToFull: cited(3), Targeting: "per_head"},
		},
		Spillovers: []model.Spillover{
			{Outcome: "neet", Agency: "dwp", CostPerCase: cited(4000), LagYears: cited(1), Cashable: cited(0.5)},
		},
		Pools: []model.Pool{
			{ID: "young", Name: "Young people", Silos: []string{"prevention", "youth"}, CohortSpend: cited(8e6), AdminCost: cited(4e5), Saving: cited(2e6), YearsToFull: cited(2)},
		},
	}
	deciles := []int{1, 2, 3, 5, 6, 8, 9, 10}
	for i, d := range deciles {
		var nb model.Neighbourhood
		nb.Code = fmt.Sprintf("E0100000%d", i)
		nb.Name = fmt.Sprintf("Area %d", i)
		nb.Population, nb.Children, nb.Age16to59, nb.Age60Plus, nb.WorkingAge = 1500, 300, 900, 300, 900
		nb.IMDRank = d * 3000
		for dm := range nb.Deciles {
			nb.Deciles[dm] = d
		}
		p.Neighbourhoods = append(p.Neighbourhoods, nb)
	}
	for d := 1; d <= 10; d++ {
		p.Need.ByDecile[d-1] = model.Param{Value: 2 - float64(d-1)/9, Assumption: "test"}
	}
	p.Index()
	return p
}

func loadSmall(ref string) (*model.Place, error) {
	if ref != "small" {
		return nil, fmt.Errorf("no place %q", ref)
	}
	return smallPlace(), nil
}

func mv(from, to string, amount float64) MoveMoney {
	return MoveMoney{Move: model.Move{From: from, To: to, Amount: amount}}
}

func newSolo(t testing.TB) (*Session, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := Create(dir, "small", smallPlace(), Participant{ID: "you", Name: "Me"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, dir
}

func mustDo(t testing.TB, s *Session, who string, cmd Command) {
	t.Helper()
	if err := s.Do(who, cmd); err != nil {
		t.Fatalf("Do(%s, %#v): %v", who, cmd, err)
	}
}

func reopen(t testing.TB, s *Session, dir string) *Session {
	t.Helper()
	id := s.ID()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s2, err := Open(dir, id, loadSmall)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s2.Close() })
	return s2
}

func fileSize(t testing.TB, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func kinds(st *State) []string {
	var ks []string
	for _, ev := range st.History {
		ks = append(ks, ev.Kind)
	}
	return ks
}

func asMoveError(err error) *model.MoveError {
	var me *model.MoveError
	if errors.As(err, &me) {
		return me
	}
	return nil
}
