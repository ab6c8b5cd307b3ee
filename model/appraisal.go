package model

import "math"

// DefaultAppraisal is what a place gets for any appraisal setting its file
// does not give. The QALY value and health discount rate are the Green
// Book's; the rest are assumptions, marked as such, that a place may replace.
func DefaultAppraisal() Appraisal {
	assume := func(v, lo, hi float64, why string) Param {
		return Param{Value: v, Low: lo, High: hi, Assumption: why}
	}
	const ob = "The Green Book asks for an optimism-bias adjustment to benefits that is larger the weaker the evidence; these shares by grade are assumed, not taken from a published table"
	return Appraisal{
		QALYValue: Param{Value: 70000, Low: 70000, High: 70000, Source: greenBookID, Year: "2021",
			Note: "Green Book (2022) value of a QALY, £70,000 at 2021 prices; not deflated to the place's price year"},
		HealthDiscountRate: Param{Value: 0.015, Low: 0.015, High: 0.015, Source: greenBookID,
			Note: "Green Book discount rate for health effects, 1.5% a year"},
		OptimismBias: [3]Param{
			assume(0.1, 0.05, 0.2, ob),
			assume(0.25, 0.15, 0.35, ob),
			assume(0.4, 0.3, 0.6, ob),
		},
		TargetLeakage: assume(0.25, 0.1, 0.4,
			"Targeted services reach some people outside the target (people move, services serve their whole catchment); a quarter is assumed"),
		TargetConcentration: assume(3, 3, 3,
			"A targeted move is taken to do at most three times as much per person in its target as the same money spent place-wide, since returns diminish there too; the rest leaks"),
		YearlyChangeWarning: assume(0.1, 0.1, 0.1,
			"Services are taken to absorb a change of up to a tenth of their budget in a year; beyond that staff, contracts and premises lag and the evidence no longer covers the change"),
	}
}

// filled returns a with every unset setting taken from the defaults, so a
// place built in code gets the same appraisal as one loaded from a file.
func (a Appraisal) filled() Appraisal {
	d := DefaultAppraisal()
	fill := func(p *Param, def Param) {
		if *p == (Param{}) {
			*p = def
		}
	}
	fill(&a.QALYValue, d.QALYValue)
	fill(&a.HealthDiscountRate, d.HealthDiscountRate)
	for i := range a.OptimismBias {
		fill(&a.OptimismBias[i], d.OptimismBias[i])
	}
	fill(&a.TargetLeakage, d.TargetLeakage)
	fill(&a.TargetConcentration, d.TargetConcentration)
	fill(&a.YearlyChangeWarning, d.YearlyChangeWarning)
	return a
}

// Response is the change in an outcome's place mean when the money a silo
// spends on an effect changes by d pounds a year from base. It is an
// elasticity on log spend, k·(base/£1m)·ln(1+d/base), so its slope at d = 0
// is k per £1m; extra money buys less and less, and a gain never passes
// max; a cut does more harm the deeper it goes (at least twice the harm for
// twice the cut), reaching about three times the straight-line harm when
// the whole budget goes. It rises or falls with d, never both.
func Response(d, k, max, base float64) float64 {
	x := k * d / 1e6 // no budget to scale by: a straight line, gains still capped
	if base > 0 {
		r := 1 + d/base
		const floor = 0.05 // the whole service gone: ln(0.05) ≈ −3
		x = k * base / 1e6 * math.Log(math.Max(r, floor))
	}
	if d > 0 && max > 0 {
		return sign(x) * max * math.Tanh(math.Abs(x)/max)
	}
	return x
}

// responseSlope is Response's slope in d, per pound: how much more the
// outcome moves for one more pound at d.
func responseSlope(d, k, max, base float64) float64 {
	dx := k / 1e6
	x := k * d / 1e6
	if base > 0 {
		r := 1 + d/base
		const floor = 0.05
		if r <= floor {
			return 0 // the whole service gone: nothing more to lose
		}
		dx = k / 1e6 / r
		x = k * base / 1e6 * math.Log(r)
	}
	if d > 0 && max > 0 {
		c := math.Cosh(math.Abs(x) / max)
		return dx / (c * c)
	}
	return dx
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

// span is a Param's range, its value at both ends when none is given.
func (p Param) span() (lo, hi float64) {
	if p.Low == 0 && p.High == 0 {
		return p.Value, p.Value
	}
	return min(p.Low, p.High), max(p.Low, p.High)
}
