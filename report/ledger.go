package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"
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

// Yearly says what agency a invests in others a year, from its ledger
// (what it gives beyond what comes back): "£10m a year", "£10m a year from
// 2028", "£2m a year 2026–2029" when it stops, "£15m a year by 2035" when
// it builds up to the horizon, or "up to £15m a year" otherwise.
func (f Flows) Yearly(p *model.Place, r *model.Result, a string) string {
	var inv []float64
	for _, l := range r.Ledger {
		if l.Agency == a {
			inv = l.NetInvest
		}
	}
	first, last, most, steady := -1, -1, 0.0, true
	for y, v := range inv {
		if v < 0.5 {
			continue
		}
		if first < 0 {
			first = y
		} else if math.Abs(v-most) >= 0.5 || last != y-1 {
			steady = false
		}
		last, most = y, math.Max(most, v)
	}
	if first < 0 {
		return "£0 a year"
	}
	s := model.FormatMoney(most) + " a year"
	switch {
	case !steady && last == len(inv)-1 && math.Abs(inv[last]-most) < 0.5:
		return fmt.Sprintf("%s by %d", s, p.BaseYear+last) // it builds up to the horizon
	case !steady:
		return "up to " + s
	case last < len(inv)-1:
		return fmt.Sprintf("%s %d–%d", s, p.BaseYear+first, p.BaseYear+last)
	case first > 0:
		return fmt.Sprintf("%s from %d", s, p.BaseYear+first)
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
	var crossed float64 // moved between agencies, gross
	for i, l := range r.Ledger {
		// An investor gives more than comes back to it: a round trip
		// between two agencies invests nothing.
		if l.NetInvested >= 0.5 {
			inv = append(inv, i)
		}
		crossed += fl.Out[l.Agency]
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
	sort.SliceStable(inv, func(a, b int) bool { return r.Ledger[inv[a]].NetInvested > r.Ledger[inv[b]].NetInvested })
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
				s += agree(name(i), verb) + " "
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
			return fmt.Sprintf("%s (%s)", model.FormatMoney(r.Ledger[i].NetInvested), fl.Yearly(p, r, ag(i)))
		}))
	} else if crossed >= 0.5 {
		clauses = append(clauses, model.FormatMoney(crossed)+" moved between agencies is matched by money moved back, so no agency invests")
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

// agree puts verb ("invests", "gives up") in the plural for a plural
// agency name: "District councils invest", "Prisons and courts save".
func agree(name, verb string) string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return verb
	}
	lastWord := words[len(words)-1]
	plural := strings.Contains(name, " and ") ||
		(lastWord == strings.ToLower(lastWord) && strings.HasSuffix(lastWord, "s") && !strings.HasSuffix(lastWord, "ss"))
	if !plural {
		return verb
	}
	first, rest, _ := strings.Cut(verb, " ")
	first = strings.TrimSuffix(first, "s")
	if rest != "" {
		return first + " " + rest
	}
	return first
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
// agencies, and Invests what it gives beyond what it gets back.
type LedgerRow struct {
	Agency        string
	GivesUp, Gets float64 // to and from other agencies
	Invests       float64 // given beyond what was moved back to it, year by year: its investment
	Within        float64 // between its own silos
	Saves         float64 // cashable savings, central; negative when it costs more
	// SavesLow and SavesHigh are cashable savings at the adverse and
	// favourable ends of the evidence.
	SavesLow, SavesHigh float64
	NonCash             float64 // non-cashable savings (capacity freed, not cash), central
	SetUp               float64 // set-up and double-running costs
	Net, NPV            float64 // the engine's: cashable savings less its investment and set-up
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
	return LedgerRow{Agency: l.Agency, GivesUp: l.Invested, Gets: l.TotalReceived, Invests: l.NetInvested, Within: l.TotalWithin,
		Saves: l.TotalSavings, SavesLow: l.SavingsRange[model.Low], SavesHigh: l.SavingsRange[model.High],
		NonCash: l.TotalNonCash, SetUp: l.TotalSetUp, Net: net, NPV: l.NPV, PaybackYear: l.PaybackYear, NeverPaysBack: l.NeverPaysBack}
}

// PlaceTest is the whole place's invest-to-save test over the horizon:
// the cashable savings its moves bring, less set-up. Money one agency
// gives another stays in the place, so it is not a cost to the place and
// the test does not depend on who owns which budget; Moved (what agencies
// invest in each other's services, net of money moved back) reconciles
// the agencies' own nets, which add up to Net − Moved.
type PlaceTest struct {
	Moved, SetUp               float64 // invested between agencies, net of money moved back; set-up
	Within                     float64 // moved between one agency's own silos
	Saves, SavesLow, SavesHigh float64 // cashable
	NonCash                    float64
	Net, NPV                   float64 // cashable savings less set-up
	NetLow, NetHigh            float64
	PaybackYear                int
	NeverPaysBack              bool
	// QALYs and HealthValue are the health the moves gain (negative:
	// lose) over the horizon and its worth: not in the net, said beside it
	// when it pulls the other way.
	QALYs, HealthValue float64
}

// Active reports whether anything was moved or saved.
func (t PlaceTest) Active() bool {
	for _, v := range []float64{t.Moved, t.Within, t.Saves, t.NonCash, t.SetUp} {
		if v >= 0.5 || v <= -0.5 {
			return true
		}
	}
	return false
}

// InvestToSave is the place's line of the ledger.
func InvestToSave(r *model.Result) PlaceTest {
	row := rowOf(r.Place)
	return PlaceTest{Moved: row.Invests, SetUp: row.SetUp, Within: row.Within, Saves: row.Saves, SavesLow: row.SavesLow, SavesHigh: row.SavesHigh,
		NonCash: row.NonCash, Net: row.Net, NPV: row.NPV,
		NetLow: row.SavesLow - r.Place.SetUpRange[model.Low], NetHigh: row.SavesHigh - r.Place.SetUpRange[model.High],
		PaybackYear: row.PaybackYear, NeverPaysBack: row.NeverPaysBack,
		QALYs: r.Social.TotalQALYs[model.Central], HealthValue: r.Social.NPV[model.Central]}
}

// Words is the place's line in a sentence, with money written by money
// (an amount) and signed (a net, with its sign), over period, e.g.
// "Invest-to-save test, whole place, 2026–2035: cashable savings of
// +£2.1m (+£0.4m to +£3.9m) less £750k of set-up: net +£1.4m, NPV +£1.1m;
// payback 2031. Agencies invest £10m in each other's services, net of
// money moved back: that stays in the place, so their own nets add up to
// −£8.6m."
func (t PlaceTest) Words(period string, money, signed func(float64) string, payback string) string {
	setUp := ""
	if t.SetUp >= 0.5 {
		setUp = " less " + money(t.SetUp) + " of set-up"
	}
	if payback != "–" {
		payback += " at the central estimate" // the net's ends may not pay back at all
	}
	s := fmt.Sprintf("Invest-to-save test, whole place, %s: cashable savings of %s (%s to %s)%s: net %s (%s to %s), NPV %s; payback %s.",
		period, signed(t.Saves), signed(t.SavesLow), signed(t.SavesHigh), setUp, signed(t.Net), signed(t.NetLow), signed(t.NetHigh), signed(t.NPV), payback)
	// The fiscal net leaves health out: say so when health pulls the other
	// way, so money that buys health never looks free to move.
	switch {
	case t.Net >= 0.5 && t.QALYs <= -0.5:
		s += fmt.Sprintf(" Health is not in that net, and it falls: %s QALYs lost, worth %s (the social value line).", fmtCount(-t.QALYs), money(-t.HealthValue))
	case t.Net <= -0.5 && t.QALYs >= 0.5:
		s += fmt.Sprintf(" Health is not in that net, and it rises: %s QALYs gained, worth %s (the social value line).", fmtCount(t.QALYs), money(t.HealthValue))
	}
	if t.NonCash >= 0.5 || t.NonCash <= -0.5 {
		s += " Non-cashable savings " + signed(t.NonCash) + "."
	}
	if t.Moved >= 0.5 {
		s += " Agencies invest " + money(t.Moved) + " in each other's services, net of money moved back: that stays in the place, so it is no cost to it, and their own nets add up to " + signed(t.Net-t.Moved) + "."
	}
	if t.Within >= 0.5 {
		s += " The " + money(t.Within) + " moved within agencies changes no agency's cash: its effects are in the savings."
	}
	return s
}

// Payback says when a running net stops being negative: the year, "not by"
// the horizon year when it is on course but late, or "–" when no payback
// is in view; worded once for the CLI, the app and the plan.
func Payback(year int, never bool, horizon int) string {
	switch {
	case year != 0:
		return strconv.Itoa(year)
	case never:
		return "not by " + strconv.Itoa(horizon)
	}
	return "–"
}

// fmtCount writes a count of QALYs to the nearest whole one, grouped.
func fmtCount(v float64) string {
	return model.GroupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
}

// ledgerTerms say what each ledger column means, worded once for the CLI,
// the app and the plan.
var ledgerTerms = map[string]string{
	"gives":   "Gives: money moved out of its services to another agency's.",
	"gets":    "Gets: money moved in from another agency, to spend on those services.",
	"within":  "Within: money moved between its own services, which nets to zero.",
	"saves":   "Saves: cashable savings from better outcomes and pooling (a minus: it costs more).",
	"freed":   "Freed: non-cashable savings, capacity freed rather than cash.",
	"net":     "Net: cashable savings less its investment (what it gives beyond what other agencies move back to it) and any set-up cost.",
	"npv":     "NPV: net discounted at the HM Treasury Green Book rate.",
	"payback": "Payback: the year the running net stops being negative; \"not by\" only when the yearly net has turned positive.",
}

// LedgerNote says what the named columns mean, in the order given; it
// panics on a column it has no words for, which only a programming slip
// can cause.
func LedgerNote(columns ...string) string {
	parts := make([]string, len(columns))
	for i, c := range columns {
		t, ok := ledgerTerms[c]
		if !ok {
			panic("report: no words for ledger column " + c)
		}
		parts[i] = t
	}
	return strings.Join(parts, " ")
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

// SocialNote says what the social value line leaves out, so a room does
// not read it as the whole of what a move is worth.
const SocialNote = "Health only: care users' quality of life, and the harm crime and fires do to victims, are not valued here."

// RangeNote says how the ranges are made, for every screen that shows one.
const RangeNote = "Ranges: each effect at the end of its evidence that is worse (low) or better (high) for this scenario, so effects that pull against each other widen the range rather than cancel; not a probability interval."
