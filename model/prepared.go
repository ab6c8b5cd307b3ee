package model

import (
	"fmt"
	"math"
	"sort"
)

// Prepared is everything about a place that the engine computes once:
// baselines, weights, fifths, regression coefficients, discount factors. It
// is immutable after Prepare, so one Prepared is shared read-only by every
// session, screen and preview of the place; each run brings its own scratch
// space (an Engine), which is cheap to make.
type Prepared struct {
	place *Place
	years int
	nbhds int

	// Per neighbourhood.
	fifth    []int8    // local fifth by IMD rank, 0 = most deprived
	needW    []float64 // need weight per person (central)
	fifthPop [5]float64

	outcomes []outcomePre
	effects  []effectPre
	effectOf []int // place effect index → effects index, -1 when unused
	// siloEffects[s] lists the effects driven by silo s.
	siloEffects [][]int
	// siloFifthSpend[s][q] is the share of silo s's spend that lands in fifth q.
	siloFifthSpend [][5]float64
	siloNeedBasis  [][]float64 // per silo, the distribution basis per neighbourhood (normalised to sum 1)
	needFifth      [5]float64
	agencyOfSilo   []int
	spillByOutcome [][]int
	discount       []float64 // 1/(1+r)^y
	healthDiscount []float64 // the same at the health rate
	appraisal      Appraisal // the place's, with defaults filled in
	// mostDeprived marks the neighbourhoods of the most deprived fifth.
	mostDeprived []bool
	// byDeprivation is every neighbourhood's index, most deprived first.
	byDeprivation []int
}

type outcomePre struct {
	cohort      []float64 // cohort size per neighbourhood
	cohortTotal float64
	base        []float64 // baseline per neighbourhood
	baseMean    float64
	siiBase     float64 // the baseline's slope, before orientation
	baseFifths  [5]float64
	fifthCohort [5]float64
	siiCoef     []float64 // slope = Σ siiCoef[n]·value[n]
	orient      float64   // +1 when higher is better
	effects     []int
}

type effectPre struct {
	silo, outcome int
	// k and maxEffect are per £1m and the cap, net of deadweight,
	// displacement and optimism bias: Central, then the small (Low) and
	// large (High) ends of the evidence.
	k, maxEffect [3]float64
	rampYears    float64
	onset        int
	share        float64 // of the silo's pounds
	base         float64 // the silo's budget × share: what the response scales by
	// shareAt and baseAt are share and base per bound: the small (Low) and
	// large (High) ends of a share the file gives a range for.
	shareAt, baseAt [3]float64
	weight          []float64 // normalised so the cohort-weighted mean is 1
	coefs           coefs
	fifthCoefs      coefs // when targeted at the most deprived fifth
	fifthScale      float64
}

// coefs turn a place-mean change into changes of the fifth means and SII.
type coefs struct {
	fifths [5]float64
	sii    float64
}

// Prepare precomputes everything that depends only on the place.
func Prepare(p *Place) *Prepared {
	if p.siloIndex == nil {
		p.Index()
	}
	pr := &Prepared{place: p, years: p.HorizonYears, nbhds: len(p.Neighbourhoods)}
	if pr.years < 1 {
		pr.years = 1
	}
	pr.rankNeighbourhoods()
	pr.mostDeprived = make([]bool, pr.nbhds)
	for n := range pr.mostDeprived {
		pr.mostDeprived[n] = pr.fifth[n] == 0
	}
	pr.needW = make([]float64, pr.nbhds)
	for n, nb := range p.Neighbourhoods {
		pr.needW[n] = decileValue(p.Need.ByDecile[:], nb.Deciles[p.Need.Domain], Central, 1)
	}
	for o := range p.Outcomes {
		pr.outcomes = append(pr.outcomes, pr.prepareOutcome(&p.Outcomes[o]))
	}
	pr.siloEffects = make([][]int, len(p.Silos))
	pr.effectOf = make([]int, len(p.Effects))
	for i := range p.Effects {
		pr.effectOf[i] = -1
		ef := pr.prepareEffect(&p.Effects[i])
		if ef.silo < 0 || ef.outcome < 0 {
			continue // the loader refuses these; a hand-built place may not
		}
		pr.effectOf[i] = len(pr.effects)
		pr.siloEffects[ef.silo] = append(pr.siloEffects[ef.silo], len(pr.effects))
		pr.outcomes[ef.outcome].effects = append(pr.outcomes[ef.outcome].effects, len(pr.effects))
		pr.effects = append(pr.effects, ef)
	}
	pr.agencyOfSilo = make([]int, len(p.Silos))
	for s, si := range p.Silos {
		pr.agencyOfSilo[s] = p.AgencyIndex(si.Agency)
	}
	pr.appraisal = p.Appraisal.filled()
	pr.shareEffects()
	pr.spillByOutcome = make([][]int, len(p.Outcomes))
	for i, sp := range p.Spillovers {
		if o := p.OutcomeIndex(sp.Outcome); o >= 0 {
			pr.spillByOutcome[o] = append(pr.spillByOutcome[o], i)
		}
	}
	pr.prepareNeedSpend()
	pr.discount = make([]float64, pr.years)
	pr.healthDiscount = make([]float64, pr.years)
	for y := range pr.discount {
		pr.discount[y] = 1 / math.Pow(1+p.DiscountRate.Value, float64(y))
		pr.healthDiscount[y] = 1 / math.Pow(1+pr.appraisal.HealthDiscountRate.Value, float64(y))
	}
	return pr
}

// Place returns the prepared place.
func (pr *Prepared) Place() *Place { return pr.place }

// ByDeprivation is every neighbourhood's index, most deprived (lowest IMD
// rank) first. Shared: never modify it.
func (pr *Prepared) ByDeprivation() []int { return pr.byDeprivation }

// rankNeighbourhoods assigns local population fifths and relative ranks,
// most deprived first, as public health statistics do for the SII.
func (pr *Prepared) rankNeighbourhoods() {
	p := pr.place
	order := make([]int, pr.nbhds)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return p.Neighbourhoods[order[a]].IMDRank < p.Neighbourhoods[order[b]].IMDRank
	})
	pr.byDeprivation = order
	var total float64
	for _, nb := range p.Neighbourhoods {
		total += nb.Population
	}
	pr.fifth = make([]int8, pr.nbhds)
	var cum float64
	for _, n := range order {
		pop := p.Neighbourhoods[n].Population
		mid := 0.5
		if total > 0 {
			mid = (cum + pop/2) / total
		}
		q := int(mid * 5)
		if q > 4 {
			q = 4
		}
		pr.fifth[n] = int8(q)
		pr.fifthPop[q] += pop
		cum += pop
	}
}

// shareEffects gives every effect its share of its silo's pounds
// (Place.EffectShares) and the budget its response scales by.
func (pr *Prepared) shareEffects() {
	shares := pr.place.EffectShares()
	for i, ei := range pr.effectOf {
		if ei < 0 {
			continue
		}
		ef := &pr.effects[ei]
		ef.share = shares[i]
		ef.base = pr.place.Silos[ef.silo].Budget.Value * ef.share
		lo, hi := ef.share, ef.share
		if given := pr.place.Effects[i].Share; given.Value > 0 {
			lo, hi = given.span()
		}
		ef.shareAt = [3]float64{Central: ef.share, Low: lo, High: hi}
		for b, sh := range ef.shareAt {
			ef.baseAt[b] = pr.place.Silos[ef.silo].Budget.Value * sh
		}
	}
}

// EffectShares is, for each of the place's effects, the share of its
// silo's pounds it buys: the share the file gives, and what is left split
// equally among the silo's effects that give none, so a silo's pounds are
// counted once.
func (p *Place) EffectShares() []float64 {
	given := map[string]float64{}
	unset := map[string]int{}
	for _, ef := range p.Effects {
		if ef.Share.Value > 0 {
			given[ef.Silo] += ef.Share.Value
		} else {
			unset[ef.Silo]++
		}
	}
	out := make([]float64, len(p.Effects))
	for i, ef := range p.Effects {
		out[i] = ef.Share.Value
		if out[i] <= 0 {
			out[i] = max(0, 1-given[ef.Silo]) / float64(unset[ef.Silo])
		}
	}
	return out
}

// Grade is the effect's evidence grade: as given, or weak when its size
// is an assumption and moderate when it is cited.
func (ef Effect) Grade() Evidence {
	switch {
	case ef.Evidence != "":
		return ef.Evidence
	case ef.PerMillion.IsAssumption():
		return EvidenceWeak
	}
	return EvidenceModerate
}

// EffectShare is the share of its silo's pounds that the place's effect i
// buys (0 for an effect the engine could not use).
func (pr *Prepared) EffectShare(i int) float64 {
	if i < 0 || i >= len(pr.effectOf) || pr.effectOf[i] < 0 {
		return 0
	}
	return pr.effects[pr.effectOf[i]].share
}

// decileValue reads a per-decile parameter, or def when none is given.
func decileValue(by []Param, decile int, b Bound, def float64) float64 {
	if len(by) != 10 || decile < 1 || decile > 10 {
		return def
	}
	v := by[decile-1].At(b)
	if v == 0 && by[decile-1] == (Param{}) {
		return def
	}
	return v
}

// cohortRank is each neighbourhood's relative rank (0 to 1, the middle of
// its share) within a cohort, most deprived first.
func (pr *Prepared) cohortRank(cohort []float64) []float64 {
	var total float64
	for _, c := range cohort {
		total += c
	}
	rank := make([]float64, pr.nbhds)
	var cum float64
	for _, n := range pr.byDeprivation {
		rank[n] = 0.5
		if total > 0 {
			rank[n] = (cum + cohort[n]/2) / total
		}
		cum += cohort[n]
	}
	return rank
}

func (pr *Prepared) prepareOutcome(o *Outcome) outcomePre {
	p := pr.place
	op := outcomePre{
		cohort:  make([]float64, pr.nbhds),
		base:    make([]float64, pr.nbhds),
		siiCoef: make([]float64, pr.nbhds),
		orient:  -1,
	}
	if o.HigherIsBetter {
		op.orient = 1
	}
	for n, nb := range p.Neighbourhoods {
		op.cohort[n] = nb.CohortSize(o.Cohort)
		op.cohortTotal += op.cohort[n]
		op.base[n] = baselineValue(&o.Baseline, nb.Deciles[o.Baseline.Domain])
	}
	if o.Baseline.ScaleTo != nil {
		if m := weightedMean(op.base, op.cohort); m != 0 {
			f := o.Baseline.ScaleTo.Value / m
			for n := range op.base {
				op.base[n] *= f
			}
		}
	}
	op.baseMean = weightedMean(op.base, op.cohort)
	for n := range op.base {
		q := pr.fifth[n]
		op.fifthCohort[q] += op.cohort[n]
		op.baseFifths[q] += op.cohort[n] * op.base[n]
	}
	for q := range op.baseFifths {
		if op.fifthCohort[q] > 0 {
			op.baseFifths[q] /= op.fifthCohort[q]
		}
	}
	// Weighted least squares slope of value on relative rank, written as
	// Σ c[n]·v[n] so a change in values maps linearly onto a change in SII.
	// The rank is within the outcome's own cohort (children for children in
	// care, the 16-59s for NEET), most deprived first, as the SII's
	// definition asks: ranking on the whole population would put a
	// deprived area's many children at the wrong place on the slope.
	rank := pr.cohortRank(op.cohort)
	xbar := weightedMean(rank, op.cohort)
	var sxx float64
	for n, c := range op.cohort {
		d := rank[n] - xbar
		sxx += c * d * d
	}
	if sxx > 0 {
		for n, c := range op.cohort {
			op.siiCoef[n] = c * (rank[n] - xbar) / sxx
		}
	}
	op.siiBase = dot(op.siiCoef, op.base)
	return op
}

func baselineValue(b *Baseline, decile int) float64 {
	var v float64
	switch {
	case len(b.ByDecile) == 10:
		v = decileValue(b.ByDecile, decile, Central, 0)
	default:
		t := float64(decile-1) / 9
		if b.Shape == "geometric" && b.D1.Value > 0 && b.D10.Value > 0 {
			v = b.D1.Value * math.Pow(b.D10.Value/b.D1.Value, t)
		} else {
			v = b.D1.Value + (b.D10.Value-b.D1.Value)*t
		}
	}
	return v + b.Offset.Value
}

func weightedMean(v, w []float64) float64 {
	var s, sw float64
	for i := range v {
		s += v[i] * w[i]
		sw += w[i]
	}
	if sw == 0 {
		return 0
	}
	return s / sw
}

func (pr *Prepared) prepareEffect(ef *Effect) effectPre {
	p := pr.place
	pe := effectPre{silo: p.SiloIndex(ef.Silo), outcome: p.OutcomeIndex(ef.Outcome), rampYears: math.Max(1, ef.YearsToFull.Value),
		onset: max(0, int(math.Round(ef.OnsetYears.Value))), share: ef.Share.Value}
	// Deadweight, displacement and optimism bias scale every effect alike;
	// the small end of the evidence takes the largest of each.
	dwLo, dwHi := ef.Deadweight.span()
	dpLo, dpHi := ef.Displacement.span()
	ob := p.Appraisal.filled().OptimismFor(ef.Grade())
	obLo, obHi := ob.span()
	net := [3]float64{
		(1 - ef.Deadweight.Value) * (1 - ef.Displacement.Value) * (1 - ob.Value),
		(1 - dwHi) * (1 - dpHi) * (1 - obHi),
		(1 - dwLo) * (1 - dpLo) * (1 - obLo),
	}
	for _, b := range Bounds {
		pe.k[b] = ef.PerMillion.Magnitude(b) * net[b]
		pe.maxEffect[b] = ef.MaxEffect.Magnitude(b) * net[b]
	}
	if pe.outcome < 0 {
		return pe
	}
	op := &pr.outcomes[pe.outcome]
	pe.weight = make([]float64, pr.nbhds)
	for n, nb := range p.Neighbourhoods {
		w := 1.0
		if ef.Targeting == "need" {
			w = decileValue(p.Need.ByDecile[:], nb.Deciles[ef.NeedDomain], Central, 1)
		}
		pe.weight[n] = w
	}
	m := weightedMean(pe.weight, op.cohort)
	if m <= 0 { // nobody in a decile with any need: land per head instead
		fill(pe.weight, 1)
		m = 1
	}
	for n := range pe.weight {
		pe.weight[n] /= m
	}
	pe.coefs, _ = pr.coefsFor(op, pe.weight, nil)
	pe.fifthCoefs, pe.fifthScale = pr.coefsFor(op, pe.weight, pr.mostDeprived)
	return pe
}

// coefsFor returns how a unit change in the place mean moves each fifth's
// mean and the SII, when the change lands by weight, optionally only inside
// target. scale renormalises the weights inside the target so the place mean
// still moves by exactly one unit; it is 0 when the target holds nobody.
func (pr *Prepared) coefsFor(op *outcomePre, weight []float64, target []bool) (c coefs, scale float64) {
	scale = 1
	if target != nil {
		var in float64
		for n, t := range target {
			if t {
				in += op.cohort[n] * weight[n]
			}
		}
		if in <= 0 {
			return coefs{}, 0
		}
		scale = op.cohortTotal / in
	}
	for n, w := range weight {
		if target != nil && !target[n] {
			continue
		}
		w *= scale
		c.fifths[pr.fifth[n]] += op.cohort[n] * w
		c.sii += op.siiCoef[n] * w
	}
	for q := range c.fifths {
		if op.fifthCohort[q] > 0 {
			c.fifths[q] /= op.fifthCohort[q]
		}
	}
	return c, scale
}

// prepareNeedSpend splits each silo's spend and the place's need across fifths.
func (pr *Prepared) prepareNeedSpend() {
	p := pr.place
	var needTotal float64
	for n, nb := range p.Neighbourhoods {
		need := nb.Population * pr.needW[n]
		pr.needFifth[pr.fifth[n]] += need
		needTotal += need
	}
	if needTotal > 0 {
		for q := range pr.needFifth {
			pr.needFifth[q] /= needTotal
		}
	}
	pr.siloFifthSpend = make([][5]float64, len(p.Silos))
	pr.siloNeedBasis = make([][]float64, len(p.Silos))
	for s, si := range p.Silos {
		basis := make([]float64, pr.nbhds)
		var sum float64
		for n, nb := range p.Neighbourhoods {
			switch si.Distribution {
			case "need":
				basis[n] = nb.Population * pr.needW[n]
			case "", "population":
				basis[n] = nb.Population
			default:
				basis[n] = nb.CohortSize(si.Distribution)
			}
			sum += basis[n]
		}
		for n := range basis {
			if sum > 0 {
				basis[n] /= sum
			}
			pr.siloFifthSpend[s][pr.fifth[n]] += basis[n]
		}
		pr.siloNeedBasis[s] = basis
	}
}

func (pr *Prepared) yearIndex(year int) (int, error) {
	if year == 0 {
		return 0, nil
	}
	p := pr.place
	last := p.BaseYear + pr.years - 1
	if year < p.BaseYear || year > last {
		return 0, fmt.Errorf("year %d is outside the horizon: expected %d to %d", year, p.BaseYear, last)
	}
	return year - p.BaseYear, nil
}

func (pr *Prepared) siloList() string {
	ids := make([]string, 0, len(pr.place.Silos))
	for _, s := range pr.place.Silos {
		ids = append(ids, s.ID)
	}
	return "silos: " + listOrNone(ids)
}

// NewResult allocates a Result sized for this place, for RunInto.
func (pr *Prepared) NewResult() *Result { return pr.newResult(true) }

// NewLightResult is NewResult without the neighbourhood grid (Neighbourhood
// is nil), for runs that need only place-level figures.
func (pr *Prepared) NewLightResult() *Result { return pr.newResult(false) }

func (pr *Prepared) newResult(grid bool) *Result {
	p := pr.place
	r := &Result{Years: p.Years(), TotalSpend: p.TotalSpend()}
	r.Silos = make([]SiloResult, len(p.Silos))
	for s, si := range p.Silos {
		r.Silos[s] = SiloResult{ID: si.ID, Agency: si.Agency, Budget: si.Budget.Value, Locked: si.Locked(), Allocated: make([]float64, pr.years)}
	}
	r.Outcomes = make([]OutcomeResult, len(p.Outcomes))
	if grid {
		r.gridDirty = make([]bool, len(p.Outcomes))
		for o := range r.gridDirty {
			r.gridDirty[o] = true // allocated at zero: filled on the first run
		}
	}
	for o := range p.Outcomes {
		or := &r.Outcomes[o]
		op := &pr.outcomes[o]
		or.ID = p.Outcomes[o].ID
		or.Baseline = op.baseMean
		or.FifthsBaseline = op.baseFifths
		or.GapBaseline = op.orient * (op.baseFifths[4] - op.baseFifths[0])
		or.SIIBaseline = op.orient * op.siiBase
		for b := range or.Place {
			or.Place[b] = make([]float64, pr.years)
			or.Gap[b] = make([]float64, pr.years)
			or.SII[b] = make([]float64, pr.years)
		}
		for q := range or.Fifths {
			or.Fifths[q] = make([]float64, pr.years)
		}
		if grid {
			or.Neighbourhood = make([]float64, pr.nbhds*pr.years)
		}
		or.NeighbourhoodBaseline = op.base
		or.BySilo = make([][]float64, len(p.Silos))
		for s := range or.BySilo {
			or.BySilo[s] = make([]float64, pr.years)
		}
	}
	r.Ledger = make([]AgencyLedger, len(p.Agencies))
	for a := range p.Agencies {
		r.Ledger[a] = newLedger(p.Agencies[a].ID, pr.years)
	}
	r.Place = newLedger("place", pr.years)
	for b := range r.Social.QALYs {
		r.Social.QALYs[b] = make([]float64, pr.years)
		r.Social.Value[b] = make([]float64, pr.years)
	}
	r.Pools = make([]PoolResult, len(p.Pools))
	for i, q := range p.Pools {
		r.Pools[i] = PoolResult{ID: q.ID, Saving: make([]float64, pr.years)}
	}
	return r
}

func newLedger(id string, years int) AgencyLedger {
	l := AgencyLedger{Agency: id}
	l.GaveUp = make([]float64, years)
	l.Received = make([]float64, years)
	l.Within = make([]float64, years)
	l.NetInvest = make([]float64, years)
	l.SetUp = make([]float64, years)
	for b := range l.SavingsCashable {
		l.SavingsCashable[b] = make([]float64, years)
		l.SavingsNonCash[b] = make([]float64, years)
	}
	l.PoolSavings = make([]float64, years)
	l.Net = make([]float64, years)
	l.Cumulative = make([]float64, years)
	return l
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
