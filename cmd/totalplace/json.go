package main

import (
	"math"
	"reflect"

	"totalplace/model"
	"totalplace/report"
)

// The JSON report. Money is £ a year at the place's price year; outcome
// values are at the horizon (the last simulated year) unless named by_year.
type simJSON struct {
	Place      placeJSON     `json:"place"`
	TotalSpend float64       `json:"total_spend"`
	Years      []int         `json:"years"`
	Moves      []moveJSON    `json:"moves"`
	Pools      []poolJSON    `json:"pools"`
	Silos      []siloJSON    `json:"silos"`
	Outcomes   []outcomeJSON `json:"outcomes"`
	Ledger     []ledgerJSON  `json:"ledger"`
	// LedgerTotal is the ledger summed over every agency.
	LedgerTotal ledgerJSON  `json:"ledger_total"`
	NeedSpend   []fifthJSON `json:"need_spend"`
	Warnings    []string    `json:"warnings"`
	// InvestToSave is the whole place's test: every pound moved against the
	// cashable savings it brings.
	InvestToSave investJSON `json:"invest_to_save"`
	SocialValue  socialJSON `json:"social_value"`
	Cases        []caseJSON `json:"cases"`
	RangeMethod  string     `json:"range_method"`
}

type investJSON struct {
	Moved       float64 `json:"moved"`
	Within      float64 `json:"within"`
	SetUp       float64 `json:"set_up"`
	Savings     float64 `json:"savings"`
	SavingsLow  float64 `json:"savings_low"`
	SavingsHigh float64 `json:"savings_high"`
	NonCashable float64 `json:"non_cashable"`
	Net         float64 `json:"net"`
	NetLow      float64 `json:"net_low"`
	NetHigh     float64 `json:"net_high"`
	NPV         float64 `json:"npv"`
}

type socialJSON struct {
	QALYs              float64 `json:"qalys"`
	QALYsLow           float64 `json:"qalys_low"`
	QALYsHigh          float64 `json:"qalys_high"`
	ValuePerQALY       float64 `json:"value_per_qaly"`
	HealthDiscountRate float64 `json:"health_discount_rate"`
	NPV                float64 `json:"npv"`
	NPVLow             float64 `json:"npv_low"`
	NPVHigh            float64 `json:"npv_high"`
}

type caseJSON struct {
	Outcome     string   `json:"outcome"`
	Avoided     float64  `json:"avoided"`
	Low         float64  `json:"low"`
	High        float64  `json:"high"`
	CostPerCase *float64 `json:"cost_per_case"`
}

type placeJSON struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Kind         string  `json:"kind"`
	Illustrative bool    `json:"illustrative"`
	Population   float64 `json:"population"`
	PriceYear    string  `json:"price_year"`
	BaseYear     int     `json:"base_year"`
	HorizonYear  int     `json:"horizon_year"`
	// Assumptions counts figures that are assumed rather than cited.
	Assumptions int `json:"assumptions"`
	Figures     int `json:"figures"`
}

type moveJSON struct {
	From   string  `json:"from"`
	To     string  `json:"to"`
	Amount float64 `json:"amount"`
	Year   int     `json:"year"`
	Target string  `json:"target"`
}

type poolJSON struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Saving       float64   `json:"saving"`
	SavingByYear []float64 `json:"saving_by_year"`
}

type siloJSON struct {
	ID              string    `json:"id"`
	Name            string    `json:"name"`
	Agency          string    `json:"agency"`
	Type            string    `json:"type"`
	Prevention      bool      `json:"prevention"`
	Budget          float64   `json:"budget"`
	Locked          float64   `json:"locked"`
	Movable         float64   `json:"movable"`
	Allocated       float64   `json:"allocated"`
	AllocatedByYear []float64 `json:"allocated_by_year"`
}

type outcomeJSON struct {
	ID             string  `json:"id"`
	Name           string  `json:"name"`
	Unit           string  `json:"unit"`
	HigherIsBetter bool    `json:"higher_is_better"`
	Baseline       float64 `json:"baseline"`
	Scenario       float64 `json:"scenario"`
	Change         float64 `json:"change"`
	// Low and High are the scenario at the low and high ends of every
	// ranged figure, ordered so Low <= High.
	Low         float64 `json:"low"`
	High        float64 `json:"high"`
	GapBaseline float64 `json:"gap_baseline"`
	GapScenario float64 `json:"gap_scenario"`
	SIIBaseline float64 `json:"sii_baseline"`
	SIIScenario float64 `json:"sii_scenario"`
}

type ledgerJSON struct {
	Agency        string  `json:"agency"`
	Name          string  `json:"name"`
	Invested      float64 `json:"invested"`     // moved out of its silos to other agencies over the horizon (gross)
	NetInvested   float64 `json:"net_invested"` // beyond what other agencies moved back, year by year: what its net counts
	Received      float64 `json:"received"`     // moved into its silos over the horizon
	Savings       float64 `json:"savings"`
	SavingsLow    float64 `json:"savings_low"`
	SavingsHigh   float64 `json:"savings_high"`
	NonCashable   float64 `json:"non_cashable"`
	Within        float64 `json:"within"` // moved between its own silos: nets to zero
	SetUp         float64 `json:"set_up"`
	Net           float64 `json:"net"`
	NPV           float64 `json:"npv"`
	PaybackYear   *int    `json:"payback_year"`
	NeverPaysBack bool    `json:"never_pays_back"`
}

type fifthJSON struct {
	Fifth         int     `json:"fifth"` // 1 is the most deprived
	Population    float64 `json:"population"`
	NeedShare     float64 `json:"need_share"`
	SpendBaseline float64 `json:"spend_baseline"`
	SpendScenario float64 `json:"spend_scenario"`
}

func simulationJSON(p *model.Place, s model.Scenario, r *model.Result) simJSON {
	last := len(r.Years) - 1
	assumed, figures := countAssumptions(p)
	j := simJSON{
		Place: placeJSON{
			ID: p.ID, Name: p.Name, Kind: p.Kind, Illustrative: p.Illustrative,
			Population: p.Population.Value, PriceYear: p.PriceYear,
			BaseYear: p.BaseYear, HorizonYear: r.Years[last],
			Assumptions: assumed, Figures: figures,
		},
		TotalSpend:  r.TotalSpend,
		Years:       r.Years,
		Moves:       []moveJSON{},
		Pools:       []poolJSON{},
		Warnings:    r.AllWarnings(p),
		RangeMethod: report.RangeNote,
		Cases:       []caseJSON{},
	}
	t := report.InvestToSave(r)
	j.InvestToSave = investJSON{Moved: t.Moved, Within: r.Place.TotalWithin, SetUp: t.SetUp, Savings: t.Saves, SavingsLow: t.SavesLow, SavingsHigh: t.SavesHigh,
		NonCashable: t.NonCash, Net: t.Net, NetLow: t.NetLow, NetHigh: t.NetHigh, NPV: t.NPV}
	sv := report.Social(p, r)
	j.SocialValue = socialJSON{QALYs: sv.QALYs, QALYsLow: sv.QALYsLow, QALYsHigh: sv.QALYsHigh, ValuePerQALY: sv.PerQALY, HealthDiscountRate: sv.HealthRate,
		NPV: sv.NPV, NPVLow: sv.NPVLow, NPVHigh: sv.NPVHigh}
	for _, c := range report.CasesOf(p, r) {
		cj := caseJSON{Outcome: c.Outcome, Avoided: c.Avoided, Low: c.Low, High: c.High}
		if c.HasCost {
			v := c.CostPerCase
			cj.CostPerCase = &v
		}
		j.Cases = append(j.Cases, cj)
	}
	for _, m := range s.Moves {
		j.Moves = append(j.Moves, moveJSON{From: m.From, To: m.To, Amount: m.Amount, Year: startYear(p, m), Target: m.Target.String()})
	}
	for _, pr := range r.Pools {
		if !pr.Active {
			continue
		}
		pool := p.Pools[p.PoolIndex(pr.ID)]
		j.Pools = append(j.Pools, poolJSON{ID: pr.ID, Name: pool.Name, Saving: pr.Saving[last], SavingByYear: pr.Saving})
	}
	for i, sr := range r.Silos {
		si := p.Silos[i]
		j.Silos = append(j.Silos, siloJSON{
			ID: sr.ID, Name: si.Name, Agency: sr.Agency, Type: string(si.Type), Prevention: si.Prevention,
			Budget: sr.Budget, Locked: sr.Locked, Movable: si.Movable(),
			Allocated: sr.Allocated[last], AllocatedByYear: sr.Allocated,
		})
	}
	for i := range r.Outcomes {
		or := &r.Outcomes[i]
		o := p.Outcomes[i]
		lo, hi := or.Place[model.Low][last], or.Place[model.High][last]
		j.Outcomes = append(j.Outcomes, outcomeJSON{
			ID: or.ID, Name: o.Name, Unit: o.Unit, HigherIsBetter: o.HigherIsBetter,
			Baseline: or.Baseline, Scenario: or.Place[model.Central][last], Change: or.Change(),
			Low: math.Min(lo, hi), High: math.Max(lo, hi),
			GapBaseline: or.GapBaseline, GapScenario: or.Gap[model.Central][last],
			SIIBaseline: or.SIIBaseline, SIIScenario: or.SII[model.Central][last],
		})
	}
	for _, l := range r.Ledger {
		j.Ledger = append(j.Ledger, ledgerEntry(p, l))
	}
	j.LedgerTotal = ledgerEntry(p, r.Place)
	j.LedgerTotal.Agency, j.LedgerTotal.Name = "", "all agencies"
	for q, f := range r.NeedSpend {
		j.NeedSpend = append(j.NeedSpend, fifthJSON{Fifth: q + 1, Population: f.Population, NeedShare: f.NeedShare, SpendBaseline: f.SpendBaseline, SpendScenario: f.SpendScenario})
	}
	return j
}

func ledgerEntry(p *model.Place, l model.AgencyLedger) ledgerJSON {
	e := ledgerJSON{Agency: l.Agency, Invested: l.Invested, NetInvested: l.NetInvested, Received: l.TotalReceived, Savings: l.TotalSavings, NPV: l.NPV, NeverPaysBack: l.NeverPaysBack,
		SavingsLow: l.SavingsRange[model.Low], SavingsHigh: l.SavingsRange[model.High], NonCashable: l.TotalNonCash, Within: l.TotalWithin, SetUp: l.TotalSetUp}
	if a := p.AgencyIndex(l.Agency); a >= 0 {
		e.Name = p.Agencies[a].Name
	}
	if n := len(l.Cumulative); n > 0 {
		e.Net = l.Cumulative[n-1]
	}
	if l.PaybackYear != 0 {
		y := l.PaybackYear
		e.PaybackYear = &y
	}
	return e
}

// startYear is the calendar year a move starts (0 in a Move means the base year).
func startYear(p *model.Place, m model.Move) int {
	if m.Year == 0 {
		return p.BaseYear
	}
	return m.Year
}

// countAssumptions counts the place's figures (model.Param values) and how
// many of them are assumptions rather than cited. It walks the place by
// reflection so figures added to the format later are counted too.
func countAssumptions(p *model.Place) (assumed, figures int) {
	paramType := reflect.TypeFor[model.Param]()
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			if v.Type() == paramType {
				// Optional figures the file left out (a zero fixed part)
				// have no provenance and are not counted.
				switch pr := v.Interface().(model.Param); {
				case pr.IsAssumption():
					assumed++
					figures++
				case pr.Source != "":
					figures++
				}
				return
			}
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(p))
	return assumed, figures
}
