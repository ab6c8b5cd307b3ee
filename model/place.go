// Package model is the pure core of totalplace: a place's public spend, its
// neighbourhoods and outcomes, the evidence linking spend to outcomes, and the
// engine that recalculates a scenario. It imports nothing else of ours.
package model

import (
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"math"
)

// Place is one area's public spend and the evidence about it, as loaded from
// a place file and checked. Slices keep file order; the index maps are built
// by Load so lookups never scan.
type Place struct {
	ID           string
	Name         string
	Kind         string // county, district, unitary, metropolitan borough, London borough
	Region       string
	Description  string
	Illustrative bool // figures are derived or assumed: label the place as illustrative
	Population   Param
	PriceYear    string // price base of every £ figure, e.g. "2017-18"
	BaseYear     int    // first calendar year of the scenario
	HorizonYears int    // years simulated, default 10
	DiscountRate Param  // default 3.5% (HM Treasury Green Book)
	// Appraisal settings, each defaulted by the loader with its provenance
	// (see Appraisal): the value of a QALY and the health discount rate for
	// the social value line, and how targeted money leaks and concentrates.
	Appraisal Appraisal

	Sources        []Source
	Agencies       []Agency
	Silos          []Silo
	Neighbourhoods []Neighbourhood
	// NeighbourhoodSource cites where the neighbourhood rows came from.
	NeighbourhoodSource string
	Need                Need
	Outcomes            []Outcome
	Effects             []Effect
	Spillovers          []Spillover
	Pools               []Pool

	sourceIndex map[string]int
	agencyIndex map[string]int
	siloIndex   map[string]int
	nbhdIndex   map[string]int
	outIndex    map[string]int
	poolIndex   map[string]int
}

// Param is one number with its provenance, in the manner of PolicyEngine's
// parameter metadata: every figure is either cited (Source names a Source.ID)
// or explicitly an assumption (Assumption says why). Low and High bound its
// uncertainty; they equal Value when the file gives no range.
type Param struct {
	Value      float64
	Low        float64
	High       float64
	Source     string // id of a Source, empty when Assumption is set
	Assumption string // why this figure was assumed, empty when Source is set
	Note       string // how it was derived, e.g. "£2,156 a head × 577,914"
	Year       string // period or price year the figure belongs to
}

// IsAssumption reports whether the figure is assumed rather than cited.
func (p Param) IsAssumption() bool { return p.Assumption != "" }

// At returns the low, central or high value.
func (p Param) At(b Bound) float64 {
	switch b {
	case Low:
		return p.Low
	case High:
		return p.High
	}
	return p.Value
}

// Magnitude is At read as "how big": Low gives whichever end of the range
// is nearer zero and High the further, so the low bound of an effect that
// cuts a rate (a negative number) is its smallest cut, not its largest.
func (p Param) Magnitude(b Bound) float64 {
	lo, hi := p.Low, p.High
	if math.Abs(lo) > math.Abs(hi) {
		lo, hi = hi, lo
	}
	switch b {
	case Low:
		return lo
	case High:
		return hi
	}
	return p.Value
}

// Bound selects the low, central or high value of every ranged parameter:
// Low puts every effect, unit cost and saving at the small end of its
// evidence, High at the large end.
type Bound int

const (
	Central Bound = iota
	Low
	High
)

// Bounds lists the three in the order results are stored.
var Bounds = [3]Bound{Central, Low, High}

func (b Bound) String() string {
	return [...]string{"central", "low", "high"}[b]
}

// Source is a citation that parameters refer to by ID.
type Source struct {
	ID    string
	Title string
	URL   string
	What  string // what the source is and what was taken from it
}

// Agency owns money in the place.
type Agency struct {
	ID    string
	Name  string
	Short string // a short name for tight spaces, e.g. "NHS ICB"; Name when not given
	Level string // "local" or "national"
	Kind  AgencyKind
}

// Label is the agency's short name, or its name when it has none.
func (a Agency) Label() string {
	if a.Short != "" {
		return a.Short
	}
	return a.Name
}

// AgencyKind is what sort of body an agency is: one of AgencyKinds, as the
// place file spells it.
type AgencyKind string

// The agency kinds a place file may give.
const (
	AgencyLocalAuthority AgencyKind = "local-authority"
	AgencyNHS            AgencyKind = "nhs"
	AgencyWelfare        AgencyKind = "welfare"
	AgencyTax            AgencyKind = "tax"
	AgencyEducation      AgencyKind = "education"
	AgencyPolice         AgencyKind = "police"
	AgencyJustice        AgencyKind = "justice"
	AgencyFire           AgencyKind = "fire"
	AgencyTransport      AgencyKind = "transport"
	AgencyOther          AgencyKind = "other"
)

// AgencyKinds are the recognised agency kinds, in the order the place
// format lists them.
var AgencyKinds = []AgencyKind{AgencyLocalAuthority, AgencyNHS, AgencyWelfare, AgencyTax, AgencyEducation,
	AgencyPolice, AgencyJustice, AgencyFire, AgencyTransport, AgencyOther}

// IsLocalAuthority reports whether the agency is a local authority: what
// the headline "share through local authorities" counts.
func (k AgencyKind) IsLocalAuthority() bool { return k == AgencyLocalAuthority }

// Silo is a service (or transfer payment) that money flows through.
type Silo struct {
	ID     string
	Name   string
	Agency string
	Type   SiloType
	// Budget is £ a year at the place's price year.
	Budget Param
	// Fixed is the part that cannot move locally (entitlements, ring-fenced
	// grants); FixedReason names why, for messages such as
	// "state pension is an entitlement".
	Fixed       Param
	FixedReason string
	// Floor is a statutory minimum the silo may not fall below.
	Floor Param
	// Distribution says how the silo's spend lands across neighbourhoods:
	// "population", a cohort ("children", "age16_59", "age60_plus",
	// "working_age") or "need".
	Distribution string
	Prevention   bool // a preventative service, highlighted in the UI
	// SetUp is a one-off set-up and double-running cost, as a share of the
	// first year's extra money moved into the silo, borne by its agency in
	// that year on top of the money moved (0 when the evidence gives none).
	SetUp Param
	// ReleaseYears is how many years the movable part takes to free, in
	// equal steps from the base year (contracts end, activity shifts): 1, or
	// zero when the place file is silent, frees it all at once.
	ReleaseYears Param
	// National marks a budget set and spent nationally (NHS England's
	// specialised commissioning, the courts): wholly fixed, and no local
	// money can be moved into it either.
	National bool
}

// SiloType is whether a silo is a service or a transfer payment, as the
// place file spells it.
type SiloType string

// The silo types a place file may give.
const (
	SiloService  SiloType = "service"
	SiloTransfer SiloType = "transfer" // benefit and pension payments
)

// SiloTypes are the recognised silo types.
var SiloTypes = []SiloType{SiloService, SiloTransfer}

// IsTransfer reports whether the silo is a transfer payment (benefits,
// pensions): its entitlements are set nationally, so it needs a fixed part
// and no money can be moved into it locally.
func (t SiloType) IsTransfer() bool { return t == SiloTransfer }

// Locked is the least the silo may hold: the larger of its fixed part and floor.
func (s Silo) Locked() float64 {
	if s.Floor.Value > s.Fixed.Value {
		return s.Floor.Value
	}
	return s.Fixed.Value
}

// Movable is what can leave the silo, once all of it is free to.
func (s Silo) Movable() float64 { return s.Budget.Value - s.Locked() }

// LockedIn is what must stay in the silo in year y of the run (0 is the
// base year): its fixed part or floor, plus the part of the movable money
// not yet freed when it frees over several years.
func (s Silo) LockedIn(y int) float64 {
	n := int(s.ReleaseYears.Value)
	if n <= 1 || y+1 >= n {
		return s.Locked()
	}
	return s.Locked() + s.Movable()*float64(n-1-max(y, 0))/float64(n)
}

// MovableIn is what can leave the silo in year y of the run.
func (s Silo) MovableIn(y int) float64 { return s.Budget.Value - s.LockedIn(y) }

// Neighbourhood is one LSOA, from the English Indices of Deprivation 2019.
type Neighbourhood struct {
	Code       string
	Name       string
	District   string
	Population float64
	Children   float64 // aged 0-15
	Age16to59  float64
	Age60Plus  float64
	WorkingAge float64
	IMDRank    int // national rank, 1 is most deprived of 32,844
	// Deciles by domain, 1 is the most deprived tenth nationally.
	Deciles [DomainCount]int
}

// Domain is an IMD 2019 domain (or the overall index).
type Domain int

const (
	DomainIMD Domain = iota
	DomainIncome
	DomainEmployment
	DomainEducation
	DomainHealth
	DomainCrime
	DomainHousing
	DomainEnvironment
	DomainCount
)

// DomainNames are the names used in place files.
var DomainNames = [DomainCount]string{"imd", "income", "employment", "education", "health", "crime", "housing", "environment"}

// Cohorts are the population bases a neighbourhood carries.
var Cohorts = []string{"total", "children", "age16_59", "age60_plus", "working_age"}

// CohortSize returns the neighbourhood's population in the named cohort.
func (n Neighbourhood) CohortSize(cohort string) float64 {
	switch cohort {
	case "children":
		return n.Children
	case "age16_59":
		return n.Age16to59
	case "age60_plus":
		return n.Age60Plus
	case "working_age":
		return n.WorkingAge
	}
	return n.Population
}

// Need weights each person by the deprivation decile of where they live, for
// "need against spend" and for need-targeted spend.
type Need struct {
	Domain   Domain
	ByDecile [10]Param // weight per person, decile 1 first
}

// Outcome is a measure the partnership is accountable for.
type Outcome struct {
	ID             string
	Name           string
	Unit           string // e.g. "years", "%", "per 10,000"
	HigherIsBetter bool
	// RateBase turns a change in the outcome into a number of people
	// ("cases") in Cohort: "percent", "per_1000", "per_10000",
	// "per_100000", or "none" when the outcome is not a rate.
	RateBase string
	Cohort   string
	Baseline Baseline
	Min, Max float64 // plausible range, used to warn when a scenario leaves it
	// QALYPerCase is the quality-adjusted life years gained a year for each
	// case avoided (for an outcome that is not a rate, for each unit of
	// improvement per person in the cohort); zero when not valued.
	QALYPerCase Param
	// CaseShare is the share of the cohort among whom the outcome's cases
	// are counted, when the cohort is wider than the group the outcome is
	// about (16-24s among the 16-59s for NEET, offenders for
	// reoffending): cases avoided and cost per case are reported for that
	// group. Money is unchanged: a spillover's cost per case is on the
	// cohort's base. Zero (absent) means the cohort is the group.
	CaseShare Param
}

// CaseScale is what a change counted on the cohort is multiplied by to
// count cases among the group the outcome is about.
func (o *Outcome) CaseScale() float64 {
	if o.CaseShare.Value > 0 {
		return o.CaseShare.Value
	}
	return 1
}

// Divisor is the number RateBase divides by; 0 for "none".
func (o Outcome) Divisor() float64 {
	switch o.RateBase {
	case "percent":
		return 100
	case "per_1000":
		return 1000
	case "per_10000":
		return 10000
	case "per_100000":
		return 100000
	}
	return 0
}

// Baseline gives an outcome's starting value in every neighbourhood: either a
// value for each national decile of Domain, or a line (linear or geometric)
// between a most-deprived and a least-deprived value, optionally shifted by
// Offset and then scaled so the place's population-weighted mean is ScaleTo.
type Baseline struct {
	Domain   Domain
	ByDecile []Param // 10 values, decile 1 first; empty when D1/D10 are used
	D1, D10  Param
	Shape    string // "linear" or "geometric", with D1/D10
	Offset   Param  // added to every value (e.g. a regional adjustment)
	ScaleTo  *Param // target place mean, nil to leave unscaled
}

// Effect says how extra (or less) spend in a silo moves an outcome.
type Effect struct {
	Silo    string
	Outcome string
	// PerMillion is the change in the outcome's place-wide mean for each
	// extra £1m a year, at small amounts. MaxEffect is the most any amount
	// can change it: returns diminish as M·tanh(k·Δ/M).
	PerMillion  Param
	MaxEffect   Param
	YearsToFull Param
	// Targeting: "need" (deprived neighbourhoods gain more, weighted by the
	// need weights on NeedDomain) or "per_head".
	Targeting  string
	NeedDomain Domain
	// OnsetYears is how long after the money moves before the outcome
	// starts to respond; the ramp (YearsToFull) begins then.
	OnsetYears Param
	// Share is the part of the silo's money that buys this effect: a
	// silo's effects share its pounds, so none is counted twice. Zero
	// means "not given": the loader splits what is left equally.
	Share Param
	// Evidence grades the effect's evidence (EvidenceStrong, Moderate or
	// Weak), which sets its optimism-bias adjustment (Appraisal).
	Evidence Evidence
	// Deadweight is the share of the change that would have happened
	// anyway, Displacement the share that is a gain moved from elsewhere
	// (one person's job taken by another). PerMillion is gross of both.
	Deadweight   Param
	Displacement Param
}

// Evidence is how strong an effect's evidence is, as the place file spells it.
type Evidence string

// The evidence grades: strong (a trial or quasi-experiment in a similar
// setting), moderate (observational or a cited ratio applied here), weak
// (an assumption or a ratio from a different setting).
const (
	EvidenceStrong   Evidence = "strong"
	EvidenceModerate Evidence = "moderate"
	EvidenceWeak     Evidence = "weak"
)

// EvidenceGrades are the recognised grades, strongest first.
var EvidenceGrades = []Evidence{EvidenceStrong, EvidenceModerate, EvidenceWeak}

// Appraisal holds the place-wide appraisal settings, each a Param with its
// provenance so an assumed default is marked like any other figure.
type Appraisal struct {
	QALYValue          Param // £ per QALY
	HealthDiscountRate Param // discount rate for health effects
	// OptimismBias is the share taken off an effect's size for optimism,
	// by evidence grade (strong, moderate, weak).
	OptimismBias [3]Param
	// TargetLeakage is the share of a targeted move's effect that lands
	// outside its target as the silo's spend usually does.
	TargetLeakage Param
	// TargetConcentration is the most a targeted move can raise an
	// effect per person in its target, as a multiple of the same money
	// spent place-wide; the rest leaks.
	TargetConcentration Param
	// YearlyChangeWarning is the share of a silo's budget that a scenario
	// may add or take in one year before the result warns that the
	// service is changing faster than the evidence covers.
	YearlyChangeWarning Param
}

// OptimismFor is the optimism-bias share for an evidence grade.
func (a Appraisal) OptimismFor(g Evidence) Param {
	switch g {
	case EvidenceStrong:
		return a.OptimismBias[0]
	case EvidenceModerate:
		return a.OptimismBias[1]
	}
	return a.OptimismBias[2]
}

// Spillover turns a change in an outcome into cost or saving for an agency:
// each case of the worse direction (one more NEET young person, one fewer
// person in work) costs CostPerCase a year, Lag years later.
type Spillover struct {
	Outcome     string
	Agency      string
	Silo        string // where demand falls, optional
	CostPerCase Param
	LagYears    Param
	Cashable    Param // share of the saving that is cashable, 0..1
	// CashableCost is the cash share of an extra cost when cases rise: a
	// child who comes into care needs a placement bought in cash, though a
	// case avoided frees a social worker's time rather than money. As
	// Cashable when the file gives none.
	CashableCost Param
	Note         string
}

// Pool groups silos serving the same cohort; pooling them frees part of their
// administration.
type Pool struct {
	ID          string
	Name        string
	Silos       []string
	CohortSpend Param // £ a year spent on the cohort
	AdminCost   Param // £ a year of it on administration
	Saving      Param // £ a year freed once fully pooled
	YearsToFull Param
	// SiloCohortSpend is each member silo's spend on the cohort, in the
	// order of Silos; the saving is shared among agencies by it. Empty:
	// shared by the silos' budgets.
	SiloCohortSpend []Param
	// Cashable is the share of the saving that is cash; the rest frees
	// capacity (staff time no longer spent on duplicate assessments).
	Cashable Param
	// SetUp is the one-off cost of merging the services (£, in the first
	// year), shared among members as the saving is.
	SetUp Param
}

// Lookup helpers. Each returns -1 when the id is unknown.

func (p *Place) SourceIndex(id string) int          { return lookup(p.sourceIndex, id) }
func (p *Place) AgencyIndex(id string) int          { return lookup(p.agencyIndex, id) }
func (p *Place) SiloIndex(id string) int            { return lookup(p.siloIndex, id) }
func (p *Place) NeighbourhoodIndex(code string) int { return lookup(p.nbhdIndex, code) }
func (p *Place) OutcomeIndex(id string) int         { return lookup(p.outIndex, id) }
func (p *Place) PoolIndex(id string) int            { return lookup(p.poolIndex, id) }

func lookup(m map[string]int, id string) int {
	if i, ok := m[id]; ok {
		return i
	}
	return -1
}

// Index builds the lookup maps; Load calls it, and tests that build a Place
// in code call it too.
func (p *Place) Index() {
	p.sourceIndex = indexBy(p.Sources, func(s Source) string { return s.ID })
	p.agencyIndex = indexBy(p.Agencies, func(a Agency) string { return a.ID })
	p.siloIndex = indexBy(p.Silos, func(s Silo) string { return s.ID })
	p.nbhdIndex = indexBy(p.Neighbourhoods, func(n Neighbourhood) string { return n.Code })
	p.outIndex = indexBy(p.Outcomes, func(o Outcome) string { return o.ID })
	p.poolIndex = indexBy(p.Pools, func(q Pool) string { return q.ID })
}

func indexBy[T any](items []T, key func(T) string) map[string]int {
	m := make(map[string]int, len(items))
	for i, it := range items {
		m[key(it)] = i
	}
	return m
}

// TotalSpend is the sum of every silo's budget.
func (p *Place) TotalSpend() float64 {
	var t float64
	for _, s := range p.Silos {
		t += s.Budget.Value
	}
	return t
}

// Years lists the calendar years simulated.
func (p *Place) Years() []int {
	ys := make([]int, p.HorizonYears)
	for i := range ys {
		ys[i] = p.BaseYear + i
	}
	return ys
}

// Fingerprint identifies the place's content: every figure, label and
// neighbourhood, not its file's layout or comments. A session records it so
// it can say when the place it started with has since changed.
func (p *Place) Fingerprint() string {
	h := sha256.New()
	// gob encodes exported fields in order and carries infinities, which
	// the outcomes' open ranges use; the lookup maps are unexported.
	if err := gob.NewEncoder(h).Encode(p); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}
