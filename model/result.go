package model

// Result is everything the engine computes for one scenario. Series are
// indexed by year (0 is the base year). Arrays of three are indexed by Bound:
// central, low, high. A Result is reused by Engine.RunInto, so a caller that
// keeps one across runs must Clone it.
type Result struct {
	Years      []int
	TotalSpend float64 // the place's total, unchanged by any scenario

	Silos    []SiloResult
	Outcomes []OutcomeResult
	Ledger   []AgencyLedger
	Pools    []PoolResult
	// Place is the ledger summed over agencies.
	Place AgencyLedger
	// NeedSpend compares each local fifth's share of need with its share
	// of spend, most deprived fifth first.
	NeedSpend [5]FifthShare
	// Warnings lists neighbourhood values that left an outcome's plausible range.
	Warnings []string
}

// SiloResult is one silo's money under the scenario.
type SiloResult struct {
	ID        string
	Agency    string
	Budget    float64   // before any move
	Allocated []float64 // £ a year, per year
	Locked    float64   // fixed part or floor, whichever is larger
}

// OutcomeResult is one outcome under the scenario.
type OutcomeResult struct {
	ID string
	// Baseline is the place's population-weighted mean before any move.
	Baseline float64
	// Place is the scenario's place mean per year, for each bound.
	Place [3][]float64
	// Gap is the most deprived fifth's disadvantage against the least
	// deprived fifth (positive when the deprived fare worse), per year.
	GapBaseline float64
	Gap         [3][]float64
	// SII is the slope index of inequality, oriented like Gap.
	SIIBaseline float64
	SII         [3][]float64
	// Fifths holds each local fifth's mean, per year (central), most deprived first.
	FifthsBaseline [5]float64
	Fifths         [5][]float64
	// Neighbourhood holds each neighbourhood's value, per year (central):
	// Neighbourhood[n*years+y].
	Neighbourhood         []float64
	NeighbourhoodBaseline []float64
	// BySilo and ByMove split the central change in the place mean by the
	// silo or move that caused it, per year; each sums to Place[0]-Baseline.
	BySilo [][]float64
	ByMove [][]float64
}

// Change is the central change in the place mean at the horizon.
func (o *OutcomeResult) Change() float64 {
	s := o.Place[Central]
	return s[len(s)-1] - o.Baseline
}

// AgencyLedger is who invests and who saves, per year. What an agency
// gives up is its investment; what it receives it spends on the services
// the money moved to. Net is cashable savings less what it gave up.
type AgencyLedger struct {
	Agency          string
	GaveUp          []float64 // moved out of its silos
	Received        []float64 // moved into its silos
	SavingsCashable [3][]float64
	SavingsNonCash  [3][]float64
	PoolSavings     []float64 // part of SavingsCashable from pooling (central)
	Net             []float64 // central
	Cumulative      []float64 // central
	Invested        float64   // total given up over the horizon: its investment
	TotalReceived   float64   // total received over the horizon, to spend on the silos it was moved to
	TotalSavings    float64   // cashable, central, over the horizon
	NPV             float64   // of Net at the discount rate
	PaybackYear     int       // calendar year cumulative net turns non-negative after a net outlay; 0 when it never does
	NeverPaysBack   bool      // invested and not paid back within the horizon
}

// PoolResult is one pool's freed administration.
type PoolResult struct {
	ID     string
	Active bool
	Saving []float64 // central, per year
}

// FifthShare is one fifth's share of need and spend.
type FifthShare struct {
	Population    float64
	NeedShare     float64
	SpendBaseline float64 // share of place spend, before moves
	SpendScenario float64 // share at the horizon
}
