package model

import (
	"errors"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

func cited(v float64) Param { return Param{Value: v, Low: v, High: v, Source: "test"} }

func ranged(lo, v, hi float64) Param { return Param{Value: v, Low: lo, High: hi, Source: "test"} }

// tinyPlace has five equal neighbourhoods, one per local fifth, so every
// number in the tests below can be worked out by hand.
func tinyPlace() *Place {
	p := &Place{
		ID: "tiny", Name: "Tiny", Kind: "unitary", BaseYear: 2026, HorizonYears: 6,
		DiscountRate: cited(0.035),
		Sources:      []Source{{ID: "test", Title: "test"}},
		Agencies: []Agency{
			{ID: "nhs", Name: "NHS", Level: "local", Kind: "nhs"},
			{ID: "council", Name: "Council", Level: "local", Kind: "local-authority"},
			{ID: "dwp", Name: "DWP", Level: "national", Kind: "welfare"},
		},
		Silos: []Silo{
			{ID: "acute", Name: "Acute care", Agency: "nhs", Type: "service", Budget: cited(100e6), Fixed: cited(60e6), FixedReason: "ring-fenced grant"},
			{ID: "prevention", Name: "Prevention", Agency: "council", Type: "service", Budget: cited(10e6), Prevention: true},
			{ID: "other", Name: "Other council services", Agency: "council", Type: "service", Budget: cited(30e6), Floor: cited(25e6)},
			{ID: "pension", Name: "State pension", Agency: "dwp", Type: "transfer", Budget: cited(50e6), Fixed: cited(50e6), FixedReason: "entitlement"},
		},
		Outcomes: []Outcome{
			{ID: "neet", Name: "NEET rate", Unit: "%", RateBase: "percent", Cohort: "total",
				Baseline: Baseline{D1: cited(20), D10: cited(2), Shape: "linear"}, Min: math.Inf(-1), Max: math.Inf(1)},
			{ID: "le", Name: "Life expectancy", Unit: "years", HigherIsBetter: true, RateBase: "none", Cohort: "total",
				Baseline: Baseline{D1: cited(74), D10: cited(83), Shape: "linear"}, Min: math.Inf(-1), Max: math.Inf(1)},
		},
		Effects: []Effect{
			{Silo: "prevention", Outcome: "neet", PerMillion: ranged(-0.75, -0.5, -0.25), MaxEffect: cited(5), YearsToFull: cited(2), Targeting: "per_head"},
			{Silo: "acute", Outcome: "le", PerMillion: cited(0.01), MaxEffect: cited(1), YearsToFull: cited(1), Targeting: "need"},
		},
		Spillovers: []Spillover{
			{Outcome: "neet", Agency: "dwp", CostPerCase: ranged(2000, 4000, 6000), LagYears: cited(1), Cashable: cited(0.5)},
		},
		Pools: []Pool{
			{ID: "young", Name: "Young people", Silos: []string{"prevention", "other"}, CohortSpend: cited(8e6), AdminCost: cited(4e5), Saving: ranged(1e6, 2e6, 3e6), YearsToFull: cited(2)},
		},
	}
	deciles := []int{1, 3, 5, 7, 10}
	for i, d := range deciles {
		var nb Neighbourhood
		nb.Code = string(rune('A' + i))
		nb.Population, nb.Children, nb.Age16to59, nb.Age60Plus, nb.WorkingAge = 1000, 200, 600, 200, 600
		nb.IMDRank = (i + 1) * 1000
		for dm := range nb.Deciles {
			nb.Deciles[dm] = d
		}
		p.Neighbourhoods = append(p.Neighbourhoods, nb)
	}
	for d := 1; d <= 10; d++ {
		p.Need.ByDecile[d-1] = Param{Value: 2 - float64(d-1)/9, Assumption: "test"}
	}
	p.Index()
	return p
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.10g, want %.10g (±%g)", what, got, want, tol)
	}
}

func run(t *testing.T, p *Place, s Scenario) *Result {
	t.Helper()
	r, err := NewEngine(p).Run(s)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return r
}

func TestBaselineByHand(t *testing.T) {
	r := run(t, tinyPlace(), Scenario{})
	neet := r.Outcomes[0]
	// Deciles 1,3,5,7,10 on a line from 20 to 2: 20, 16, 12, 8, 2.
	near(t, "NEET baseline", neet.Baseline, 11.6, 1e-9)
	near(t, "NEET gap", neet.GapBaseline, 18, 1e-9) // lower is better: most minus least deprived
	// Slope of value on relative rank (0.1..0.9): Σ(x-x̄)(v-v̄)/Σ(x-x̄)² = -8.8/0.4.
	near(t, "NEET SII", neet.SIIBaseline, 22, 1e-9)
	le := r.Outcomes[1]
	near(t, "LE gap", le.GapBaseline, 9, 1e-9) // higher is better: least minus most deprived
	for y := range r.Years {
		near(t, "NEET with no moves", neet.Place[Central][y], 11.6, 1e-12)
	}
	if r.Place.Invested != 0 || r.Place.TotalSavings != 0 {
		t.Errorf("empty scenario has a ledger: %+v", r.Place)
	}
}

func TestMoveByHand(t *testing.T) {
	r := run(t, tinyPlace(), Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6}}})
	full := 5 * math.Tanh(-0.5*2/5) // diminishing returns on £2m
	neet := r.Outcomes[0]
	near(t, "NEET year 0 (half phased in)", neet.Place[Central][0], 11.6+full/2, 1e-9)
	near(t, "NEET year 1", neet.Place[Central][1], 11.6+full, 1e-9)
	near(t, "NEET gap, per head", neet.Gap[Central][5], 18, 1e-9)
	lowFull, highFull := 5*math.Tanh(-0.25*2/5), 5*math.Tanh(-0.75*2/5)
	near(t, "NEET low", neet.Place[Low][5], 11.6+lowFull, 1e-9)
	near(t, "NEET high", neet.Place[High][5], 11.6+highFull, 1e-9)
	for n := 0; n < 5; n++ {
		base := neet.NeighbourhoodBaseline[n]
		near(t, "neighbourhood NEET", neet.Neighbourhood[n*6+5], base+full, 1e-9)
	}
	// Spillover: cases avoided = fall in rate × 5,000 people / 100, a year later.
	dwp := r.Ledger[2]
	near(t, "DWP saving year 0", dwp.SavingsCashable[Central][0], 0, 1e-9)
	near(t, "DWP cashable year 1", dwp.SavingsCashable[Central][1], -full/2*50*4000*0.5, 1e-6)
	near(t, "DWP non-cash year 2", dwp.SavingsNonCash[Central][2], -full*50*4000*0.5, 1e-6)
	near(t, "DWP low-cost saving year 2", dwp.SavingsCashable[Low][2], -lowFull*50*2000*0.5, 1e-6)
	// The prevention penalty: the NHS gives up £2m a year and saves nothing.
	nhs := r.Ledger[0]
	if nhs.Invested != 12e6 || !nhs.NeverPaysBack || nhs.PaybackYear != 0 {
		t.Errorf("NHS ledger: invested %v, never pays back %v, payback %d", nhs.Invested, nhs.NeverPaysBack, nhs.PaybackYear)
	}
	if r.Ledger[1].Received[0] != 2e6 || r.Ledger[1].Invested != 0 || r.Ledger[1].TotalReceived != 12e6 {
		t.Errorf("council received %v, invested %v", r.Ledger[1].Received[0], r.Ledger[1].Invested)
	}
	if dwp.PaybackYear != 0 || dwp.NeverPaysBack || dwp.TotalSavings <= 0 {
		t.Errorf("DWP invests nothing, so no payback year: %+v", dwp)
	}
	// Life expectancy falls where acute care lost money, weighted by need.
	le := r.Outcomes[1]
	near(t, "LE change", le.Change(), 1*math.Tanh(0.01*-2/1), 1e-9)
}

func TestPaybackYearByHand(t *testing.T) {
	p := tinyPlace()
	// Near-linear effect: -1 point per £1m, so £1m a year avoids 50 cases,
	// each worth £45,000 to the council two years later: £2.25m a year.
	p.Effects[0] = Effect{Silo: "prevention", Outcome: "neet", PerMillion: cited(-1), MaxEffect: cited(1e9), YearsToFull: cited(1), Targeting: "per_head"}
	p.Spillovers[0] = Spillover{Outcome: "neet", Agency: "council", CostPerCase: cited(45000), LagYears: cited(2), Cashable: cited(1)}
	r := run(t, p, Scenario{Moves: []Move{{From: "other", To: "prevention", Amount: 1e6}}})
	c := r.Ledger[1]
	// Net: -1, -1, +1.25, +1.25, ... ; cumulative -1, -2, -0.75, +0.5: pays back in year 3.
	wantCum := []float64{-1e6, -2e6, -0.75e6, 0.5e6, 1.75e6, 3e6}
	for y, w := range wantCum {
		near(t, "council cumulative", c.Cumulative[y], w, 1)
	}
	if c.PaybackYear != 2029 {
		t.Errorf("payback year %d, want 2029", c.PaybackYear)
	}
	var npv float64
	for y, net := range []float64{-1e6, -1e6, 1.25e6, 1.25e6, 1.25e6, 1.25e6} {
		npv += net / math.Pow(1.035, float64(y))
	}
	near(t, "council NPV", c.NPV, npv, 1)
}

func TestTargetingNarrowsTheGap(t *testing.T) {
	p := tinyPlace()
	move := Move{From: "acute", To: "prevention", Amount: 2e6}
	flat := run(t, p, Scenario{Moves: []Move{move}})
	move.Target = Targeting{MostDeprivedFifth: true}
	targeted := run(t, p, Scenario{Moves: []Move{move}})
	full := 5 * math.Tanh(-0.5*2/5)
	// Same place-wide change, all of it in the one most deprived
	// neighbourhood: five times as much there, nothing elsewhere.
	near(t, "place change", targeted.Outcomes[0].Change(), flat.Outcomes[0].Change(), 1e-12)
	near(t, "most deprived", targeted.Outcomes[0].Neighbourhood[5], 20+5*full, 1e-9)
	near(t, "least deprived", targeted.Outcomes[0].Neighbourhood[4*6+5], 2, 1e-12)
	near(t, "gap", targeted.Outcomes[0].Gap[Central][5], 18+5*full, 1e-9)
	if !(targeted.NeedSpend[0].SpendScenario > flat.NeedSpend[0].SpendScenario) {
		t.Errorf("targeted spend share of the most deprived fifth %v not above untargeted %v",
			targeted.NeedSpend[0].SpendScenario, flat.NeedSpend[0].SpendScenario)
	}
	// Explicit neighbourhoods: B only.
	move.Target = Targeting{Neighbourhoods: []string{"B"}}
	onlyB := run(t, p, Scenario{Moves: []Move{move}})
	near(t, "B", onlyB.Outcomes[0].Neighbourhood[1*6+5], 16+5*full, 1e-9)
	near(t, "A untouched", onlyB.Outcomes[0].Neighbourhood[5], 20, 1e-12)
}

func TestNeedTargetingWeightsDeprivedMore(t *testing.T) {
	p := tinyPlace()
	r := run(t, p, Scenario{Moves: []Move{{From: "other", To: "acute", Amount: 5e6}}})
	le := r.Outcomes[1]
	gainMost := le.Neighbourhood[5] - le.NeighbourhoodBaseline[0]
	gainLeast := le.Neighbourhood[4*6+5] - le.NeighbourhoodBaseline[4]
	// Need weights 2 (decile 1) and 1 (decile 10).
	near(t, "ratio of gains", gainMost/gainLeast, 2, 1e-9)
	if !(le.Gap[Central][5] < le.GapBaseline) {
		t.Errorf("LE gap %v did not narrow from %v", le.Gap[Central][5], le.GapBaseline)
	}
}

// TestInvariants throws random valid scenarios at the engine: money is
// conserved, contributions add up exactly, and neighbourhood values
// aggregate to the place mean.
func TestInvariants(t *testing.T) {
	p := tinyPlace()
	e := NewEngine(p)
	r := e.NewResult()
	rng := rand.New(rand.NewSource(7))
	for trial := 0; trial < 300; trial++ {
		s := randomScenario(rng)
		if err := e.RunInto(s, r); err != nil {
			var me *MoveError
			if !errors.As(err, &me) || me.Rule != RuleBelowLocked {
				t.Fatalf("unexpected refusal: %v", err)
			}
			continue
		}
		for y := range r.Years {
			var sum float64
			for _, sr := range r.Silos {
				sum += sr.Allocated[y]
			}
			near(t, "total spend", sum, p.TotalSpend(), 1e-3)
		}
		for o, or := range r.Outcomes {
			for y := range r.Years {
				change := or.Place[Central][y] - or.Baseline
				var byMove, bySilo, nbhd float64
				for _, m := range or.ByMove {
					byMove += m[y]
				}
				for _, s := range or.BySilo {
					bySilo += s[y]
				}
				for n := range p.Neighbourhoods {
					nbhd += or.Neighbourhood[n*6+y] * p.Neighbourhoods[n].Population
				}
				near(t, p.Outcomes[o].ID+" by move", byMove, change, 1e-12)
				near(t, p.Outcomes[o].ID+" by silo", bySilo, change, 1e-12)
				near(t, p.Outcomes[o].ID+" neighbourhood mean", nbhd/5000, or.Place[Central][y], 1e-9)
			}
		}
		var share float64
		for _, f := range r.NeedSpend {
			share += f.SpendScenario
		}
		near(t, "spend shares", share, 1, 1e-9)
	}
}

func TestPoolSavings(t *testing.T) {
	r := run(t, tinyPlace(), Scenario{Pools: []string{"young"}})
	if !r.Pools[0].Active {
		t.Fatal("pool not active")
	}
	near(t, "year 0 saving (half way)", r.Pools[0].Saving[0], 1e6, 1e-6)
	near(t, "year 1 saving", r.Pools[0].Saving[1], 2e6, 1e-6)
	// Both pooled silos are the council's.
	near(t, "council pool savings", r.Ledger[1].PoolSavings[3], 2e6, 1e-6)
	near(t, "council low", r.Ledger[1].SavingsCashable[Low][3], 1e6, 1e-6)
	if r.Ledger[1].PaybackYear != 0 || r.Ledger[1].TotalSavings != 11e6 {
		t.Errorf("council: payback %d, savings %v", r.Ledger[1].PaybackYear, r.Ledger[1].TotalSavings)
	}
}

func TestRefusals(t *testing.T) {
	p := tinyPlace()
	cases := []struct {
		name string
		s    Scenario
		rule Rule
		msg  string
	}{
		{"unknown from", Scenario{Moves: []Move{{From: "nope", To: "acute", Amount: 1}}}, RuleUnknownSilo, `unknown silo "nope" to move from (silos: acute, prevention, other, pension)`},
		{"unknown to", Scenario{Moves: []Move{{From: "acute", To: "nope", Amount: 1}}}, RuleUnknownSilo, `unknown silo "nope" to move to`},
		{"same", Scenario{Moves: []Move{{From: "acute", To: "acute", Amount: 1}}}, RuleSameSilo, "both are Acute care"},
		{"nan", Scenario{Moves: []Move{{From: "acute", To: "other", Amount: math.NaN()}}}, RuleNotFinite, "finite"},
		{"inf", Scenario{Moves: []Move{{From: "acute", To: "other", Amount: math.Inf(1)}}}, RuleNotFinite, "finite"},
		{"zero", Scenario{Moves: []Move{{From: "acute", To: "other", Amount: 0}}}, RuleNotPositive, "more than £0"},
		{"negative", Scenario{Moves: []Move{{From: "acute", To: "other", Amount: -5e6}}}, RuleNotPositive, "got -£5m"},
		{"absurd", Scenario{Moves: []Move{{From: "acute", To: "other", Amount: 1e12}}}, RuleAbsurd, "more than the place's whole public spend (£190m)"},
		{"entitlement", Scenario{Moves: []Move{{From: "pension", To: "other", Amount: 1e6}}}, RuleBelowLocked, "state pension is an entitlement: £0 of £50m can move"},
		{"too much", Scenario{Moves: []Move{{From: "acute", To: "other", Amount: 45e6}}}, RuleBelowLocked, "acute care can give at most £40m a year in all (£60m of its £100m is a ring-fenced grant); this move of £45m goes £5m too far"},
		{"floor", Scenario{Moves: []Move{{From: "other", To: "acute", Amount: 6e6}}}, RuleBelowLocked, "other council services can give at most £5m a year in all (£25m of its £30m is a statutory floor); this move of £6m goes £1m too far"},
		{"into a transfer", Scenario{Moves: []Move{{From: "acute", To: "pension", Amount: 1e6}}}, RuleIntoTransfer, "state pension is a transfer payment set nationally: money cannot be moved into it locally"},
		{"after money moved in", Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 5e6}, {From: "prevention", To: "other", Amount: 16e6, Year: 2027}}}, RuleBelowLocked, "prevention can give at most £15m more a year from 2027, after earlier moves (none of its £10m is fixed); this move of £16m goes £1m too far"},
		{"cumulative", Scenario{Moves: []Move{{From: "acute", To: "other", Amount: 30e6}, {From: "acute", To: "prevention", Amount: 20e6, Year: 2030}}}, RuleBelowLocked, "acute care can give at most £10m more a year from 2030, after earlier moves (£60m of its £100m is a ring-fenced grant); this move of £20m goes £10m too far"},
		{"year", Scenario{Moves: []Move{{From: "acute", To: "other", Amount: 1e6, Year: 2040}}}, RuleYear, "year 2040 is outside the horizon: expected 2026 to 2031"},
		{"neighbourhood", Scenario{Moves: []Move{{From: "acute", To: "other", Amount: 1e6, Target: Targeting{Neighbourhoods: []string{"Z"}}}}}, RuleUnknownNeighbourhood, `unknown neighbourhood "Z"`},
		{"pool", Scenario{Pools: []string{"nope"}}, RuleUnknownPool, `unknown pool "nope" (pools: young)`},
	}
	e := NewEngine(p)
	r := e.NewResult()
	if err := e.RunInto(Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 3e6}}}, r); err != nil {
		t.Fatal(err)
	}
	before := cloneResult(r)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := e.RunInto(c.s, r)
			var me *MoveError
			if !errors.As(err, &me) {
				t.Fatalf("got %v, want a *MoveError", err)
			}
			if me.Rule != c.rule || !strings.Contains(me.Msg, c.msg) {
				t.Errorf("got %s %q, want %s containing %q", me.Rule, me.Msg, c.rule, c.msg)
			}
			if !reflect.DeepEqual(r, before) {
				t.Error("a refused scenario changed the result")
			}
		})
	}
}

// cloneResult deep-copies through reflection-free means the parts tests compare.
func cloneResult(r *Result) *Result {
	c := *r
	c.Silos = append([]SiloResult(nil), r.Silos...)
	for i := range c.Silos {
		c.Silos[i].Allocated = append([]float64(nil), r.Silos[i].Allocated...)
	}
	c.Outcomes = append([]OutcomeResult(nil), r.Outcomes...)
	for i := range c.Outcomes {
		o := &c.Outcomes[i]
		for b := range o.Place {
			o.Place[b] = append([]float64(nil), o.Place[b]...)
			o.Gap[b] = append([]float64(nil), o.Gap[b]...)
			o.SII[b] = append([]float64(nil), o.SII[b]...)
		}
		o.Neighbourhood = append([]float64(nil), o.Neighbourhood...)
		o.ByMove = nil
		for _, m := range r.Outcomes[i].ByMove {
			o.ByMove = append(o.ByMove, append([]float64(nil), m...))
		}
	}
	c.Ledger = append([]AgencyLedger(nil), r.Ledger...)
	for i := range c.Ledger {
		c.Ledger[i].Net = append([]float64(nil), r.Ledger[i].Net...)
	}
	return &c
}

func TestDeterministicAndAllocationFree(t *testing.T) {
	p := tinyPlace()
	e := NewEngine(p)
	s := Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6, Target: Targeting{MostDeprivedFifth: true}}, {From: "other", To: "acute", Amount: 1e6, Year: 2028}}, Pools: []string{"young"}}
	a, _ := e.Run(s)
	b, _ := NewEngine(p).Run(s)
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs of one scenario differ")
	}
	r := e.NewResult()
	allocs := testing.AllocsPerRun(50, func() {
		if err := e.RunInto(s, r); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("RunInto allocates %v times a run; want 0", allocs)
	}
}

func TestMoneyFormatting(t *testing.T) {
	for v, want := range map[float64]string{954e6: "£954m", 4.37e9: "£4.37bn", 12.5e6: "£12.5m", 12500: "£13k", 950: "£950", -5e6: "-£5m", 0: "£0", 1e9: "£1bn"} {
		if got := FormatMoney(v); got != want {
			t.Errorf("FormatMoney(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a, b := tinyPlace(), tinyPlace()
	if a.Fingerprint() == "" || a.Fingerprint() != b.Fingerprint() {
		t.Fatalf("same place, fingerprints %q and %q", a.Fingerprint(), b.Fingerprint())
	}
	b.Silos[1].Budget.Value++
	if a.Fingerprint() == b.Fingerprint() {
		t.Error("a changed budget keeps the fingerprint")
	}
	c := tinyPlace()
	c.Sources[0].What = "a different note"
	if a.Fingerprint() == c.Fingerprint() {
		t.Error("a changed source keeps the fingerprint")
	}
}
