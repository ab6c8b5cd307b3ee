// Package plan turns a workshop's journal into a Local Public Service Plan:
// the place and its spend, the moves agreed (who proposed, who agreed,
// why), what they are expected to do by year with ranges, the gaps before
// and after, who invests and who saves, the community's priorities, the
// asks of the centre, every figure's source or assumption, who signed off,
// and the full history. Build makes one Plan; Markdown, HTML, CSV and JSON
// write it. Everything comes from the session's state and its journal
// (times included), never the clock or map order, so the same session
// always gives the same bytes.
package plan

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"totalplace/model"
	"totalplace/report"
	"totalplace/sessions"
)

// FormatID and Version name the JSON document, so a reader can tell a
// plan from other JSON and refuse a version it does not know.
const (
	FormatID = "totalplace-plan"
	Version  = 1
)

// Plan is everything a plan holds, in the order the board paper reads.
// Money is £ a year (or £ over the horizon where a field says total) at
// the place's price year, rounded to whole pounds.
type Plan struct {
	Format       string        `json:"format"`
	Version      int           `json:"version"`
	Session      Session       `json:"session"`
	Scenario     Scenario      `json:"scenario"`
	Place        Place         `json:"place"`
	Agencies     []Agency      `json:"agencies"`
	Moves        []Move        `json:"moves"`
	NotAgreed    []Proposal    `json:"not_agreed"`
	Pools        []Pool        `json:"pools"`
	Outcomes     []Outcome     `json:"outcomes"`
	Gaps         []Gap         `json:"gaps"`
	Ledger       Ledger        `json:"ledger"`
	Priorities   Priorities    `json:"priorities"`
	Asks         Asks          `json:"asks"`
	Evidence     Evidence      `json:"evidence"`
	Participants []Participant `json:"participants"`
	SignOff      SignOff       `json:"sign_off"`
	History      []HistoryItem `json:"history"`
	Warnings     []string      `json:"warnings"`
}

// Session is the workshop the plan came from.
type Session struct {
	ID      string    `json:"id"`
	Started time.Time `json:"started"`
	// Updated is the time of the journal's last event: the plan's date.
	Updated time.Time `json:"updated"`
	Stage   string    `json:"stage"`
	Frozen  bool      `json:"frozen"`
	Events  int       `json:"events"`
	// ReasonsRequired: the facilitator required a reason for every move.
	ReasonsRequired bool `json:"reasons_required"`
}

// Scenario says which allocation the plan is of.
type Scenario struct {
	// Name is the saved scenario's name, "" for the allocation current
	// when the journal ends.
	Name    string    `json:"name"`
	Label   string    `json:"label"`
	SavedBy string    `json:"saved_by,omitempty"`
	SavedAt time.Time `json:"saved_at,omitzero"`
}

// Place is the place and its headline spend.
type Place struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Kind         string  `json:"kind"`
	Region       string  `json:"region"`
	Description  string  `json:"description"`
	Illustrative bool    `json:"illustrative"`
	Population   float64 `json:"population"`
	PriceYear    string  `json:"price_year"`
	BaseYear     int     `json:"base_year"`
	HorizonYear  int     `json:"horizon_year"`
	Years        []int   `json:"years"`
	TotalSpend   float64 `json:"total_spend"`
	// LocalAuthority is what flows through local authorities a year, at
	// the horizon of the plan's allocation.
	LocalAuthority float64 `json:"local_authority"`
	LocalShare     float64 `json:"local_share"`
	// Movable is what can move locally, before any move.
	Movable      float64 `json:"movable"`
	MovableShare float64 `json:"movable_share"`
	DiscountRate float64 `json:"discount_rate"`
}

// Agency is one agency's spend: what it holds, what is fixed (an
// entitlement, a ring-fence or a statutory floor) and what can move.
type Agency struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Short   string  `json:"short"`
	Level   string  `json:"level"`
	Kind    string  `json:"kind"`
	Budget  float64 `json:"budget"`
	Fixed   float64 `json:"fixed"`
	Movable float64 `json:"movable"`
	Share   float64 `json:"share"` // of the place's total
	// Planned is what it holds a year at the horizon under the plan.
	Planned float64 `json:"planned"`
	Silos   []Silo  `json:"silos"`
}

// Silo is one service or transfer payment.
type Silo struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Type        string  `json:"type"`
	Prevention  bool    `json:"prevention"`
	Budget      float64 `json:"budget"`
	Fixed       float64 `json:"fixed"`
	FixedReason string  `json:"fixed_reason"`
	Movable     float64 `json:"movable"`
	Planned     float64 `json:"planned"`
	// Assumed: the budget is an assumption, not a cited figure.
	Assumed bool `json:"assumed"`
}

// Move is one move in the plan's allocation, with who made it and why.
type Move struct {
	Number     int     `json:"number"` // 1 for the plan's first move
	Seq        uint64  `json:"seq"`    // the journal event that made it
	From       string  `json:"from"`
	FromName   string  `json:"from_name"`
	FromAgency string  `json:"from_agency"`
	To         string  `json:"to"`
	ToName     string  `json:"to_name"`
	ToAgency   string  `json:"to_agency"`
	Amount     float64 `json:"amount"`
	StartYear  int     `json:"start_year"`
	Target     string  `json:"target"`
	// How: "direct" (the mover's own agency's money, the facilitator's, or
	// consent off) or "agreed" (a proposal the source agency agreed to).
	How        string    `json:"how"`
	ProposedBy string    `json:"proposed_by"` // participant id
	ProposedAt time.Time `json:"proposed_at"`
	AgreedBy   string    `json:"agreed_by,omitempty"`
	AgreedAt   time.Time `json:"agreed_at,omitzero"`
	// Why is the move's reason as it stands; ProposalWhy and AnswerWhy what
	// the proposer and the answering agency said, when agreed.
	Why         string `json:"why"`
	ProposalWhy string `json:"proposal_why,omitempty"`
	AnswerWhy   string `json:"answer_why,omitempty"`
}

// Proposal is a proposal that did not become part of the plan.
type Proposal struct {
	Seq        uint64    `json:"seq"`
	From       string    `json:"from"`
	FromName   string    `json:"from_name"`
	To         string    `json:"to"`
	ToName     string    `json:"to_name"`
	Amount     float64   `json:"amount"`
	StartYear  int       `json:"start_year"`
	ProposedBy string    `json:"proposed_by"`
	ProposedAt time.Time `json:"proposed_at"`
	Why        string    `json:"why"`
	Agency     string    `json:"agency"` // whose agreement it needed
	Status     string    `json:"status"` // declined, open or withdrawn
	AnsweredBy string    `json:"answered_by,omitempty"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	AnswerWhy  string    `json:"answer_why,omitempty"`
}

// Pool is a pooled budget in the plan.
type Pool struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Saving  float64 `json:"saving"` // £ a year freed at the horizon
	Admin   float64 `json:"admin"`  // its administration today, £ a year
	Cohort  float64 `json:"cohort"` // £ a year spent on the cohort
	Assumed bool    `json:"assumed"`
}

// Outcome is one outcome's expected path under the plan.
type Outcome struct {
	ID             string        `json:"id"`
	Name           string        `json:"name"`
	Unit           string        `json:"unit"`
	HigherIsBetter bool          `json:"higher_is_better"`
	Baseline       float64       `json:"baseline"`
	Change         float64       `json:"change"` // central, at the horizon
	Direction      string        `json:"direction"`
	Years          []OutcomeYear `json:"years"`
}

// OutcomeYear is an outcome's place mean in one year: central, and the
// low and high ends of every uncertain figure (low ≤ high).
type OutcomeYear struct {
	Year     int     `json:"year"`
	Baseline float64 `json:"baseline"` // carrying on as now
	Central  float64 `json:"central"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
}

// Gap is an outcome's inequality before and after: the most deprived
// fifth against the least (positive when the deprived fare worse), the
// slope index of inequality, and each local fifth's mean.
type Gap struct {
	Outcome      string     `json:"outcome"`
	Name         string     `json:"name"`
	Unit         string     `json:"unit"`
	Before       float64    `json:"before"`
	After        float64    `json:"after"`
	AfterLow     float64    `json:"after_low"`
	AfterHigh    float64    `json:"after_high"`
	SIIBefore    float64    `json:"sii_before"`
	SIIAfter     float64    `json:"sii_after"`
	Direction    string     `json:"direction"` // narrower, wider or no change
	FifthsBefore [5]float64 `json:"fifths_before"`
	FifthsAfter  [5]float64 `json:"fifths_after"`
}

// Evidence is every figure behind the numbers and where it came from.
type Evidence struct {
	Cited   int      `json:"cited"`
	Assumed int      `json:"assumed"`
	Sources []Source `json:"sources"`
	Figures []Figure `json:"figures"`
}

// Source is a citation, with how many figures rest on it.
type Source struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	What    string `json:"what"`
	Figures int    `json:"figures"`
}

// Figure is one number of the place with its provenance: cited (Source)
// or an assumption (Assumption says why).
type Figure struct {
	What       string  `json:"what"`
	Value      float64 `json:"value"`
	Low        float64 `json:"low"`
	High       float64 `json:"high"`
	Source     string  `json:"source,omitempty"`
	Assumption string  `json:"assumption,omitempty"`
	Note       string  `json:"note,omitempty"`
	Year       string  `json:"year,omitempty"`
}

// Participant is someone who took part, with their agency and role.
type Participant struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Agency     string    `json:"agency"`
	AgencyName string    `json:"agency_name"`
	Role       string    `json:"role"`
	Guest      bool      `json:"guest"`
	Joined     time.Time `json:"joined"`
	// Removed: the facilitator removed them and they did not join again.
	Removed bool `json:"removed"`
}

// HistoryItem is one journal event in words.
type HistoryItem struct {
	Seq  uint64    `json:"seq"`
	Time time.Time `json:"time"`
	Who  string    `json:"who"` // participant id
	Name string    `json:"name"`
	Kind string    `json:"kind"`
	Text string    `json:"text"`
}

// Options choose what to build a plan of.
type Options struct {
	// Scenario is a saved scenario's name; "" for the allocation current
	// when the journal ends.
	Scenario string
}

// ErrUnknownScenario is returned for a scenario the session never saved.
var ErrUnknownScenario = errors.New("no saved scenario")

// Build makes the plan of a session's state.
func Build(st *sessions.State, opt Options) (*Plan, error) {
	if st == nil || st.Place == nil || len(st.History) == 0 {
		return nil, errors.New("plan: the session has no place or no history")
	}
	p := st.Place
	a, err := allocationOf(st, opt.Scenario)
	if err != nil {
		return nil, err
	}
	h := st.History
	pl := &Plan{
		Format: FormatID, Version: Version,
		Session: Session{ID: st.ID, Started: h[0].Time, Updated: h[len(h)-1].Time, Stage: string(st.Stage), Frozen: st.Frozen,
			Events: len(h), ReasonsRequired: reasonsRequired(st)},
		Scenario: a.info,
	}
	pl.Place, pl.Agencies = placeOf(p, a)
	pl.Moves = movesOf(st, a)
	pl.NotAgreed = notAgreedOf(st)
	pl.Pools = poolsOf(p, a)
	pl.Outcomes = outcomesOf(p, st.Baseline, a.result)
	pl.Gaps = gapsOf(p, a.result)
	pl.Ledger = ledgerOf(st, a)
	pl.Priorities = prioritiesOf(st, a.result, pl.Outcomes)
	pl.Asks = asksOf(st, a)
	pl.Evidence = evidenceOf(p)
	pl.Participants = participantsOf(st)
	pl.SignOff = signOffOf(st, pl.Participants)
	pl.History = historyOf(st)
	pl.Warnings = append([]string{}, a.result.Warnings...)
	return pl, nil
}

// allocation is the scenario a plan is of, its result, and the journal
// events that made each of its moves (0 where none can be found).
type allocation struct {
	info     Scenario
	scenario model.Scenario
	result   *model.Result
	seqs     []uint64 // parallel to scenario.Moves
}

// allocationOf finds the current allocation or a saved scenario. A saved
// scenario does not record which events made its moves, so each is
// matched to the earliest unused move event before the save that made
// the same move: the moves are the same whichever event is named.
func allocationOf(st *sessions.State, name string) (allocation, error) {
	if name == "" {
		return allocation{info: Scenario{Label: "the allocation as the workshop left it"}, scenario: st.Scenario, result: st.Result,
			seqs: slices.Clone(st.Applied)}, nil
	}
	i := slices.IndexFunc(st.Scenarios, func(ns sessions.NamedScenario) bool { return ns.Name == name })
	if i < 0 {
		var names []string
		for _, ns := range st.Scenarios {
			names = append(names, fmt.Sprintf("%q", ns.Name))
		}
		if len(names) == 0 {
			return allocation{}, fmt.Errorf("%w called %q: this session saved none, so leave out --scenario to export the current allocation", ErrUnknownScenario, name)
		}
		return allocation{}, fmt.Errorf("%w called %q; this session saved %s", ErrUnknownScenario, name, strings.Join(names, ", "))
	}
	ns := st.Scenarios[i]
	r := ns.Result
	if r == nil {
		var err error
		if r, err = st.Model.NewEngine().RunLight(ns.Scenario); err != nil {
			return allocation{}, fmt.Errorf("scenario %q: %w", name, err)
		}
	}
	saved := uint64(0)
	for _, ev := range st.History {
		if ev.Kind == sessions.KindSave && ev.Name == name {
			saved = ev.Seq
		}
	}
	used := map[uint64]bool{}
	seqs := make([]uint64, len(ns.Scenario.Moves))
	for k, mv := range ns.Scenario.Moves {
		for _, ev := range st.History {
			if saved != 0 && ev.Seq > saved {
				break
			}
			if ev.IsMove() && ev.Move != nil && !used[ev.Seq] && sameMove(*ev.Move, mv) {
				used[ev.Seq], seqs[k] = true, ev.Seq
				break
			}
		}
	}
	return allocation{info: Scenario{Name: ns.Name, Label: "saved scenario “" + ns.Name + "”", SavedBy: ns.SavedBy, SavedAt: ns.SavedAt},
		scenario: ns.Scenario, result: r, seqs: seqs}, nil
}

func sameMove(a, b model.Move) bool {
	return model.Scenario{Moves: []model.Move{a}}.SameAllocation(model.Scenario{Moves: []model.Move{b}})
}

func placeOf(p *model.Place, a allocation) (Place, []Agency) {
	r := a.result
	hl := report.HeadlineOf(p, a.scenario, r)
	out := Place{ID: p.ID, Name: p.Name, Kind: p.Kind, Region: p.Region, Description: p.Description, Illustrative: p.Illustrative,
		Population: p.Population.Value, PriceYear: p.PriceYear, BaseYear: p.BaseYear, HorizonYear: r.Years[len(r.Years)-1],
		Years: slices.Clone(r.Years), TotalSpend: money(hl.Total), LocalAuthority: money(hl.LocalAuthority), LocalShare: ratio(hl.LocalShare()),
		Movable: money(hl.Movable), MovableShare: ratio(hl.MovableShare()), DiscountRate: p.DiscountRate.Value}
	ags := []Agency{}
	for _, ag := range p.Agencies {
		x := Agency{ID: ag.ID, Name: ag.Name, Short: ag.Label(), Level: ag.Level, Kind: string(ag.Kind), Silos: []Silo{}}
		for i, s := range p.Silos {
			if s.Agency != ag.ID {
				continue
			}
			planned := s.Budget.Value
			if i < len(r.Silos) && len(r.Silos[i].Allocated) > 0 {
				planned = r.Silos[i].Allocated[len(r.Silos[i].Allocated)-1]
			}
			movable := max(s.Movable(), 0)
			x.Silos = append(x.Silos, Silo{ID: s.ID, Name: s.Name, Type: string(s.Type), Prevention: s.Prevention, Budget: money(s.Budget.Value),
				Fixed: money(s.Budget.Value - movable), FixedReason: s.FixedReason, Movable: money(movable), Planned: money(planned),
				Assumed: s.Budget.IsAssumption()})
			x.Budget += s.Budget.Value
			x.Movable += movable
			x.Planned += planned
		}
		x.Fixed = money(x.Budget - x.Movable)
		x.Share = ratio(x.Budget / max(p.TotalSpend(), 1))
		x.Budget, x.Movable, x.Planned = money(x.Budget), money(x.Movable), money(x.Planned)
		ags = append(ags, x)
	}
	return out, ags
}

func startYear(p *model.Place, m model.Move) int {
	if m.Year == 0 {
		return p.BaseYear
	}
	return m.Year
}

func siloName(p *model.Place, id string) string {
	if i := p.SiloIndex(id); i >= 0 {
		return p.Silos[i].Name
	}
	return id
}

func siloAgency(p *model.Place, id string) string {
	if i := p.SiloIndex(id); i >= 0 {
		return p.Silos[i].Agency
	}
	return ""
}

func movesOf(st *sessions.State, a allocation) []Move {
	p := st.Place
	out := []Move{}
	for k, mv := range a.scenario.Moves {
		m := Move{Number: k + 1, From: mv.From, FromName: siloName(p, mv.From), FromAgency: siloAgency(p, mv.From),
			To: mv.To, ToName: siloName(p, mv.To), ToAgency: siloAgency(p, mv.To), Amount: money(mv.Amount),
			StartYear: startYear(p, mv), Target: mv.Target.String(), How: "direct"}
		if k < len(a.seqs) {
			if ev := sessions.EventAt(st.History, a.seqs[k]); ev != nil {
				m.Seq, m.Why = ev.Seq, ev.Why
				m.ProposedBy, m.ProposedAt = ev.Who, ev.Time
				if ev.Kind == sessions.KindAgree {
					m.How, m.AgreedBy, m.AgreedAt = "agreed", ev.Who, ev.Time
					if pr := sessions.EventAt(st.History, ev.Target); pr != nil {
						m.ProposedBy, m.ProposedAt, m.ProposalWhy = pr.Who, pr.Time, pr.Why
					}
					// The agree event's reason defaults to the proposal's:
					// only a different one is the answer's own.
					if ev.Why != m.ProposalWhy {
						m.AnswerWhy = ev.Why
					}
				}
			}
		}
		out = append(out, m)
	}
	return out
}

func notAgreedOf(st *sessions.State) []Proposal {
	p := st.Place
	out := []Proposal{}
	for _, pr := range st.Proposals {
		if pr.Status == sessions.ProposalAgreed {
			continue
		}
		x := Proposal{Seq: pr.Seq, From: pr.Move.From, FromName: siloName(p, pr.Move.From), To: pr.Move.To, ToName: siloName(p, pr.Move.To),
			Amount: money(pr.Move.Amount), StartYear: startYear(p, pr.Move), ProposedBy: pr.By, Why: pr.Why, Agency: pr.Agency,
			Status: string(pr.Status), AnsweredBy: pr.AnsweredBy}
		if ev := sessions.EventAt(st.History, pr.Seq); ev != nil {
			x.ProposedAt = ev.Time
		}
		if ev := sessions.EventAt(st.History, pr.Answer); ev != nil {
			x.AnsweredAt = ev.Time
			if ev.Kind == sessions.KindDecline {
				x.AnswerWhy = ev.Why
			}
		}
		out = append(out, x)
	}
	return out
}

func poolsOf(p *model.Place, a allocation) []Pool {
	out := []Pool{}
	r := a.result
	for _, pr := range r.Pools {
		if !pr.Active {
			continue
		}
		k := p.PoolIndex(pr.ID)
		if k < 0 {
			continue
		}
		q := p.Pools[k]
		out = append(out, Pool{ID: q.ID, Name: q.Name, Saving: money(last(pr.Saving)), Admin: money(q.AdminCost.Value), Cohort: money(q.CohortSpend.Value),
			Assumed: q.Saving.IsAssumption()})
	}
	return out
}

func outcomesOf(p *model.Place, base, r *model.Result) []Outcome {
	out := []Outcome{}
	for i := range r.Outcomes {
		or := &r.Outcomes[i]
		o := p.Outcomes[i]
		x := Outcome{ID: o.ID, Name: o.Name, Unit: o.Unit, HigherIsBetter: o.HigherIsBetter, Baseline: value(or.Baseline),
			Change: value(or.Change())}
		x.Direction = direction(x.Change, o.HigherIsBetter)
		x.Years = []OutcomeYear{}
		for y, year := range r.Years {
			lo, hi := or.Place[model.Low][y], or.Place[model.High][y]
			b := or.Baseline
			if base != nil && i < len(base.Outcomes) {
				b = base.Outcomes[i].Place[model.Central][y]
			}
			x.Years = append(x.Years, OutcomeYear{Year: year, Baseline: value(b), Central: value(or.Place[model.Central][y]),
				Low: value(math.Min(lo, hi)), High: value(math.Max(lo, hi))})
		}
		out = append(out, x)
	}
	return out
}

// direction says whether a change is better or worse, in words, so no
// format has to carry the meaning in colour.
func direction(change float64, higherIsBetter bool) string {
	switch {
	case change == 0:
		return "no change"
	case (change > 0) == higherIsBetter:
		return "better"
	}
	return "worse"
}

func gapsOf(p *model.Place, r *model.Result) []Gap {
	out := []Gap{}
	for i := range r.Outcomes {
		or := &r.Outcomes[i]
		o := p.Outcomes[i]
		lo, hi := last(or.Gap[model.Low]), last(or.Gap[model.High])
		g := Gap{Outcome: o.ID, Name: o.Name, Unit: o.Unit, Before: value(or.GapBaseline), After: value(last(or.Gap[model.Central])),
			AfterLow: value(math.Min(lo, hi)), AfterHigh: value(math.Max(lo, hi)),
			SIIBefore: value(or.SIIBaseline), SIIAfter: value(last(or.SII[model.Central]))}
		switch d := g.After - g.Before; {
		case d < 0:
			g.Direction = "narrower"
		case d > 0:
			g.Direction = "wider"
		default:
			g.Direction = "no change"
		}
		for q := range 5 {
			g.FifthsBefore[q] = value(or.FifthsBaseline[q])
			g.FifthsAfter[q] = value(last(or.Fifths[q]))
		}
		out = append(out, g)
	}
	return out
}

func participantsOf(st *sessions.State) []Participant {
	p := st.Place
	out := []Participant{}
	present := map[string]bool{}
	for _, q := range st.Participants {
		present[q.ID] = true
	}
	// Everyone who ever joined, in the order they first joined, as they
	// last joined (a rejoin may change the name or the agency).
	for _, ev := range st.History {
		if (ev.Kind != sessions.KindStart && ev.Kind != sessions.KindJoin) || ev.Participant == nil {
			continue
		}
		q := *ev.Participant
		x := Participant{ID: q.ID, Name: displayName(q), Agency: q.Agency, Role: string(q.Role), Guest: q.Guest, Joined: ev.Time, Removed: !present[q.ID]}
		if q.Agency != "" {
			x.AgencyName = report.AgencyName(p, q.Agency)
		}
		if k := slices.IndexFunc(out, func(o Participant) bool { return o.ID == q.ID }); k >= 0 {
			x.Joined = out[k].Joined
			out[k] = x
			continue
		}
		out = append(out, x)
	}
	return out
}

func displayName(q sessions.Participant) string {
	if q.Name != "" {
		return q.Name
	}
	return q.ID
}

// nameOf is a participant's name as the plan shows it (a guest marked,
// since anyone could have typed it), or the id if they never joined.
func nameOf(ps []Participant, id string) string {
	for _, q := range ps {
		if q.ID == id {
			if q.Guest {
				return q.Name + " (guest)"
			}
			return q.Name
		}
	}
	return id
}

func last(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	return v[len(v)-1]
}

// money rounds £ to whole pounds: the model's pennies are noise, and
// rounding keeps every format's figures the same.
func money(v float64) float64 { return clean(math.Round(v)) }

// value rounds an outcome figure to six decimal places, beyond anything
// the evidence supports, so float noise never shows as a difference.
func value(v float64) float64 { return clean(math.Round(v*1e6) / 1e6) }

// ratio rounds a share to six decimal places.
func ratio(v float64) float64 { return value(v) }

// clean turns -0 into 0, so it never prints as "-0".
func clean(v float64) float64 {
	if v == 0 {
		return 0
	}
	return v
}
