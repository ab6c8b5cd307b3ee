package model

import (
	"errors"
	"math/rand"
	"reflect"
	"sync"
	"testing"
)

// randomScenario draws moves among the tiny place's movable silos.
func randomScenario(rng *rand.Rand) Scenario {
	movable := []string{"acute", "prevention", "other"}
	var s Scenario
	for i := rng.Intn(5); i >= 0; i-- {
		from, to := movable[rng.Intn(3)], movable[rng.Intn(3)]
		if from == to {
			continue
		}
		m := Move{From: from, To: to, Amount: float64(1+rng.Intn(30)) * 1e5, Year: 2026 + rng.Intn(6)}
		if rng.Intn(4) == 0 {
			m.Target = Targeting{MostDeprivedFifth: true}
		}
		s.Moves = append(s.Moves, m)
	}
	if rng.Intn(3) == 0 {
		s.Pools = []string{"young"}
	}
	return s
}

// A light run is a full run without the neighbourhood grid: every other
// figure is the same, so previews and saved scenarios show what the
// session would.
func TestLightRunMatchesFullRun(t *testing.T) {
	pr := Prepare(tinyPlace())
	e := pr.NewEngine()
	rng := rand.New(rand.NewSource(11))
	ran := 0
	for trial := 0; trial < 200; trial++ {
		s := randomScenario(rng)
		full, err := e.Run(s)
		light, lerr := e.RunLight(s)
		if (err == nil) != (lerr == nil) {
			t.Fatalf("full run error %v, light run error %v", err, lerr)
		}
		if err != nil {
			continue
		}
		ran++
		for o := range light.Outcomes {
			if light.Outcomes[o].Neighbourhood != nil {
				t.Fatal("a light result has a neighbourhood grid")
			}
			full.Outcomes[o].Neighbourhood = nil
		}
		full.Warnings, light.Warnings = nil, nil // warnings read the grid
		full.gridDirty = nil                     // bookkeeping for the grid only
		if !reflect.DeepEqual(full, light) {
			t.Fatalf("scenario %+v: light result differs from the full one", s)
		}
	}
	if ran < 100 {
		t.Fatalf("only %d of 200 random scenarios ran", ran)
	}
}

// Engines over one Prepared share it read-only: concurrent runs (under
// -race) give exactly what a lone engine gives.
func TestEnginesShareOnePreparation(t *testing.T) {
	pr := Prepare(tinyPlace())
	rng := rand.New(rand.NewSource(3))
	var scenarios []Scenario
	var want []*Result
	for len(scenarios) < 40 {
		s := randomScenario(rng)
		r, err := NewEngine(tinyPlace()).Run(s)
		if err != nil {
			continue
		}
		scenarios, want = append(scenarios, s), append(want, r)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := pr.NewEngine()
			for i, s := range scenarios {
				got, err := e.Run(s)
				if err != nil {
					t.Error(err)
					return
				}
				if !reflect.DeepEqual(got, want[i]) {
					t.Errorf("scenario %d differs when engines share a preparation", i)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// The limits screens show agree with the check that enforces them: a move
// of what CanGive says passes, a little more is refused, and a silo said to
// have nothing to give or take is refused by the rule whose words it uses.
func TestLimitsAgreeWithTheCheck(t *testing.T) {
	p := tinyPlace()
	pr := Prepare(p)
	e := pr.NewEngine()
	rng := rand.New(rand.NewSource(5))
	checked := 0
	for trial := 0; trial < 300; trial++ {
		s := randomScenario(rng)
		r, err := e.Run(s)
		if err != nil {
			continue
		}
		from, to := rng.Intn(len(p.Silos)), rng.Intn(len(p.Silos))
		if from == to {
			continue
		}
		year := p.BaseYear + rng.Intn(p.HorizonYears)
		try := func(amount float64) error {
			mv := Move{From: p.Silos[from].ID, To: p.Silos[to].ID, Amount: amount, Year: year}
			return e.Check(Scenario{Moves: append(append([]Move(nil), s.Moves...), mv), Pools: s.Pools})
		}
		var me *MoveError
		if why := p.WhyCannotReceive(to); why != "" {
			if err := try(1e5); !errors.As(err, &me) || me.Rule != RuleIntoTransfer || me.Msg != why {
				t.Fatalf("%s: WhyCannotReceive says %q; the check says %v", p.Silos[to].ID, why, err)
			}
			continue
		}
		give := pr.CanGive(r, from, year)
		if why := pr.WhyCannotGive(r, from); why != "" && pr.CanGive(r, from, p.BaseYear+p.HorizonYears-1) >= 0.5 {
			t.Fatalf("%s: WhyCannotGive says %q though it can give in the last year", p.Silos[from].ID, why)
		}
		if give >= 1 {
			if err := try(give); err != nil {
				t.Fatalf("%s can give %v from %d, but a move of that is refused: %v", p.Silos[from].ID, give, year, err)
			}
		}
		if err := try(give + 1000); !errors.As(err, &me) || me.Rule != RuleBelowLocked {
			t.Fatalf("%s can give %v from %d, but a move of £1,000 more is not refused as below fixed: %v", p.Silos[from].ID, give, year, err)
		}
		checked++
	}
	if checked < 100 {
		t.Fatalf("only %d checks ran", checked)
	}
	pension := p.SiloIndex("pension")
	if got, want := pr.WhyCannotGive(nil, pension), "state pension is an entitlement: £0 of £50m can move"; got != want {
		t.Errorf("WhyCannotGive(pension) = %q, want %q", got, want)
	}
}
