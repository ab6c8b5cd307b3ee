package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"totalplace/model"
)

// Flows is what an allocation's moves do to each agency, £ over the
// horizon, by agency id: moved between two of its own silos (Within), and
// given to other agencies (Out), of which to their prevention silos
// (Prevention). OutYear is what it gives to other agencies a year at the
// horizon; FirstYear and LastYear are the years its moves out start: when
// they differ, the yearly figure holds only from the last of them.
type Flows struct {
	Within, Out, OutYear, Prevention map[string]float64
	FirstYear, LastYear              map[string]int
}

// FlowsOf reads the flows of sc's moves over a horizon of years.
func FlowsOf(p *model.Place, sc model.Scenario, years int) Flows {
	f := Flows{Within: map[string]float64{}, Out: map[string]float64{}, OutYear: map[string]float64{}, Prevention: map[string]float64{},
		FirstYear: map[string]int{}, LastYear: map[string]int{}}
	for _, mv := range sc.Moves {
		fi, ti := p.SiloIndex(mv.From), p.SiloIndex(mv.To)
		if fi < 0 || ti < 0 {
			continue
		}
		n, start := years, max(mv.Year, p.BaseYear)
		if mv.Year > p.BaseYear {
			n = max(years-(mv.Year-p.BaseYear), 0)
		}
		from, to := p.Silos[fi], p.Silos[ti]
		if from.Agency == to.Agency {
			f.Within[from.Agency] += mv.Amount * float64(n)
			continue
		}
		f.Out[from.Agency] += mv.Amount * float64(n)
		if n > 0 {
			a := from.Agency
			f.OutYear[a] += mv.Amount
			if y, ok := f.FirstYear[a]; !ok || start < y {
				f.FirstYear[a] = start
			}
			f.LastYear[a] = max(f.LastYear[a], start)
		}
		if to.Prevention {
			f.Prevention[from.Agency] += mv.Amount * float64(n)
		}
	}
	return f
}

// Yearly says what agency a gives to others a year: "£10m a year", "£10m
// a year from 2028" when its moves all start then, and "£15m a year by
// 2035" (the horizon year's figure) when they start in different years.
func (f Flows) Yearly(p *model.Place, r *model.Result, a string) string {
	s := model.FormatMoney(f.OutYear[a]) + " a year"
	switch first, lastY := f.FirstYear[a], f.LastYear[a]; {
	case first != lastY:
		s += fmt.Sprintf(" by %d", p.BaseYear+len(r.Years)-1)
	case first > p.BaseYear:
		s += fmt.Sprintf(" from %d", first)
	}
	return s
}

// Penalty is the ledger's headline for allocation sc, whose result is r:
// who gives up money, who saves cash and who pays more, over the horizon.
// It is called the prevention penalty only when money moved into a
// prevention silo of another agency and an agency other than the one that
// paid saves, e.g. "Prevention penalty, over 10 years, 2026–2035: NHS
// invests £100m (£10m a year); DWP saves £12m, County council £3.1m."
func Penalty(p *model.Place, r *model.Result, sc model.Scenario) string {
	if len(sc.Moves) == 0 && len(sc.Pools) == 0 {
		return "No money moved yet: this shows who invests, who saves, and when."
	}
	fl := FlowsOf(p, sc, len(r.Years))
	var inv, wit, sav, cost []int
	for i, l := range r.Ledger {
		if fl.Out[l.Agency] >= 0.5 {
			inv = append(inv, i)
		}
		if fl.Within[l.Agency] >= 0.5 {
			wit = append(wit, i)
		}
		switch {
		case l.TotalSavings >= 0.5:
			sav = append(sav, i)
		case l.TotalSavings <= -0.5:
			cost = append(cost, i)
		}
	}
	ag := func(i int) string { return r.Ledger[i].Agency }
	sort.SliceStable(inv, func(a, b int) bool { return fl.Out[ag(inv[a])] > fl.Out[ag(inv[b])] })
	sort.SliceStable(wit, func(a, b int) bool { return fl.Within[ag(wit[a])] > fl.Within[ag(wit[b])] })
	sort.SliceStable(sav, func(a, b int) bool { return r.Ledger[sav[a]].TotalSavings > r.Ledger[sav[b]].TotalSavings })
	sort.SliceStable(cost, func(a, b int) bool { return r.Ledger[cost[a]].TotalSavings < r.Ledger[cost[b]].TotalSavings })
	name := func(i int) string { return AgencyName(p, ag(i)) }
	// list names the first agencies with their amounts: "A £1m, B £2m and 2 more".
	list := func(ix []int, verb string, v func(int) string) string {
		const most = 3
		var parts []string
		for k, i := range ix[:min(len(ix), most)] {
			s := name(i) + " "
			if k == 0 && verb != "" {
				s += verb + " "
			}
			parts = append(parts, s+v(i))
		}
		s := strings.Join(parts, ", ")
		if n := len(ix) - most; n > 0 {
			s += fmt.Sprintf(" and %d more", n)
		}
		return s
	}

	// The penalty: one agency pays into prevention, another saves.
	penalty := false
	for _, s := range sav {
		for _, i := range inv {
			penalty = penalty || (fl.Prevention[ag(i)] >= 0.5 && ag(s) != ag(i))
		}
	}
	verb := "gives up"
	if penalty {
		verb = "invests"
	}
	var clauses []string
	if len(inv) > 0 {
		clauses = append(clauses, list(inv, verb, func(i int) string {
			return fmt.Sprintf("%s (%s)", model.FormatMoney(fl.Out[ag(i)]), fl.Yearly(p, r, ag(i)))
		}))
	}
	if len(wit) > 0 {
		clauses = append(clauses, list(wit, "moves", func(i int) string { return model.FormatMoney(fl.Within[ag(i)]) })+" within "+
			Plural(len(wit), "its budget", "their budgets"))
	}
	switch {
	case len(sav) > 0:
		clauses = append(clauses, list(sav, "saves", func(i int) string { return model.FormatMoney(r.Ledger[i].TotalSavings) }))
	case len(inv)+len(wit) > 0:
		clauses = append(clauses, "no agency saves cash")
	}
	if len(cost) > 0 {
		clauses = append(clauses, list(cost, "costs", func(i int) string { return model.FormatMoney(-r.Ledger[i].TotalSavings) })+" more")
	}
	if len(clauses) == 0 {
		return "No agency invests or saves yet."
	}
	lead := sentence(Period(p, r))
	if penalty {
		lead = "Prevention penalty, " + Period(p, r)
	}
	return lead + ": " + strings.Join(clauses, "; ") + "."
}

// sentence capitalises the first letter.
func sentence(s string) string {
	for i, r := range s {
		return s[:i] + strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// LedgerRow is one agency's line in who pays and who saves, over the
// horizon, as the CLI, the app and the plan all show it. Money an agency
// moves between its own silos is Within, not an investment in another
// agency, and nets to zero: GivesUp and Gets count only money that crosses
// agencies.
type LedgerRow struct {
	Agency        string
	GivesUp, Gets float64 // to and from other agencies
	Within        float64 // between its own silos
	Saves         float64 // cashable savings, central; negative when it costs more
	// SavesLow and SavesHigh are cashable savings at the adverse and
	// favourable ends of the evidence.
	SavesLow, SavesHigh float64
	NonCash             float64 // non-cashable savings (capacity freed, not cash), central
	SetUp               float64 // set-up and double-running costs
	Net, NPV            float64 // the engine's: cashable savings less money given to other agencies and set-up
	PaybackYear         int
	// NeverPaysBack: on course to pay back, but not within the horizon.
	// When neither this nor PaybackYear is set, no payback is in view.
	NeverPaysBack bool
}

// Active reports whether the agency gives, gets, moves or saves anything.
func (l LedgerRow) Active() bool {
	for _, v := range []float64{l.GivesUp, l.Gets, l.Within, l.Saves, l.Net, l.NonCash} {
		if v >= 0.5 || v <= -0.5 {
			return true
		}
	}
	return false
}

// Ledger is every agency's row for allocation sc, whose result is r, the
// largest net either way first, then the largest savings, so the main
// savers and investors come first.
func Ledger(p *model.Place, sc model.Scenario, r *model.Result) []LedgerRow {
	rows := make([]LedgerRow, 0, len(r.Ledger))
	for _, l := range r.Ledger {
		rows = append(rows, rowOf(l))
	}
	sort.SliceStable(rows, func(a, b int) bool {
		na, nb := math.Abs(rows[a].Net), math.Abs(rows[b].Net)
		if math.Abs(na-nb) >= 0.5 {
			return na > nb
		}
		return rows[a].Saves > rows[b].Saves
	})
	return rows
}

func rowOf(l model.AgencyLedger) LedgerRow {
	net := 0.0
	if n := len(l.Cumulative); n > 0 {
		net = l.Cumulative[n-1]
	}
	return LedgerRow{Agency: l.Agency, GivesUp: l.Invested, Gets: l.TotalReceived, Within: l.TotalWithin,
		Saves: l.TotalSavings, SavesLow: l.SavingsRange[model.Low], SavesHigh: l.SavingsRange[model.High],
		NonCash: l.TotalNonCash, SetUp: l.TotalSetUp, Net: net, NPV: l.NPV, PaybackYear: l.PaybackYear, NeverPaysBack: l.NeverPaysBack}
}

// PlaceTest is the whole place's invest-to-save test: every pound moved
// (between agencies or within one) against the cashable savings it brings,
// over the horizon. Money moved still buys services where it lands, so a
// negative net is not money lost: it is the part not repaid in cash.
type PlaceTest struct {
	Moved, SetUp               float64
	Saves, SavesLow, SavesHigh float64 // cashable
	NonCash                    float64
	Net, NPV                   float64 // cashable savings less money moved and set-up
	NetLow, NetHigh            float64
	PaybackYear                int
	NeverPaysBack              bool
}

// InvestToSave is the place's line of the ledger.
func InvestToSave(r *model.Result) PlaceTest {
	row := rowOf(r.Place)
	return PlaceTest{Moved: r.Place.Invested, SetUp: row.SetUp, Saves: row.Saves, SavesLow: row.SavesLow, SavesHigh: row.SavesHigh,
		NonCash: row.NonCash, Net: row.Net, NPV: row.NPV,
		NetLow: row.SavesLow - r.Place.Invested - row.SetUp, NetHigh: row.SavesHigh - r.Place.Invested - row.SetUp,
		PaybackYear: row.PaybackYear, NeverPaysBack: row.NeverPaysBack}
}

// SocialLine is the health gain valued beside the fiscal ledger: QALYs over
// the horizon and their value at the Green Book rate, discounted at the
// health rate, each with its adverse and favourable ends.
type SocialLine struct {
	QALYs, QALYsLow, QALYsHigh float64
	NPV, NPVLow, NPVHigh       float64
	PerQALY                    float64 // £ a QALY
	HealthRate                 float64 // discount rate for health
}

// Social is r's social value line.
func Social(p *model.Place, r *model.Result) SocialLine {
	a := model.DefaultAppraisal()
	v, rate := p.Appraisal.QALYValue.Value, p.Appraisal.HealthDiscountRate.Value
	if v == 0 {
		v = a.QALYValue.Value
	}
	if rate == 0 {
		rate = a.HealthDiscountRate.Value
	}
	s := r.Social
	return SocialLine{QALYs: s.TotalQALYs[model.Central], QALYsLow: s.TotalQALYs[model.Low], QALYsHigh: s.TotalQALYs[model.High],
		NPV: s.NPV[model.Central], NPVLow: s.NPV[model.Low], NPVHigh: s.NPV[model.High], PerQALY: v, HealthRate: rate}
}

// Cases is one outcome's cases avoided over the horizon and what each cost.
type Cases struct {
	Outcome            string // id
	Avoided, Low, High float64
	CostPerCase        float64 // extra money on the outcome's effects per case avoided; 0 when none
	HasCost            bool
}

// CasesOf lists the outcomes whose cases changed, in the place's order.
func CasesOf(p *model.Place, r *model.Result) []Cases {
	var out []Cases
	for _, or := range r.Outcomes {
		c := or.CasesAvoided
		if math.Abs(c[model.Central]) < 0.5 && math.Abs(c[model.Low]) < 0.5 && math.Abs(c[model.High]) < 0.5 {
			continue
		}
		cpc, ok := or.CostPerCase()
		out = append(out, Cases{Outcome: or.ID, Avoided: c[model.Central], Low: min(c[model.Low], c[model.High]), High: max(c[model.Low], c[model.High]),
			CostPerCase: cpc, HasCost: ok})
	}
	return out
}

// RangeNote says how the ranges are made, for every screen that shows one.
const RangeNote = "Ranges: each effect at the end of its evidence that is worse (low) or better (high) for this scenario, so effects that pull against each other widen the range rather than cancel; not a probability interval."
