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
	// Alerts are the other things a reader must be told (a service
	// changing faster than the evidence covers, fifths changing rank, a
	// gap changing sign), kept as data so a run does not allocate; Alert.Text words them.
	Alerts []Alert
	// Social is the health gain valued in QALYs, beside the fiscal ledger.
	Social Social

	// gridDirty marks outcomes whose neighbourhood grid left its baseline
	// in the last run, so a run refills only those (nil: all).
	gridDirty []bool
}

// Social is the scenario's QALYs and their value at the Green Book rate,
// per bound and year; health is discounted at the health rate.
type Social struct {
	QALYs      [3][]float64
	Value      [3][]float64 // £: QALYs × the value of a QALY
	TotalQALYs [3]float64
	NPV        [3]float64 // of Value at the health discount rate
}

// AlertKind says what an Alert is about.
type AlertKind int

const (
	// AlertFastChange: a silo changes by more than the stated share of its
	// budget in one year (Value is the share, Year the year's index).
	AlertFastChange AlertKind = iota
	// AlertRankChange: the outcome's fifths are in a different order at
	// the horizon than at baseline.
	AlertRankChange
	// AlertGapReversed: the gap between the most and least deprived fifths
	// changes sign (Value is the gap at the horizon).
	AlertGapReversed
	// AlertPastBest: moving more in move Move (from Silo to To) would do
	// less for the outcome it improves, since the cut's harm grows faster
	// than the gain; Value is the amount a year that does most.
	AlertPastBest
)

// Alert is one thing the result must say; Silo and Outcome are indexes
// into the place, -1 when not about one.
type Alert struct {
	Kind AlertKind
	Silo int
	Move int // index into the scenario's moves, for AlertPastBest
	To   int // the move's receiving silo, for AlertPastBest
	// Worse: for AlertPastBest, the move leaves the outcome worse than now.
	Worse   bool
	Outcome int
	Year    int // index into Years
	Value   float64
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
	// CasesAvoided is the change in the number of people in the worse
	// state, summed over the horizon (positive: fewer), per bound; zero for
	// an outcome that is not a rate.
	CasesAvoided [3]float64
	// SpendOn is the extra money put into this outcome's effects over the
	// horizon (each silo's increase times the effect's share of its pounds):
	// what CostPerCase divides.
	SpendOn float64
	// QALYs gained over the horizon, central.
	QALYs float64
}

// CostPerCase is the money put into this outcome's effects per case
// avoided, and whether it means anything (cases were avoided by extra spend).
func (o *OutcomeResult) CostPerCase() (float64, bool) {
	if o.CasesAvoided[Central] < 0.5 || o.SpendOn <= 0 {
		return 0, false
	}
	return o.SpendOn / o.CasesAvoided[Central], true
}

// Change is the central change in the place mean at the horizon.
func (o *OutcomeResult) Change() float64 {
	s := o.Place[Central]
	return s[len(s)-1] - o.Baseline
}

// AgencyLedger is who invests and who saves, per year. What an agency
// gives up beyond what other agencies give it back is its investment; what
// it receives it spends on the services the money moved to, so it is not a
// gain. Net is cashable savings less that investment and set-up, so a
// round trip nets to zero. The place's net (Result.Place) is its cashable
// savings less set-up: money moved between its agencies stays in it, so
// the agencies' nets add up to the place's less their investment.
type AgencyLedger struct {
	Agency string
	// GaveUp and Received are money moved to and from other agencies; for
	// the whole place (Result.Place), the sums over its agencies.
	GaveUp   []float64
	Received []float64
	// Within is money moved between two of the agency's own silos: it
	// neither invests nor saves, so it nets to zero.
	Within []float64
	// NetInvest is the agency's investment a year: what it gave up to other
	// agencies less what they moved to it, when positive; for the place, the
	// sum over agencies, which stays in the place and so is not in its net.
	NetInvest []float64
	// SetUp is one-off set-up and double-running cost in the year money
	// arrives, cash the agency finds on top of the money moved (central).
	SetUp           []float64
	SavingsCashable [3][]float64
	SavingsNonCash  [3][]float64
	PoolSavings     []float64 // part of SavingsCashable from pooling (central)
	Net             []float64 // central
	Cumulative      []float64 // central
	Invested        float64   // total given up to other agencies over the horizon (gross)
	NetInvested     float64   // total NetInvest over the horizon: its investment
	TotalReceived   float64   // total received over the horizon, to spend on the silos it was moved to
	TotalSavings    float64   // cashable, central, over the horizon
	TotalNonCash    float64   // non-cashable (capacity freed, not cash), central, over the horizon
	TotalWithin     float64   // moved between its own silos over the horizon
	TotalSetUp      float64   // set-up and double-running costs over the horizon
	// SetUpRange is set-up over the horizon per bound: the adverse end
	// (Low) the larger.
	SetUpRange [3]float64
	// SavingsRange is total cashable savings over the horizon at the
	// adverse and favourable ends of the evidence (Low, High).
	SavingsRange  [3]float64
	NPV           float64 // of Net at the discount rate
	PaybackYear   int     // calendar year cumulative net turns non-negative after a net outlay; 0 when it never does
	NeverPaysBack bool    // invested, on course to pay back (its yearly net is positive by the horizon) but not within it
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

// WithoutGrid is r without its neighbourhood grid, as a light run would
// give it, sharing everything else (so never mutate either afterwards).
func (r *Result) WithoutGrid() *Result {
	c := *r
	c.Outcomes = append([]OutcomeResult(nil), r.Outcomes...)
	for i := range c.Outcomes {
		c.Outcomes[i].Neighbourhood = nil
	}
	c.gridDirty = nil
	return &c
}
