package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Defaults that carry their own provenance.
const (
	greenBookID           = "hmt-green-book"
	defaultNeedAssumption = "default need weighting: twice the need per person in the most deprived decile as in the least; replace with a local needs index"
	imdMaxRank            = 32844
)

var greenBook = Source{
	ID:    greenBookID,
	Title: "The Green Book: appraisal and evaluation in central government",
	URL:   "https://www.gov.uk/government/publications/the-green-book-appraisal-and-evaluation-in-central-government",
	What:  "HM Treasury's social time preference rate of 3.5% a year, used to discount future costs and savings",
}

// convert checks the decoded file and builds the Place. Every check runs,
// so one pass reports every problem.
func (l *loader) convert(f *placeFile) *Place {
	p := &Place{}
	l.convertSources(f, p)

	if f.Place == nil {
		l.add("place", "missing; expected a [place] table with id, name, kind, population, price_year and base_year")
		f.Place = &placeHeader{}
	}
	h := f.Place
	p.ID = l.str("place.id", h.ID, true)
	if h.ID != nil && !placeIDRe.MatchString(p.ID) {
		l.add("place.id", "%q is not a valid id; use lower-case letters, digits and hyphens, such as \"worcestershire\"", p.ID)
	}
	p.Name = l.str("place.name", h.Name, true)
	p.Kind = enum(l, "place.kind", h.Kind, "", placeKinds)
	p.Region = l.str("place.region", h.Region, false)
	p.Description = l.str("place.description", h.Description, false)
	if h.Illustrative != nil {
		p.Illustrative = *h.Illustrative
	}
	p.Population, _ = l.param("place.population", h.Population, true, ruleAbove0)
	p.PriceYear = l.str("place.price_year", h.PriceYear, true)
	if h.BaseYear == nil {
		l.add("place.base_year", "missing; expected the first calendar year simulated, such as 2026")
	} else if *h.BaseYear < 1990 || *h.BaseYear > 2100 {
		l.add("place.base_year", "must be between 1990 and 2100, got %d", *h.BaseYear)
	} else {
		p.BaseYear = *h.BaseYear
	}
	p.HorizonYears = 10
	if h.HorizonYears != nil {
		if *h.HorizonYears < 1 || *h.HorizonYears > 50 {
			l.add("place.horizon_years", "must be between 1 and 50, got %d", *h.HorizonYears)
		}
		p.HorizonYears = *h.HorizonYears
	}
	if h.DiscountRate != nil {
		p.DiscountRate, _ = l.param("place.discount_rate", h.DiscountRate, true, ruleShare)
	} else {
		p.DiscountRate = Param{Value: 0.035, Low: 0.035, High: 0.035, Source: greenBookID,
			Note: "HM Treasury social time preference rate (default)"}
	}
	// The appraisal defaults (the QALY value, the health rate) cite the
	// Green Book too, so every place carries it.
	if _, ok := l.sources[greenBookID]; !ok {
		p.Sources = append(p.Sources, greenBook)
	}
	p.Appraisal = l.appraisal(h.Appraisal)

	l.convertAgencies(f, p)
	l.convertSilos(f, p)
	l.convertNeighbourhoods(f, p)
	l.convertNeed(f, p)
	l.convertOutcomes(f, p)
	l.convertEffects(f, p)
	l.convertSpillovers(f, p)
	l.convertPools(f, p)
	return p
}

// appraisal reads [place.appraisal], each setting defaulting to
// DefaultAppraisal's (cited or marked as an assumption).
func (l *loader) appraisal(a *appraisalFile) Appraisal {
	out := DefaultAppraisal()
	if a == nil {
		return out
	}
	set := func(key string, pf *paramFile, r rule, dst *Param) {
		if pf == nil {
			return
		}
		if v, ok := l.param("place.appraisal."+key, pf, true, r); ok {
			*dst = v
		}
	}
	set("qaly_value", a.QALYValue, ruleMoneyAbove0, &out.QALYValue)
	set("health_discount_rate", a.HealthDiscountRate, ruleShare, &out.HealthDiscountRate)
	set("optimism_bias_strong", a.OptimismStrong, ruleShare, &out.OptimismBias[0])
	set("optimism_bias_moderate", a.OptimismModerate, ruleShare, &out.OptimismBias[1])
	set("optimism_bias_weak", a.OptimismWeak, ruleShare, &out.OptimismBias[2])
	set("target_leakage", a.TargetLeakage, ruleShare, &out.TargetLeakage)
	set("target_concentration", a.TargetConcentration, ruleAtLeast1, &out.TargetConcentration)
	set("yearly_change_warning", a.YearlyChangeWarning, ruleShare, &out.YearlyChangeWarning)
	return out
}

func (l *loader) convertSources(f *placeFile, p *Place) {
	l.sources = map[string]string{}
	for i, s := range f.Sources {
		path := "sources[" + strconv.Itoa(i) + "]"
		src := Source{
			ID:    l.unique(path+".id", s.ID, "source", l.sources, &l.srcIDs),
			Title: l.str(path+".title", s.Title, true),
			URL:   l.str(path+".url", s.URL, false),
			What:  l.str(path+".what", s.What, true),
		}
		p.Sources = append(p.Sources, src)
	}
}

func (l *loader) convertAgencies(f *placeFile, p *Place) {
	l.agencies = map[string]string{}
	for i, a := range f.Agencies {
		path := "agencies[" + strconv.Itoa(i) + "]"
		p.Agencies = append(p.Agencies, Agency{
			ID:    l.unique(path+".id", a.ID, "agency", l.agencies, &l.agIDs),
			Name:  l.str(path+".name", a.Name, true),
			Short: l.str(path+".short", a.Short, false),
			Level: enum(l, path+".level", a.Level, "", agencyLevels),
			Kind:  enum(l, path+".kind", a.Kind, "", AgencyKinds),
		})
	}
}

func (l *loader) convertSilos(f *placeFile, p *Place) {
	l.silos = map[string]string{}
	if len(f.Silos) == 0 {
		l.add("silos", "no silos; expected at least one [[silos]] table")
	}
	for i, s := range f.Silos {
		path := "silos[" + strconv.Itoa(i) + "]"
		si := Silo{
			ID:           l.unique(path+".id", s.ID, "silo", l.silos, &l.siloIDs),
			Name:         l.str(path+".name", s.Name, true),
			Agency:       l.ref(path+".agency", s.Agency, true, "agency", l.agencies, l.agIDs),
			Type:         enum(l, path+".type", s.Type, "", SiloTypes),
			FixedReason:  l.str(path+".fixed_reason", s.FixedReason, false),
			Distribution: enum(l, path+".distribution", s.Distribution, "population", distributions),
		}
		if s.Prevention != nil {
			si.Prevention = *s.Prevention
		}
		var okB, okF, okL bool
		si.Budget, okB = l.param(path+".budget", s.Budget, true, ruleMoneyAbove0)
		si.Fixed, okF = l.param(path+".fixed", s.Fixed, false, ruleMoney)
		si.Floor, okL = l.param(path+".floor", s.Floor, false, ruleMoney)
		si.SetUp, _ = l.param(path+".set_up", s.SetUp, false, ruleShare)
		si.ReleaseYears, _ = l.param(path+".release_years", s.ReleaseYears, false, ruleReleaseYears)
		if s.National != nil {
			si.National = *s.National
		}
		if si.National && okB && (!okF || si.Fixed.Value < si.Budget.Value) {
			l.add(path+".fixed", "a national budget (national = true) is set and spent nationally, so all of it is fixed: expected fixed = the budget, %s", FormatMoney(si.Budget.Value))
		}
		if okB && okF && si.Fixed.Value > si.Budget.Value {
			l.add(path+".fixed", "fixed part %s is larger than the budget %s", FormatMoney(si.Fixed.Value), FormatMoney(si.Budget.Value))
		}
		if okB && okL && si.Floor.Value > si.Budget.Value {
			l.add(path+".floor", "floor %s is larger than the budget %s", FormatMoney(si.Floor.Value), FormatMoney(si.Budget.Value))
		}
		if si.Type.IsTransfer() && s.Fixed == nil {
			l.add(path+".fixed", "missing; a transfer payment's entitlements are set nationally: give fixed (usually the whole budget) and fixed_reason = \"entitlement\"")
		}
		if okF && si.Fixed.Value > 0 && strings.TrimSpace(si.FixedReason) == "" {
			l.add(path+".fixed_reason", "missing; needed because fixed is more than £0: say why it cannot move, such as \"entitlement\" or \"ring-fenced grant\"")
		}
		p.Silos = append(p.Silos, si)
	}
}

func (l *loader) convertNeighbourhoods(f *placeFile, p *Place) {
	nf := f.Neighbourhoods
	if nf == nil {
		l.add("neighbourhoods", "missing; expected a [neighbourhoods] table (generate one with `totalplace import imd`)")
		return
	}
	p.NeighbourhoodSource = l.ref("neighbourhoods.source", nf.Source, true, "source", l.sources, l.srcIDs)
	if nf.Rows == nil {
		l.add("neighbourhoods.rows", "missing; expected an array of rows such as { code = \"E01032161\", name = ..., population = 1590, ... }")
		return
	}
	if len(nf.Rows) == 0 {
		l.add("neighbourhoods.rows", "no neighbourhoods; expected at least one row")
		return
	}
	codes := make(map[string]int, len(nf.Rows))
	p.Neighbourhoods = make([]Neighbourhood, len(nf.Rows))
	for i := range nf.Rows {
		r := &nf.Rows[i]
		rc := rowChecker{l, i}
		n := &p.Neighbourhoods[i]
		n.Code = rc.str("code", r.Code)
		if r.Code != nil {
			if j, dup := codes[n.Code]; dup {
				rc.add("code", "duplicate neighbourhood code %q (first at line %d)", n.Code, l.line(rowsPath+"["+strconv.Itoa(j)+"].code"))
			} else {
				codes[n.Code] = i
			}
		}
		n.Name = rc.str("name", r.Name)
		n.District = rc.str("district", r.District)
		var ok bool
		if n.Population, ok = rc.num("population", r.Population); ok && n.Population <= 0 {
			rc.add("population", "must be more than 0, got %s", fmtNum(n.Population))
		}
		n.Children = rc.cohortPart("children", r.Children, n.Population)
		n.Age16to59 = rc.cohortPart("age16_59", r.Age16to59, n.Population)
		n.Age60Plus = rc.cohortPart("age60_plus", r.Age60Plus, n.Population)
		n.WorkingAge = rc.cohortPart("working_age", r.WorkingAge, n.Population)
		switch {
		case r.IMDRank == nil:
			rc.add("imd_rank", "missing; expected the national IMD rank, 1..%d", imdMaxRank)
		case *r.IMDRank < 1 || *r.IMDRank > imdMaxRank:
			rc.add("imd_rank", "must be between 1 and %d, got %d", imdMaxRank, *r.IMDRank)
		default:
			n.IMDRank = *r.IMDRank
		}
		deciles := [DomainCount]*int{r.IMD, r.Income, r.Employment, r.Education, r.Health, r.Crime, r.Housing, r.Environment}
		for d, v := range deciles {
			n.Deciles[d] = rc.decile(DomainNames[d], v)
		}
	}
}

func (l *loader) convertNeed(f *placeFile, p *Place) {
	for d := range p.Need.ByDecile {
		v := 2 - float64(d)/9
		p.Need.ByDecile[d] = Param{Value: v, Low: v, High: v, Assumption: defaultNeedAssumption}
	}
	if f.Need == nil {
		return
	}
	p.Need.Domain = l.domain("need.domain", f.Need.Domain)
	if f.Need.ByDecile != nil {
		if by, ok := l.byDecile("need.by_decile", f.Need.ByDecile, ruleAbove0); ok {
			copy(p.Need.ByDecile[:], by)
		}
	}
}

func (l *loader) byDecile(path string, ps []paramFile, r rule) ([]Param, bool) {
	if len(ps) != 10 {
		l.add(path, "has %d entries; expected 10 parameters, decile 1 (most deprived) first", len(ps))
		return nil, false
	}
	out := make([]Param, 10)
	ok := true
	for i := range ps {
		var good bool
		out[i], good = l.param(path+"["+strconv.Itoa(i)+"]", &ps[i], true, r)
		ok = ok && good
	}
	return out, ok
}

func (l *loader) domain(path string, s *string) Domain {
	name := enum(l, path, s, "imd", DomainNames[:])
	for d, n := range DomainNames {
		if n == name {
			return Domain(d)
		}
	}
	return DomainIMD
}

func (l *loader) convertOutcomes(f *placeFile, p *Place) {
	l.outcomes = map[string]string{}
	l.outRate = map[string]string{}
	if len(f.Outcomes) == 0 {
		l.add("outcomes", "no outcomes; expected at least one [[outcomes]] table")
	}
	for i, o := range f.Outcomes {
		path := "outcomes[" + strconv.Itoa(i) + "]"
		out := Outcome{
			ID:       l.unique(path+".id", o.ID, "outcome", l.outcomes, &l.outIDs),
			Name:     l.str(path+".name", o.Name, true),
			Unit:     l.str(path+".unit", o.Unit, true),
			RateBase: enum(l, path+".rate_base", o.RateBase, "none", rateBases),
			Cohort:   enum(l, path+".cohort", o.Cohort, "total", Cohorts),
			Min:      math.Inf(-1),
			Max:      math.Inf(1),
		}
		// An unknown rate_base is reported above; judging spillovers by the
		// default it fell back to would only add noise.
		if _, seen := l.outRate[out.ID]; !seen && (o.RateBase == nil || *o.RateBase == out.RateBase) {
			l.outRate[out.ID] = out.RateBase
		}
		if o.HigherIsBetter == nil {
			l.add(path+".higher_is_better", "missing; expected true or false")
		} else {
			out.HigherIsBetter = *o.HigherIsBetter
		}
		if o.Min != nil {
			out.Min = l.count(path+".min", o.Min)
		}
		out.QALYPerCase, _ = l.param(path+".qaly_per_case", o.QALYPerCase, false, rule{hi: math.Inf(1)})
		out.CaseShare, _ = l.param(path+".case_share", o.CaseShare, false, rule{hi: 1, loOpen: true})
		if o.Max != nil {
			out.Max = l.count(path+".max", o.Max)
		}
		if out.Min > out.Max {
			l.add(path+".max", "max %s is below min %s", fmtNum(out.Max), fmtNum(out.Min))
		}
		out.Baseline = l.baseline(path+".baseline", o.Baseline)
		if lo, hi, ok := baselineSpan(out.Baseline); ok && out.Min <= out.Max && (lo < out.Min || hi > out.Max) {
			l.add(path+".baseline", "starts from %s to %s, outside the plausible range min %s to max %s (for a percent, write 9 rather than 0.09)",
				fmtNum(lo), fmtNum(hi), fmtNum(out.Min), fmtNum(out.Max))
		}
		p.Outcomes = append(p.Outcomes, out)
	}
}

// baselineSpan is the least and greatest starting value a baseline gives
// any neighbourhood, before scaling: the place mean it scales to, when set.
func baselineSpan(b Baseline) (lo, hi float64, ok bool) {
	if b.ScaleTo != nil {
		return b.ScaleTo.Value, b.ScaleTo.Value, true
	}
	var vals []float64
	if len(b.ByDecile) == 10 {
		for _, p := range b.ByDecile {
			vals = append(vals, p.Value)
		}
	} else {
		vals = []float64{b.D1.Value, b.D10.Value}
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		lo, hi = math.Min(lo, v+b.Offset.Value), math.Max(hi, v+b.Offset.Value)
	}
	return lo, hi, len(vals) > 0
}

func (l *loader) baseline(path string, b *baselineFile) Baseline {
	bl := Baseline{Shape: "linear"}
	if b == nil {
		l.add(path, "missing; expected a baseline table with by_decile, or d1 and d10")
		return bl
	}
	bl.Domain = l.domain(path+".domain", b.Domain)
	hasBy, hasLine := b.ByDecile != nil, b.D1 != nil || b.D10 != nil
	switch {
	case hasBy && hasLine:
		l.add(path, "has both by_decile and d1/d10; give exactly one")
	case hasBy:
		bl.ByDecile, _ = l.byDecile(path+".by_decile", b.ByDecile, ruleAny)
		if b.Shape != nil {
			l.add(path+".shape", "shape applies only with d1 and d10, not by_decile")
		}
	case hasLine:
		var ok1, ok10 bool
		bl.D1, ok1 = l.param(path+".d1", b.D1, true, ruleAny)
		bl.D10, ok10 = l.param(path+".d10", b.D10, true, ruleAny)
		bl.Shape = enum(l, path+".shape", b.Shape, "linear", shapes)
		if bl.Shape == "geometric" && ok1 && ok10 && (bl.D1.Value <= 0 || bl.D10.Value <= 0) {
			l.add(path+".shape", "geometric needs d1 and d10 above 0, got %s and %s; use shape = \"linear\"", fmtNum(bl.D1.Value), fmtNum(bl.D10.Value))
		}
	default:
		l.add(path, "has neither by_decile nor d1 and d10; give exactly one")
	}
	bl.Offset, _ = l.param(path+".offset", b.Offset, false, ruleAny)
	if b.ScaleTo != nil {
		if st, ok := l.param(path+".scale_to", b.ScaleTo, true, ruleAbove0); ok {
			bl.ScaleTo = &st
		}
	}
	return bl
}

func (l *loader) convertEffects(f *placeFile, p *Place) {
	seen := map[[2]string]int{}
	for i, e := range f.Effects {
		path := "effects[" + strconv.Itoa(i) + "]"
		ef := Effect{
			Silo:       l.ref(path+".silo", e.Silo, true, "silo", l.silos, l.siloIDs),
			Outcome:    l.ref(path+".outcome", e.Outcome, true, "outcome", l.outcomes, l.outIDs),
			Targeting:  enum(l, path+".targeting", e.Targeting, "need", targetings),
			NeedDomain: l.domain(path+".need_domain", e.NeedDomain),
		}
		var okPM bool
		ef.PerMillion, okPM = l.param(path+".per_million", e.PerMillion, true, ruleAny)
		if okPM {
			l.effectRange(path+".per_million", ef.PerMillion)
		}
		ef.MaxEffect, _ = l.param(path+".max_effect", e.MaxEffect, true, ruleAbove0)
		ef.YearsToFull, _ = l.param(path+".years_to_full", e.YearsToFull, true, ruleAtLeast1)
		ef.OnsetYears, _ = l.param(path+".onset_years", e.OnsetYears, false, ruleLag)
		ef.Share, _ = l.param(path+".share", e.Share, false, ruleShare)
		ef.Deadweight, _ = l.param(path+".deadweight", e.Deadweight, false, ruleShare)
		ef.Displacement, _ = l.param(path+".displacement", e.Displace, false, ruleShare)
		if e.Evidence != nil {
			ef.Evidence = enum(l, path+".evidence", e.Evidence, EvidenceWeak, EvidenceGrades)
		}
		if e.Silo != nil && e.Outcome != nil {
			key := [2]string{ef.Silo, ef.Outcome}
			if j, dup := seen[key]; dup {
				l.add(path, "duplicate effect of silo %q on outcome %q (first at line %d); combine them into one", ef.Silo, ef.Outcome, l.line("effects["+strconv.Itoa(j)+"]"))
			} else {
				seen[key] = i
			}
		}
		p.Effects = append(p.Effects, ef)
	}
	// A silo's pounds buy its effects once: the shares given may not add
	// to more than the whole.
	shares := map[string]float64{}
	for _, ef := range p.Effects {
		shares[ef.Silo] += ef.Share.Value
	}
	for i, ef := range p.Effects {
		if shares[ef.Silo] > 1+1e-9 {
			l.add("effects["+strconv.Itoa(i)+"].share", "the shares of silo %q's effects add up to %s; they split its pounds, so at most 1", ef.Silo, fmtNum(shares[ef.Silo]))
			shares[ef.Silo] = 0 // said once
		}
	}
}

// effectRange refuses an effect whose evidence range reaches zero or the
// other side: at that end the silo's pounds would do nothing, so a cut
// from it would cost nothing, which no evidence for an effect says.
func (l *loader) effectRange(path string, pm Param) {
	if pm.Value == 0 {
		l.add(path, "is 0, an effect that does nothing; remove the effect, or give its size")
		return
	}
	for _, end := range []struct {
		key string
		v   float64
	}{{"low", pm.Low}, {"high", pm.High}} {
		where := "is 0"
		if end.v*pm.Value < 0 {
			where = fmt.Sprintf("is %s, the other side of 0 from the value %s", fmtNum(end.v), fmtNum(pm.Value))
		}
		if end.v*pm.Value <= 0 {
			l.add(path+"."+end.key, "%s: at that end these pounds would do nothing, so a cut would cost nothing; give it the value's sign (a small fraction of the value if the evidence does not rule out no effect, and say so in the assumption)", where)
		}
	}
}

func (l *loader) convertSpillovers(f *placeFile, p *Place) {
	for i, s := range f.Spillovers {
		path := "spillovers[" + strconv.Itoa(i) + "]"
		sp := Spillover{
			Outcome: l.ref(path+".outcome", s.Outcome, true, "outcome", l.outcomes, l.outIDs),
			Agency:  l.ref(path+".agency", s.Agency, true, "agency", l.agencies, l.agIDs),
			Silo:    l.ref(path+".silo", s.Silo, false, "silo", l.silos, l.siloIDs),
			Note:    l.str(path+".note", s.Note, false),
		}
		for _, si := range p.Silos {
			if sp.Silo != "" && si.ID == sp.Silo && sp.Agency != "" && si.Agency != sp.Agency {
				l.add(path+".silo", "silo %q belongs to agency %q, not %q; a spillover's silo must be one of its agency's", sp.Silo, si.Agency, sp.Agency)
			}
		}
		if rb, ok := l.outRate[sp.Outcome]; ok && s.Outcome != nil && rb == "none" {
			l.add(path+".outcome", "outcome %q is not a rate (its rate_base is none), so a change in it cannot be counted in cases; give the outcome a rate_base or remove this spillover", sp.Outcome)
		}
		sp.CostPerCase, _ = l.param(path+".cost_per_case", s.CostPerCase, true, ruleMoney)
		sp.LagYears, _ = l.param(path+".lag_years", s.LagYears, true, ruleLag)
		var okC bool
		sp.Cashable, okC = l.param(path+".cashable", s.Cashable, true, ruleShare)
		sp.CashableCost = sp.Cashable
		if s.CashableCost != nil {
			sp.CashableCost, _ = l.param(path+".cashable_cost", s.CashableCost, false, ruleShare)
		} else if okC {
			sp.CashableCost.Note = "as cashable: no separate share given for extra cost"
		}
		p.Spillovers = append(p.Spillovers, sp)
	}
}

func (l *loader) convertPools(f *placeFile, p *Place) {
	pools := map[string]string{}
	var ids []string
	for i, q := range f.Pools {
		path := "pools[" + strconv.Itoa(i) + "]"
		pl := Pool{
			ID:   l.unique(path+".id", q.ID, "pool", pools, &ids),
			Name: l.str(path+".name", q.Name, true),
		}
		switch {
		case q.Silos == nil:
			l.add(path+".silos", "missing; expected an array of at least 2 silo ids, such as [\"a\", \"b\"]")
		case len(q.Silos) < 2:
			l.add(path+".silos", "has %d silo; a pool needs at least 2", len(q.Silos))
		}
		inPool := map[string]bool{}
		for j, id := range q.Silos {
			sp := path + ".silos[" + strconv.Itoa(j) + "]"
			l.ref(sp, &id, true, "silo", l.silos, l.siloIDs)
			if inPool[id] {
				l.add(sp, "silo %q is listed twice", id)
			}
			inPool[id] = true
			pl.Silos = append(pl.Silos, id)
		}
		var okC, okA, okS bool
		pl.CohortSpend, okC = l.param(path+".cohort_spend", q.CohortSpend, true, ruleMoneyAbove0)
		pl.AdminCost, okA = l.param(path+".admin_cost", q.AdminCost, true, ruleMoney)
		pl.Saving, okS = l.param(path+".saving", q.Saving, true, ruleMoney)
		pl.YearsToFull, _ = l.param(path+".years_to_full", q.YearsToFull, true, ruleAtLeast1)
		// Without a figure the saving is all cash, as before cashability
		// was asked; the sample places give one.
		pl.Cashable = Param{Value: 1, Low: 1, High: 1, Assumption: "no cashable share given: all of the saving is taken to be cash"}
		if q.Cashable != nil {
			pl.Cashable, _ = l.param(path+".cashable", q.Cashable, false, ruleShare)
		}
		pl.SetUp, _ = l.param(path+".set_up", q.SetUp, false, ruleMoney)
		if q.SiloCohortSpend != nil {
			if len(q.SiloCohortSpend) != len(q.Silos) {
				l.add(path+".silo_cohort_spend", "has %d figures for %d silos; give one for each silo, in the same order", len(q.SiloCohortSpend), len(q.Silos))
			}
			for j := range q.SiloCohortSpend {
				v, _ := l.param(path+".silo_cohort_spend["+strconv.Itoa(j)+"]", &q.SiloCohortSpend[j], true, ruleMoney)
				pl.SiloCohortSpend = append(pl.SiloCohortSpend, v)
			}
		}
		if okC && okA {
			l.notAbove(path+".admin_cost", "admin cost", pl.AdminCost, pl.CohortSpend.Value)
		}
		if okC && okS {
			l.notAbove(path+".saving", "saving", pl.Saving, pl.CohortSpend.Value)
		}
		p.Pools = append(p.Pools, pl)
	}
}
