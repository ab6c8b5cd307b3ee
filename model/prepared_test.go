package model

import (
	"errors"
	"math"
	"math/rand"
	"reflect"
	"strings"
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
	for _, p := range []*Place{tinyPlace(), freedSlowly()} {
		t.Run(p.ID, func(t *testing.T) { limitsAgreeWithTheCheck(t, p) })
	}
	p := tinyPlace()
	pr := Prepare(p)
	pension := p.SiloIndex("pension")
	if got, want := pr.WhyCannotGive(nil, pension), "state pension is an entitlement: £0 of £50m can move"; got != want {
		t.Errorf("WhyCannotGive(pension) = %q, want %q", got, want)
	}
}

func limitsAgreeWithTheCheck(t *testing.T, p *Place) {
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
			if err := try(1e5); !errors.As(err, &me) || me.Rule != intoRule(p, to) || me.Msg != why {
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
		if err := try(give + 1000); !errors.As(err, &me) || (me.Rule != RuleBelowLocked && me.Rule != RuleTooSoon) {
			t.Fatalf("%s can give %v from %d, but a move of £1,000 more is not refused as below fixed or too soon: %v", p.Silos[from].ID, give, year, err)
		}
		checked++
	}
	if checked < 100 {
		t.Fatalf("only %d checks ran", checked)
	}
}

// freedSlowly is the tiny place with acute care's movable part freed over
// three years and a national service no local money may enter.
func freedSlowly() *Place {
	p := tinyPlace()
	p.ID = "freed-slowly"
	p.Silos[p.SiloIndex("acute")].ReleaseYears = cited(3)
	p.Silos = append(p.Silos, Silo{ID: "courts", Name: "Courts", Agency: "dwp", Type: "service", Budget: cited(20e6), Fixed: cited(20e6),
		FixedReason: "national service", National: true})
	p.Index()
	return p
}

// intoRule is the rule that refuses money into silo i.
func intoRule(p *Place, i int) Rule {
	if p.Silos[i].Type.IsTransfer() {
		return RuleIntoTransfer
	}
	return RuleIntoNational
}

// An ICB's movable share is freed over years, as contracts end: a move
// can take only what is freed by its first year, however it is asked.
func TestMovableFreedOverYears(t *testing.T) {
	p := freedSlowly()
	pr := Prepare(p)
	e := pr.NewEngine()
	acute := p.SiloIndex("acute")
	for k, want := range []float64{40e6 / 3, 80e6 / 3, 40e6, 40e6} {
		if got := pr.CanGive(nil, acute, 2026+k); math.Abs(got-want) > 1 {
			t.Errorf("CanGive(acute, %d) = %v, want %v", 2026+k, got, want)
		}
	}
	var me *MoveError
	err := e.Check(Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 20e6}}})
	if !errors.As(err, &me) || me.Rule != RuleTooSoon || math.Abs(me.Short-(20e6-40e6/3)) > 1 {
		t.Fatalf("£20m from acute care in 2026: %v, want refused as too soon by £6.7m", err)
	}
	for _, want := range []string{"over 3 years", "£13.3m from 2026, £26.7m from 2027, £40m from 2028", "start it later or move less"} {
		if !strings.Contains(me.Msg, want) {
			t.Errorf("refusal %q does not say %q", me.Msg, want)
		}
	}
	// Two moves meet the same limit: £30m by 2027, when £26.7m is freed.
	err = e.Check(Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 20e6, Year: 2027}, {From: "acute", To: "other", Amount: 10e6}}})
	if !errors.As(err, &me) || me.Rule != RuleTooSoon || me.Move != 1 {
		t.Fatalf("£20m from 2027 then £10m from 2026: %v, want the second refused as too soon", err)
	}
	if err := e.Check(Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 20e6, Year: 2027}}}); err != nil {
		t.Fatalf("£20m from acute care from 2027, when £26.7m is freed: %v", err)
	}
	// All of it is gone by the end: more is below the fixed part, an ask of the centre.
	err = e.Check(Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 41e6, Year: 2029}}})
	if !errors.As(err, &me) || me.Rule != RuleBelowLocked {
		t.Fatalf("£41m from acute care, more than is movable at all: %v, want below fixed", err)
	}
}

func TestNoLocalMoneyIntoANationalService(t *testing.T) {
	p := freedSlowly()
	pr := Prepare(p)
	courts := p.SiloIndex("courts")
	var me *MoveError
	err := pr.NewEngine().Check(Scenario{Moves: []Move{{From: "other", To: "courts", Amount: 1e6}}})
	if !errors.As(err, &me) || me.Rule != RuleIntoNational {
		t.Fatalf("£1m into the courts: %v, want refused as into a national service", err)
	}
	if want := "courts is a national service set and spent nationally: money cannot be moved into it locally"; me.Msg != want || p.WhyCannotReceive(courts) != want {
		t.Errorf("refusal %q, WhyCannotReceive %q, want %q", me.Msg, p.WhyCannotReceive(courts), want)
	}
	if got, want := pr.WhyCannotGive(nil, courts), "courts is a national service: £0 of £20m can move"; got != want {
		t.Errorf("WhyCannotGive(courts) = %q, want %q", got, want)
	}
}

// A result reused run after run (as a session does) holds the same grid as
// a fresh one: the grid is rewritten only where it left its baseline.
func TestReusedResultMatchesFresh(t *testing.T) {
	pr := Prepare(tinyPlace())
	reused, e := pr.NewResult(), pr.NewEngine()
	rng := rand.New(rand.NewSource(21))
	for trial := 0; trial < 200; trial++ {
		s := randomScenario(rng)
		if trial%7 == 0 {
			s = Scenario{} // back to baseline now and then
		}
		errR := e.RunInto(s, reused)
		fresh, errF := pr.NewEngine().Run(s)
		if (errR == nil) != (errF == nil) {
			t.Fatalf("reused error %v, fresh %v", errR, errF)
		}
		if errF != nil {
			continue
		}
		for o := range fresh.Outcomes {
			if !reflect.DeepEqual(reused.Outcomes[o].Neighbourhood, fresh.Outcomes[o].Neighbourhood) {
				t.Fatalf("trial %d %+v: outcome %d's grid differs when the result is reused", trial, s, o)
			}
		}
	}
}
