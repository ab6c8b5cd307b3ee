package model

import (
	"errors"
	"fmt"
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
			{ID: "young", Name: "Young people", Silos: []string{"prevention", "other"}, CohortSpend: cited(8e6), AdminCost: cited(4e5), Saving: ranged(1e6, 2e6, 3e6), YearsToFull: cited(2), Cashable: cited(1)},
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

// moderate is the central share left after optimism bias for cited
// (moderate) evidence; lo and hi are its ends.
func moderate() (central, small, large float64) {
	ob := DefaultAppraisal().OptimismBias[1]
	return 1 - ob.Value, 1 - ob.High, 1 - ob.Low
}

// logResponse is the response shape written out: k·(B/£1m)·ln(1+d/B),
// a gain capped at max by tanh.
func logResponse(d, k, max, budget float64) float64 {
	x := k * budget / 1e6 * math.Log(1+d/budget)
	if d > 0 {
		return math.Copysign(max*math.Tanh(math.Abs(x)/max), x)
	}
	return x
}

func TestMoveByHand(t *testing.T) {
	r := run(t, tinyPlace(), Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6}}})
	c, sm, lg := moderate()
	// £2m more on a £10m prevention budget: k = -0.5 a £1m at the margin,
	// less optimism bias, on log spend, a gain never beyond the cap of 5.
	full := logResponse(2e6, -0.5*c, 5*c, 10e6)
	neet := r.Outcomes[0]
	near(t, "NEET year 0 (half phased in)", neet.Place[Central][0], 11.6+full/2, 1e-9)
	near(t, "NEET year 1", neet.Place[Central][1], 11.6+full, 1e-9)
	near(t, "NEET gap, per head", neet.Gap[Central][5], 18, 1e-9)
	// Low is the adverse end (the smaller fall), High the favourable.
	lowFull, highFull := logResponse(2e6, -0.25*sm, 5*sm, 10e6), logResponse(2e6, -0.75*lg, 5*lg, 10e6)
	near(t, "NEET low (adverse)", neet.Place[Low][5], 11.6+lowFull, 1e-9)
	near(t, "NEET high (favourable)", neet.Place[High][5], 11.6+highFull, 1e-9)
	for n := 0; n < 5; n++ {
		base := neet.NeighbourhoodBaseline[n]
		near(t, "neighbourhood NEET", neet.Neighbourhood[n*6+5], base+full, 1e-9)
	}
	// Spillover: cases avoided = fall in rate × 5,000 people / 100, a year later.
	dwp := r.Ledger[2]
	near(t, "DWP saving year 0", dwp.SavingsCashable[Central][0], 0, 1e-9)
	near(t, "DWP cashable year 1", dwp.SavingsCashable[Central][1], -full/2*50*4000*0.5, 1e-6)
	near(t, "DWP non-cash year 2", dwp.SavingsNonCash[Central][2], -full*50*4000*0.5, 1e-6)
	near(t, "DWP adverse saving year 2 (small fall, low cost)", dwp.SavingsCashable[Low][2], -lowFull*50*2000*0.5, 1e-6)
	// The NHS gives up £2m a year and saves nothing: no payback is in view,
	// so none is claimed or denied.
	nhs := r.Ledger[0]
	if nhs.Invested != 12e6 || nhs.NeverPaysBack || nhs.PaybackYear != 0 {
		t.Errorf("NHS ledger: invested %v, never pays back %v, payback %d", nhs.Invested, nhs.NeverPaysBack, nhs.PaybackYear)
	}
	if r.Ledger[1].Received[0] != 2e6 || r.Ledger[1].Invested != 0 || r.Ledger[1].TotalReceived != 12e6 {
		t.Errorf("council received %v, invested %v", r.Ledger[1].Received[0], r.Ledger[1].Invested)
	}
	if dwp.PaybackYear != 0 || dwp.NeverPaysBack || dwp.TotalSavings <= 0 {
		t.Errorf("DWP invests nothing, so no payback year: %+v", dwp)
	}
	// Life expectancy falls where acute care lost £2m of £100m: a cut, so
	// on log spend with no cap.
	le := r.Outcomes[1]
	near(t, "LE change", le.Change(), 0.01*c*100*math.Log(0.98), 1e-9)
	// Cases avoided over the horizon and what each cost.
	var cases float64
	for y := range r.Years {
		cases += -(neet.Place[Central][y] - 11.6) * 50
	}
	near(t, "NEET cases avoided", neet.CasesAvoided[Central], cases, 1e-6)
	near(t, "spend on NEET", neet.SpendOn, 12e6, 1e-6)
	if cpc, ok := neet.CostPerCase(); !ok || math.Abs(cpc-12e6/cases) > 1e-6 {
		t.Errorf("cost per case %v %v, want %v", cpc, ok, 12e6/cases)
	}
	// The place: the NHS invests £12m in the council's services, which
	// stays in the place; the place's net is its cashable savings.
	near(t, "place money moved", r.Place.Invested, 12e6, 1e-6)
	near(t, "place invested", r.Place.NetInvested, 12e6, 1e-6)
	near(t, "place net (invest-to-save)", last(r.Place.Cumulative), r.Place.TotalSavings, 1e-6)
}

func last(v []float64) float64 { return v[len(v)-1] }

func TestPaybackYearByHand(t *testing.T) {
	p := tinyPlace()
	// The NHS moves £1m a year into prevention and bears the saving: a
	// near-linear effect, each case worth £45,000 to it two years later.
	p.Effects[0] = Effect{Silo: "prevention", Outcome: "neet", PerMillion: cited(-1), MaxEffect: cited(1e9), YearsToFull: cited(1), Targeting: "per_head"}
	p.Spillovers[0] = Spillover{Outcome: "neet", Agency: "nhs", CostPerCase: cited(45000), LagYears: cited(2), Cashable: cited(1)}
	r := run(t, p, Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 1e6}}})
	c, _, _ := moderate()
	fall := c * 10 * math.Log(1.1) // points, from £1m on £10m
	saving := fall * 50 * 45000
	nhs := r.Ledger[0]
	var cum, npv float64
	payback := 0
	for y := range r.Years {
		net := -1e6
		if y >= 2 {
			net += saving
		}
		cum += net
		npv += net / math.Pow(1.035, float64(y))
		near(t, "NHS cumulative", nhs.Cumulative[y], cum, 1)
		if cum >= -0.5 && payback == 0 && y > 0 {
			payback = 2026 + y
		}
	}
	if nhs.PaybackYear != payback || payback == 0 {
		t.Errorf("payback year %d, want %d", nhs.PaybackYear, payback)
	}
	near(t, "NHS NPV", nhs.NPV, npv, 1)
}

func TestWithinAgencyMovesNetToZero(t *testing.T) {
	p := tinyPlace()
	p.Spillovers = nil // no savings: only the money moved
	r := run(t, p, Scenario{Moves: []Move{{From: "other", To: "prevention", Amount: 3e6}}})
	council := r.Ledger[1]
	for y := range r.Years {
		if council.Net[y] != 0 || council.GaveUp[y] != 0 || council.Received[y] != 0 {
			t.Fatalf("year %d: council net %v, gave up %v, received %v, want all 0", y, council.Net[y], council.GaveUp[y], council.Received[y])
		}
	}
	near(t, "within", council.TotalWithin, 18e6, 1e-6)
	if council.NPV != 0 || council.PaybackYear != 0 || council.NeverPaysBack {
		t.Errorf("council: %+v", council)
	}
	// The place moved £3m a year, but no agency invested in another's
	// services: the place's net is its agencies' nets, zero.
	near(t, "place money moved within", r.Place.TotalWithin, 18e6, 1e-6)
	near(t, "place money moved between agencies", r.Place.Invested, 0, 1e-6)
	near(t, "place invested", r.Place.NetInvested, 0, 1e-6)
	near(t, "place net", last(r.Place.Cumulative), 0, 1e-6)
}

// A review as a finance director found a round trip (£0.5m each way
// between two agencies) showing both at -£5m and the place at -£10m.
func TestMoneyMovedBackNetsOut(t *testing.T) {
	p := tinyPlace()
	p.Spillovers = nil // no savings: only the money moved
	there := Move{From: "acute", To: "prevention", Amount: 3e6}
	back := Move{From: "prevention", To: "acute", Amount: 1e6}
	r := run(t, p, Scenario{Moves: []Move{there, {From: back.From, To: back.To, Amount: 3e6}}})
	for _, l := range append(r.Ledger, r.Place) {
		if l.NetInvested != 0 || last(l.Cumulative) != 0 || l.NPV != 0 {
			t.Errorf("%s after a round trip: invested %v, net %v, NPV %v; want 0", l.Agency, l.NetInvested, last(l.Cumulative), l.NPV)
		}
	}
	// Part of the way back: the NHS invests only the difference.
	r = run(t, p, Scenario{Moves: []Move{there, back}})
	near(t, "NHS invested", r.Ledger[0].NetInvested, 2e6*6, 1e-6)
	near(t, "council invested", r.Ledger[1].NetInvested, 0, 1e-6)
	near(t, "NHS net", last(r.Ledger[0].Cumulative), -2e6*6, 1e-6)
	near(t, "place invested", r.Place.NetInvested, 2e6*6, 1e-6)
	near(t, "place net", last(r.Place.Cumulative), 0, 1e-6) // the money stays in the place
}

// The agencies' lines reconcile to the place's whatever the moves: the
// place's net is theirs plus what they invested in each other's services,
// which stays in the place. A ledger that does not add up loses the room.
func TestAgencyNetsAddUpToThePlace(t *testing.T) {
	e := NewEngine(tinyPlace())
	rng := rand.New(rand.NewSource(8))
	for trial := range 300 {
		sc := randomScenario(rng)
		r, err := e.Run(sc)
		if err != nil {
			continue
		}
		var net, npv, inv, setUp, saves float64
		for _, l := range r.Ledger {
			net += last(l.Cumulative)
			npv += l.NPV
			inv += l.NetInvested
			setUp += l.TotalSetUp
			saves += l.TotalSavings
			for y, v := range l.NetInvest {
				npv += v / math.Pow(1.035, float64(y))
			}
		}
		tol := 1e-6 * (1 + r.Place.Invested)
		what := fmt.Sprintf("#%d %+v: place", trial, sc)
		near(t, what+" net", last(r.Place.Cumulative), net+inv, tol)
		near(t, what+" net is savings less set-up", last(r.Place.Cumulative), saves-setUp, tol)
		near(t, what+" NPV", r.Place.NPV, npv, tol)
		near(t, what+" invested", r.Place.NetInvested, inv, tol)
		near(t, what+" set-up", r.Place.TotalSetUp, setUp, tol)
	}
}

// Who owns a budget does not change what the place gains: the same move
// between two agencies, or within one, gives the place the same net.
func TestPlaceNetWhoeverOwnsTheBudget(t *testing.T) {
	sc := Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6}}}
	p := tinyPlace()
	p.Silos[p.SiloIndex("prevention")].SetUp = cited(0.1)
	two := run(t, p, sc)
	p.Silos[p.SiloIndex("acute")].Agency = "council" // one council runs both
	one := run(t, p, sc)
	if two.Place.NetInvested == 0 || one.Place.NetInvested != 0 {
		t.Fatalf("invested between agencies: %v with two, %v with one", two.Place.NetInvested, one.Place.NetInvested)
	}
	near(t, "place net, one agency against two", last(one.Place.Cumulative), last(two.Place.Cumulative), 1e-6)
	near(t, "place NPV, one agency against two", one.Place.NPV, two.Place.NPV, 1e-6)
}

func TestDeeperCutsHarmMore(t *testing.T) {
	harm := func(amount float64) float64 {
		r := run(t, tinyPlace(), Scenario{Moves: []Move{{From: "prevention", To: "acute", Amount: amount}}})
		return r.Outcomes[0].Change() // NEET rises: harm is positive
	}
	prev := 0.0
	for _, a := range []float64{0.5e6, 1e6, 2e6, 4e6, 8e6} {
		h := harm(a)
		if h <= prev {
			t.Errorf("cutting £%g harms %v, no more than a smaller cut (%v)", a, h, prev)
		}
		if a <= 4e6 {
			if h2 := harm(2 * a); h2 < 2*h {
				t.Errorf("a cut of £%g harms %v, less than twice the harm of £%g (%v)", 2*a, h2, a, h)
			}
		}
		prev = h
	}
	// Gains diminish: twice the money buys less than twice the gain.
	gain := func(amount float64) float64 {
		r := run(t, tinyPlace(), Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: amount}}})
		return -r.Outcomes[0].Change()
	}
	if g1, g2 := gain(2e6), gain(4e6); !(g2 > g1 && g2 < 2*g1) {
		t.Errorf("gains %v then %v: want more, but less than double", g1, g2)
	}
}

func TestResponseIsMonotone(t *testing.T) {
	for _, k := range []float64{-0.5, 0.3} {
		prev := math.Inf(-1) * math.Copysign(1, k)
		for d := -9.9e6; d <= 30e6; d += 0.1e6 {
			v := Response(d, k, 2, 10e6)
			if k > 0 && v < prev || k < 0 && v > prev {
				t.Fatalf("k %v: response at £%g (%v) turns back from %v", k, d, v, prev)
			}
			prev = v
		}
	}
	if Response(-10e6, 0.3, 2, 10e6) > 2*0.3*10*math.Log(0.5) {
		t.Error("abolishing a service harms no more than halving it twice")
	}
}

func TestNoEffectBeforeOnset(t *testing.T) {
	p := tinyPlace()
	p.Effects[0].OnsetYears = cited(2)
	r := run(t, p, Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6}}})
	neet := r.Outcomes[0].Place[Central]
	for y := 0; y < 2; y++ {
		near(t, "NEET before onset", neet[y], 11.6, 0)
	}
	c, _, _ := moderate()
	full := logResponse(2e6, -0.5*c, 5*c, 10e6)
	near(t, "NEET in the onset year (half phased in)", neet[2], 11.6+full/2, 1e-9)
	near(t, "NEET after the ramp", neet[3], 11.6+full, 1e-9)
	// A move that starts later waits its onset from then.
	r = run(t, p, Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6, Year: 2028}}})
	near(t, "NEET before a later move's onset", r.Outcomes[0].Place[Central][3], 11.6, 0)
}

func TestRangeHoldsOpposingEffectsBounds(t *testing.T) {
	base := func() *Place {
		p := tinyPlace()
		// Acute care also keeps NEET down, so a move from it to prevention
		// both harms and helps: the two effects oppose.
		p.Effects = append(p.Effects, Effect{Silo: "acute", Outcome: "neet", PerMillion: ranged(-0.3, -0.2, -0.1), MaxEffect: cited(3), YearsToFull: cited(1), Targeting: "per_head"})
		ob := cited(0.25)
		p.Appraisal.OptimismBias = [3]Param{ob, ob, ob}
		return p
	}
	move := Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 4e6}}}
	r := run(t, base(), move)
	neet := r.Outcomes[0]
	lo, hi := min(last(neet.Place[Low]), last(neet.Place[High])), max(last(neet.Place[Low]), last(neet.Place[High]))
	for _, a := range []float64{-0.75, -0.25} {
		for _, b := range []float64{-0.3, -0.1} {
			p := base()
			p.Effects[0].PerMillion, p.Effects[2].PerMillion = cited(a), cited(b)
			v := last(run(t, p, move).Outcomes[0].Place[Central])
			if v < lo-1e-9 || v > hi+1e-9 {
				t.Errorf("effects at %v and %v give NEET %v, outside the range %v–%v", a, b, v, lo, hi)
			}
		}
	}
}

func TestTargetingNarrowsTheGap(t *testing.T) {
	p := tinyPlace()
	move := Move{From: "acute", To: "prevention", Amount: 2e6}
	flat := run(t, p, Scenario{Moves: []Move{move}})
	move.Target = Targeting{MostDeprivedFifth: true}
	targeted := run(t, p, Scenario{Moves: []Move{move}})
	full := flat.Outcomes[0].Change()
	// Same place-wide change. The target holds a fifth of the people, so all
	// of it there would be five times as much per person; the cap of three
	// times place-wide spending keeps half inside (0.5×5 + 0.5 = 3), under
	// the quarter that leaks, and the rest lands place-wide.
	near(t, "place change", targeted.Outcomes[0].Change(), full, 1e-12)
	near(t, "most deprived", targeted.Outcomes[0].Neighbourhood[5], 20+3*full, 1e-9)
	near(t, "least deprived", targeted.Outcomes[0].Neighbourhood[4*6+5], 2+0.5*full, 1e-9)
	near(t, "gap", targeted.Outcomes[0].Gap[Central][5], 18+2.5*full, 1e-9)
	if !(targeted.NeedSpend[0].SpendScenario > flat.NeedSpend[0].SpendScenario) {
		t.Errorf("targeted spend share of the most deprived fifth %v not above untargeted %v",
			targeted.NeedSpend[0].SpendScenario, flat.NeedSpend[0].SpendScenario)
	}
	// Explicit neighbourhoods: B only.
	move.Target = Targeting{Neighbourhoods: []string{"B"}}
	onlyB := run(t, p, Scenario{Moves: []Move{move}})
	near(t, "B", onlyB.Outcomes[0].Neighbourhood[1*6+5], 16+3*full, 1e-9)
	near(t, "A gets only what leaks", onlyB.Outcomes[0].Neighbourhood[5], 20+0.5*full, 1e-9)
}

func TestGapReversalIsWarned(t *testing.T) {
	p := tinyPlace()
	p.Outcomes[0].Baseline = Baseline{D1: cited(6), D10: cited(4), Shape: "linear"}
	move := Move{From: "acute", To: "prevention", Amount: 8e6, Target: Targeting{MostDeprivedFifth: true}}
	r := run(t, p, Scenario{Moves: []Move{move}})
	neet := r.Outcomes[0]
	if !(neet.GapBaseline > 0 && last(neet.Gap[Central]) < 0) {
		t.Fatalf("the test needs a reversed gap: %v → %v", neet.GapBaseline, last(neet.Gap[Central]))
	}
	found := false
	for _, a := range r.Alerts {
		found = found || a.Kind == AlertGapReversed && a.Outcome == 0
	}
	if !found {
		t.Errorf("no gap-reversal alert in %v", r.AllWarnings(p))
	}
	// Untargeted, the same money narrows nothing, so nothing to warn of.
	move.Target = Targeting{}
	for _, a := range run(t, p, Scenario{Moves: []Move{move}}).Alerts {
		if a.Kind != AlertFastChange {
			t.Errorf("unexpected alert %v", a.Text(p, r.Years))
		}
	}
}

func TestFastChangeIsWarned(t *testing.T) {
	p := tinyPlace()
	count := func(amount float64) (n int, texts []string) {
		r := run(t, p, Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: amount}}})
		for _, a := range r.Alerts {
			if a.Kind == AlertFastChange {
				n++
				texts = append(texts, a.Text(p, r.Years))
			}
		}
		return n, texts
	}
	if n, _ := count(0.5e6); n != 0 { // 5% of prevention, 0.5% of acute
		t.Errorf("a 5%% change warned %d times", n)
	}
	n, texts := count(2e6) // 20% of prevention's £10m
	if n != 1 || !strings.Contains(texts[0], "Prevention grows by 20% in 2026") {
		t.Errorf("fast change: %d %q", n, texts)
	}
}

func TestSocialValueByHand(t *testing.T) {
	p := tinyPlace()
	p.Outcomes[1].QALYPerCase = cited(0.0125) // a QALY a year per 80 years of LE gained per person
	r := run(t, p, Scenario{Moves: []Move{{From: "other", To: "acute", Amount: 5e6}}})
	var q, npv float64
	for y, v := range r.Outcomes[1].Place[Central] {
		qy := (v - r.Outcomes[1].Baseline) * 5000 * 0.0125
		q += qy
		npv += qy * 70000 / math.Pow(1.015, float64(y))
	}
	if q <= 0 {
		t.Fatal("no QALYs from more acute care")
	}
	near(t, "QALYs", r.Social.TotalQALYs[Central], q, 1e-9)
	near(t, "social NPV at 1.5%", r.Social.NPV[Central], npv, 1e-6)
	if !(r.Social.TotalQALYs[Low] <= q && q <= r.Social.TotalQALYs[High]) {
		t.Errorf("QALY range %v–%v misses %v", r.Social.TotalQALYs[Low], r.Social.TotalQALYs[High], q)
	}
}

func TestSetUpCostAndPoolByCohortSpend(t *testing.T) {
	p := tinyPlace()
	p.Silos[1].SetUp = cited(0.5)
	r := run(t, p, Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6, Year: 2027}}})
	council := r.Ledger[1]
	near(t, "set-up in the first year", council.SetUp[1], 1e6, 1e-9)
	near(t, "set-up only once", council.TotalSetUp, 1e6, 1e-9)
	near(t, "set-up in the council's net", council.Net[1], council.SavingsCashable[Central][1]-1e6, 1e-9)

	p = tinyPlace()
	p.Pools[0].Silos = []string{"prevention", "acute"}
	p.Pools[0].SiloCohortSpend = []Param{cited(6e6), cited(2e6)}
	r = run(t, p, Scenario{Pools: []string{"young"}})
	near(t, "council's share by cohort spend", r.Ledger[1].PoolSavings[3], 2e6*0.75, 1e-6)
	near(t, "NHS's share", r.Ledger[0].PoolSavings[3], 2e6*0.25, 1e-6)
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

// A pool's saving is cash only in part: the rest is staff time freed.
func TestPoolSavingsPartCashable(t *testing.T) {
	p := tinyPlace()
	p.Pools[0].Cashable = ranged(0.2, 0.4, 0.6)
	r := run(t, p, Scenario{Pools: []string{"young"}})
	council := r.Ledger[1]
	near(t, "cash", council.SavingsCashable[Central][3], 0.4*2e6, 1e-6)
	near(t, "capacity", council.SavingsNonCash[Central][3], 0.6*2e6, 1e-6)
	near(t, "cash, low", council.SavingsCashable[Low][3], 0.2*1e6, 1e-6)
	near(t, "cash, high", council.SavingsCashable[High][3], 0.6*3e6, 1e-6)
	near(t, "pool savings counted as cash", council.PoolSavings[3], 0.4*2e6, 1e-6)
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

// The SII ranks each outcome's own cohort: with most of the children in
// the most deprived neighbourhoods, a children's outcome is placed on the
// slope by where the children are, not where everyone is. Here the five
// neighbourhoods hold 400, 200, 200, 100, 100 children (most deprived
// first), so the children's ranks are 0.2, 0.5, 0.7, 0.85, 0.95, and the
// slope of 20, 16, 12, 8, 2 on those ranks, weighted by children, is
// worked out below by hand.
func TestSIIRanksTheOutcomesOwnCohort(t *testing.T) {
	p := tinyPlace()
	for i, c := range []float64{400, 200, 200, 100, 100} {
		p.Neighbourhoods[i].Children = c
	}
	p.Outcomes[0].Cohort = "children"
	r := run(t, p, Scenario{})
	x := []float64{0.2, 0.5, 0.7, 0.85, 0.95}
	v := []float64{20, 16, 12, 8, 2}
	w := []float64{400, 200, 200, 100, 100}
	var sw, sx, sv float64
	for i := range x {
		sw += w[i]
		sx += w[i] * x[i]
		sv += w[i] * v[i]
	}
	xbar, vbar := sx/sw, sv/sw
	var sxy, sxx float64
	for i := range x {
		sxy += w[i] * (x[i] - xbar) * (v[i] - vbar)
		sxx += w[i] * (x[i] - xbar) * (x[i] - xbar)
	}
	// NEET: lower is better, so the SII is oriented as most minus least deprived.
	near(t, "SII on the children's own ranks", r.Outcomes[0].SIIBaseline, -sxy/sxx, 1e-9)
	// On the whole population's ranks (0.1 … 0.9) it would differ.
	if math.Abs(r.Outcomes[0].SIIBaseline-22) < 0.5 {
		t.Errorf("SII %g is the population-ranked one", r.Outcomes[0].SIIBaseline)
	}
}

// case_share reports cases among the group an outcome is about when its
// cohort is wider: half the cases, and twice the cost per case, for a
// share of one half; the money and QALYs stay as they were.
func TestCaseShareReportsCasesAmongTheGroup(t *testing.T) {
	sc := Scenario{Moves: []Move{{From: "other", To: "prevention", Amount: 2e6}}}
	whole := run(t, tinyPlace(), sc)
	p := tinyPlace()
	p.Outcomes[0].CaseShare = Param{Value: 0.5, Assumption: "test"}
	half := run(t, p, sc)
	a, b := whole.Outcomes[0], half.Outcomes[0]
	if a.CasesAvoided[Central] == 0 {
		t.Fatal("the move avoided no cases: nothing to compare")
	}
	near(t, "cases", b.CasesAvoided[Central], a.CasesAvoided[Central]/2, 1e-9)
	ca, _ := a.CostPerCase()
	cb, _ := b.CostPerCase()
	near(t, "cost per case", cb, 2*ca, 1e-6)
	near(t, "savings", half.Place.TotalSavings, whole.Place.TotalSavings, 1e-6)
	near(t, "QALYs", b.QALYs, a.QALYs, 1e-9)
}

// Where a move's cut and its gain touch one outcome, the net turns past
// some amount: the alert names that amount, which a search over amounts
// finds too, and appears only once the move has passed it.
func TestPastBestAmount(t *testing.T) {
	p := tinyPlace()
	// Other council services also keep young people in education, weakly.
	p.Effects = append(p.Effects, Effect{Silo: "other", Outcome: "neet", PerMillion: ranged(-0.45, -0.4, -0.2), MaxEffect: cited(5), YearsToFull: cited(1), Targeting: "per_head"})
	p.Index()
	change := func(amount float64) (float64, *Result) {
		r := run(t, p, Scenario{Moves: []Move{{From: "other", To: "prevention", Amount: amount}}})
		return r.Outcomes[0].Change(), r // NEET: lower is better
	}
	best, bestChange := 0.0, 0.0
	for a := 1e5; a <= 5e6; a += 1e5 {
		if c, _ := change(a); c < bestChange {
			best, bestChange = a, c
		}
	}
	if best <= 1e5 || best >= 5e6 {
		t.Fatalf("the search found the best amount at %v: the test place does not turn", best)
	}
	alertOf := func(r *Result) *Alert {
		for i, a := range r.Alerts {
			if a.Kind == AlertPastBest {
				return &r.Alerts[i]
			}
		}
		return nil
	}
	if _, r := change(best / 2); alertOf(r) != nil {
		t.Errorf("£%v, short of the best, alerts: %+v", best/2, *alertOf(r))
	}
	_, r := change(best * 2)
	a := alertOf(r)
	if a == nil {
		t.Fatalf("£%v, past the best £%v, does not alert", best*2, best)
	}
	if math.Abs(a.Value-best) > 1e5 || a.Move != 0 || a.Outcome != 0 {
		t.Errorf("alert %+v, want the best amount about %v for move 0, outcome 0", *a, best)
	}
	// Far past it, the move leaves NEET worse than now: still said.
	far := 5e6
	for ; far < 30e6; far += 1e6 {
		if c, _ := change(far); c > 0 {
			break
		}
	}
	if c, rf := change(far); c <= 0 {
		t.Errorf("no amount up to £%v makes NEET worse: the test place does not turn far enough", far)
	} else if af := alertOf(rf); af == nil || !af.Worse || !strings.Contains(af.Text(p, rf.Years), "worse than now") {
		t.Errorf("£%v leaves NEET worse than now (%+v) but the alert is %+v", far, c, af)
	}
	if want := "NEET rate: moving money from other council services to prevention does most for it at about"; !strings.Contains(a.Text(p, r.Years), want) {
		t.Errorf("alert says %q, want %q", a.Text(p, r.Years), want)
	}
}

// Set-up is paid once, on money a service has not had before: a round
// trip sets nothing up, and money that leaves and comes back is not set
// up again.
func TestSetUpOnNewMoneyOnly(t *testing.T) {
	p := tinyPlace()
	p.Silos[p.SiloIndex("prevention")].SetUp = cited(0.2)
	council := 1
	r := run(t, p, Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6}, {From: "prevention", To: "acute", Amount: 2e6}}})
	if r.Place.TotalSetUp != 0 || r.Ledger[council].TotalSetUp != 0 {
		t.Errorf("a round trip sets up %v (council %v), want nothing", r.Place.TotalSetUp, r.Ledger[council].TotalSetUp)
	}
	// £2m from 2026, £1m more from 2028, £1m back out from 2029: set-up on
	// £2m in 2026 and £1m in 2028, nothing after.
	r = run(t, p, Scenario{Moves: []Move{
		{From: "acute", To: "prevention", Amount: 2e6},
		{From: "acute", To: "prevention", Amount: 1e6, Year: 2028},
		{From: "prevention", To: "other", Amount: 1e6, Year: 2029},
	}})
	want := []float64{0.4e6, 0, 0.2e6, 0, 0, 0}
	for y, w := range want {
		near(t, fmt.Sprintf("council set-up in %d", 2026+y), r.Ledger[council].SetUp[y], w, 1e-6)
	}
	near(t, "place set-up", r.Place.TotalSetUp, 0.6e6, 1e-6)
}

// Extra cases can cost more cash than avoided cases save: a placement is
// bought, though a case avoided frees time. The share for each is its own.
func TestExtraCostsHaveTheirOwnCashShare(t *testing.T) {
	p := tinyPlace()
	p.Spillovers[0].Cashable = cited(0.25)
	p.Spillovers[0].CashableCost = cited(1)
	dwp := 2
	better := run(t, p, Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6}}}).Ledger[dwp]
	worse := run(t, p, Scenario{Moves: []Move{{From: "prevention", To: "acute", Amount: 2e6}}}).Ledger[dwp]
	if better.TotalSavings <= 0 || worse.TotalSavings >= 0 {
		t.Fatalf("savings %v when NEET falls, %v when it rises", better.TotalSavings, worse.TotalSavings)
	}
	near(t, "cash share of savings", better.TotalSavings/(better.TotalSavings+better.TotalNonCash), 0.25, 1e-9)
	near(t, "capacity when cases rise", worse.TotalNonCash, 0, 1e-6)
	p.Spillovers[0].CashableCost = Param{} // none given: as cashable
	worse = run(t, p, Scenario{Moves: []Move{{From: "prevention", To: "acute", Amount: 2e6}}}).Ledger[dwp]
	near(t, "cash share of costs, none given", worse.TotalSavings/(worse.TotalSavings+worse.TotalNonCash), 0.25, 1e-9)
}

// The net's range carries set-up's: the adverse end pays the larger share.
func TestSetUpRange(t *testing.T) {
	p := tinyPlace()
	p.Silos[p.SiloIndex("prevention")].SetUp = ranged(0.05, 0.1, 0.5)
	r := run(t, p, Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6}}})
	near(t, "set-up, central", r.Place.TotalSetUp, 0.2e6, 1e-6)
	near(t, "set-up, adverse end", r.Place.SetUpRange[Low], 1e6, 1e-6)
	near(t, "set-up, favourable end", r.Place.SetUpRange[High], 0.1e6, 1e-6)
	near(t, "council's adverse end", r.Ledger[1].SetUpRange[Low], 1e6, 1e-6)
}

// Merging services costs something once: a pool's set-up falls in its
// first year, on its members as its saving does.
func TestPoolSetUp(t *testing.T) {
	p := tinyPlace()
	p.Pools[0].SetUp = ranged(1e5, 3e5, 6e5)
	r := run(t, p, Scenario{Pools: []string{"young"}})
	council := r.Ledger[1] // both members are the council's
	near(t, "set-up in the first year", council.SetUp[0], 3e5, 1e-6)
	near(t, "set-up later", council.SetUp[1], 0, 1e-6)
	near(t, "place set-up", r.Place.TotalSetUp, 3e5, 1e-6)
	near(t, "adverse end", r.Place.SetUpRange[Low], 6e5, 1e-6)
	near(t, "council net", last(council.Cumulative), council.TotalSavings-3e5, 1e-6)
	if none := run(t, p, Scenario{}); none.Place.TotalSetUp != 0 {
		t.Errorf("a pool not made sets up %v", none.Place.TotalSetUp)
	}
}

// A share given as a range widens the outcome's range: the small end of the
// share goes with the small end of the effect.
func TestEffectShareRangeWidensTheRange(t *testing.T) {
	sc := Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6}}}
	p := tinyPlace()
	p.Effects[0].Share = cited(0.5)
	narrow := run(t, p, sc).Outcomes[0]
	p.Effects[0].Share = ranged(0.25, 0.5, 0.75)
	wide := run(t, p, sc).Outcomes[0]
	near(t, "central unchanged", wide.Change(), narrow.Change(), 1e-12)
	at := func(o OutcomeResult, b Bound) float64 { s := o.Place[b]; return s[len(s)-1] }
	if !(at(wide, Low) > at(narrow, Low) && at(wide, High) < at(narrow, High)) {
		// NEET falls: the adverse end (Low) is the higher rate.
		t.Errorf("range with a share range %v..%v, without %v..%v: want wider at both ends",
			at(wide, Low), at(wide, High), at(narrow, Low), at(narrow, High))
	}
}

// A cash share given as a range widens the cash savings' range.
func TestCashShareRangeWidensSavings(t *testing.T) {
	sc := Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6}}}
	p := tinyPlace()
	dwp := 2
	p.Spillovers[0].Cashable = cited(0.25)
	narrow := run(t, p, sc).Ledger[dwp]
	p.Spillovers[0].Cashable = ranged(0.1, 0.25, 0.4)
	wide := run(t, p, sc).Ledger[dwp]
	near(t, "central unchanged", wide.TotalSavings, narrow.TotalSavings, 1e-6)
	near(t, "adverse end", wide.SavingsRange[Low], narrow.SavingsRange[Low]*0.1/0.25, 1e-6)
	near(t, "favourable end", wide.SavingsRange[High], narrow.SavingsRange[High]*0.4/0.25, 1e-6)
}

// The fast-change warning names a silo's largest jump, to one decimal.
func TestFastChangeNamesTheLargestJump(t *testing.T) {
	p := tinyPlace()
	r := run(t, p, Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: 2e6}, {From: "acute", To: "prevention", Amount: 3.05e6, Year: 2029}}})
	var got []string
	for _, a := range r.Alerts {
		if a.Kind == AlertFastChange && p.Silos[a.Silo].ID == "prevention" {
			got = append(got, a.Text(p, r.Years))
		}
	}
	if len(got) != 1 || !strings.Contains(got[0], "grows by 30.5% in 2029") {
		t.Errorf("prevention's warnings %q, want one naming its 30.5%% jump in 2029", got)
	}
}

// Cutting a pooled service shrinks what merging it saves: its part of the
// saving goes with its budget.
func TestPoolSavingShrinksWithItsMembers(t *testing.T) {
	p := tinyPlace()
	whole := run(t, p, Scenario{Pools: []string{"young"}})
	cut := run(t, p, Scenario{Pools: []string{"young"}, Moves: []Move{{From: "prevention", To: "acute", Amount: 5e6}}})
	// Prevention (£10m) and other (£30m) share the saving by budget: a
	// quarter is prevention's, and half of prevention is cut.
	near(t, "pool saving with half of prevention cut", cut.Pools[0].Saving[3], whole.Pools[0].Saving[3]*(1-0.25*0.5), 1e-6)
}

// When fifths change places the warning names which.
func TestRankChangeNamesTheFifths(t *testing.T) {
	p := tinyPlace()
	p.Outcomes[0].Baseline = Baseline{D1: cited(6), D10: cited(4), Shape: "linear"}
	for amount := 0.5e6; amount <= 8e6; amount += 0.5e6 {
		r := run(t, p, Scenario{Moves: []Move{{From: "acute", To: "prevention", Amount: amount, Target: Targeting{MostDeprivedFifth: true}}}})
		for _, a := range r.Alerts {
			if a.Kind != AlertRankChange {
				continue
			}
			o := r.Outcomes[a.Outcome]
			before := o.FifthsBaseline[a.Move] - o.FifthsBaseline[a.To]
			after := last(o.Fifths[a.Move]) - last(o.Fifths[a.To])
			if a.Move >= a.To || before*after >= 0 {
				t.Fatalf("£%v: alert names fifths %d and %d, which did not change places (%v then %v)", amount, a.Move, a.To, before, after)
			}
			if txt := a.Text(p, r.Years); !strings.Contains(txt, "the most deprived and the second most deprived fifths change places") {
				t.Errorf("£%v: %q", amount, txt)
			}
			return
		}
	}
	t.Fatal("no amount changed the fifths' order without reversing the gap: the test place does not do what the test needs")
}
