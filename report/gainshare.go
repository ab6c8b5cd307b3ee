package report

import (
	"cmp"
	"math"
	"slices"

	"totalplace/model"
)

// Gain-share closes the prevention penalty: an agency that saves because
// another invested returns a share of those savings to the investor. Which
// savings are the investor's is found by running the investor's own moves
// alone: what the saver saves then is what the investor's money bought.

// GainShareTerms are one agreement: Saver returns Share of the cashable
// savings it makes from Investor's moves, for Years from the first year
// those savings arrive.
type GainShareTerms struct {
	Saver, Investor string
	Share           float64
	Years           int
}

// GainSharePayment is what one agreement moves each year (central), from
// the saver to the investor.
type GainSharePayment struct {
	GainShareTerms
	PerYear []float64
	Total   float64
}

// GainSharePosition is an agency's net per year (cashable savings less
// what it gave up, central) before and after gain-share, with their
// present values at the place's discount rate.
type GainSharePosition struct {
	Agency              string
	Before, After       []float64
	NPVBefore, NPVAfter float64
}

// MakeWhole says what would make one investor whole over the horizon: the
// share of the savings its moves bring every other agency (Savers, £ over
// the horizon, largest first) that would cover what it is still out of
// pocket (Short). Share is 0 with Possible false when even all of them
// would not.
type MakeWhole struct {
	Investor string
	Short    float64
	Savers   []AgencyAmount
	Share    float64
	Possible bool
}

// AgencyAmount is an amount by agency.
type AgencyAmount struct {
	Agency string
	Amount float64
}

// GainShareLedger is the ledger with gain-share.
type GainShareLedger struct {
	Payments  []GainSharePayment
	Positions []GainSharePosition // agencies with money moved or saved, in the place's order
	// MakeWhole lists every investor still out of pocket after the
	// agreements, with what would make it whole.
	MakeWhole []MakeWhole
}

// GainShares works out agreements on allocation sc (whose result is r):
// each agreement's payments, every agency's position before and after,
// and what would make each investor still out of pocket whole.
// pr is the place prepared once (a session's State.Model): the investors'
// runs are engines over it, not new preparations.
func GainShares(pr *model.Prepared, sc model.Scenario, r *model.Result, terms []GainShareTerms) (GainShareLedger, error) {
	p := pr.Place()
	var out GainShareLedger
	if r == nil || len(sc.Moves) == 0 {
		return out, nil
	}
	years := len(r.Years)
	eng := pr.NewEngine()
	alone := map[string]*model.Result{} // each investor's moves run alone
	investorRun := func(a string) (*model.Result, error) {
		if res, ok := alone[a]; ok {
			return res, nil
		}
		var own model.Scenario
		for _, mv := range sc.Moves {
			if i := p.SiloIndex(mv.From); i >= 0 && p.Silos[i].Agency == a {
				own.Moves = append(own.Moves, mv)
			}
		}
		res, err := eng.Run(own)
		if err != nil {
			return nil, err
		}
		alone[a] = res
		return res, nil
	}
	after := map[string][]float64{}
	net := func(a string) []float64 {
		if v, ok := after[a]; ok {
			return v
		}
		v := make([]float64, years)
		if l := ledgerOf(r, a); l != nil {
			copy(v, l.Net)
		}
		after[a] = v
		return v
	}
	for _, t := range terms {
		res, err := investorRun(t.Investor)
		if err != nil {
			return out, err
		}
		pay := GainSharePayment{GainShareTerms: t, PerYear: make([]float64, years)}
		if l := ledgerOf(res, t.Saver); l != nil {
			saved := l.SavingsCashable[model.Central]
			first := slices.IndexFunc(saved, func(v float64) bool { return v > 0 })
			for y := first; first >= 0 && y < years && y < first+t.Years; y++ {
				pay.PerYear[y] = t.Share * saved[y]
				pay.Total += pay.PerYear[y]
			}
		}
		s, i := net(t.Saver), net(t.Investor)
		for y, v := range pay.PerYear {
			s[y] -= v
			i[y] += v
		}
		out.Payments = append(out.Payments, pay)
	}
	rate := p.DiscountRate.Value
	for _, a := range p.Agencies {
		l := ledgerOf(r, a.ID)
		if l == nil || (l.Invested == 0 && l.TotalSavings == 0 && after[a.ID] == nil) {
			continue
		}
		pos := GainSharePosition{Agency: a.ID, Before: l.Net, After: net(a.ID)}
		pos.NPVBefore, pos.NPVAfter = npv(pos.Before, rate), npv(pos.After, rate)
		out.Positions = append(out.Positions, pos)
	}
	for _, pos := range out.Positions {
		short := -sum(pos.After)
		if l := ledgerOf(r, pos.Agency); l == nil || l.NetInvested < 0.5 || short <= 0.5 {
			continue
		}
		res, err := investorRun(pos.Agency)
		if err != nil {
			return out, err
		}
		mw := MakeWhole{Investor: pos.Agency, Short: short}
		total := 0.0
		for _, l := range res.Ledger {
			if l.Agency == pos.Agency || l.TotalSavings <= 0.5 {
				continue
			}
			mw.Savers = append(mw.Savers, AgencyAmount{Agency: l.Agency, Amount: l.TotalSavings})
			total += l.TotalSavings
		}
		slices.SortStableFunc(mw.Savers, func(a, b AgencyAmount) int { return cmp.Compare(b.Amount, a.Amount) })
		if total >= short {
			mw.Share, mw.Possible = short/total, true
		}
		out.MakeWhole = append(out.MakeWhole, mw)
	}
	return out, nil
}

func ledgerOf(r *model.Result, agency string) *model.AgencyLedger {
	for i := range r.Ledger {
		if r.Ledger[i].Agency == agency {
			return &r.Ledger[i]
		}
	}
	return nil
}

func npv(v []float64, rate float64) float64 {
	t := 0.0
	for y, x := range v {
		t += x / math.Pow(1+rate, float64(y))
	}
	return t
}

func sum(v []float64) float64 {
	t := 0.0
	for _, x := range v {
		t += x
	}
	return t
}
