package model

import (
	"fmt"
	"math"
)

// Engine recalculates scenarios for one place: a shared, read-only Prepared
// plus its own scratch buffers, so one Engine is not safe for concurrent
// use, but many Engines over one Prepared are. A run only does work
// proportional to the silos a scenario touches, plus one pass over the
// neighbourhood grid for each affected outcome (none for a light Result).
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
	*Prepared

	// Scratch, reused by every run so a recalculation does not allocate.
	delta      [][]float64 // per silo, per year: Δ spend
	moveDelta  [][]float64 // per move, per year: the move's own Δ for the current silo
	level      []float64
	series     [3][]float64
	untargeted []float64
	targetBuf  []bool
	// gridPending marks outcomes whose grid must go back to baseline
	// before it is read: the first full pass writes baseline plus change
	// in one go, rather than a refill followed by an add.
	gridPending []bool
}

// NewEngine prepares the place and returns an engine for it. Code that runs
// many engines on one place (sessions, previews) prepares it once with
// Prepare and makes each engine with Prepared.NewEngine.
func NewEngine(p *Place) *Engine { return Prepare(p).NewEngine() }

// NewEngine returns an engine with its own scratch space over the shared
// preparation: a few small slices per silo and year.
func (pr *Prepared) NewEngine() *Engine {
	e := &Engine{Prepared: pr}
	e.delta = make([][]float64, len(pr.place.Silos))
	for s := range e.delta {
		e.delta[s] = make([]float64, pr.years)
	}
	e.level = make([]float64, pr.years)
	e.untargeted = make([]float64, pr.years)
	for b := range e.series {
		e.series[b] = make([]float64, pr.years)
	}
	e.targetBuf = make([]bool, pr.nbhds)
	e.gridPending = make([]bool, len(pr.place.Outcomes))
	return e
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
		e.resetOutcome(o, &r.Outcomes[o], r)
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
	r.Alerts = r.Alerts[:0]
	e.fastChanges(r)
	for o := range r.Outcomes {
		e.finishOutcome(o, &r.Outcomes[o], r)
	}
	e.pastBest(s.Moves, r)
	e.ledger(s, r)
	e.needSpend(s, r)
	return nil
}

// pastBest alerts when a move has gone past the amount that does most for
// an outcome it improves: its gain is concave and the harm of its cut
// convex, so where both touch one outcome the net can turn. The room reads
// "more money, less good" as a fault unless it is said.
func (e *Engine) pastBest(moves []Move, r *Result) {
	p := e.place
	last := e.years - 1
	for mi, m := range moves {
		from, to := p.SiloIndex(m.From), p.SiloIndex(m.To)
		if y0, err := e.yearIndex(m.Year); err != nil || y0 > last || from < 0 || to < 0 {
			continue
		}
		for o := range r.Outcomes {
			op := &e.outcomes[o]
			gain := op.orient * r.Outcomes[o].ByMove[mi][last]
			if math.Abs(gain) <= 1e-9 {
				continue // the move does nothing for this outcome
			}
			// The outcome's slope in this move's amount, had it moved
			// extra more (negative: less), the other moves as they are.
			slope := func(extra float64) float64 {
				var v float64
				for _, ei := range op.effects {
					ef := &e.effects[ei]
					switch ef.silo {
					case to:
						v += ef.share * responseSlope(ef.share*(e.delta[to][last]+extra), ef.k[Central], ef.maxEffect[Central], ef.base)
					case from:
						v -= ef.share * responseSlope(ef.share*(e.delta[from][last]-extra), ef.k[Central], ef.maxEffect[Central], ef.base)
					}
				}
				return op.orient * v
			}
			// Past its best: more would do less, and less would do more
			// than none (a move that only harms is no such thing).
			if slope(0) >= 0 || slope(-m.Amount) <= 0 {
				continue
			}
			// The slope falls as the amount grows: bisect for where it
			// turns, between none of this move and all of it.
			lo, hi := -m.Amount, 0.0
			for range 50 {
				mid := (lo + hi) / 2
				if slope(mid) > 0 {
					lo = mid
				} else {
					hi = mid
				}
			}
			r.Alerts = append(r.Alerts, Alert{Kind: AlertPastBest, Silo: from, To: to, Move: mi, Outcome: o, Year: last, Value: m.Amount + lo, Worse: gain < 0})
		}
	}
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

func (e *Engine) resetOutcome(o int, or *OutcomeResult, r *Result) {
	op := &e.outcomes[o]
	for b := range or.Place {
		fill(or.Place[b], op.baseMean)
		fill(or.Gap[b], op.baseFifths[0]-op.baseFifths[4]) // raw, oriented at the end
		fill(or.SII[b], op.siiBase)
	}
	for q := range or.Fifths {
		fill(or.Fifths[q], op.baseFifths[q])
	}
	// A light Result has no grid; a grid still at baseline is left alone,
	// since refilling every outcome's grid is most of a small run's work.
	e.gridPending[o] = false
	if or.Neighbourhood != nil && (r.gridDirty == nil || r.gridDirty[o]) {
		e.gridPending[o] = true // filled by the first pass over it, or before it is read
		if r.gridDirty != nil {
			r.gridDirty[o] = false
		}
	}
	or.SpendOn, or.QALYs = 0, 0
	or.CasesAvoided = [3]float64{}
	// Only silos with an effect on this outcome are ever written.
	for _, ei := range op.effects {
		if si := e.effects[ei].silo; si < len(or.BySilo) {
			clear(or.BySilo[si])
		}
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
// add up exactly to the effect. The range is directional: for each move's
// share of each effect, the adverse end of its evidence goes into Low and
// the favourable end into High, so effects that oppose each other widen
// the range rather than cancel in it.
func (e *Engine) applyEffect(ei, si int, moves []Move, r *Result) {
	ef := &e.effects[ei]
	op := &e.outcomes[ef.outcome]
	or := &r.Outcomes[ef.outcome]
	total := e.delta[si]
	id := e.place.Silos[si].ID
	clear(e.untargeted)
	for _, d := range total {
		if d > 0 {
			or.SpendOn += ef.share * d
		}
	}
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
			// Attributed impact level per year, then phased in after the onset.
			for y := range e.level {
				e.level[y] = 0
				if total[y] != 0 {
					e.level[y] = Response(ef.shareAt[b]*total[y], ef.k[b], ef.maxEffect[b], ef.baseAt[b]) * md[y] / total[y]
				}
			}
			ramp(e.level, ef.rampYears, ef.onset, e.series[b])
		}
		adverse, favourable := e.series[Low], e.series[High]
		if op.orient*(sum(adverse)-sum(favourable)) > 0 {
			adverse, favourable = favourable, adverse
		}
		// Where the change lands: the receiving side of a targeted move
		// lands in its target, less what leaks, never more concentrated
		// than the stated multiple of place-wide spending.
		c, scale, target, inside := ef.coefs, 1.0, []bool(nil), 0.0
		if sign > 0 && !m.Target.IsZero() {
			target = e.targetMask(m.Target)
			var ct coefs
			if m.Target.MostDeprivedFifth && len(m.Target.Neighbourhoods) == 0 {
				ct, scale = ef.fifthCoefs, ef.fifthScale
			} else {
				ct, scale = e.coefsFor(op, ef.weight, target)
			}
			if scale == 0 { // nobody of this cohort lives there: land place-wide
				target = nil
			} else {
				inside = 1 - e.appraisal.TargetLeakage.Value
				if conc := e.appraisal.TargetConcentration.Value; scale > 1 && conc >= 1 {
					inside = min(inside, (conc-1)/(scale-1))
				}
				inside = max(inside, 0)
				for q := range c.fifths {
					c.fifths[q] = inside*ct.fifths[q] + (1-inside)*ef.coefs.fifths[q]
				}
				c.sii = inside*ct.sii + (1-inside)*ef.coefs.sii
			}
		}
		for b, ser := range [3][]float64{e.series[Central], adverse, favourable} {
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
		// Untargeted shares (and what leaks) land alike: one grid pass for all of them.
		leak := 1 - inside
		for y, v := range ser {
			e.untargeted[y] += leak * v
		}
		if target != nil && or.Neighbourhood != nil && inside > 0 {
			e.settleGrid(ef.outcome, or) // a pass over part of the grid needs the rest at baseline
			e.addToGrid(or.Neighbourhood, ef.weight, scale*inside, target, ser)
		}
	}
	if or.Neighbourhood != nil && !isZero(e.untargeted) {
		if e.gridPending[ef.outcome] {
			e.setGrid(or.Neighbourhood, op.base, ef.weight, e.untargeted)
			e.gridPending[ef.outcome] = false
		} else {
			e.addToGrid(or.Neighbourhood, ef.weight, 1, nil, e.untargeted)
		}
	}
	if r.gridDirty != nil {
		r.gridDirty[ef.outcome] = true
	}
}

func sum(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s
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

// setGrid writes every neighbourhood's baseline plus a place-mean series
// by weight: addToGrid over a grid refilled to baseline, in one pass.
func (e *Engine) setGrid(grid, base, weight, ser []float64) {
	for n, w := range weight {
		row := grid[n*e.years : (n+1)*e.years]
		b := base[n]
		for y, v := range ser {
			row[y] = b + w*v
		}
	}
}

// settleGrid refills outcome o's grid to baseline if it is still pending.
func (e *Engine) settleGrid(o int, or *OutcomeResult) {
	if !e.gridPending[o] || or.Neighbourhood == nil {
		return
	}
	for n, v := range e.outcomes[o].base {
		fill(or.Neighbourhood[n*e.years:(n+1)*e.years], v)
	}
	e.gridPending[o] = false
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

// ramp phases in changes of level: a step in year τ starts to tell in
// year τ+onset and reaches full effect after years (linearly, 1/years in
// its first year).
func ramp(level []float64, years float64, onset int, out []float64) {
	for y := range out {
		var v, prev float64
		for t := 0; t <= y-onset; t++ {
			step := level[t] - prev
			prev = level[t]
			if step == 0 {
				continue
			}
			v += step * math.Min(1, float64(y-onset-t+1)/years)
		}
		out[y] = v
	}
}

func (e *Engine) finishOutcome(o int, or *OutcomeResult, r *Result) {
	op := &e.outcomes[o]
	e.settleGrid(o, or) // no pass wrote it: back to baseline before it is read
	for b := range or.Gap {
		for y := range or.Gap[b] {
			// Gap was accumulated as most minus least deprived.
			or.Gap[b][y] *= -op.orient
			or.SII[b][y] *= op.orient
		}
	}
	e.orderAlerts(o, or, r)
	out := &e.place.Outcomes[o]
	if or.Neighbourhood == nil || math.IsInf(out.Min, -1) && math.IsInf(out.Max, 1) || out.Min == out.Max {
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

// fastChanges alerts when a silo gains or loses more than the stated share
// of its budget from one year to the next (once per silo, its first such year).
func (e *Engine) fastChanges(r *Result) {
	limit := e.appraisal.YearlyChangeWarning.Value
	if limit <= 0 {
		return
	}
	for si, d := range e.delta {
		b := e.place.Silos[si].Budget.Value
		prev, worst, at := 0.0, 0.0, -1
		for y, v := range d {
			// The largest such change is the one to name: a later jump can
			// be bigger than the first.
			if step := v - prev; b > 0 && math.Abs(step) > limit*b+0.5 && math.Abs(step) > math.Abs(worst) {
				worst, at = step, y
			}
			prev = v
		}
		if at >= 0 {
			r.Alerts = append(r.Alerts, Alert{Kind: AlertFastChange, Silo: si, Outcome: -1, Year: at, Value: worst / b})
		}
	}
}

// orderAlerts alerts when the scenario puts an outcome's fifths in a
// different order at the horizon, or turns its gap round.
func (e *Engine) orderAlerts(o int, or *OutcomeResult, r *Result) {
	last := e.years - 1
	const tiny = 1e-9
	g0, g1 := or.GapBaseline, or.Gap[Central][last]
	if g0*g1 < 0 && math.Abs(g1) > tiny {
		r.Alerts = append(r.Alerts, Alert{Kind: AlertGapReversed, Silo: -1, Outcome: o, Year: last, Value: g1})
		return // a reversed gap is the rank change that matters most: one alert
	}
	for a := 0; a < 5; a++ {
		for b := a + 1; b < 5; b++ {
			before := or.FifthsBaseline[a] - or.FifthsBaseline[b]
			after := or.Fifths[a][last] - or.Fifths[b][last]
			if before*after < 0 && math.Abs(after) > tiny {
				// Fifths are 0 (most deprived) to 4: Move and To name the pair.
				r.Alerts = append(r.Alerts, Alert{Kind: AlertRankChange, Silo: -1, Move: a, To: b, Outcome: o, Year: last})
				return
			}
		}
	}
}

func (e *Engine) ledger(s Scenario, r *Result) {
	p := e.place
	for a := range r.Ledger {
		resetLedger(&r.Ledger[a])
	}
	resetLedger(&r.Place)
	for b := range r.Social.QALYs {
		clear(r.Social.QALYs[b])
	}
	for _, m := range s.Moves {
		y0, _ := e.yearIndex(m.Year)
		fi, ti := p.SiloIndex(m.From), p.SiloIndex(m.To)
		from, to := e.agencyOfSilo[fi], e.agencyOfSilo[ti]
		for y := y0; y < e.years; y++ {
			if from >= 0 && from == to {
				// Between two of one agency's silos: no investment, no loss.
				r.Ledger[from].Within[y] += m.Amount
				r.Place.Within[y] += m.Amount
				continue
			}
			// The place's columns are its agencies' summed, so they add up.
			r.Place.GaveUp[y] += m.Amount
			r.Place.Received[y] += m.Amount
			if from >= 0 {
				r.Ledger[from].GaveUp[y] += m.Amount
			}
			if to >= 0 {
				r.Ledger[to].Received[y] += m.Amount
			}
		}
	}
	// Set-up is paid on new money a silo has not had before: its rise above
	// the highest it has been, so money moved out and back in is not set up
	// twice, and a round trip sets up nothing.
	// Its range is kept for the net's: the adverse end (Low) pays the
	// larger share.
	for si := range p.Silos {
		su := p.Silos[si].SetUp
		share := su.Value
		lo, hi := su.span()
		a := e.agencyOfSilo[si]
		if share <= 0 {
			continue
		}
		peak := 0.0
		for y, d := range e.delta[si] {
			if d > peak+0.5 {
				addSetUp(r, a, y, [3]float64{Central: share * (d - peak), Low: hi * (d - peak), High: lo * (d - peak)})
				peak = d
			}
		}
	}
	// An agency invests what it gives other agencies beyond what they give
	// it: money moved back funds its own services again.
	for a := range r.Ledger {
		l := &r.Ledger[a]
		for y := range l.NetInvest {
			l.NetInvest[y] = max(0, l.GaveUp[y]-l.Received[y])
			r.Place.NetInvest[y] += l.NetInvest[y]
		}
	}
	for o := range r.Outcomes {
		e.outcomeValue(o, r)
	}
	e.spillovers(r)
	e.pools(s, r)
	for a := range r.Ledger {
		e.closeLedger(&r.Ledger[a], true)
		addSavings(&r.Place, &r.Ledger[a])
	}
	// Money one agency gives another stays in the place: the place's net
	// is its cashable savings less set-up, whoever owns which budget.
	e.closeLedger(&r.Place, false)
	e.closeSocial(r)
}

// outcomeValue counts outcome o's cases avoided and QALYs gained, per
// bound: the adverse bound (Low) with the smaller QALY per case.
func (e *Engine) outcomeValue(o int, r *Result) {
	p := e.place
	op := &e.outcomes[o]
	or := &r.Outcomes[o]
	out := &p.Outcomes[o]
	if len(op.effects) == 0 {
		return
	}
	div := out.Divisor()
	perCase := div
	if perCase == 0 {
		perCase = 1 // not a rate: a unit of the outcome per person
	}
	qLo, qHi := out.QALYPerCase.span()
	for b := range or.Place {
		for y, v := range or.Place[b] {
			units := op.orient * (v - op.baseMean) * op.cohortTotal / perCase
			if div > 0 {
				// Reported among the group the outcome is about; the
				// QALYs and the money below stay on the cohort's base.
				or.CasesAvoided[b] += units * out.CaseScale()
			}
			q := units * out.QALYPerCase.Value
			switch Bound(b) {
			case Low:
				q = min(units*qLo, units*qHi)
			case High:
				q = max(units*qLo, units*qHi)
			}
			r.Social.QALYs[b][y] += q
			if b == int(Central) {
				or.QALYs += q
			}
		}
	}
}

// spillovers turn cases avoided into savings for the agencies that bear
// their cost, lag years later. The adverse bound takes the unit cost that
// makes the saving smaller.
func (e *Engine) spillovers(r *Result) {
	p := e.place
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
			cashP, costP := sp.Cashable, sp.CashableCost
			if costP == (Param{}) { // a place built in code that gives none
				costP = cashP
			}
			// The cash share per bound, its range directional like the
			// rest: the adverse end (Low) banks less of a saving and pays
			// more of a cost in cash.
			cashLo, cashHi := cashP.span()
			costLo, costHi := costP.span()
			cashAt := [3]float64{Central: cashP.Value, Low: cashLo, High: cashHi}
			costAt := [3]float64{Central: costP.Value, Low: costHi, High: costLo}
			lo, hi := sp.CostPerCase.span()
			for b := range or.Place {
				for y := lag; y < e.years; y++ {
					avoided := op.orient * (or.Place[b][y-lag] - op.baseMean) * op.cohortTotal / div
					saving := avoided * sp.CostPerCase.Value
					switch Bound(b) {
					case Low:
						saving = min(avoided*lo, avoided*hi)
					case High:
						saving = max(avoided*lo, avoided*hi)
					}
					c := cashAt[b]
					if saving < 0 {
						c = costAt[b]
					}
					r.Ledger[a].SavingsCashable[b][y] += saving * c
					r.Ledger[a].SavingsNonCash[b][y] += saving * (1 - c)
				}
			}
		}
	}
}

// pools free administration, shared among member agencies by each
// silo's spend on the cohort (by budget when the file gives none).
func (e *Engine) pools(s Scenario, r *Result) {
	p := e.place
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
		var total float64
		for k := range pool.Silos {
			total += e.poolWeight(pool, k)
		}
		// Merging costs something once, in the first year, shared as the
		// saving is; the adverse end (Low) the larger.
		if su := pool.SetUp.Value; su > 0 && total > 0 && e.years > 0 {
			lo, hi := pool.SetUp.span()
			for k, sid := range pool.Silos {
				si := p.SiloIndex(sid)
				if si < 0 || e.agencyOfSilo[si] < 0 {
					continue
				}
				w := e.poolWeight(pool, k) / total
				addSetUp(r, e.agencyOfSilo[si], 0, [3]float64{Central: su * w, Low: hi * w, High: lo * w})
			}
		}
		for _, b := range Bounds {
			for y := 0; y < e.years; y++ {
				saving := pool.Saving.Magnitude(b) * math.Min(1, float64(y+1)/math.Max(1, pool.YearsToFull.Value))
				for k, sid := range pool.Silos {
					si := p.SiloIndex(sid)
					if si < 0 || total <= 0 || e.agencyOfSilo[si] < 0 {
						continue
					}
					share := saving * e.poolWeight(pool, k) / total
					// A member cut shrinks what merging it saves: its part
					// of the saving goes with its budget, never above it.
					if bud := p.Silos[si].Budget.Value; bud > 0 {
						share *= min(1, max(0, bud+e.delta[si][y])/bud)
					}
					cash := pool.Cashable.At(b)
					l := &r.Ledger[e.agencyOfSilo[si]]
					l.SavingsCashable[b][y] += share * cash
					l.SavingsNonCash[b][y] += share * (1 - cash)
					if b == Central {
						l.PoolSavings[y] += share * cash
						pr.Saving[y] += share
					}
				}
			}
		}
	}
}

// poolWeight is member k's claim on a pool's saving: its spend on the
// cohort, or its budget when the pool gives no split.
func (e *Engine) poolWeight(pool *Pool, k int) float64 {
	if len(pool.SiloCohortSpend) == len(pool.Silos) {
		return pool.SiloCohortSpend[k].Value
	}
	if si := e.place.SiloIndex(pool.Silos[k]); si >= 0 {
		return e.place.Silos[si].Budget.Value
	}
	return 0
}

func (e *Engine) closeSocial(r *Result) {
	v := e.appraisal.QALYValue.Value
	soc := &r.Social
	for b := range soc.QALYs {
		soc.TotalQALYs[b], soc.NPV[b] = 0, 0
		for y, q := range soc.QALYs[b] {
			soc.Value[b][y] = q * v
			soc.TotalQALYs[b] += q
			soc.NPV[b] += q * v * e.healthDiscount[y]
		}
	}
}

// addSetUp books a set-up cost in year y to agency a (none when a < 0)
// and to the place: ends are its central value and its adverse (Low,
// the larger) and favourable ends.
func addSetUp(r *Result, a, y int, ends [3]float64) {
	for _, l := range []*AgencyLedger{&r.Place, ledgerAt(r, a)} {
		if l == nil {
			continue
		}
		l.SetUp[y] += ends[Central]
		for b, v := range ends {
			l.SetUpRange[b] += v
		}
	}
}

// ledgerAt is agency a's ledger, or nil for none.
func ledgerAt(r *Result, a int) *AgencyLedger {
	if a < 0 {
		return nil
	}
	return &r.Ledger[a]
}

func resetLedger(l *AgencyLedger) {
	clear(l.GaveUp)
	clear(l.Received)
	clear(l.Within)
	clear(l.NetInvest)
	clear(l.SetUp)
	l.SetUpRange = [3]float64{}
	for b := range l.SavingsCashable {
		clear(l.SavingsCashable[b])
		clear(l.SavingsNonCash[b])
	}
	clear(l.PoolSavings)
}

// addSavings adds an agency's savings and set-up costs to the place's; the
// place's money moved is counted from the moves themselves.
func addSavings(dst, src *AgencyLedger) {
	for y := range dst.GaveUp {
		dst.PoolSavings[y] += src.PoolSavings[y]
		for b := range dst.SavingsCashable {
			dst.SavingsCashable[b][y] += src.SavingsCashable[b][y]
			dst.SavingsNonCash[b][y] += src.SavingsNonCash[b][y]
		}
	}
}

// closeLedger derives net, cumulative, NPV and payback. Money an agency
// gives up to another agency beyond what comes back is its investment;
// money it receives is spent on the services it was moved to, so it is not
// a gain; money moved within it is neither. Net is cashable savings less
// set-up, and less investment when invests (an agency's line, not the
// place's).
func (e *Engine) closeLedger(l *AgencyLedger, invests bool) {
	var cum, npv, invested, netInvested, received, saved, noncash, within, setUp float64
	l.SavingsRange = [3]float64{}
	lastNegative := -1
	for y := range l.Net {
		l.Net[y] = l.SavingsCashable[Central][y] - l.SetUp[y]
		if invests {
			l.Net[y] -= l.NetInvest[y]
		}
		cum += l.Net[y]
		l.Cumulative[y] = cum
		npv += l.Net[y] * e.discount[y]
		invested += l.GaveUp[y]
		netInvested += l.NetInvest[y]
		received += l.Received[y]
		saved += l.SavingsCashable[Central][y]
		noncash += l.SavingsNonCash[Central][y]
		within += l.Within[y]
		setUp += l.SetUp[y]
		for b := range l.SavingsRange {
			l.SavingsRange[b] += l.SavingsCashable[b][y]
		}
		if cum < -0.5 {
			lastNegative = y
		}
	}
	l.Invested, l.NetInvested, l.TotalReceived, l.TotalSavings, l.NPV = invested, netInvested, received, saved, npv
	l.TotalNonCash, l.TotalWithin, l.TotalSetUp = noncash, within, setUp
	l.PaybackYear, l.NeverPaysBack = 0, false
	// Payback is about an outlay: an agency that gave nothing up but bears
	// knock-on costs shows them in its net, not as an unpaid investment
	// (the place, though, pays back whatever put it behind, costs
	// included); and "not paid back by" is said only of an outlay whose
	// yearly net has turned positive, since otherwise no payback is in
	// view at all.
	last := len(l.Net) - 1
	switch {
	case lastNegative < 0 || invests && netInvested <= 0 && setUp <= 0:
	case lastNegative == last:
		l.NeverPaysBack = l.Net[last] > 0.5
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
	return e.runFresh(s, e.NewResult())
}

// RunLight is Run without the neighbourhood grid: place means, fifths,
// gaps, SII, contributions and the ledger, at a fraction of the memory for
// a large place. Previews and saved scenarios use it.
func (e *Engine) RunLight(s Scenario) (*Result, error) {
	return e.runFresh(s, e.NewLightResult())
}

func (e *Engine) runFresh(s Scenario, r *Result) (*Result, error) {
	if err := e.RunInto(s, r); err != nil {
		return nil, err
	}
	return r, nil
}
