package model

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Engine recalculates scenarios for one place. It keeps scratch buffers, so
// it is not safe for concurrent use: a session serialises its runs. NewEngine does everything
// that depends only on the place and its neighbourhoods (baselines, weights,
// fifths, regression coefficients); a run then only does work proportional to
// the silos a scenario touches, plus one pass over the neighbourhood grid for
// each affected outcome.
//
// The model, in brief (README has the long form):
//   - A silo's change in spend Δ (£ a year) moves an outcome's place mean by
//     M·tanh(k·Δ/M) (k per £1m, M the most it can move), phased in linearly
//     over the effect's years to full effect.
//   - The change lands on neighbourhoods in proportion to weights normalised
//     so the cohort-weighted mean is 1: per head (all 1) or by need.
//   - Spillovers turn the change in a rate into cases avoided, and cases
//     into cost saved by an agency, lag years later.
//   - With no moves every outcome stays at its baseline: the results are
//     differences from "carry on as now", not forecasts.
type Engine struct {
	place *Place
	years int
	nbhds int

	// Per neighbourhood.
	fifth    []int8    // local fifth by IMD rank, 0 = most deprived
	relRank  []float64 // cumulative population midpoint, 0 = most deprived
	needW    []float64 // need weight per person (central)
	fifthPop [5]float64

	outcomes []outcomePre
	effects  []effectPre
	// siloEffects[s] lists the effects driven by silo s.
	siloEffects [][]int
	// siloFifthSpend[s][q] is the share of silo s's spend that lands in fifth q.
	siloFifthSpend [][5]float64
	siloNeedBasis  [][]float64 // per silo, the distribution basis per neighbourhood (normalised to sum 1)
	needFifth      [5]float64
	agencyOfSilo   []int
	spillByOutcome [][]int
	discount       []float64 // 1/(1+r)^y

	// Scratch, reused by every run so a recalculation does not allocate.
	delta      [][]float64 // per silo, per year: Δ spend
	moveDelta  [][]float64 // per move, per year: the move's own Δ for the current silo
	level      []float64
	series     [3][]float64
	untargeted []float64
	targetBuf  []bool
}

type outcomePre struct {
	cohort      []float64 // cohort size per neighbourhood
	cohortTotal float64
	base        []float64 // baseline per neighbourhood
	baseGrid    []float64 // baseline repeated per year, n*years+y
	baseMean    float64
	baseFifths  [5]float64
	fifthCohort [5]float64
	siiCoef     []float64 // slope = Σ siiCoef[n]·value[n]
	orient      float64   // +1 when higher is better
	effects     []int
}

type effectPre struct {
	silo, outcome int
	k, maxEffect  [3]float64 // per £1m, and the cap, per bound
	rampYears     float64
	weight        []float64 // normalised so the cohort-weighted mean is 1
	coefs         coefs
	fifthCoefs    coefs // when targeted at the most deprived fifth
	fifthScale    float64
}

// coefs turn a place-mean change into changes of the fifth means and SII.
type coefs struct {
	fifths [5]float64
	sii    float64
}

// NewEngine precomputes everything that depends only on the place.
func NewEngine(p *Place) *Engine {
	if p.siloIndex == nil {
		p.Index()
	}
	e := &Engine{place: p, years: p.HorizonYears, nbhds: len(p.Neighbourhoods)}
	if e.years < 1 {
		e.years = 1
	}
	e.rankNeighbourhoods()
	e.needW = make([]float64, e.nbhds)
	for n, nb := range p.Neighbourhoods {
		e.needW[n] = decileValue(p.Need.ByDecile[:], nb.Deciles[p.Need.Domain], Central, 1)
	}
	for o := range p.Outcomes {
		e.outcomes = append(e.outcomes, e.prepareOutcome(&p.Outcomes[o]))
	}
	e.siloEffects = make([][]int, len(p.Silos))
	for i := range p.Effects {
		ef := e.prepareEffect(&p.Effects[i])
		if ef.silo < 0 || ef.outcome < 0 {
			continue // the loader refuses these; a hand-built place may not
		}
		e.siloEffects[ef.silo] = append(e.siloEffects[ef.silo], len(e.effects))
		e.outcomes[ef.outcome].effects = append(e.outcomes[ef.outcome].effects, len(e.effects))
		e.effects = append(e.effects, ef)
	}
	e.agencyOfSilo = make([]int, len(p.Silos))
	for s, si := range p.Silos {
		e.agencyOfSilo[s] = p.AgencyIndex(si.Agency)
	}
	e.spillByOutcome = make([][]int, len(p.Outcomes))
	for i, sp := range p.Spillovers {
		if o := p.OutcomeIndex(sp.Outcome); o >= 0 {
			e.spillByOutcome[o] = append(e.spillByOutcome[o], i)
		}
	}
	e.prepareNeedSpend()
	e.discount = make([]float64, e.years)
	for y := range e.discount {
		e.discount[y] = 1 / math.Pow(1+p.DiscountRate.Value, float64(y))
	}
	e.delta = make([][]float64, len(p.Silos))
	for s := range e.delta {
		e.delta[s] = make([]float64, e.years)
	}
	e.level = make([]float64, e.years)
	e.untargeted = make([]float64, e.years)
	for b := range e.series {
		e.series[b] = make([]float64, e.years)
	}
	e.targetBuf = make([]bool, e.nbhds)
	return e
}

// Place returns the engine's place.
func (e *Engine) Place() *Place { return e.place }

// rankNeighbourhoods assigns local population fifths and relative ranks,
// most deprived first, as public health statistics do for the SII.
func (e *Engine) rankNeighbourhoods() {
	p := e.place
	order := make([]int, e.nbhds)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return p.Neighbourhoods[order[a]].IMDRank < p.Neighbourhoods[order[b]].IMDRank
	})
	var total float64
	for _, nb := range p.Neighbourhoods {
		total += nb.Population
	}
	e.fifth = make([]int8, e.nbhds)
	e.relRank = make([]float64, e.nbhds)
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
		e.fifth[n] = int8(q)
		e.relRank[n] = mid
		e.fifthPop[q] += pop
		cum += pop
	}
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

func (e *Engine) prepareOutcome(o *Outcome) outcomePre {
	p := e.place
	op := outcomePre{
		cohort:   make([]float64, e.nbhds),
		base:     make([]float64, e.nbhds),
		baseGrid: make([]float64, e.nbhds*e.years),
		siiCoef:  make([]float64, e.nbhds),
		orient:   -1,
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
		q := e.fifth[n]
		op.fifthCohort[q] += op.cohort[n]
		op.baseFifths[q] += op.cohort[n] * op.base[n]
		for y := 0; y < e.years; y++ {
			op.baseGrid[n*e.years+y] = op.base[n]
		}
	}
	for q := range op.baseFifths {
		if op.fifthCohort[q] > 0 {
			op.baseFifths[q] /= op.fifthCohort[q]
		}
	}
	// Weighted least squares slope of value on relative rank, written as
	// Σ c[n]·v[n] so a change in values maps linearly onto a change in SII.
	xbar := weightedMean(e.relRank, op.cohort)
	var sxx float64
	for n, c := range op.cohort {
		d := e.relRank[n] - xbar
		sxx += c * d * d
	}
	if sxx > 0 {
		for n, c := range op.cohort {
			op.siiCoef[n] = c * (e.relRank[n] - xbar) / sxx
		}
	}
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

func (e *Engine) prepareEffect(ef *Effect) effectPre {
	p := e.place
	pe := effectPre{silo: p.SiloIndex(ef.Silo), outcome: p.OutcomeIndex(ef.Outcome), rampYears: math.Max(1, ef.YearsToFull.Value)}
	for _, b := range Bounds {
		pe.k[b] = ef.PerMillion.Magnitude(b)
		pe.maxEffect[b] = ef.MaxEffect.Magnitude(b)
	}
	if pe.outcome < 0 {
		return pe
	}
	op := &e.outcomes[pe.outcome]
	pe.weight = make([]float64, e.nbhds)
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
	pe.coefs, _ = e.coefsFor(op, pe.weight, nil)
	mostDeprived := make([]bool, e.nbhds)
	for n := range mostDeprived {
		mostDeprived[n] = e.fifth[n] == 0
	}
	pe.fifthCoefs, pe.fifthScale = e.coefsFor(op, pe.weight, mostDeprived)
	return pe
}

// coefsFor returns how a unit change in the place mean moves each fifth's
// mean and the SII, when the change lands by weight, optionally only inside
// target. scale renormalises the weights inside the target so the place mean
// still moves by exactly one unit; it is 0 when the target holds nobody.
func (e *Engine) coefsFor(op *outcomePre, weight []float64, target []bool) (c coefs, scale float64) {
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
		c.fifths[e.fifth[n]] += op.cohort[n] * w
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
func (e *Engine) prepareNeedSpend() {
	p := e.place
	var needTotal float64
	for n, nb := range p.Neighbourhoods {
		need := nb.Population * e.needW[n]
		e.needFifth[e.fifth[n]] += need
		needTotal += need
	}
	if needTotal > 0 {
		for q := range e.needFifth {
			e.needFifth[q] /= needTotal
		}
	}
	e.siloFifthSpend = make([][5]float64, len(p.Silos))
	e.siloNeedBasis = make([][]float64, len(p.Silos))
	for s, si := range p.Silos {
		basis := make([]float64, e.nbhds)
		var sum float64
		for n, nb := range p.Neighbourhoods {
			switch si.Distribution {
			case "need":
				basis[n] = nb.Population * e.needW[n]
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
			e.siloFifthSpend[s][e.fifth[n]] += basis[n]
		}
		e.siloNeedBasis[s] = basis
	}
}

// Check reports the first rule the scenario breaks, as a *MoveError, or nil.
func (e *Engine) Check(s Scenario) error {
	return e.check(s)
}

// check validates the moves in order, leaving each silo's change in spend
// per year in e.delta, so the move that first breaks a rule is the one named.
func (e *Engine) check(s Scenario) error {
	p := e.place
	total := p.TotalSpend()
	for i := range e.delta {
		clear(e.delta[i])
	}
	for i, m := range s.Moves {
		from, to := p.SiloIndex(m.From), p.SiloIndex(m.To)
		switch {
		case from < 0:
			return moveErr(RuleUnknownSilo, i, 0, "unknown silo %q to move from (%s)", m.From, e.siloList())
		case to < 0:
			return moveErr(RuleUnknownSilo, i, 0, "unknown silo %q to move to (%s)", m.To, e.siloList())
		case from == to:
			return moveErr(RuleSameSilo, i, 0, "a move needs two different silos: both are %s", p.Silos[from].Name)
		case p.Silos[to].Type == "transfer":
			// Benefit and pension rates are set nationally: a place can
			// move money out of their administration, not top them up.
			return moveErr(RuleIntoTransfer, i, 0, "%s is a transfer payment set nationally: money cannot be moved into it locally", lowerFirst(p.Silos[to].Name))
		case math.IsNaN(m.Amount) || math.IsInf(m.Amount, 0):
			return moveErr(RuleNotFinite, i, 0, "the amount must be a finite number of pounds, not %v", m.Amount)
		case m.Amount <= 0:
			return moveErr(RuleNotPositive, i, 0, "the amount must be more than £0 (got %s); to move money back, move it the other way", FormatMoney(m.Amount))
		case m.Amount > total:
			return moveErr(RuleAbsurd, i, m.Amount-total, "%s a year is more than the place's whole public spend (%s)", FormatMoney(m.Amount), FormatMoney(total))
		}
		y0, err := e.yearIndex(m.Year)
		if err != nil {
			return moveErr(RuleYear, i, 0, "%v", err)
		}
		for _, code := range m.Target.Neighbourhoods {
			if p.NeighbourhoodIndex(code) < 0 {
				return moveErr(RuleUnknownNeighbourhood, i, 0, "unknown neighbourhood %q: expected an LSOA code of %s, such as %s", code, p.Name, p.Neighbourhoods[0].Code)
			}
		}
		src := &p.Silos[from]
		for y := y0; y < e.years; y++ {
			e.delta[from][y] -= m.Amount
			e.delta[to][y] += m.Amount
		}
		// Money only leaves the source, so only the source can fall below
		// what is locked; its tightest year is any year the move covers.
		worst := 0.0
		for y := y0; y < e.years; y++ {
			worst = math.Min(worst, e.delta[from][y])
		}
		if over := src.Locked() - (src.Budget.Value + worst); over > 0.5 {
			return e.lockedErr(i, src, m, y0, over)
		}
	}
	for _, id := range s.Pools {
		if p.PoolIndex(id) < 0 {
			var ids []string
			for _, q := range p.Pools {
				ids = append(ids, q.ID)
			}
			return moveErr(RuleUnknownPool, -1, 0, "unknown pool %q (pools: %s)", id, listOrNone(ids))
		}
	}
	return nil
}

func (e *Engine) lockedErr(i int, src *Silo, m Move, y0 int, over float64) error {
	amount := m.Amount
	available := amount - over // what the silo could still give, after earlier moves
	name := lowerFirst(src.Name)
	reason := "locked"
	if src.Floor.Value > src.Fixed.Value {
		reason = "a statutory floor"
	} else if src.FixedReason != "" {
		reason = withArticle(src.FixedReason)
	}
	if src.Movable() < 0.5 {
		return moveErr(RuleBelowLocked, i, over, "%s is %s: £0 of %s can move", name, reason, FormatMoney(src.Budget.Value))
	}
	locked := fmt.Sprintf("%s of its %s is %s", FormatMoney(src.Locked()), FormatMoney(src.Budget.Value), reason)
	if src.Locked() < 0.5 {
		locked = "none of its " + FormatMoney(src.Budget.Value) + " is fixed"
	}
	if math.Abs(available-src.Movable()) >= 0.5 {
		return moveErr(RuleBelowLocked, i, over, "%s can give at most %s more a year from %d, after earlier moves (%s); this move of %s goes %s too far",
			name, FormatMoney(math.Max(0, available)), e.place.BaseYear+y0, locked, FormatMoney(amount), FormatMoney(over))
	}
	return moveErr(RuleBelowLocked, i, over, "%s can give at most %s a year in all (%s); this move of %s goes %s too far",
		name, FormatMoney(src.Movable()), locked, FormatMoney(amount), FormatMoney(over))
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func withArticle(s string) string {
	if strings.HasPrefix(s, "a ") || strings.HasPrefix(s, "an ") || strings.HasPrefix(s, "the ") {
		return s
	}
	if strings.ContainsRune("aeiou", rune(strings.ToLower(s)[0])) {
		return "an " + s
	}
	return "a " + s
}

func (e *Engine) yearIndex(year int) (int, error) {
	if year == 0 {
		return 0, nil
	}
	p := e.place
	last := p.BaseYear + e.years - 1
	if year < p.BaseYear || year > last {
		return 0, fmt.Errorf("year %d is outside the horizon: expected %d to %d", year, p.BaseYear, last)
	}
	return year - p.BaseYear, nil
}

func (e *Engine) siloList() string {
	ids := make([]string, 0, len(e.place.Silos))
	for _, s := range e.place.Silos {
		ids = append(ids, s.ID)
	}
	return "silos: " + listOrNone(ids)
}

func listOrNone(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	if len(ids) > 12 {
		return strings.Join(ids[:12], ", ") + fmt.Sprintf(" and %d more", len(ids)-12)
	}
	return strings.Join(ids, ", ")
}

func moveErr(rule Rule, i int, short float64, format string, args ...any) *MoveError {
	return &MoveError{Rule: rule, Move: i, Short: short, Msg: fmt.Sprintf(format, args...)}
}

// NewResult allocates a Result sized for this place, for RunInto.
func (e *Engine) NewResult() *Result {
	p := e.place
	r := &Result{Years: p.Years(), TotalSpend: p.TotalSpend()}
	r.Silos = make([]SiloResult, len(p.Silos))
	for s, si := range p.Silos {
		r.Silos[s] = SiloResult{ID: si.ID, Agency: si.Agency, Budget: si.Budget.Value, Locked: si.Locked(), Allocated: make([]float64, e.years)}
	}
	r.Outcomes = make([]OutcomeResult, len(p.Outcomes))
	for o := range p.Outcomes {
		or := &r.Outcomes[o]
		op := &e.outcomes[o]
		or.ID = p.Outcomes[o].ID
		or.Baseline = op.baseMean
		or.FifthsBaseline = op.baseFifths
		or.GapBaseline = op.orient * (op.baseFifths[4] - op.baseFifths[0])
		or.SIIBaseline = op.orient * dot(op.siiCoef, op.base)
		for b := range or.Place {
			or.Place[b] = make([]float64, e.years)
			or.Gap[b] = make([]float64, e.years)
			or.SII[b] = make([]float64, e.years)
		}
		for q := range or.Fifths {
			or.Fifths[q] = make([]float64, e.years)
		}
		or.Neighbourhood = make([]float64, e.nbhds*e.years)
		or.NeighbourhoodBaseline = op.base
		or.BySilo = make([][]float64, len(p.Silos))
		for s := range or.BySilo {
			or.BySilo[s] = make([]float64, e.years)
		}
	}
	r.Ledger = make([]AgencyLedger, len(p.Agencies))
	for a := range p.Agencies {
		r.Ledger[a] = newLedger(p.Agencies[a].ID, e.years)
	}
	r.Place = newLedger("place", e.years)
	r.Pools = make([]PoolResult, len(p.Pools))
	for i, q := range p.Pools {
		r.Pools[i] = PoolResult{ID: q.ID, Saving: make([]float64, e.years)}
	}
	return r
}

func newLedger(id string, years int) AgencyLedger {
	l := AgencyLedger{Agency: id}
	l.GaveUp = make([]float64, years)
	l.Received = make([]float64, years)
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

// RunInto checks the scenario and, if it is allowed, recalculates into r (a
// Result from this engine's NewResult), allocating only when the scenario has
// more moves than r has seen. A refused scenario leaves r unchanged.
func (e *Engine) RunInto(s Scenario, r *Result) error {
	if err := e.check(s); err != nil {
		return err
	}
	p := e.place
	// Allocation per silo and year: the check left Δ in e.delta.
	for si := range r.Silos {
		for y := range r.Silos[si].Allocated {
			r.Silos[si].Allocated[y] = p.Silos[si].Budget.Value + e.delta[si][y]
		}
	}
	e.ensureMoves(r, len(s.Moves))
	for o := range r.Outcomes {
		e.resetOutcome(o, &r.Outcomes[o])
	}
	// Each effect of each touched silo, attributed to the moves that touch it.
	for si := range p.Silos {
		if !siloTouched(p.Silos[si].ID, s.Moves) {
			continue
		}
		for _, ei := range e.siloEffects[si] {
			e.applyEffect(ei, si, s.Moves, r)
		}
	}
	r.Warnings = r.Warnings[:0]
	for o := range r.Outcomes {
		e.finishOutcome(o, &r.Outcomes[o], r)
	}
	e.ledger(s, r)
	e.needSpend(s, r)
	return nil
}

func siloTouched(id string, moves []Move) bool {
	for _, m := range moves {
		if m.From == id || m.To == id {
			return true
		}
	}
	return false
}

func isZero(v []float64) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

func (e *Engine) ensureMoves(r *Result, moves int) {
	for o := range r.Outcomes {
		or := &r.Outcomes[o]
		if cap(or.ByMove) < moves {
			or.ByMove = append(or.ByMove[:cap(or.ByMove)], make([][]float64, moves-cap(or.ByMove))...)
		}
		or.ByMove = or.ByMove[:moves]
		for m := range or.ByMove {
			if len(or.ByMove[m]) != e.years {
				or.ByMove[m] = make([]float64, e.years)
			}
		}
	}
	for len(e.moveDelta) < moves {
		e.moveDelta = append(e.moveDelta, make([]float64, e.years))
	}
}

func (e *Engine) resetOutcome(o int, or *OutcomeResult) {
	op := &e.outcomes[o]
	for b := range or.Place {
		fill(or.Place[b], op.baseMean)
		fill(or.Gap[b], op.baseFifths[0]-op.baseFifths[4]) // raw, oriented at the end
		fill(or.SII[b], dot(op.siiCoef, op.base))
	}
	for q := range or.Fifths {
		fill(or.Fifths[q], op.baseFifths[q])
	}
	copy(or.Neighbourhood, op.baseGrid)
	for s := range or.BySilo {
		clear(or.BySilo[s])
	}
	for m := range or.ByMove {
		clear(or.ByMove[m])
	}
}

func fill(v []float64, x float64) {
	for i := range v {
		v[i] = x
	}
}

// applyEffect adds effect ei's impact, split among the moves touching silo
// si in proportion to their share of its change in spend, so contributions
// add up exactly to the effect.
func (e *Engine) applyEffect(ei, si int, moves []Move, r *Result) {
	ef := &e.effects[ei]
	op := &e.outcomes[ef.outcome]
	or := &r.Outcomes[ef.outcome]
	total := e.delta[si]
	id := e.place.Silos[si].ID
	clear(e.untargeted)
	for mi, m := range moves {
		sign := 0.0
		switch id {
		case m.From:
			sign = -1
		case m.To:
			sign = 1
		}
		if sign == 0 {
			continue
		}
		y0, _ := e.yearIndex(m.Year)
		md := e.moveDelta[mi]
		for y := range md {
			md[y] = 0
			if y >= y0 {
				md[y] = sign * m.Amount
			}
		}
		for _, b := range Bounds {
			// Attributed impact level per year, then phased in.
			for y := range e.level {
				e.level[y] = 0
				if total[y] != 0 {
					e.level[y] = impact(total[y], ef.k[b], ef.maxEffect[b]) * md[y] / total[y]
				}
			}
			ramp(e.level, ef.rampYears, e.series[b])
		}
		// Where the change lands: the receiving side of a targeted move
		// lands only in its target.
		c, scale, target := ef.coefs, 1.0, []bool(nil)
		if sign > 0 && !m.Target.IsZero() {
			target = e.targetMask(m.Target)
			if m.Target.MostDeprivedFifth && len(m.Target.Neighbourhoods) == 0 {
				c, scale = ef.fifthCoefs, ef.fifthScale
			} else {
				c, scale = e.coefsFor(op, ef.weight, target)
			}
			if scale == 0 { // nobody of this cohort lives there: land place-wide
				c, scale, target = ef.coefs, 1, nil
			}
		}
		for _, b := range Bounds {
			ser := e.series[b]
			for y, v := range ser {
				or.Place[b][y] += v
				or.Gap[b][y] += v * (c.fifths[0] - c.fifths[4])
				or.SII[b][y] += v * c.sii
			}
		}
		ser := e.series[Central]
		for y, v := range ser {
			or.BySilo[si][y] += v
			or.ByMove[mi][y] += v
			for q := range or.Fifths {
				or.Fifths[q][y] += v * c.fifths[q]
			}
		}
		if target == nil {
			// Untargeted shares land alike: one grid pass for all of them.
			for y, v := range ser {
				e.untargeted[y] += v
			}
			continue
		}
		e.addToGrid(or.Neighbourhood, ef.weight, scale, target, ser)
	}
	if !isZero(e.untargeted) {
		e.addToGrid(or.Neighbourhood, ef.weight, 1, nil, e.untargeted)
	}
}

// addToGrid adds a place-mean series to every neighbourhood by weight; this
// is the one loop whose cost grows with the number of neighbourhoods.
func (e *Engine) addToGrid(grid, weight []float64, scale float64, target []bool, ser []float64) {
	for n, w := range weight {
		if target != nil && !target[n] {
			continue
		}
		w *= scale
		row := grid[n*e.years : (n+1)*e.years]
		for y, v := range ser {
			row[y] += w * v
		}
	}
}

// targetMask marks the targeted neighbourhoods in a reused buffer.
func (e *Engine) targetMask(t Targeting) []bool {
	buf := e.targetBuf
	if t.MostDeprivedFifth && len(t.Neighbourhoods) == 0 {
		for n := range buf {
			buf[n] = e.fifth[n] == 0
		}
		return buf
	}
	clear(buf)
	for _, code := range t.Neighbourhoods {
		if n := e.place.NeighbourhoodIndex(code); n >= 0 {
			buf[n] = true
		}
	}
	if t.MostDeprivedFifth {
		for n := range buf {
			buf[n] = buf[n] || e.fifth[n] == 0
		}
	}
	return buf
}

// impact is the change in an outcome's place mean from a change of d pounds
// a year: linear (k per £1m) for small amounts, never beyond ±max.
func impact(d, k, max float64) float64 {
	x := k * d / 1e6
	if max <= 0 {
		return x
	}
	return max * math.Tanh(x/max)
}

// ramp phases in changes of level: a step in year τ reaches full effect
// after years (linearly, 1/years in its first year).
func ramp(level []float64, years float64, out []float64) {
	for y := range out {
		var v, prev float64
		for t := 0; t <= y; t++ {
			step := level[t] - prev
			prev = level[t]
			if step == 0 {
				continue
			}
			v += step * math.Min(1, float64(y-t+1)/years)
		}
		out[y] = v
	}
}

func (e *Engine) finishOutcome(o int, or *OutcomeResult, r *Result) {
	op := &e.outcomes[o]
	for b := range or.Gap {
		for y := range or.Gap[b] {
			// Gap was accumulated as most minus least deprived.
			or.Gap[b][y] *= -op.orient
			or.SII[b][y] *= op.orient
		}
	}
	out := &e.place.Outcomes[o]
	if math.IsInf(out.Min, -1) && math.IsInf(out.Max, 1) || out.Min == out.Max {
		return
	}
	last := e.years - 1
	var bad int
	for n := 0; n < e.nbhds; n++ {
		v := or.Neighbourhood[n*e.years+last]
		if v < out.Min || v > out.Max {
			bad++
		}
	}
	if bad > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s leaves its plausible range (%g to %g) in %s by %d: the effects are being stretched beyond the evidence", out.Name, out.Min, out.Max, Plural(bad, "neighbourhood"), r.Years[last]))
	}
}

func (e *Engine) ledger(s Scenario, r *Result) {
	p := e.place
	for a := range r.Ledger {
		resetLedger(&r.Ledger[a])
	}
	resetLedger(&r.Place)
	for _, m := range s.Moves {
		y0, _ := e.yearIndex(m.Year)
		from, to := e.agencyOfSilo[p.SiloIndex(m.From)], e.agencyOfSilo[p.SiloIndex(m.To)]
		for y := y0; y < e.years; y++ {
			if from >= 0 {
				r.Ledger[from].GaveUp[y] += m.Amount
			}
			if to >= 0 {
				r.Ledger[to].Received[y] += m.Amount
			}
		}
	}
	// Spillovers: cases avoided = oriented change in the rate × cohort / base.
	for o, spills := range e.spillByOutcome {
		if len(spills) == 0 {
			continue
		}
		op := &e.outcomes[o]
		div := p.Outcomes[o].Divisor()
		if div == 0 {
			continue
		}
		or := &r.Outcomes[o]
		for _, si := range spills {
			sp := &p.Spillovers[si]
			a := p.AgencyIndex(sp.Agency)
			if a < 0 {
				continue
			}
			lag := int(math.Round(sp.LagYears.Value))
			cash := sp.Cashable.Value
			for _, b := range Bounds {
				cost := sp.CostPerCase.Magnitude(b)
				for y := lag; y < e.years; y++ {
					avoided := op.orient * (or.Place[b][y-lag] - op.baseMean) * op.cohortTotal / div
					saving := avoided * cost
					r.Ledger[a].SavingsCashable[b][y] += saving * cash
					r.Ledger[a].SavingsNonCash[b][y] += saving * (1 - cash)
				}
			}
		}
	}
	// Pools free administration, split among member agencies by budget.
	for i := range r.Pools {
		pr := &r.Pools[i]
		clear(pr.Saving)
		pr.Active = false
		for _, id := range s.Pools {
			pr.Active = pr.Active || id == pr.ID
		}
		if !pr.Active {
			continue
		}
		pool := &p.Pools[i]
		var budget float64
		for _, sid := range pool.Silos {
			if si := p.SiloIndex(sid); si >= 0 {
				budget += p.Silos[si].Budget.Value
			}
		}
		for _, b := range Bounds {
			for y := 0; y < e.years; y++ {
				saving := pool.Saving.Magnitude(b) * math.Min(1, float64(y+1)/math.Max(1, pool.YearsToFull.Value))
				if b == Central {
					pr.Saving[y] = saving
				}
				for _, sid := range pool.Silos {
					si := p.SiloIndex(sid)
					if si < 0 || budget <= 0 || e.agencyOfSilo[si] < 0 {
						continue
					}
					share := saving * p.Silos[si].Budget.Value / budget
					l := &r.Ledger[e.agencyOfSilo[si]]
					l.SavingsCashable[b][y] += share
					if b == Central {
						l.PoolSavings[y] += share
					}
				}
			}
		}
	}
	for a := range r.Ledger {
		e.closeLedger(&r.Ledger[a])
		addLedger(&r.Place, &r.Ledger[a])
	}
	e.closeLedger(&r.Place)
}

func resetLedger(l *AgencyLedger) {
	clear(l.GaveUp)
	clear(l.Received)
	for b := range l.SavingsCashable {
		clear(l.SavingsCashable[b])
		clear(l.SavingsNonCash[b])
	}
	clear(l.PoolSavings)
}

func addLedger(dst, src *AgencyLedger) {
	for y := range dst.GaveUp {
		dst.GaveUp[y] += src.GaveUp[y]
		dst.Received[y] += src.Received[y]
		dst.PoolSavings[y] += src.PoolSavings[y]
		for b := range dst.SavingsCashable {
			dst.SavingsCashable[b][y] += src.SavingsCashable[b][y]
			dst.SavingsNonCash[b][y] += src.SavingsNonCash[b][y]
		}
	}
}

// closeLedger derives net, cumulative, NPV and payback. Money an agency
// gives up is its investment; money it receives is spent on the services it
// was moved to, so it is not a gain. Net is cashable savings less investment.
func (e *Engine) closeLedger(l *AgencyLedger) {
	var cum, npv, invested, received, saved float64
	lastNegative := -1
	for y := range l.Net {
		l.Net[y] = l.SavingsCashable[Central][y] - l.GaveUp[y]
		cum += l.Net[y]
		l.Cumulative[y] = cum
		npv += l.Net[y] * e.discount[y]
		invested += l.GaveUp[y]
		received += l.Received[y]
		saved += l.SavingsCashable[Central][y]
		if cum < -0.5 {
			lastNegative = y
		}
	}
	l.Invested, l.TotalReceived, l.TotalSavings, l.NPV = invested, received, saved, npv
	l.PaybackYear, l.NeverPaysBack = 0, false
	// Payback is about an outlay: an agency that gave nothing up but bears
	// knock-on costs shows them in its net, not as an unpaid investment.
	switch {
	case lastNegative < 0 || invested <= 0:
	case lastNegative == len(l.Net)-1:
		l.NeverPaysBack = true
	default:
		l.PaybackYear = e.place.BaseYear + lastNegative + 1
	}
}

func (e *Engine) needSpend(s Scenario, r *Result) {
	p := e.place
	last := e.years - 1
	var base, scen [5]float64
	var total float64
	for si := range p.Silos {
		b := p.Silos[si].Budget.Value
		a := r.Silos[si].Allocated[last]
		for q := range base {
			base[q] += b * e.siloFifthSpend[si][q]
			scen[q] += a * e.siloFifthSpend[si][q]
		}
		total += b
	}
	// Targeted money lands in its target, not where the silo usually spends.
	for _, m := range s.Moves {
		if m.Target.IsZero() {
			continue
		}
		y0, _ := e.yearIndex(m.Year)
		if y0 > last {
			continue
		}
		to := p.SiloIndex(m.To)
		mask := e.targetMask(m.Target)
		var in float64
		for n, t := range mask {
			if t {
				in += e.siloNeedBasis[to][n]
			}
		}
		if in <= 0 {
			continue
		}
		for q := range scen {
			scen[q] -= m.Amount * e.siloFifthSpend[to][q]
		}
		for n, t := range mask {
			if t {
				scen[e.fifth[n]] += m.Amount * e.siloNeedBasis[to][n] / in
			}
		}
	}
	for q := range r.NeedSpend {
		r.NeedSpend[q] = FifthShare{Population: e.fifthPop[q], NeedShare: e.needFifth[q]}
		if total > 0 {
			r.NeedSpend[q].SpendBaseline = base[q] / total
			r.NeedSpend[q].SpendScenario = scen[q] / total
		}
	}
}

// Run is RunInto with a fresh Result.
func (e *Engine) Run(s Scenario) (*Result, error) {
	r := e.NewResult()
	if err := e.RunInto(s, r); err != nil {
		return nil, err
	}
	return r, nil
}
